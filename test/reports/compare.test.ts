import { describe, expect, it } from 'vitest';
import type { DrOperation, Phase } from '../../electron/contract/model.js';
import { compareOperations, compareRuns } from '../../electron/reports/compare.js';

const threshold = { percent: 20, seconds: 30 };

function op(jobId: number, vms: Record<string, [string, number][]>): DrOperation {
  let start = 1000;
  const runs = Object.entries(vms).map(([name, phases], i) => {
    const list: Phase[] = phases.map(([phaseName, duration]) => {
      const p: Phase = {
        code: 1,
        name: phaseName,
        status: 'succeeded',
        rawStatus: 0,
        start,
        end: start + duration,
        duration,
        machine: null,
        errorMessage: null,
        childJobId: null,
      };
      start += duration;
      return p;
    });
    return {
      jobId,
      replicationId: i + 1,
      drGroupId: 1,
      client: { id: i + 1, name },
      phases: list,
      start: list[0]?.start ?? null,
      end: list.at(-1)?.end ?? null,
      status: 'succeeded' as const,
      failedPhases: 0,
    };
  });
  return {
    jobId,
    drGroupId: 1,
    operationType: 'test-boot',
    operationTypeSource: 'commserve',
    vms: runs,
    start: 1000,
    end: start,
    duration: start - 1000,
    rto: start - 1000,
    status: 'succeeded',
    failedPhases: 0,
    runningPhases: 0,
  };
}

describe('comparing operations', () => {
  const before = op(1, {
    vm1: [
      ['Power Off', 60],
      ['Replication', 600],
    ],
    vm2: [['Power Off', 30]],
  });
  const after = op(2, {
    vm1: [
      ['Power Off', 62],
      ['Replication', 900],
      ['Power On', 40],
    ],
    vm3: [['Power Off', 30]],
  });
  const result = compareOperations(before, after, threshold);

  it('pairs phases per VM with deltas, and flags only real regressions', () => {
    const replication = result.rows.find((r) => r.level === 'phase' && r.vm === 'vm1' && r.phase === 'Replication')!;
    expect(replication).toMatchObject({
      left: 600,
      right: 900,
      delta: 300,
      deltaPercent: 50,
      presence: 'both',
      regression: true,
    });
    const powerOff = result.rows.find((r) => r.level === 'phase' && r.vm === 'vm1' && r.phase === 'Power Off')!;
    expect(powerOff).toMatchObject({ delta: 2, regression: false });
    expect(result.regressions).toBe(2);
  });

  it('marks phases and VMs present on one side only', () => {
    expect(result.rows.find((r) => r.phase === 'Power On')).toMatchObject({
      presence: 'right-only',
      left: null,
      right: 40,
      delta: null,
      regression: false,
    });
    expect(result.rows.find((r) => r.level === 'vm' && r.vm === 'vm2')).toMatchObject({ presence: 'left-only' });
    expect(result.rows.find((r) => r.level === 'vm' && r.vm === 'vm3')).toMatchObject({ presence: 'right-only' });
    expect(result).toMatchObject({
      mode: 'operations',
      leftLabel: 'Job 1',
      rightLabel: 'Job 2',
      leftRto: 690,
      rightRto: 1032,
    });
  });

  it('needs both the percentage and the seconds to call it a regression', () => {
    const small = compareOperations(op(1, { a: [['Init', 2]] }), op(2, { a: [['Init', 4]] }), threshold);
    expect(small.rows.find((r) => r.level === 'phase')).toMatchObject({ deltaPercent: 100, regression: false });
  });
});

