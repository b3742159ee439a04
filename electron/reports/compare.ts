import type {
  Comparison,
  ComparisonRow,
  ComparisonSide,
  ComparisonThreshold,
  RegressionReason,
} from '../contract/compare.js';
import { median, rtoVerdict, vmDuration, isRecoveryType } from '../contract/evidence.js';
import type { DrOperation, PhaseStatus } from '../contract/model.js';
import { ScopeSchema, sameScope, type Scope } from '../contract/scope.js';

/**
 * Comparisons of two DR operations, or of two runs. A failure is never an improvement: a phase that failed, or that
 * a failed VM never reached, is a regression whatever the clock says (a job that failed after 6 minutes is not
 * "95% faster" than one that recovered in 18). Only two successful sides have a duration change.
 */

interface Side {
  /** Undefined: the side has no such phase or VM. */
  value: number | null | undefined;
  status: ComparisonSide;
  failures: number;
  /** How many occurrences the side has (runs: every operation's; operations: 1), for failure rates. */
  count: number;
}

const MISSING: Side = { value: undefined, status: 'absent', failures: 0, count: 0 };

function row(
  level: ComparisonRow['level'],
  vm: string | null,
  phase: string | null,
  left: Side,
  right: Side,
  threshold: ComparisonThreshold,
): ComparisonRow {
  const presence = left.value === undefined ? 'right-only' : right.value === undefined ? 'left-only' : 'both';
  const l = left.value ?? null;
  const r = right.value ?? null;
  const comparable = left.status === 'succeeded' && right.status === 'succeeded';
  const delta = comparable && l !== null && r !== null ? r - l : null;
  const deltaPercent = delta !== null && l !== null && l > 0 ? Math.round((delta / l) * 1000) / 10 : null;
  const slower =
    delta !== null && delta > threshold.seconds && (deltaPercent === null || deltaPercent > threshold.percent);
  const moreFailures = left.count > 0 && right.count > 0 && right.failures / right.count > left.failures / left.count;
  const statuses = [left.status, right.status];
  const reason: RegressionReason | null = statuses.includes('failed')
    ? 'failed'
    : statuses.includes('not-reached')
      ? 'not-reached'
      : moreFailures
        ? 'more-failures'
        : slower
          ? 'slower'
          : null;
  return {
    level,
    vm,
    phase,
    left: l,
    right: r,
    delta,
    deltaPercent,
    presence,
    regression: reason !== null,
    leftStatus: left.status,
    rightStatus: right.status,
    reason,
    leftFailures: left.failures,
    rightFailures: right.failures,
  };
}

function merge<T>(left: Map<string, T>, right: Map<string, T>): string[] {
  const keys = [...left.keys()];
  for (const key of right.keys()) if (!left.has(key)) keys.push(key);
  return keys;
}

function sideOf(status: PhaseStatus, value: number | null): Side {
  return { value, status, failures: status === 'failed' ? 1 : 0, count: 1 };
}

/** How an operation's recovery reads when it has no RTO: "not recovered (6 of 7 VMs)", "running", "no RTO (…)". */
function rtoLabel(op: DrOperation): string | null {
  return op.rto === null ? rtoVerdict(op, null, op.end ?? op.start ?? 0).label : null;
}

function notRecovered(ops: readonly DrOperation[]): number {
  return ops.filter((op) => rtoVerdict(op, null, op.end ?? op.start ?? 0).kind === 'not-recovered').length;
}

/** Two operations (e.g. this month's and last month's test of one DR group), phase by phase and VM by VM. */
export function compareOperations(a: DrOperation, b: DrOperation, threshold: ComparisonThreshold): Comparison {
  const phases = (op: DrOperation) => {
    const map = new Map<string, { vm: string; phase: string; side: Side }>();
    for (const vm of op.vms) {
      const seen = new Map<string, number>();
      for (const p of vm.phases) {
        const n = (seen.get(p.name) ?? 0) + 1;
        seen.set(p.name, n);
        map.set(`${vm.client.name}\u0000${p.name}\u0000${n}`, {
          vm: vm.client.name,
          phase: n > 1 ? `${p.name} (${n})` : p.name,
          side: sideOf(p.status, p.duration),
        });
      }
    }
    return map;
  };
  const vms = (op: DrOperation) =>
    new Map(op.vms.map((vm) => [vm.client.name, { status: vm.status, side: sideOf(vm.status, vmDuration(vm)) }]));
  const [pa, pb, va, vb] = [phases(a), phases(b), vms(a), vms(b)];
  /** A phase the side lacks: never reached when that side's VM failed, else simply not part of its sequence. */
  const lacking = (vmsOfSide: typeof va, vm: string): Side =>
    vmsOfSide.get(vm)?.status === 'failed' ? { ...MISSING, status: 'not-reached' } : MISSING;
  const rows: ComparisonRow[] = [];
  for (const key of merge(va, vb))
    rows.push(row('vm', key, null, va.get(key)?.side ?? MISSING, vb.get(key)?.side ?? MISSING, threshold));
  for (const key of merge(pa, pb)) {
    const info = (pa.get(key) ?? pb.get(key))!;
    rows.push(
      row(
        'phase',
        info.vm,
        info.phase,
        pa.get(key)?.side ?? lacking(va, info.vm),
        pb.get(key)?.side ?? lacking(vb, info.vm),
        threshold,
      ),
    );
  }
  return {
    ...finish('operations', `Job ${a.jobId}`, `Job ${b.jobId}`, a.rto, b.rto, rows),
    leftRtoLabel: rtoLabel(a),
    rightRtoLabel: rtoLabel(b),
    leftNotRecovered: notRecovered([a]),
    rightNotRecovered: notRecovered([b]),
  };
}

