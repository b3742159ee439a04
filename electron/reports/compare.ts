import type {
  Comparison,
  ComparisonRow,
  ComparisonSide,
  ComparisonThreshold,
  ImprovementReason,
  RegressionReason,
} from '../contract/compare.js';
import { isRecoveryType, median, rtoVerdict, targetFor, vmDuration, type RtoTargets } from '../contract/evidence.js';
import type { DrOperation, PhaseStatus } from '../contract/model.js';
import { ScopeSchema, sameScope, type Scope } from '../contract/scope.js';

/**
 * Comparisons of two DR operations, or of two runs, from the earlier (left) to the later (right). A failure is never
 * an improvement: a phase that failed, or that a failed VM never reached, in the later side is a regression whatever
 * the clock says (a job that failed after 6 minutes is not "95% faster" than one that recovered in 18); the same
 * failure only in the earlier side is an improvement. Only two successful sides have a duration change. Runs compare
 * failure rates, never counts, so a run of 13 operations and one of 200 compare fairly.
 */

/**
 * What each side is judged with: its RTO targets and the moment its data was fetched (a running operation is judged
 * by how long it had run then, as everywhere else). Without it, a running side has no target to be past.
 */
export interface SideContext {
  targets: RtoTargets;
  asOf: number;
}

interface Side {
  /** Undefined: the side has no such phase or VM. */
  value: number | null | undefined;
  status: ComparisonSide;
  failures: number;
  /** How many occurrences the side has (runs: every operation's; operations: 1), for failure rates. */
  count: number;
  /** A running side whose operation is already past its RTO target: a live breach. */
  breached?: boolean;
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
  const beyond = (change: number | null, percent: number | null) =>
    change !== null && change > threshold.seconds && (percent === null || percent > threshold.percent);
  const slower = beyond(delta, deltaPercent);
  const faster = beyond(delta === null ? null : -delta, deltaPercent === null ? null : -deltaPercent);
  const both = left.count > 0 && right.count > 0;
  const rate = (side: Side) => side.failures / side.count;
  const reason: RegressionReason | null =
    right.status === 'failed'
      ? 'failed'
      : right.status === 'not-reached'
        ? 'not-reached'
        : right.status === 'running' && right.breached
          ? 'live-breach'
          : both && rate(right) > rate(left)
            ? 'more-failures'
            : slower
              ? 'slower'
              : null;
  const improvement: ImprovementReason | null =
    reason !== null
      ? null
      : left.status === 'failed' && right.status === 'succeeded'
        ? 'recovered'
        : left.status === 'not-reached' && right.status === 'succeeded'
          ? 'reached'
          : both && rate(right) < rate(left)
            ? 'fewer-failures'
            : faster
              ? 'faster'
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
    improvement,
    leftFailures: left.failures,
    rightFailures: right.failures,
    leftRuns: left.count,
    rightRuns: right.count,
  };
}

function merge<T>(left: Map<string, T>, right: Map<string, T>): string[] {
  const keys = [...left.keys()];
  for (const key of right.keys()) if (!left.has(key)) keys.push(key);
  return keys;
}

/**
 * One occurrence on one side: a running one counts its time so far (when its fetch time is known) and is a live
 * breach when its operation already is.
 */
function sideOf(
  status: PhaseStatus,
  value: number | null,
  start: number | null,
  running?: { asOf: number; breached: boolean },
): Side {
  if (status === 'running' && running)
    return {
      value: start === null ? null : Math.max(0, running.asOf - start),
      status,
      failures: 0,
      count: 1,
      breached: running.breached,
    };
  return { value, status, failures: status === 'failed' ? 1 : 0, count: 1 };
}

/** An operation's verdict as its side judges it: against its target at its fetch time, when they are known. */
function verdictOf(op: DrOperation, context: SideContext | undefined) {
  return context
    ? rtoVerdict(op, targetFor(op, context.targets), context.asOf)
    : rtoVerdict(op, null, op.end ?? op.start ?? 0);
}

/** How an operation's recovery reads when it has no RTO: "not recovered (6 of 7 VMs)", "running — breached by …". */
function rtoLabel(op: DrOperation, context: SideContext | undefined): string | null {
  return op.rto === null ? verdictOf(op, context).label : null;
}

