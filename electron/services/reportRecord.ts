import type { HandlerSlice } from '../contract/api.js';
import type { DataSource } from '../contract/exports.js';
import type { ReportRecord } from '../contract/report.js';
import { savedScopeOf, type Run } from '../contract/run.js';
import { applyScope, type Scope } from '../contract/scope.js';
import { evidenceContent, evidenceSha256 } from '../storage/evidenceHash.js';
import type { AuditService } from './audit.js';
import type { FindingService } from './findings.js';
import type { RunService } from './runs.js';
import type { SignOffService } from './signOffs.js';

/**
 * What the evidence report states beside its figures: the hash of what it shows, who prepared it, the run's note,
 * the sign-offs and findings of the operations in scope, and the pack. The report screen and the report file both
 * ask here, so paper and screen name the same hash.
 */
export class ReportRecordService {
  constructor(
    private readonly deps: {
      runs: RunService;
      signOffs: SignOffService;
      findings: FindingService;
      audit: AuditService;
    },
  ) {}

  handlers(): HandlerSlice<'report:record'> {
    return { 'report:record': ({ source, scope }) => this.record(source, scope) };
  }

  async record(source: DataSource, requested?: Scope): Promise<ReportRecord> {
    const { content } = await this.deps.runs.resolve(source);
    const scope = requested ?? savedScopeOf(content);
    const inScope = new Set(
      applyScope(content.operations, scope, {
        groupNames: content.groupNames,
        asOf: content.fetchedAt,
        targets: { rtoTargetSeconds: content.rtoTargetSeconds, rtoTargetsByGroup: content.rtoTargetsByGroup },
      }).map((op) => op.jobId),
    );
    const signOffs = [...(await this.deps.signOffs.forSource(source)).values()]
      .filter((s) => inScope.has(s.jobId))
      .sort((a, b) => a.jobId - b.jobId);
    const entries = signOffs.flatMap((s) => s.history);
    const run = source.kind === 'live' ? null : (content as Run);
    const frozen = new Set((run?.signOffs ?? []).map((e) => e.id));
    return {
      evidenceSha256: evidenceSha256(evidenceContent(content, scope, entries)),
      preparedBy: this.deps.audit.user(),
      note: run?.note ? run.note : null,
      signOffs,
      findings: await this.deps.findings.list(source, scope),
      pack: run?.pack
        ? {
            finalizedAt: run.pack.finalizedAt,
            finalizedBy: run.pack.finalizedBy,
            retainUntil: run.pack.retainUntil,
            packSha256: run.pack.packSha256,
            signed: run.pack.signature !== null,
            addenda: entries.filter((e) => !frozen.has(e.id)).length,
          }
        : null,
    };
  }
}