/** What a run was saved with (a live fetch has neither: everything fetched). */
export interface RunScope {
  scope?: Partial<Scope> | undefined;
  text?: string | undefined;
}

/**
 * Two runs: median duration of each phase and of each VM over all the operations of each run (successful
 * occurrences only: a failed phase's duration is its time to failure), and how often each failed.
 */
export function compareRuns(
  a: readonly DrOperation[],
  b: readonly DrOperation[],
  labels: [string, string],
  threshold: ComparisonThreshold,
  scopes?: [RunScope, RunScope],
): Comparison {
  interface Tally {
    durations: number[];
    failures: number;
    count: number;
  }
  const add = (map: Map<string, Tally>, key: string, status: PhaseStatus, duration: number | null) => {
    const tally = map.get(key) ?? { durations: [], failures: 0, count: 0 };
    tally.count++;
    if (status === 'failed') tally.failures++;
    else if (status === 'succeeded' && duration !== null) tally.durations.push(duration);
    map.set(key, tally);
  };
  // Recovery operations only (test boots and failovers): an undo's or a failback's Power On must not move the
  // medians of the failovers being compared.
  const collect = (ops: readonly DrOperation[]) => {
    const phases = new Map<string, Tally>();
    const vms = new Map<string, Tally>();
    for (const op of ops) {
      if (!isRecoveryType(op.operationType)) continue;
      for (const vm of op.vms) {
        add(vms, vm.client.name, vm.status, vmDuration(vm));
        for (const p of vm.phases) add(phases, p.name, p.status, p.duration);
      }
    }
    return { phases, vms };
  };
  const [ca, cb] = [collect(a), collect(b)];
  // A side without the key has no row value at all (undefined), which marks the row as one-sided.
  const side = (tally: Tally | undefined): Side =>
    tally
      ? { value: median(tally.durations), status: 'succeeded', failures: tally.failures, count: tally.count }
      : MISSING;
  const medianRows = (level: ComparisonRow['level'], left: Map<string, Tally>, right: Map<string, Tally>) =>
    merge(left, right).map((key) =>
      row(
        level,
        level === 'vm' ? key : null,
        level === 'phase' ? key : null,
        side(left.get(key)),
        side(right.get(key)),
        threshold,
      ),
    );
  const rows = [...medianRows('phase', ca.phases, cb.phases), ...medianRows('vm', ca.vms, cb.vms)];
  const rto = (ops: readonly DrOperation[]) => median(ops.flatMap((op) => (op.rto === null ? [] : [op.rto])));
  return {
    ...finish('runs', labels[0], labels[1], rto(a), rto(b), rows),
    leftNotRecovered: notRecovered(a),
    rightNotRecovered: notRecovered(b),
    scopeWarning: scopes ? scopeWarning(labels, scopes) : null,
  };
}

function scopeWarning(labels: [string, string], [left, right]: [RunScope, RunScope]): string | null {
  if (sameScope(ScopeSchema.parse(left.scope ?? {}), ScopeSchema.parse(right.scope ?? {}))) return null;
  const words = (s: RunScope) => s.text?.trim() || 'everything fetched';
  return (
    `The two sides were saved with different scopes: ${labels[0]} holds “${words(left)}”, ` +
    `${labels[1]} holds “${words(right)}”. Their figures describe different operations.`
  );
}

function finish(
  mode: Comparison['mode'],
  leftLabel: string,
  rightLabel: string,
  leftRto: number | null,
  rightRto: number | null,
  rows: ComparisonRow[],
): Comparison {
  return {
    mode,
    leftLabel,
    rightLabel,
    leftRto,
    rightRto,
    leftRtoLabel: null,
    rightRtoLabel: null,
    leftNotRecovered: 0,
    rightNotRecovered: 0,
    scopeWarning: null,
    rows,
    regressions: rows.filter((r) => r.regression).length,
  };
}
