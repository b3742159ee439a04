import type { CsvReport } from '../contract/exports.js';
import { OPERATION_TYPE_LABELS, rtoVerdict, targetFor, vmDuration, type RtoVerdict } from '../contract/evidence.js';
import { FINDING_KIND_LABELS, type Finding } from '../contract/findings.js';
import type { DrOperation, Phase, VmRun } from '../contract/model.js';
import { textCell, type Cell } from './csvCells.js';
import type { CsvContext } from './csvContext.js';
import { formatterFor } from '../contract/timeFormat.js';
import {
  CRITICAL_PATH_COLUMNS,
  criticalPathRowCount,
  criticalPathRows,
  FORECAST_COLUMNS,
  forecastRowCount,
  forecastRows,
} from './pathCsv.js';
import { GROUP_COLUMNS, groupRowCount, groupRows } from './groupsCsv.js';

/** What every row of one file shares. */
export interface FileCells {
  /** An epoch as local time in the file's zone. */
  at(epoch: number | null): Cell;
  zone: string;
  scope: Cell;
}

/** A column of a report: its header beside how its cell is computed, so the two cannot drift apart. */
export interface CsvColumn<Row> {
  readonly name: string;
  readonly value: (row: Row, file: FileCells) => Cell;
}

interface OperationRow {
  op: DrOperation;
  group: Cell;
  verdict: RtoVerdict;
}

interface VmRunRow {
  op: DrOperation;
  group: Cell;
  vm: VmRun;
  vmName: Cell;
}

interface PhaseRow extends VmRunRow {
  phase: Phase;
}

/** What a CommServe that did not say who started a job is written as. */
export const NOT_REPORTED = 'not reported';

const TIME_ZONE: CsvColumn<unknown> = { name: 'time_zone', value: (_, file) => file.zone };
// Last in every row: a sheet cut out of the file still says which operations it was drawn from.
const SCOPE: CsvColumn<unknown> = { name: 'scope', value: (_, file) => file.scope };

const OPERATION_COLUMNS: readonly CsvColumn<OperationRow>[] = [
  { name: 'job_id', value: ({ op }) => op.jobId },
  { name: 'dr_group_id', value: ({ op }) => op.drGroupId },
  { name: 'dr_group', value: ({ group }) => group },
  { name: 'operation_type', value: ({ op }) => OPERATION_TYPE_LABELS[op.operationType] },
  { name: 'operation_type_source', value: ({ op }) => op.operationTypeSource },
  // Never an empty cell, which would read as "started by nobody".
  { name: 'initiated_by', value: ({ op }) => textCell(op.initiatedBy ?? NOT_REPORTED) },
  { name: 'vm_count', value: ({ op }) => op.vms.length },
  { name: 'vms_recovered', value: ({ verdict }) => verdict.recovered },
  { name: 'status', value: ({ op }) => op.status },
  { name: 'start_time', value: ({ op }, file) => file.at(op.start) },
  { name: 'end_time', value: ({ op }, file) => file.at(op.end) },
  TIME_ZONE,
  { name: 'start_epoch', value: ({ op }) => op.start },
  { name: 'end_epoch', value: ({ op }) => op.end },
  { name: 'duration_seconds', value: ({ op }) => op.duration },
  { name: 'rto_seconds', value: ({ op }) => op.rto },
  { name: 'rto_target_seconds', value: ({ verdict }) => verdict.target },
  { name: 'rto_result', value: ({ verdict }) => verdict.label },
  { name: 'failed_phases', value: ({ op }) => op.failedPhases },
  { name: 'running_phases', value: ({ op }) => op.runningPhases },
  SCOPE,
];

