import type { DrOperation, OperationType, OperationTypeSource, VmRun } from './model.js';

/**
 * Every figure the app shows an auditor, defined once (docs/evidence.md). The screens, the CSV reports, the
 * printed evidence report and the headless export all compute through these functions, so a number can never
 * differ between the screen and a file. Pure functions over the contract's model: no I/O, no clock (callers pass
 * the moment they judge at, normally the data's `fetchedAt`).
 */

// ---- operation types ---------------------------------------------------------------------------------------

export const OPERATION_TYPE_LABELS: Readonly<Record<OperationType, string>> = {
  'test-boot': 'Test Boot',
  'planned-failover': 'Planned Failover',
  'unplanned-failover': 'Unplanned Failover',
  'point-in-time-failover': 'Point-in-Time Failover',
  failback: 'Failback',
  'undo-failover': 'Undo Failover',
  'revert-failover': 'Revert Failover',
  'reverse-replication': 'Reverse Replication',
  unknown: 'Unknown',
};

/** Commvault's DR operation type enum (cvpysdk `DROperationType`). */
export const OPERATION_TYPE_BY_CODE: Readonly<Record<number, OperationType>> = {
  1: 'planned-failover',
  2: 'failback',
  3: 'unplanned-failover',
  4: 'revert-failover',
  6: 'undo-failover',
  7: 'test-boot',
  8: 'point-in-time-failover',
  9: 'reverse-replication',
};

const RECOVERY_TYPES: ReadonlySet<OperationType> = new Set([
  'test-boot',
  'planned-failover',
  'unplanned-failover',
  'point-in-time-failover',
]);

/**
 * Operations that bring VMs up at the DR site: only these have a recovery RTO. Undo, revert, failback and reverse
 * replication have a duration, and an operation of unknown type is never counted as a recovery.
 */
export function isRecoveryType(type: OperationType): boolean {
  return RECOVERY_TYPES.has(type);
}

/** The operation type a job summary's operation name stands for (`localizedOperationName`), if any. */
export function operationTypeFromName(name: string): OperationType | undefined {
  const text = name.toLowerCase();
  if (/undo/.test(text)) return 'undo-failover';
  if (/test\s*(boot|failover)|dr test|clone/.test(text)) return 'test-boot';
  if (/point[\s-]*in[\s-]*time/.test(text)) return 'point-in-time-failover';
  if (/revert/.test(text)) return 'revert-failover';
  if (/reverse\s*replication/.test(text)) return 'reverse-replication';
  if (/fail\s*back/.test(text)) return 'failback';
  if (/unplanned/.test(text)) return 'unplanned-failover';
  if (/planned/.test(text)) return 'planned-failover';
  return undefined;
}

/**
 * The type a phase sequence implies, when the CommServe does not say (marked `inferred`). The markers are phases
 * only one kind of operation runs: Initialize/Post Undo Failover (49, 50), Clone VM and DR test snap mounts
 * (42, 38, 39), Revert Snapshot (19), Enable Sync (16), Disable Sync (15), Power On (1), Power Off (2).
 */
export function inferOperationType(phaseCodes: ReadonlySet<number>): OperationType {
  const has = (code: number) => phaseCodes.has(code);
  if (has(49) || has(50)) return 'undo-failover';
  if (has(42) || has(38) || has(39)) return 'test-boot';
  if (has(19)) return has(1) ? 'point-in-time-failover' : 'revert-failover';
  if (has(16)) return has(1) ? 'failback' : 'reverse-replication';
  if (has(15)) return has(2) ? 'planned-failover' : 'unplanned-failover';
  return 'unknown';
}

function phaseCodesOf(op: Pick<DrOperation, 'vms'>): Set<number> {
  const codes = new Set<number>();
  for (const vm of op.vms) for (const phase of vm.phases) codes.add(phase.code);
  return codes;
}

/**
 * Sets an operation's type (the CommServe's when known, else inferred) and its recovery RTO, which depends on the
 * type. Every path that produces operations (normaliser, saved-run migration, type look-ups) ends here.
 */
export function classify(op: DrOperation, known?: OperationType): DrOperation {
  const type = known ?? inferOperationType(phaseCodesOf(op));
  const source: OperationTypeSource = known ? 'commserve' : 'inferred';
  op.operationType = type;
  op.operationTypeSource = source;
  op.rto = isRecoveryType(type) && op.status === 'succeeded' ? op.duration : null;
  return op;
}

// ---- VMs and durations -------------------------------------------------------------------------------------