describe('comparing runs', () => {
  it('compares median durations of each phase and each VM over all operations', () => {
    const left = [
      op(1, { a: [['Replication', 100]] }),
      op(2, { a: [['Replication', 200]] }),
      op(3, { a: [['Replication', 300]] }),
    ];
    const right = [op(4, { a: [['Replication', 500]] }), op(5, { a: [['Replication', 500]] })];
    const result = compareRuns(left, right, ['March', 'April'], threshold);
    expect(result.rows.find((r) => r.level === 'phase')).toMatchObject({
      phase: 'Replication',
      left: 200,
      right: 500,
      delta: 300,
      regression: true,
    });
    expect(result).toMatchObject({
      mode: 'runs',
      leftLabel: 'March',
      rightLabel: 'April',
      leftRto: 200,
      rightRto: 500,
      regressions: 2,
    });
  });

  it('compares recovery operations only: an undo in one run does not move its phase or VM medians', () => {
    const undo = { ...op(9, { a: [['Replication', 5000]] }), operationType: 'undo-failover' as const, rto: null };
    const left = [op(1, { a: [['Replication', 100]] }), undo];
    const right = [op(2, { a: [['Replication', 100]] })];
    const result = compareRuns(left, right, ['March', 'April'], threshold);
    expect(result.rows.find((r) => r.level === 'phase')).toMatchObject({ left: 100, right: 100, regression: false });
    expect(result.rows.find((r) => r.level === 'vm')).toMatchObject({ left: 100, right: 100, regression: false });
    expect(result.regressions).toBe(0);
  });
});

/** Makes one VM's phase fail (and drops the phases after it, which a failed VM never reaches). */
function failAt(operation: DrOperation, vmName: string, phaseName: string, after: number): DrOperation {
  const failed = structuredClone(operation);
  const vm = failed.vms.find((v) => v.client.name === vmName)!;
  const index = vm.phases.findIndex((p) => p.name === phaseName);
  const phase = vm.phases[index]!;
  phase.status = 'failed';
  phase.end = phase.start! + after;
  phase.duration = after;
  phase.errorMessage = 'Power on failed';
  vm.phases = vm.phases.slice(0, index + 1);
  vm.status = 'failed';
  vm.end = phase.end;
  vm.failedPhases = 1;
  failed.status = 'failed';
  failed.failedPhases = 1;
  failed.rto = null;
  return failed;
}

describe('comparing a failed operation with a succeeded one', () => {
  const plan: Record<string, [string, number][]> = {
    vm1: [
      ['Power Off', 60],
      ['Replication', 900],
      ['Power On', 120],
    ],
    vm2: [
      ['Power Off', 60],
      ['Replication', 900],
      ['Power On', 120],
    ],
  };
  const good = op(1, plan);
  // vm1 fails 20 s into Replication and never reaches Power On: an operation that "took" far less time.
  const bad = failAt(op(2, plan), 'vm1', 'Replication', 20);

  it('counts the failed phase, the phases it never reached and the failed VM as regressions, never as faster', () => {
    const result = compareOperations(good, bad, threshold);
    expect(result.rows.find((r) => r.level === 'phase' && r.vm === 'vm1' && r.phase === 'Replication')).toMatchObject({
      left: 900,
      right: 20,
      delta: null,
      deltaPercent: null,
      leftStatus: 'succeeded',
      rightStatus: 'failed',
      regression: true,
      reason: 'failed',
    });
    expect(result.rows.find((r) => r.level === 'phase' && r.vm === 'vm1' && r.phase === 'Power On')).toMatchObject({
      presence: 'left-only',
      rightStatus: 'not-reached',
      regression: true,
      reason: 'not-reached',
    });
    expect(result.rows.find((r) => r.level === 'vm' && r.vm === 'vm1')).toMatchObject({
      rightStatus: 'failed',
      delta: null,
      regression: true,
      reason: 'failed',
    });
    // Nothing about the failed side reads as an improvement.
    const faster = result.rows.filter((r) => r.delta !== null && r.delta < 0);
    expect(faster.every((r) => r.leftStatus === 'succeeded' && r.rightStatus === 'succeeded')).toBe(true);
    expect(result.regressions).toBe(3);
  });

  it('says "not recovered" for the failed side instead of an RTO', () => {
    const result = compareOperations(good, bad, threshold);
    expect(result).toMatchObject({
      leftRto: good.rto,
      rightRto: null,
      leftRtoLabel: null,
      rightRtoLabel: 'not recovered (1 of 2 VMs)',
      leftNotRecovered: 0,
      rightNotRecovered: 1,
    });
  });

  it('calls a failure only in the earlier job an improvement, never a regression of the later one', () => {
    // Earlier failed, later recovered: what failed before works now.
    const result = compareOperations(bad, good, threshold);
    const replication = result.rows.find((r) => r.level === 'phase' && r.vm === 'vm1' && r.phase === 'Replication')!;
    expect(replication).toMatchObject({
      leftStatus: 'failed',
      rightStatus: 'succeeded',
      regression: false,
      reason: null,
      improvement: 'recovered',
      delta: null,
    });
    expect(result.rows.find((r) => r.phase === 'Power On' && r.vm === 'vm1')).toMatchObject({
      presence: 'right-only',
      leftStatus: 'not-reached',
      regression: false,
      improvement: 'reached',
    });
    expect(result.rows.find((r) => r.level === 'vm' && r.vm === 'vm1')).toMatchObject({
      regression: false,
      improvement: 'recovered',
    });
    expect(result).toMatchObject({ regressions: 0, improvements: 3 });
    expect(result.leftRtoLabel).toBe('not recovered (1 of 2 VMs)');
  });

  it('is still a regression when both failed: the later job failed too', () => {
    const result = compareOperations(bad, { ...bad, jobId: 3 }, threshold);
    const replication = result.rows.find((r) => r.level === 'phase' && r.vm === 'vm1' && r.phase === 'Replication')!;
    expect(replication).toMatchObject({ regression: true, reason: 'failed', improvement: null });
    expect(result.improvements).toBe(0);
  });

  it('leaves a phase that one side simply does not run (its VM succeeded) one-sided, not a regression', () => {
    const result = compareOperations(good, bad, threshold);
    expect(result.rows.find((r) => r.level === 'vm' && r.vm === 'vm2')).toMatchObject({ regression: false });
  });

  it('gives a non-recovery operation its words, not an RTO', () => {
    const undo = { ...good, jobId: 3, operationType: 'undo-failover' as const, rto: null };
    expect(compareOperations(undo, good, threshold).leftRtoLabel).toBe('no RTO (Undo Failover)');
  });
});

