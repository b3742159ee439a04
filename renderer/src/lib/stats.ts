import { median, percentile } from '../../../electron/contract/evidence';
import type { DrOperation } from '../../../electron/contract/model';

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

/** Finished operations' measured RTO over time, oldest first. */
export function rtoTrend(
  operations: readonly DrOperation[],
): { jobId: number; start: number; rto: number; status: DrOperation['status'] }[] {
  return operations
    .filter((op): op is DrOperation & { start: number; rto: number } => op.start !== null && op.rto !== null)
    .map((op) => ({ jobId: op.jobId, start: op.start, rto: op.rto, status: op.status }))
    .sort((a, b) => a.start - b.start);
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
