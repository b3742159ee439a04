import { stringify } from 'csv-stringify/sync';
import type { Comparison, ComparisonRow } from '../contract/compare.js';
import { csvStringifyOptions, type CsvWriteOptions } from './csv.js';
import { neutralise, type Cell } from './csvCells.js';

/** A column of the comparison: its header beside how its cell is computed from a row and the whole comparison. */
interface ComparisonColumn {
  readonly name: string;
  readonly value: (row: ComparisonRow, comparison: Comparison) => Cell;
}

// Unlike the reports' text, an empty text here stays an empty quoted cell, as this file has always been written.
function textCell(value: string | null): Cell {
  return value === null ? null : neutralise(value);
}

/** A side's recovery RTO, or the verdict's words when it has none ("not recovered (6 of 7 VMs)"). */
function rtoResult(label: string | null, rto: number | null): Cell {
  return textCell(label ?? (rto === null ? null : 'recovered'));
}

const COLUMNS: readonly ComparisonColumn[] = [
  { name: 'level', value: (r) => r.level },
  { name: 'vm', value: (r) => textCell(r.vm) },
  { name: 'phase', value: (r) => textCell(r.phase) },
  { name: 'left_seconds', value: (r) => r.left },
  { name: 'right_seconds', value: (r) => r.right },
  { name: 'delta_seconds', value: (r) => r.delta },
  { name: 'delta_percent', value: (r) => r.deltaPercent },
  { name: 'presence', value: (r) => r.presence },
  { name: 'regression', value: (r) => (r.regression ? 'yes' : 'no') },
  { name: 'regression_reason', value: (r) => r.reason },
  // What is compared with what, on every row (as the reports state their scope), and the warning when the two
  // were saved with different scopes.
  { name: 'left', value: (_, c) => textCell(c.leftLabel) },
  { name: 'right', value: (_, c) => textCell(c.rightLabel) },
  { name: 'left_rto_seconds', value: (_, c) => c.leftRto },
  { name: 'right_rto_seconds', value: (_, c) => c.rightRto },
  { name: 'left_rto_result', value: (_, c) => rtoResult(c.leftRtoLabel, c.leftRto) },
  { name: 'right_rto_result', value: (_, c) => rtoResult(c.rightRtoLabel, c.rightRto) },
  { name: 'scope_warning', value: (_, c) => textCell(c.scopeWarning) },
  // Added after the columns scripts already read, in this order. The direction: what got better from left to right.
  { name: 'improvement', value: (r) => r.improvement },
  // Failure rates, so runs of different sizes compare: failures of how many occurrences, as a percentage.
  { name: 'left_failures', value: (r) => r.leftFailures },
  { name: 'left_runs', value: (r) => r.leftRuns },
  { name: 'left_failure_percent', value: (r) => failurePercent(r.leftFailures, r.leftRuns) },
  { name: 'right_failures', value: (r) => r.rightFailures },
  { name: 'right_runs', value: (r) => r.rightRuns },
  { name: 'right_failure_percent', value: (r) => failurePercent(r.rightFailures, r.rightRuns) },
  { name: 'left_not_recovered', value: (_, c) => c.leftNotRecovered },
  { name: 'left_recoveries', value: (_, c) => c.leftRecoveries },
  { name: 'right_not_recovered', value: (_, c) => c.rightNotRecovered },
  { name: 'right_recoveries', value: (_, c) => c.rightRecoveries },
  // Recovery operations still running past their target at each side's fetch.
  { name: 'left_live_breaches', value: (_, c) => c.leftLiveBreaches },
  { name: 'right_live_breaches', value: (_, c) => c.rightLiveBreaches },
];

/** Failures as a percentage of occurrences (one decimal), or an empty cell when there were none. */
function failurePercent(failures: number, runs: number): Cell {
  return runs > 0 ? Math.round((failures / runs) * 1000) / 10 : null;
}

/** A comparison as one CSV string: one line per phase or VM compared. */
export function comparisonCsv(comparison: Comparison, options: CsvWriteOptions): string {
  return stringify(
    comparison.rows.map((row) => COLUMNS.map((column) => column.value(row, comparison))),
    csvStringifyOptions(
      options,
      COLUMNS.map((column) => column.name),
    ),
  );
}