describe('comparing runs with failures and scopes', () => {
  const good = op(1, { a: [['Power On', 100]] });
  const bad = failAt(op(2, { a: [['Power On', 100]] }), 'a', 'Power On', 5);

  it('compares failure rates, not counts, of runs of different sizes', () => {
    // 1 failure in 2 (50 %) before, 2 in 20 (10 %) after: more failures, but a lower rate, so an improvement.
    const small = [good, bad];
    const large = [bad, bad, ...Array.from({ length: 18 }, () => good)];
    const better = compareRuns(small, large, ['13 operations', '200 operations'], threshold);
    expect(better.rows.find((r) => r.level === 'phase' && r.phase === 'Power On')).toMatchObject({
      leftFailures: 1,
      leftRuns: 2,
      rightFailures: 2,
      rightRuns: 20,
      regression: false,
      improvement: 'fewer-failures',
    });
    // The other way round: 10 % before, 50 % after, though one failure fewer.
    const worse = compareRuns(large, small, ['200 operations', '13 operations'], threshold);
    expect(worse.rows.find((r) => r.level === 'phase' && r.phase === 'Power On')).toMatchObject({
      regression: true,
      reason: 'more-failures',
      improvement: null,
    });
    expect(worse).toMatchObject({
      leftNotRecovered: 2,
      leftRecoveries: 20,
      rightNotRecovered: 1,
      rightRecoveries: 2,
    });
  });

  it('flags a phase that fails more often in the later run, and counts operations not recovered', () => {
    const result = compareRuns([good, good], [good, bad], ['March', 'April'], threshold);
    expect(result.rows.find((r) => r.level === 'phase' && r.phase === 'Power On')).toMatchObject({
      leftFailures: 0,
      rightFailures: 1,
      regression: true,
      reason: 'more-failures',
    });
    expect(result).toMatchObject({ leftNotRecovered: 0, rightNotRecovered: 1 });
  });

  it('warns when the two runs were saved with different scopes', () => {
    const all = { scope: {}, text: 'all DR groups · all time · 300 of 300 operations' };
    const finance = { scope: { groupIds: [7] }, text: 'Finance · all time · 51 of 300 operations' };
    const differ = compareRuns([good], [good], ['A', 'B'], threshold, [all, finance]);
    expect(differ.scopeWarning).toContain('different scopes');
    expect(differ.scopeWarning).toContain('Finance');
    // Same filter, different counts (a later fetch): the same scope.
    const later = { scope: {}, text: 'all DR groups · all time · 310 of 310 operations' };
    expect(compareRuns([good], [good], ['A', 'B'], threshold, [all, later]).scopeWarning).toBeNull();
    expect(compareRuns([good], [good], ['A', 'B'], threshold).scopeWarning).toBeNull();
  });
});