/** A VM run's duration: its first phase start to its last phase end; null while it runs. */
export function vmDuration(vm: Pick<VmRun, 'start' | 'end' | 'status'>): number | null {
  return vm.status !== 'running' && vm.start !== null && vm.end !== null ? Math.max(0, vm.end - vm.start) : null;
}

/** VMs of an operation whose every phase succeeded (a VM that is up). */
export function recoveredVms(op: Pick<DrOperation, 'vms'>): number {
  let count = 0;
  for (const vm of op.vms) if (vm.status === 'succeeded') count++;
  return count;
}

// ---- RTO targets and verdicts ------------------------------------------------------------------------------

export interface RtoTargets {
  /** The connection's target in seconds. */
  rtoTargetSeconds: number | null;
  /** Per DR group overrides in seconds, by DR group id. */
  rtoTargetsByGroup: Readonly<Record<string, number>>;
}

/** Minutes as the admin types them → the seconds every figure is judged in. */
export function targetSeconds(minutes: number): number {
  return minutes * 60;
}

/** Targets with one DR group's own target set (minutes) or removed (null: the connection's applies again). */
export function withGroupTarget<T extends RtoTargets>(targets: T, groupId: number, minutes: number | null): T {
  const others = Object.entries(targets.rtoTargetsByGroup).filter(([id]) => id !== String(groupId));
  const byGroup = Object.fromEntries(
    minutes === null ? others : [...others, [String(groupId), targetSeconds(minutes)]],
  );
  return { ...targets, rtoTargetsByGroup: byGroup };
}

/** The RTO target that applies to an operation: its DR group's override, else the connection's. */
export function targetFor(op: Pick<DrOperation, 'drGroupId'>, targets: RtoTargets): number | null {
  const own = op.drGroupId !== null ? targets.rtoTargetsByGroup[String(op.drGroupId)] : undefined;
  return own ?? targets.rtoTargetSeconds;
}

export type RtoVerdictKind =
  /** Not a recovery operation (undo, failback, …): a duration, no RTO. */
  | 'not-applicable'
  /** Recovered; no target set. */
  | 'no-target'
  | 'within'
  | 'over'
  /** A recovery operation that failed: some VMs did not come up. Never "within". */
  | 'not-recovered'
  /** Finished with a phase status the CommServe did not document: recovery cannot be confirmed. */
  | 'unconfirmed'
  /** Still running; the elapsed time is under the target (or there is no target). */
  | 'running'
  /** Still running and already past the target: a live breach. */
  | 'running-breached';

export interface RtoVerdict {
  kind: RtoVerdictKind;
  /** Recovery RTO in seconds (`within`, `over`, `no-target`), else null. */
  rto: number | null;
  target: number | null;
  /** Seconds since the first phase started, for running operations (as of the judging moment). */
  elapsed: number | null;
  /** How far past the target (`over`, `running-breached`). */
  overBy: number | null;
  recovered: number;
  total: number;
  /** Short words for a table cell, a CSV cell and the report. */
  label: string;
  /** True for `over`, `not-recovered` and `running-breached`: what the overview counts as a breach. */
  breach: boolean;
}

/** How long an operation has run by `asOf` (the data's fetch time): what a running operation is judged by. */
export function elapsedSoFar(op: Pick<DrOperation, 'start'>, asOf: number): number | null {
  return op.start === null ? null : Math.max(0, asOf - op.start);
}

/**
 * How an operation stands against its RTO target, as of `asOf` (epoch seconds; the data's fetch time, so the
 * screen, a CSV and a report of the same data agree). A failed recovery is "not recovered", never "within".
 */
export function rtoVerdict(op: DrOperation, target: number | null, asOf: number): RtoVerdict {
  const recovered = recoveredVms(op);
  const total = op.vms.length;
  const base = { rto: null, target, elapsed: null, overBy: null, recovered, total, breach: false };
  if (!isRecoveryType(op.operationType)) {
    return { ...base, kind: 'not-applicable', label: `no RTO (${OPERATION_TYPE_LABELS[op.operationType]})` };
  }
  if (op.status === 'running') {
    const elapsed = elapsedSoFar(op, asOf);
    if (target !== null && elapsed !== null && elapsed > target) {
      return {
        ...base,
        kind: 'running-breached',
        elapsed,
        overBy: elapsed - target,
        breach: true,
        label: `running — breached by ${formatSeconds(elapsed - target)}`,
      };
    }
    return {
      ...base,
      kind: 'running',
      elapsed,
      label: target === null ? 'running' : 'running — within so far',
    };
  }
  if (op.status === 'failed') {
    return { ...base, kind: 'not-recovered', breach: true, label: `not recovered (${recovered} of ${total} VMs)` };
  }
  if (op.status !== 'succeeded' || op.rto === null) {
    return { ...base, kind: 'unconfirmed', label: 'unconfirmed (unknown phase status)' };
  }
  if (target === null) return { ...base, kind: 'no-target', rto: op.rto, label: 'no target' };
  if (op.rto > target) {
    return {
      ...base,
      kind: 'over',
      rto: op.rto,
      overBy: op.rto - target,
      breach: true,
      label: `over by ${formatSeconds(op.rto - target)}`,
    };
  }
  return { ...base, kind: 'within', rto: op.rto, label: 'within target' };
}

