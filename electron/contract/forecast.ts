import type { DrOperation, OperationType } from './model.js';
import { formatSeconds, median, targetFor, type RtoTargets } from './evidence.js';

/**
 * The RTO forecast of a DR group's next recovery of a type (docs/evidence.md "RTO forecast"): P50 and P90 from that
 * group's own past recoveries of that type only, weighting recent runs more, and the back-test that says how good it
 * is. Pure: the same operations give the same forecast on the screen, in a CSV and in the report.
 */

/** The recovery types a forecast is made for. */
export const FORECAST_TYPES: readonly OperationType[] = [
  'test-boot',
  'planned-failover',
  'unplanned-failover',
  'point-in-time-failover',
];

/** No forecast from fewer past recoveries than this. */
export const MIN_FORECAST_RUNS = 5;
/** A run this many runs back weighs half as much as the newest. */
export const FORECAST_HALF_LIFE_RUNS = 6;
/** Runs further back than this weigh too little to matter (under 1 % at this half-life): left out, for speed. */
const WINDOW = 48;

export interface Forecast {
  runs: number;
  p50: number;
  p90: number;
}

/**
 * The forecast from past RTOs, oldest first: weighted quantiles of them, each weighing half as much per
 * `FORECAST_HALF_LIFE_RUNS` runs back. The P90's level is raised by the sample's effective size (a run's chance to
 * land above the highest of n is about 1/(n+1)), so a short history does not make an over-confident band.
 */
export function forecastRto(history: readonly number[]): Forecast | null {
  if (history.length < MIN_FORECAST_RUNS) return null;
  const from = Math.max(0, history.length - WINDOW);
  const n = history.length - from;
  const items: { value: number; weight: number }[] = new Array(n);
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const weight = Math.pow(0.5, (n - 1 - i) / FORECAST_HALF_LIFE_RUNS);
    items[i] = { value: history[from + i]!, weight };
    sum += weight;
    sumSq += weight * weight;
  }
  items.sort((a, b) => a.value - b.value);
  const effective = (sum * sum) / sumSq;
  return {
    runs: history.length,
    p50: weightedQuantile(items, sum, 0.5),
    p90: weightedQuantile(items, sum, Math.min(1, 0.9 * (1 + 1 / effective))),
  };
}

function weightedQuantile(sorted: readonly { value: number; weight: number }[], total: number, q: number): number {
  const goal = q * total;
  let cumulative = 0;
  for (const item of sorted) {
    cumulative += item.weight;
    if (cumulative >= goal - 1e-9) return item.value;
  }
  return sorted[sorted.length - 1]!.value;
}

export interface Backtest {
  /** Past recoveries forecast from strictly earlier ones (those with at least MIN_FORECAST_RUNS before them). */
  runs: number;
  /** Share of their actual RTOs at or under the forecast's P90; null with no runs. */
  p90Coverage: number | null;
  /** Median of |P50 − actual| ÷ actual; null with no runs. */
  p50Error: number | null;
  /** The hits and errors behind the figures, so several back-tests can be pooled. */
  hits: number;
  errors: number[];
}

/** Forecasts each recovery of `rtos` (oldest first) from the ones strictly before it, and scores them. */
export function backtest(rtos: readonly number[]): Backtest {
  let hits = 0;
  const errors: number[] = [];
  for (let i = MIN_FORECAST_RUNS; i < rtos.length; i++) {
    // Only the window the forecast reads: the same forecast, without copying the whole history each time.
    const forecast = forecastRto(rtos.slice(Math.max(0, i - WINDOW), i));
    if (!forecast) continue;
    const actual = rtos[i]!;
    if (actual <= forecast.p90) hits++;
    errors.push(actual > 0 ? Math.abs(forecast.p50 - actual) / actual : forecast.p50 === 0 ? 0 : 1);
  }
  return scored(hits, errors);
}

function scored(hits: number, errors: number[]): Backtest {
  return {
    runs: errors.length,
    p90Coverage: errors.length ? hits / errors.length : null,
    p50Error: median(errors),
    hits,
    errors,
  };
}

