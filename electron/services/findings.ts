import { join } from 'node:path';
import type { HandlerSlice } from '../contract/api.js';
import { AppFailure, appError } from '../contract/errors.js';
import type { DataSource } from '../contract/exports.js';
import {
  deriveFindings,
  FindingNoteSchema,
  type Finding,
  type FindingNote,
  type FindingUpdate,
} from '../contract/findings.js';
import { savedScopeOf } from '../contract/run.js';
import { applyScope, type Scope } from '../contract/scope.js';
import { AppendLog, serverFileKey } from '../storage/appendLog.js';
import type { AuditService } from './audit.js';
import type { RunService } from './runs.js';
import type { SignOffService } from './signOffs.js';

/**
 * Findings of the data shown: derived from its operations and sign-offs (contract/findings.ts), with what people
 * recorded about them (severity, owner, due date, notes, an accepted risk) kept append-only per CommServe in the
 * data folder (`findings/<key>.jsonl`).
 */
export class FindingService {
  private readonly logs = new Map<string, AppendLog<typeof FindingNoteSchema>>();

  constructor(
    private readonly deps: { dataDir: string; runs: RunService; signOffs: SignOffService; audit: AuditService },
  ) {}

  handlers(): HandlerSlice<'findings:list' | 'findings:update'> {
    return {
      'findings:list': async ({ source, scope }) => ({ findings: await this.list(source, scope) }),
      'findings:update': ({ source, update }) => this.update(source, update),
    };
  }

  /** The findings opened by the operations of `source` in `scope` (absent: as the data was saved). */
  async list(source: DataSource, scope?: Scope): Promise<Finding[]> {
    const { content } = await this.deps.runs.resolve(source);
    const signOffs = [...(await this.deps.signOffs.forSource(source)).values()].flatMap((s) => s.history);
    return deriveFindings({
      operations: applyScope(content.operations, scope ?? savedScopeOf(content), {
        groupNames: content.groupNames,
        asOf: content.fetchedAt,
        targets: content,
      }),
      history: content.operations,
      targets: content,
      asOf: Math.max(content.fetchedAt, this.deps.audit.now()),
      signOffs,
      notes: await this.notes(content.server.webService),
    });
  }

  async update(source: DataSource, update: FindingUpdate): Promise<Finding> {
    const { content } = await this.deps.runs.resolve(source);
    const known = (await this.list(source, { ...savedScopeOf(content), range: 'all', from: null, to: null })).find(
      (f) => f.id === update.findingId,
    );
    if (!known) throw new AppFailure(appError('not-found', `Finding ${update.findingId} is not in that data.`));
    const webService = content.server.webService;
    await this.log(webService).append(() => ({
      ...update,
      recordedAt: this.deps.audit.now(),
      recordedBy: this.deps.audit.user(),
    }));
    const what = update.acceptedRisk
      ? `risk accepted by ${update.acceptedRisk.reviewer}: ${update.acceptedRisk.reason}`
      : Object.keys(update)
          .filter((k) => k !== 'findingId')
          .join(', ');
    await this.deps.audit.record('finding', `${update.findingId} on ${webService}`, what);
    return (await this.list(source, { ...savedScopeOf(content), range: 'all', from: null, to: null })).find(
      (f) => f.id === update.findingId,
    )!;
  }

  async notes(webService: string): Promise<FindingNote[]> {
    const { entries, damaged } = await this.log(webService).read();
    if (damaged[0]) {
      throw new AppFailure(
        appError(
          'storage',
          `The finding notes of ${webService} are damaged at line ${damaged[0].line} (${damaged[0].why}); the file is kept as it is.`,
        ),
      );
    }
    return entries;
  }

  private log(webService: string): AppendLog<typeof FindingNoteSchema> {
    let log = this.logs.get(webService);
    if (!log) {
      log = new AppendLog(join(this.deps.dataDir, 'findings', `${serverFileKey(webService)}.jsonl`), FindingNoteSchema);
      this.logs.set(webService, log);
    }
    return log;
  }

  async idle(): Promise<void> {
    await Promise.all([...this.logs.values()].map((log) => log.idle()));
  }
}