const VM_RUN_COLUMNS: readonly CsvColumn<VmRunRow>[] = [
  { name: 'job_id', value: ({ op }) => op.jobId },
  { name: 'dr_group_id', value: ({ op }) => op.drGroupId },
  { name: 'dr_group', value: ({ group }) => group },
  { name: 'replication_id', value: ({ vm }) => vm.replicationId },
  { name: 'client_id', value: ({ vm }) => vm.client.id },
  { name: 'vm', value: ({ vmName }) => vmName },
  { name: 'status', value: ({ vm }) => vm.status },
  { name: 'start_time', value: ({ vm }, file) => file.at(vm.start) },
  { name: 'end_time', value: ({ vm }, file) => file.at(vm.end) },
  TIME_ZONE,
  { name: 'start_epoch', value: ({ vm }) => vm.start },
  { name: 'end_epoch', value: ({ vm }) => vm.end },
  { name: 'duration_seconds', value: ({ vm }) => vmDuration(vm) },
  { name: 'phase_count', value: ({ vm }) => vm.phases.length },
  { name: 'failed_phases', value: ({ vm }) => vm.failedPhases },
  SCOPE,
];

const PHASE_COLUMNS: readonly CsvColumn<PhaseRow>[] = [
  { name: 'job_id', value: ({ op }) => op.jobId },
  { name: 'dr_group', value: ({ group }) => group },
  { name: 'replication_id', value: ({ vm }) => vm.replicationId },
  { name: 'vm', value: ({ vmName }) => vmName },
  { name: 'phase_code', value: ({ phase }) => phase.code },
  { name: 'phase', value: ({ phase }) => textCell(phase.name) },
  { name: 'status', value: ({ phase }) => phase.status },
  { name: 'raw_status', value: ({ phase }) => phase.rawStatus },
  { name: 'start_time', value: ({ phase }, file) => file.at(phase.start) },
  { name: 'end_time', value: ({ phase }, file) => file.at(phase.end) },
  TIME_ZONE,
  { name: 'start_epoch', value: ({ phase }) => phase.start },
  { name: 'end_epoch', value: ({ phase }) => phase.end },
  { name: 'duration_seconds', value: ({ phase }) => phase.duration },
  { name: 'machine', value: ({ phase }) => textCell(phase.machine) },
  { name: 'child_job_id', value: ({ phase }) => phase.childJobId },
  { name: 'error_message', value: ({ phase }) => textCell(phase.errorMessage) },
  SCOPE,
];

function groupCell(op: DrOperation, context: CsvContext): Cell {
  return textCell(op.drGroupId === null ? null : (context.groupNames[String(op.drGroupId)] ?? null));
}

function* operationRows(operations: readonly DrOperation[], context: CsvContext): Generator<OperationRow> {
  for (const op of operations)
    yield { op, group: groupCell(op, context), verdict: rtoVerdict(op, targetFor(op, context), context.asOf) };
}

function* vmRunRows(operations: readonly DrOperation[], context: CsvContext): Generator<VmRunRow> {
  for (const op of operations) {
    const group = groupCell(op, context);
    for (const vm of op.vms) yield { op, group, vm, vmName: textCell(vm.client.name) };
  }
}

function* phaseRows(operations: readonly DrOperation[], context: CsvContext): Generator<PhaseRow> {
  // Written out, not spread: one object of a fixed shape per phase keeps the column reads fast.
  for (const { op, group, vm, vmName } of vmRunRows(operations, context))
    for (const phase of vm.phases) yield { op, group, vm, vmName, phase };
}

/** A report with its row type erased: its headers, and its rows as cells in the same order. */
interface ReportDefinition {
  readonly columns: readonly string[];
  rows(operations: readonly DrOperation[], context: CsvContext): Generator<Cell[]>;
}

function defineReport<Row>(
  columns: readonly CsvColumn<Row>[],
  rowsOf: (operations: readonly DrOperation[], context: CsvContext) => Iterable<Row>,
): ReportDefinition {
  const values = columns.map((column) => column.value);
  return {
    columns: columns.map((column) => column.name),
    *rows(operations, context) {
      const time = formatterFor(context.timeZone);
      const file: FileCells = {
        at: (epoch) => (epoch === null ? null : time.format(epoch)),
        zone: context.timeZone,
        scope: textCell(context.scopeText),
      };
      const count = values.length;
      for (const row of rowsOf(operations, context)) {
        // A plain loop: this runs for every cell of a 100,000-phase report.
        const cells: Cell[] = new Array<Cell>(count);
        for (let i = 0; i < count; i++) cells[i] = values[i]!(row, file);
        yield cells;
      }
    },
  };
}

