import {
  criticalPath,
  forecastTable,
  OPERATION_TYPE_LABELS,
  recoveryHistories,
  type ForecastRow,
  type PathSegment,
} from '../contract/evidence.js';
import type { DrOperation } from '../contract/model.js';
import { textCell, type Cell } from './csvCells.js';
import type { CsvColumn } from './csvColumns.js';
import type { CsvContext } from './csvContext.js';

/** The critical-path and forecast CSV reports (docs/evidence.md "Critical path", "RTO forecast"). */

interface SegmentRow {
  op: DrOperation;
  group: Cell;
  index: number;
  segment: PathSegment;
}

interface ForecastCsvRow {
  group: Cell;
  row: ForecastRow;
}

const ratio = (value: number | null): Cell => (value === null ? null : Math.round(value * 10_000) / 10_000);

export const CRITICAL_PATH_COLUMNS: readonly CsvColumn<SegmentRow>[] = [
  { name: 'job_id', value: ({ op }) => op.jobId },
  { name: 'dr_group', value: ({ group }) => group },
  { name: 'segment', value: ({ index }) => index + 1 },
  { name: 'vm', value: ({ segment }) => textCell(segment.vm) },
  { name: 'phase_or_wait', value: ({ segment }) => textCell(segment.label) },
  { name: 'start', value: ({ segment }, file) => file.at(segment.start) },
  { name: 'end', value: ({ segment }, file) => file.at(segment.end) },
  { name: 'time_zone', value: (_, file) => file.zone },
  { name: 'seconds', value: ({ segment }) => segment.seconds },
  { name: 'share', value: ({ segment }) => ratio(segment.share) },
  { name: 'scope', value: (_, file) => file.scope },
];

export const FORECAST_COLUMNS: readonly CsvColumn<ForecastCsvRow>[] = [
  { name: 'dr_group', value: ({ group }) => group },
  { name: 'operation_type', value: ({ row }) => OPERATION_TYPE_LABELS[row.operationType] },
  { name: 'runs', value: ({ row }) => row.runs },
  { name: 'p50_seconds', value: ({ row }) => row.forecast?.p50 ?? null },
  { name: 'p90_seconds', value: ({ row }) => row.forecast?.p90 ?? null },
  { name: 'target_seconds', value: ({ row }) => row.target },
  { name: 'backtest_runs', value: ({ row }) => row.backtest.runs },
  { name: 'backtest_p90_coverage', value: ({ row }) => ratio(row.backtest.p90Coverage) },
  { name: 'backtest_p50_error', value: ({ row }) => ratio(row.backtest.p50Error) },
  { name: 'scope', value: (_, file) => file.scope },
];

function groupName(groupId: number | null, context: CsvContext): Cell {
  return textCell(groupId === null ? null : (context.groupNames[String(groupId)] ?? null));
}

/** One row per segment of every operation that has a critical path (an RTO); none for the others. */
export function* criticalPathRows(operations: readonly DrOperation[], context: CsvContext): Generator<SegmentRow> {
  for (const op of operations) {
    const path = criticalPath(op);
    if (path.kind !== 'path') continue;
    const group = groupName(op.drGroupId, context);
    for (let index = 0; index < path.segments.length; index++)
      yield { op, group, index, segment: path.segments[index]! };
  }
}

/** One row per DR group and recovery type: its forecast (empty from fewer than 5 runs) and back-test. */
export function* forecastRows(operations: readonly DrOperation[], context: CsvContext): Generator<ForecastCsvRow> {
  for (const row of forecastTable(operations, context)) yield { group: groupName(row.groupId, context), row };
}

export function criticalPathRowCount(operations: readonly DrOperation[]): number {
  let rows = 0;
  for (const op of operations) {
    const path = criticalPath(op);
    if (path.kind === 'path') rows += path.segments.length;
  }
  return rows;
}

export function forecastRowCount(operations: readonly DrOperation[]): number {
  return recoveryHistories(operations).size;
}
