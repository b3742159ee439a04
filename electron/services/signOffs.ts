import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { HandlerSlice } from '../contract/api.js';
import {
  AttestationSchema,
  currentSignOffs,
  type Attestation,
  type AttestationDraft,
  type JobSignOff,
} from '../contract/attestations.js';
import { AppFailure, appError } from '../contract/errors.js';
import type { DataSource } from '../contract/exports.js';
import { AppendLog, serverFileKey } from '../storage/appendLog.js';
import type { AuditService } from './audit.js';
import type { RunService } from './runs.js';

/**
 * Sign-offs of recovery operations, kept append-only in the data folder per CommServe (`sign-offs/<key>.jsonl`). A
 * saved run carries those of its operations as they stood when it was saved; a finalized run is frozen, and what is
 * signed later is an addendum in the data folder.
 */
export class SignOffService {
  private readonly logs = new Map<string, AppendLog<typeof AttestationSchema>>();

  constructor(private readonly deps: { dataDir: string; runs: RunService; audit: AuditService }) {}

  handlers(): HandlerSlice<'signoffs:list' | 'signoffs:add'> {
    return {
      'signoffs:list': async ({ source }) => ({ signOffs: [...(await this.forSource(source)).values()] }),
      'signoffs:add': ({ source, draft }) => this.add(source, draft),
    };
  }

  /** The data folder's entries for one CommServe. */
  async entries(webService: string): Promise<Attestation[]> {
    const { entries, damaged } = await this.log(webService).read();
    if (damaged[0]) {
      throw new AppFailure(
        appError(
          'storage',
          `The sign-offs of ${webService} are damaged at line ${damaged[0].line} (${damaged[0].why}); the file is kept as it is.`,
        ),
      );
    }
    return entries;
  }

  /**
   * The sign-offs of the operations of `source`: a run's own, and the data folder's for its CommServe (a finalized
   * run's are only its own plus those recorded after it was finalized, its addenda).
   */
  async forSource(source: DataSource): Promise<Map<number, JobSignOff>> {
    const { content } = await this.deps.runs.resolve(source);
    const jobs = new Set(content.operations.map((op) => op.jobId));
    const own = (content as { signOffs?: Attestation[] }).signOffs ?? [];
    const folder = source.kind === 'run-file' ? [] : await this.entries(content.server.webService);
    const byId = new Map([...own, ...folder].map((e) => [e.id, e]));
    return currentSignOffs([...byId.values()].filter((e) => jobs.has(e.jobId)));
  }

  async add(source: DataSource, draft: AttestationDraft & { verdict: Attestation['verdict'] }): Promise<JobSignOff> {
    const { content } = await this.deps.runs.resolve(source);
    const op = content.operations.find((o) => o.jobId === draft.jobId);
    if (!op) throw new AppFailure(appError('not-found', `Job ${draft.jobId} is not in that data.`));
    const webService = content.server.webService;
    const entry = await this.log(webService).append(({ entries }) => {
      if (draft.replaces !== null && draft.replaces !== undefined) {
        const replaced = entries.find((e) => e.id === draft.replaces);
        if (!replaced || replaced.jobId !== draft.jobId)
          throw new AppFailure(appError('invalid-input', 'The sign-off this amends is not one of this job.'));
      }
      return {
        id: randomUUID(),
        jobId: draft.jobId,
        verdict: draft.verdict,
        deviations: draft.deviations ?? [],
        notes: draft.notes ?? '',
        tester: draft.tester,
        reviewer: draft.reviewer ?? null,
        replaces: draft.replaces ?? null,
        recordedAt: this.deps.audit.now(),
        recordedBy: this.deps.audit.user(),
      };
    });
    await this.deps.audit.record(
      'sign-off',
      `job ${entry.jobId} on ${webService}`,
      `${entry.verdict}${entry.reviewer ? `, reviewed by ${entry.reviewer}` : ''} (tester ${entry.tester})`,
    );
    return (await this.forSource(source)).get(draft.jobId)!;
  }

  private log(webService: string): AppendLog<typeof AttestationSchema> {
    let log = this.logs.get(webService);
    if (!log) {
      log = new AppendLog(
        join(this.deps.dataDir, 'sign-offs', `${serverFileKey(webService)}.jsonl`),
        AttestationSchema,
      );
      this.logs.set(webService, log);
    }
    return log;
  }

  async idle(): Promise<void> {
    await Promise.all([...this.logs.values()].map((log) => log.idle()));
  }
}
