import {
  isRecoveryType,
  median,
  percentile,
  rtoVerdict,
  targetFor,
  type RtoTargets,
  type RtoVerdictKind,
} from '$contract/evidence';
import type { DrOperation } from '$contract/model';
import { groupLabel } from '$contract/scope';

export interface PhaseDurationStat {
  name: string;
  count: number;
  median: number;
  p95: number;
  max: number;
}

export interface FailingPhase {
  name: string;
  failures: number;
  runs: number;
  lastError: string | null;
  lastJobId: number;
}

/** Median and p95 duration of each phase (by name) over every finished phase of the operations. */
export function phaseDurations(operations: readonly DrOperation[]): PhaseDurationStat[] {
  const byName = new Map<string, number[]>();
  for (const op of operations) {
    for (const vm of op.vms) {
      for (const phase of vm.phases) {
        if (phase.duration === null) continue;
        let list = byName.get(phase.name);
        if (!list) byName.set(phase.name, (list = []));
        list.push(phase.duration);
      }
    }
  }
  return [...byName.entries()]
    .map(([name, values]) => {
      values.sort((a, b) => a - b);
      return {
        name,
        count: values.length,
        median: median(values) ?? 0,
        p95: percentile(values, 95) ?? 0,
        max: values.at(-1)!,
      };
    })
    .sort((a, b) => b.p95 - a.p95);
}

/** How a finished recovery operation is drawn on the RTO trend: its verdict, as the evidence module gives it. */
export type TrendKind = Extract<RtoVerdictKind, 'within' | 'over' | 'no-target' | 'not-recovered' | 'unconfirmed'>;

export interface TrendPoint {
  jobId: number;
  start: number;
  kind: TrendKind;
  /** The recovery RTO (recovered operations only). */
  rto: number | null;
  /** Where it is plotted and what the tooltip says: the RTO, else the time until it ended (not an RTO). */
  seconds: number | null;
  /** The verdict's own words ("over by 10m 00s", "not recovered (3 of 7 VMs)"). */
  label: string;
}

export interface GroupTrend {
  groupId: number | null;
  name: string;
  /** The group's RTO target (its override, else the connection's), seconds. */
  target: number | null;
  /** Finished recovery operations, oldest first. */
  points: TrendPoint[];
  within: number;
  over: number;
  noTarget: number;
  notRecovered: number;
  unconfirmed: number;
  /** Recovery operations still running (not plotted), and those already past the target. */
  running: number;
  runningBreached: number;
  /** Undo, revert, failback, reverse replication and unknown operations: a duration, no RTO; left out. */
  notRecovery: number;
  medianRto: number | null;
  p95Rto: number | null;
}

/**
 * The RTO trend per DR group, every point judged by the evidence module at `asOf`. Only recovery operations take
 * part; a failed one is "not recovered" and carries no RTO (it is drawn apart from the RTOs), and a running one is
 * counted, never plotted as if finished. Groups are ordered by name.
 */
export function rtoTrendByGroup(
  operations: readonly DrOperation[],
  targets: RtoTargets,
  asOf: number,
  groupNames: Readonly<Record<string, string>>,
): GroupTrend[] {
  const byGroup = new Map<number | null, GroupTrend>();
  for (const op of operations) {
    let group = byGroup.get(op.drGroupId);
    if (!group) {
      group = {
        groupId: op.drGroupId,
        name: groupLabel(op.drGroupId, groupNames),
        target: targetFor(op, targets),
        points: [],
        within: 0,
        over: 0,
        noTarget: 0,
        notRecovered: 0,
        unconfirmed: 0,
        running: 0,
        runningBreached: 0,
        notRecovery: 0,
        medianRto: null,
        p95Rto: null,
      };
      byGroup.set(op.drGroupId, group);
    }
    if (!isRecoveryType(op.operationType)) {
      group.notRecovery++;
      continue;
    }
    const verdict = rtoVerdict(op, group.target, asOf);
    switch (verdict.kind) {
      case 'running':
      case 'running-breached':
        group.running++;
        if (verdict.kind === 'running-breached') group.runningBreached++;
        continue;
      case 'within':
        group.within++;
        break;
      case 'over':
        group.over++;
        break;
      case 'no-target':
        group.noTarget++;
        break;
      case 'not-recovered':
        group.notRecovered++;
        break;
      case 'unconfirmed':
        group.unconfirmed++;
        break;
      case 'not-applicable':
        continue;
    }
    if (op.start === null) continue;
    group.points.push({
      jobId: op.jobId,
      start: op.start,
      kind: verdict.kind,
      rto: verdict.rto,
      seconds: verdict.rto ?? op.duration,
      label: verdict.label,
    });
  }
  const groups = [...byGroup.values()];
  for (const group of groups) {
    group.points.sort((a, b) => a.start - b.start);
    const rtos = group.points.flatMap((p) => (p.rto === null ? [] : [p.rto])).sort((a, b) => a - b);
    group.medianRto = median(rtos);
    group.p95Rto = percentile(rtos, 95);
  }
  return groups.sort((a, b) => a.name.localeCompare(b.name) || (a.groupId ?? 0) - (b.groupId ?? 0));
}

/** A group's target line across the span of its points; empty without a target or points. */
export function targetLine(group: Pick<GroupTrend, 'target' | 'points'>): { x: number; y: number }[] {
  if (group.target === null || group.points.length === 0) return [];
  return [
    { x: group.points[0]!.start, y: group.target },
    { x: group.points.at(-1)!.start, y: group.target },
  ];
}

export interface RunningPhase {
  jobId: number;
  vm: string;
  name: string;
  /** Seconds since the phase started, as of the judging moment. */
  elapsed: number;
}

/**
 * Phases still running, longest first, with their elapsed time at `asOf` (the fetch time). Durations leave
 * running phases out, so this is where a bottleneck that has not finished yet shows.
 */
export function slowestRunningPhases(operations: readonly DrOperation[], asOf: number, limit: number): RunningPhase[] {
  const out: RunningPhase[] = [];
  for (const op of operations) {
    for (const vm of op.vms) {
      for (const phase of vm.phases) {
        if (phase.status !== 'running' || phase.start === null) continue;
        out.push({ jobId: op.jobId, vm: vm.client.name, name: phase.name, elapsed: Math.max(0, asOf - phase.start) });
      }
    }
  }
  return out.sort((a, b) => b.elapsed - a.elapsed || a.jobId - b.jobId).slice(0, limit);
}

/** Phases that failed, most failures first, with the newest error message seen. */
export function failingPhases(operations: readonly DrOperation[]): FailingPhase[] {
  const byName = new Map<string, FailingPhase & { lastStart: number }>();
  for (const op of operations) {
    for (const vm of op.vms) {
      for (const phase of vm.phases) {
        let entry = byName.get(phase.name);
        if (!entry)
          byName.set(
            phase.name,
            (entry = { name: phase.name, failures: 0, runs: 0, lastError: null, lastJobId: 0, lastStart: -1 }),
          );
        entry.runs++;
        if (phase.status !== 'failed') continue;
        entry.failures++;
        const when = phase.start ?? 0;
        if (when >= entry.lastStart) {
          entry.lastStart = when;
          entry.lastError = phase.errorMessage;
          entry.lastJobId = op.jobId;
        }
      }
    }
  }
  return [...byName.values()]
    .filter((e) => e.failures > 0)
    .map(({ name, failures, runs, lastError, lastJobId }) => ({ name, failures, runs, lastError, lastJobId }))
    .sort((a, b) => b.failures - a.failures || a.name.localeCompare(b.name));
}