describe('comparing with a job still running', () => {
  const target = 1800;
  const sides = (asOf: number) =>
    [
      { targets: { rtoTargetSeconds: target, rtoTargetsByGroup: {} }, asOf: 0 },
      { targets: { rtoTargetSeconds: target, rtoTargetsByGroup: {} }, asOf },
    ] as const;
  const done = op(1, {
    vm1: [
      ['Power Off', 60],
      ['Replication', 240],
    ],
  });
  /** Job 2 started at 1000 and is still in Replication on vm1. */
  const running = (() => {
    const r = structuredClone(
      op(2, {
        vm1: [
          ['Power Off', 60],
          ['Replication', 240],
        ],
      }),
    );
    const vm = r.vms[0]!;
    const replication = vm.phases[1]!;
    replication.status = 'running';
    replication.end = null;
    replication.duration = null;
    vm.status = 'running';
    vm.end = null;
    return { ...r, status: 'running' as const, end: null, duration: null, rto: null, runningPhases: 1 };
  })();

  it('shows a running job past its target as a live breach, with the time it has run, VM and phase', () => {
    // 40 minutes after it started: 10 minutes past the 30-minute target.
    const result = compareOperations(done, running, threshold, sides(1000 + 2400));
    expect(result).toMatchObject({
      rightRtoLabel: 'running — breached by 10m 00s',
      rightLiveBreaches: 1,
      leftLiveBreaches: 0,
    });
    expect(result.rows.find((r) => r.level === 'vm' && r.vm === 'vm1')).toMatchObject({
      rightStatus: 'running',
      right: 2400,
      regression: true,
      reason: 'live-breach',
    });
    expect(result.rows.find((r) => r.level === 'phase' && r.phase === 'Replication')).toMatchObject({
      rightStatus: 'running',
      right: 2340,
      regression: true,
      reason: 'live-breach',
    });
    // Power Off finished in both: compared as usual.
    expect(result.rows.find((r) => r.level === 'phase' && r.phase === 'Power Off')).toMatchObject({
      regression: false,
      delta: 0,
    });
  });

  it('never calls a VM of a running job faster while it still has phases to run', () => {
    // vm1 of the running job has finished Power Off only: 60 s so far against 300 s, but not done.
    const early = structuredClone(running);
    const vm = early.vms[0]!;
    vm.phases = [vm.phases[0]!];
    vm.status = 'succeeded';
    vm.end = vm.phases[0]!.end;
    const result = compareOperations(done, early, threshold, sides(1000 + 120));
    expect(result.rows.find((r) => r.level === 'vm')).toMatchObject({
      rightStatus: 'running',
      right: 120,
      improvement: null,
      regression: false,
    });
    expect(result.rows.find((r) => r.level === 'phase' && r.phase === 'Replication')).toMatchObject({
      presence: 'left-only',
      rightStatus: 'pending',
      regression: false,
      improvement: null,
    });
  });

  it('is no regression while a running job is within its target', () => {
    const result = compareOperations(done, running, threshold, sides(1000 + 600));
    expect(result.rightRtoLabel).toBe('running — within so far');
    expect(result.rightLiveBreaches).toBe(0);
    expect(result.rows.find((r) => r.level === 'vm')).toMatchObject({ rightStatus: 'running', regression: false });
  });

  it('counts a run’s live breaches', () => {
    const result = compareRuns([done], [done, running], ['A', 'B'], threshold, undefined, sides(1000 + 2400));
    expect(result).toMatchObject({ leftLiveBreaches: 0, rightLiveBreaches: 1 });
  });
});