/** `1h 05m`, `6m 44s`, `12s`: the one duration format for verdict labels (the screens use the same). */
export function formatSeconds(seconds: number): string {
  const s = Math.round(Math.abs(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const sign = seconds < 0 ? '−' : '';
  if (h > 0) return `${sign}${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${sign}${m}m ${String(sec).padStart(2, '0')}s`;
  return `${sign}${sec}s`;
}

// ---- statistics --------------------------------------------------------------------------------------------

/**
 * The p-th percentile (0–100) of values, by linear interpolation between closest ranks: Excel's PERCENTILE.INC,
 * so an auditor can check any figure in a spreadsheet. The median is the 50th percentile: for [10, 20] it is 15.
 * Null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = isSorted(values) ? values : [...values].sort((a, b) => a - b);
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

export function median(values: readonly number[]): number | null {
  return percentile(values, 50);
}

function isSorted(values: readonly number[]): boolean {
  for (let i = 1; i < values.length; i++) if (values[i - 1]! > values[i]!) return false;
  return true;
}

// ---- KPIs and compliance -----------------------------------------------------------------------------------

export const DEFAULT_TEST_INTERVAL_DAYS = 90;

export interface TestIntervals {
  /** The connection's test interval in days (null: the default, 90). */
  testIntervalDays: number | null;
  /** Per DR group overrides in days, by DR group id. */
  testIntervalsByGroup: Readonly<Record<string, number>>;
}

/** The test interval that applies to a DR group: its own, else the connection's, else 90 days. */
export function testIntervalFor(groupId: number | null, intervals: TestIntervals | null): number {
  const own = groupId !== null ? intervals?.testIntervalsByGroup[String(groupId)] : undefined;
  return own ?? intervals?.testIntervalDays ?? DEFAULT_TEST_INTERVAL_DAYS;
}
const DAY = 86_400;

export interface Kpis {
  operations: number;
  /** Finished operations (succeeded, failed or unconfirmed). */
  finished: number;
  succeeded: number;
  failed: number;
  running: number;
  /** succeeded / finished, 0–1; null when nothing finished. */
  successRate: number | null;
  /** Finished recovery operations with a target that were within it, of all finished recovery operations with a
   * target (over, not recovered and unconfirmed count against). 0–1; null when there are none. */
  rtoCompliance: number | null;
  rtoJudged: number;
  rtoWithin: number;
  /** VMs up of VMs, over finished recovery operations. */
  vmsRecovered: number;
  vmsTotal: number;
  /** Over target, not recovered, or running past the target. */
  breaches: number;
  runningBreaches: number;
  medianRto: number | null;
  p95Rto: number | null;
}

export function computeKpis(operations: readonly DrOperation[], targets: RtoTargets, asOf: number): Kpis {
  let succeeded = 0;
  let failed = 0;
  let running = 0;
  let finished = 0;
  let judged = 0;
  let within = 0;
  let vmsRecovered = 0;
  let vmsTotal = 0;
  let breaches = 0;
  let runningBreaches = 0;
  const rtos: number[] = [];
  for (const op of operations) {
    if (op.status === 'running') running++;
    else {
      finished++;
      if (op.status === 'succeeded') succeeded++;
      else if (op.status === 'failed') failed++;
    }
    const verdict = rtoVerdict(op, targetFor(op, targets), asOf);
    if (verdict.breach) breaches++;
    if (verdict.kind === 'running-breached') runningBreaches++;
    if (verdict.kind === 'not-applicable' || op.status === 'running') continue;
    vmsRecovered += verdict.recovered;
    vmsTotal += verdict.total;
    if (op.rto !== null) rtos.push(op.rto);
    if (verdict.target !== null) {
      judged++;
      if (verdict.kind === 'within') within++;
    }
  }
  rtos.sort((a, b) => a - b);
  return {
    operations: operations.length,
    finished,
    succeeded,
    failed,
    running,
    successRate: finished ? succeeded / finished : null,
    rtoCompliance: judged ? within / judged : null,
    rtoJudged: judged,
    rtoWithin: within,
    vmsRecovered,
    vmsTotal,
    breaches,
    runningBreaches,
    medianRto: median(rtos),
    p95Rto: percentile(rtos, 95),
  };
}

export interface TestRef {
  jobId: number;
  start: number;
  operationType: OperationType;
  verdict: RtoVerdict;
}

export interface GroupCompliance {
  groupId: number | null;
  operations: number;
  running: number;
  breaches: number;
  /** The newest recovery operation (a test boot or a failover) that has finished, whatever its result. */
  lastTest: TestRef | null;
  /** The newest recovery operation whose VMs all came up. */
  lastSuccessfulTest: TestRef | null;
  /** Whole days from the last successful test to `asOf`; null when there is none. */
  daysSinceSuccess: number | null;
  intervalDays: number;
  /** No successful test within the interval (or none at all). */
  overdue: boolean;
  target: number | null;
  /** Finished recovery operations' RTO, oldest first (the sparkline), and whether each was over its target. */
  trend: { jobId: number; start: number; rto: number; over: boolean }[];
}

function groupBy(operations: readonly DrOperation[]): Map<number | null, DrOperation[]> {
  const byGroup = new Map<number | null, DrOperation[]>();
  for (const op of operations) {
    const list = byGroup.get(op.drGroupId);
    if (list) list.push(op);
    else byGroup.set(op.drGroupId, [op]);
  }
  return byGroup;
}

/**
 * Where each DR group stands: its last test and result, its last successful test and how long ago that was
 * against the test interval, and its RTO trend. A "test" is any recovery operation: a test boot or a failover
 * proves the group can be recovered.
 */
export function groupCompliance(
  operations: readonly DrOperation[],
  targets: RtoTargets,
  asOf: number,
  intervalDaysFor: (groupId: number | null) => number,
  /**
   * Where to look for the last test and the last successful one: everything fetched (a saved run: all it holds),
   * whatever the scope. A time range, status, type, VM or search narrows what is counted, but must never make a
   * group tested 60 days ago look "never tested".
   */
  history: readonly DrOperation[] = operations,
): GroupCompliance[] {
  const byGroup = groupBy(operations);
  const historyByGroup = history === operations ? byGroup : groupBy(history);
  const out: GroupCompliance[] = [];
  for (const [groupId, ops] of byGroup) {
    const sorted = [...ops].sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
    const target = targetFor({ drGroupId: groupId }, targets);
    let lastTest: TestRef | null = null;
    let lastSuccessfulTest: TestRef | null = null;
    let running = 0;
    let breaches = 0;
    const trend: GroupCompliance['trend'] = [];
    for (const op of sorted) {
      const verdict = rtoVerdict(op, target, asOf);
      if (op.status === 'running') running++;
      if (verdict.breach) breaches++;
      if (isRecoveryType(op.operationType) && op.rto !== null && op.start !== null)
        trend.push({ jobId: op.jobId, start: op.start, rto: op.rto, over: verdict.kind === 'over' });
    }
    for (const op of historyByGroup.get(groupId) ?? ops) {
      if (!isRecoveryType(op.operationType) || op.status === 'running' || op.start === null) continue;
      const newest = (ref: TestRef | null) => !ref || op.start! >= ref.start;
      if (!newest(lastTest) && (op.rto === null || !newest(lastSuccessfulTest))) continue;
      const ref = {
        jobId: op.jobId,
        start: op.start,
        operationType: op.operationType,
        verdict: rtoVerdict(op, target, asOf),
      };
      if (newest(lastTest)) lastTest = ref;
      if (op.rto !== null && newest(lastSuccessfulTest)) lastSuccessfulTest = ref;
    }
    const intervalDays = intervalDaysFor(groupId);
    const daysSinceSuccess = lastSuccessfulTest ? Math.floor((asOf - lastSuccessfulTest.start) / DAY) : null;
    out.push({
      groupId,
      operations: ops.length,
      running,
      breaches,
      lastTest,
      lastSuccessfulTest,
      daysSinceSuccess,
      intervalDays,
      overdue: daysSinceSuccess === null || daysSinceSuccess > intervalDays,
      target,
      trend,
    });
  }
  return out;
}

// ---- critical paths and forecasts (docs/evidence.md "Critical path", "RTO forecast") -------------------------
export * from './criticalPath.js';
export * from './forecast.js';
export * from './readiness.js';
export * from './drSchedule.js';
export * from './testCoverage.js';
export * from './groupStatus.js';
export * from './definitionDiff.js';