/** One row per finding: what was found, by which job, and how (and by which job) it was closed. */
const FINDING_COLUMNS: readonly CsvColumn<FindingRow>[] = [
  { name: 'finding_id', value: ({ f }) => f.id },
  { name: 'status', value: ({ f }) => f.status },
  { name: 'kind', value: ({ f }) => FINDING_KIND_LABELS[f.kind] },
  { name: 'title', value: ({ f }) => textCell(f.title) },
  { name: 'severity', value: ({ f }) => f.severity },
  { name: 'dr_group_id', value: ({ f }) => f.drGroupId },
  { name: 'dr_group', value: ({ group }) => group },
  { name: 'opened_by_job_id', value: ({ f }) => f.openedByJobId },
  { name: 'closed_by_job_id', value: ({ f }) => f.closedByJobId },
  { name: 'opened_at', value: ({ f }, file) => file.at(f.openedAt) },
  { name: 'closed_at', value: ({ f }, file) => file.at(f.closedAt) },
  TIME_ZONE,
  { name: 'closed_how', value: ({ f }) => f.closedHow },
  { name: 'accepted_by', value: ({ f }) => textCell(f.acceptedRisk?.reviewer) },
  { name: 'accepted_reason', value: ({ f }) => textCell(f.acceptedRisk?.reason) },
  { name: 'owner', value: ({ f }) => textCell(f.owner) },
  { name: 'due', value: ({ f }, file) => file.at(f.due) },
  { name: 'age_days', value: ({ f }) => f.ageDays },
  SCOPE,
];

interface FindingRow {
  f: Finding;
  group: Cell;
}

function* findingRows(_operations: readonly DrOperation[], context: CsvContext): Generator<FindingRow> {
  for (const f of context.findings ?? []) {
    yield { f, group: textCell(f.drGroupId === null ? null : (context.groupNames[String(f.drGroupId)] ?? null)) };
  }
}

const REPORTS: Record<CsvReport, ReportDefinition> = {
  findings: defineReport(FINDING_COLUMNS, findingRows),
  operations: defineReport(OPERATION_COLUMNS, operationRows),
  'vm-runs': defineReport(VM_RUN_COLUMNS, vmRunRows),
  phases: defineReport(PHASE_COLUMNS, phaseRows),
  'critical-path': defineReport(CRITICAL_PATH_COLUMNS, criticalPathRows),
  forecast: defineReport(FORECAST_COLUMNS, forecastRows),
  groups: defineReport(GROUP_COLUMNS, groupRows),
};

export function reportColumns(report: CsvReport): readonly string[] {
  return REPORTS[report].columns;
}

/** The rows of a report, one array of cells per line, in column order. */
export function reportRows(
  report: CsvReport,
  operations: readonly DrOperation[],
  context: CsvContext,
): Generator<Cell[]> {
  return REPORTS[report].rows(operations, context);
}

/** How many rows a report of `operations` has, to tell progress against while it is written. */
export function reportRowCount(
  report: CsvReport,
  operations: readonly DrOperation[],
  context?: Pick<CsvContext, 'findings'>,
): number {
  if (report === 'findings') return context?.findings?.length ?? 0;
  if (report === 'operations') return operations.length;
  if (report === 'critical-path') return criticalPathRowCount(operations);
  if (report === 'forecast') return forecastRowCount(operations);
  if (report === 'groups') return groupRowCount(operations);
  let rows = 0;
  for (const op of operations) for (const vm of op.vms) rows += report === 'vm-runs' ? 1 : vm.phases.length;
  return rows;
}
