import {
  computeKpis,
  groupCompliance,
  rtoVerdict,
  targetFor,
  testIntervalFor,
  type GroupCompliance,
  type Kpis,
  type RtoTargets,
  type RtoVerdict,
  type TestIntervals,
} from './evidence.js';
import { z } from 'zod';
import { JobSignOffSchema } from './attestations.js';
import { FindingSchema } from './findings.js';
import { RecordedTimeSchema, type DrOperation } from './model.js';
import { groupLabel } from './scope.js';

/**
 * Who and what the report puts on record beside the figures (issue: evidence an auditor signs): the evidence SHA-256
 * of what it shows (docs/evidence.md says what it covers), who prepared it, the run's note, the sign-offs and findings
 * of the operations in scope, and the pack when the run was finalized. Made in main, where the data and the
 * data folder are.
 */
export const ReportRecordSchema = z.object({
  evidenceSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The account on this computer that prepared (printed or wrote) the report. */
  preparedBy: z.string(),
  /** The saved run's note; null for live data or a run without one. */
  note: z.string().nullable(),
  signOffs: z.array(JobSignOffSchema),
  findings: z.array(FindingSchema),
  pack: z
    .object({
      finalizedAt: RecordedTimeSchema,
      finalizedBy: z.string(),
      retainUntil: RecordedTimeSchema,
      packSha256: z.string(),
      signed: z.boolean(),
      /** Whether sign-offs were added after it was finalized (addenda: not covered by its pack hash). */
      addenda: z.number().int().nonnegative(),
    })
    .nullable(),
});
export type ReportRecord = z.infer<typeof ReportRecordSchema>;

/**
 * What the DR test evidence report states, whoever prints it: the app's report screen (desktop PDF or the browser's
 * print) and the headless export's HTML file render the same model with the same component, so a figure, a verdict or
 * a hash on paper is computed once.
 */
export interface EvidenceReportInput {
  /** The operations in the report's scope, in fetch order. */
  operations: readonly DrOperation[];
  /** Where each DR group's last (successful) test is looked for (see `groupCompliance`). */
  history: readonly DrOperation[];
  scopeText: string;
  groupNames: Readonly<Record<string, string>>;
  targets: RtoTargets;
  intervals: TestIntervals | null;
  /** The moment running operations are judged at: the data's fetch time. */
  asOf: number;
  generatedAt: number;
  server: { name: string; address: string };
  /** The saved run the data comes from, if any. */
  savedRun: { name: string; savedScopeText: string } | null;
  /** Why the data is no longer the CommServe's current answer, or null. */
  stale: string | null;
  app: { name: string; version: string };
  dataSha256: string;
  /** Who and what is on record; null until main has answered (the screen shows the figures meanwhile). */
  record: ReportRecord | null;
}

export interface ReportRow {
  op: DrOperation;
  target: number | null;
  verdict: RtoVerdict;
  failures: { vm: string; phase: string; message: string | null }[];
}

export interface EvidenceReportModel extends EvidenceReportInput {
  kpis: Kpis;
  groups: GroupCompliance[];
  /** Every operation in scope, oldest first. */
  rows: ReportRow[];
  /** The operations that get a timeline: failed or over target. */
  timelines: ReportRow[];
}

/** What the report's document component takes (components/report/ReportDocument.svelte), on screen and on the server. */
export interface ReportDocumentProps {
  model: EvidenceReportModel;
  utc: boolean;
  paper: 'A4' | 'Letter';
}

export function evidenceReport(input: EvidenceReportInput): EvidenceReportModel {
  const { operations, targets, asOf, groupNames } = input;
  const groups = groupCompliance(
    operations,
    targets,
    asOf,
    (groupId) => testIntervalFor(groupId, input.intervals),
    input.history,
  ).sort((a, b) => groupLabel(a.groupId, groupNames).localeCompare(groupLabel(b.groupId, groupNames)));
  const rows = [...operations]
    .sort((a, b) => (a.start ?? 0) - (b.start ?? 0))
    .map((op) => {
      const target = targetFor(op, targets);
      return {
        op,
        target,
        verdict: rtoVerdict(op, target, asOf),
        failures: op.vms.flatMap((vm) =>
          vm.phases
            .filter((p) => p.status === 'failed')
            .map((p) => ({ vm: vm.client.name, phase: p.name, message: p.errorMessage })),
        ),
      };
    });
  return {
    ...input,
    kpis: computeKpis(operations, targets, asOf),
    groups,
    rows,
    // Every failed operation of any type (a failed undo or failback too) and every one over its target.
    timelines: rows.filter((r) => r.verdict.breach || r.op.status === 'failed'),
  };
}

/**
 * What every printed page carries at its top, so a loose page can be tied to its CommServe, scope and evidence:
 * shown in the page margin (`--report-running`, see app.css).
 */
export function runningHeader(
  model: Pick<EvidenceReportModel, 'server' | 'scopeText' | 'record' | 'dataSha256'>,
): string {
  const hash = model.record ? `evidence SHA-256 ${model.record.evidenceSha256}` : `answer SHA-256 ${model.dataSha256}`;
  return `${model.server.name} · ${model.scopeText} · ${hash}`;
}

/** A text as a CSS string value (for a custom property read by `content:`). */
export function cssString(text: string): string {
  return `"${text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/[\r\n]+/g, ' ')
    .replace(/</g, '\\3C ')}"`;
}