function notRecovered(ops: readonly DrOperation[]): number {
  return ops.filter((op) => verdictOf(op, undefined).kind === 'not-recovered').length;
}

/** Finished recovery operations: what a share "not recovered" is of. */
function recoveries(ops: readonly DrOperation[]): number {
  return ops.filter((op) => isRecoveryType(op.operationType) && op.status !== 'running').length;
}

function liveBreaches(ops: readonly DrOperation[], context: SideContext | undefined): number {
  return context ? ops.filter((op) => verdictOf(op, context).kind === 'running-breached').length : 0;
}

/**
 * Two operations (e.g. this month's and last month's test of one DR group), phase by phase and VM by VM, the earlier
 * on the left. `sides` judges a running one against its target at its fetch time.
 */
export function compareOperations(
  a: DrOperation,
  b: DrOperation,
  threshold: ComparisonThreshold,
  sides?: readonly [SideContext, SideContext],
): Comparison {
  const running = (op: DrOperation, context: SideContext | undefined) =>
    context && { asOf: context.asOf, breached: verdictOf(op, context).kind === 'running-breached' };
  const phases = (op: DrOperation, context: SideContext | undefined) => {
    const map = new Map<string, { vm: string; phase: string; side: Side }>();
    for (const vm of op.vms) {
      const seen = new Map<string, number>();
      for (const p of vm.phases) {
        const n = (seen.get(p.name) ?? 0) + 1;
        seen.set(p.name, n);
        map.set(`${vm.client.name}\u0000${p.name}\u0000${n}`, {
          vm: vm.client.name,
          phase: n > 1 ? `${p.name} (${n})` : p.name,
          side: sideOf(p.status, p.duration, p.start, running(op, context)),
        });
      }
    }
    return map;
  };
  // While its operation runs, a VM whose phases so far all succeeded may have more to come: it is still running.
  const vmStatus = (op: DrOperation, status: PhaseStatus): PhaseStatus =>
    op.status === 'running' && status === 'succeeded' ? 'running' : status;
  const vms = (op: DrOperation, context: SideContext | undefined) =>
    new Map(
      op.vms.map((vm) => {
        const status = vmStatus(op, vm.status);
        return [vm.client.name, { status, side: sideOf(status, vmDuration(vm), vm.start, running(op, context)) }];
      }),
    );
  const [pa, pb, va, vb] = [phases(a, sides?.[0]), phases(b, sides?.[1]), vms(a, sides?.[0]), vms(b, sides?.[1])];
  /**
   * A phase the side lacks: never reached when that side's VM failed, not reached yet while it still runs, else
   * simply not part of its sequence.
   */
  const lacking = (vmsOfSide: typeof va, vm: string): Side => {
    const status = vmsOfSide.get(vm)?.status;
    if (status === 'failed') return { ...MISSING, status: 'not-reached' };
    if (status === 'running') return { ...MISSING, status: 'pending' };
    return MISSING;
  };
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
    leftRtoLabel: rtoLabel(a, sides?.[0]),
    rightRtoLabel: rtoLabel(b, sides?.[1]),
    leftNotRecovered: notRecovered([a]),
    rightNotRecovered: notRecovered([b]),
    leftRecoveries: recoveries([a]),
    rightRecoveries: recoveries([b]),
    leftLiveBreaches: liveBreaches([a], sides?.[0]),
    rightLiveBreaches: liveBreaches([b], sides?.[1]),
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
  sides?: readonly [SideContext, SideContext],
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
    leftRecoveries: recoveries(a),
    rightRecoveries: recoveries(b),
    leftLiveBreaches: liveBreaches(a, sides?.[0]),
    rightLiveBreaches: liveBreaches(b, sides?.[1]),
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
    leftRecoveries: 0,
    rightRecoveries: 0,
    leftLiveBreaches: 0,
    rightLiveBreaches: 0,
    scopeWarning: null,
    rows,
    regressions: rows.filter((r) => r.regression).length,
    improvements: rows.filter((r) => r.improvement !== null).length,
  };
}