/** Several back-tests as one (every group's, overall). */
export function pooledBacktest(tests: readonly Backtest[]): Backtest {
  let hits = 0;
  const errors: number[] = [];
  for (const test of tests) {
    hits += test.hits;
    for (const e of test.errors) errors.push(e);
  }
  return scored(hits, errors);
}

export interface ForecastRow {
  groupId: number | null;
  operationType: OperationType;
  /** Past recoveries of this group and type with an RTO. */
  runs: number;
  /** Null from fewer than MIN_FORECAST_RUNS runs. */
  forecast: Forecast | null;
  target: number | null;
  backtest: Backtest;
}

/** Each group's recoveries of each forecast type that have an RTO, oldest first. */
export function recoveryHistories(
  operations: readonly DrOperation[],
): Map<string, { groupId: number | null; operationType: OperationType; ops: DrOperation[] }> {
  const out = new Map<string, { groupId: number | null; operationType: OperationType; ops: DrOperation[] }>();
  for (const op of operations) {
    if (op.rto === null || op.start === null || !FORECAST_TYPES.includes(op.operationType)) continue;
    const key = `${op.drGroupId ?? ''}\u0000${op.operationType}`;
    const entry = out.get(key);
    if (entry) entry.ops.push(op);
    else out.set(key, { groupId: op.drGroupId, operationType: op.operationType, ops: [op] });
  }
  for (const entry of out.values()) entry.ops.sort((a, b) => a.start! - b.start! || a.jobId - b.jobId);
  return out;
}

/** A forecast and its back-test for every DR group and recovery type in `operations`. */
export function forecastTable(operations: readonly DrOperation[], targets: RtoTargets): ForecastRow[] {
  const rows: ForecastRow[] = [];
  for (const { groupId, operationType, ops } of recoveryHistories(operations).values()) {
    const rtos = ops.map((op) => op.rto!);
    rows.push({
      groupId,
      operationType,
      runs: rtos.length,
      forecast: forecastRto(rtos),
      target: targetFor({ drGroupId: groupId }, targets),
      backtest: backtest(rtos),
    });
  }
  return rows.sort(
    (a, b) =>
      (a.groupId ?? -1) - (b.groupId ?? -1) ||
      FORECAST_TYPES.indexOf(a.operationType) - FORECAST_TYPES.indexOf(b.operationType),
  );
}

export interface ForecastBand {
  kind: 'at-risk' | 'on-track' | 'no-target';
  /** "P90 2h 10m > target 2h 00m: at risk". */
  words: string;
}

/** A forecast beside its target: at risk when its P90 is over the target. */
export function forecastBand(forecast: Forecast, target: number | null): ForecastBand {
  const p90 = `P90 ${formatSeconds(forecast.p90)}`;
  if (target === null) return { kind: 'no-target', words: `${p90}, no target` };
  return forecast.p90 > target
    ? { kind: 'at-risk', words: `${p90} > target ${formatSeconds(target)}: at risk` }
    : { kind: 'on-track', words: `${p90} ≤ target ${formatSeconds(target)}: on track` };
}

/**
 * The same back-test for a forecast that ignores the group's history: each recovery forecast from the earlier
 * recoveries of its type in every group. What the group's own history is worth is the difference (bench, docs).
 */
export function backtestIgnoringGroups(operations: readonly DrOperation[]): Backtest {
  const byType = new Map<OperationType, DrOperation[]>();
  for (const { operationType, ops } of recoveryHistories(operations).values()) {
    const list = byType.get(operationType) ?? [];
    list.push(...ops);
    byType.set(operationType, list);
  }
  const tests: Backtest[] = [];
  for (const ops of byType.values()) {
    ops.sort((a, b) => a.start! - b.start! || a.jobId - b.jobId);
    tests.push(backtest(ops.map((op) => op.rto!)));
  }
  return pooledBacktest(tests);
}
