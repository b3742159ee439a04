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
});
