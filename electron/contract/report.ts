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
import type { DrOperation } from './model.js';
import { groupLabel } from './scope.js';

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
    timelines: rows.filter((r) => r.verdict.breach),
  };
}
