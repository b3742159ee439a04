import { describe, expect, it } from 'vitest';
import {
  classify,
  computeKpis,
  groupCompliance,
  inferOperationType,
  median,
  operationTypeFromName,
  percentile,
  rtoVerdict,
  targetFor,
} from '../../electron/contract/evidence.js';
import { operation, PLANNED, TEST_BOOT, UNDO } from './evidenceOperations.js';

const targets = { rtoTargetSeconds: 1800, rtoTargetsByGroup: { '9': 300 } };

describe('operation types', () => {
  it.each([
    [TEST_BOOT, 'test-boot'],
    [PLANNED, 'planned-failover'],
    [[13, 15, 1, 14, 32, 26], 'unplanned-failover'],
    [[13, 2, 7, 16, 1, 26], 'failback'],
    [UNDO, 'undo-failover'],
    [[13, 19, 15, 1, 32, 26], 'point-in-time-failover'],
    [[13, 2, 19, 26], 'revert-failover'],
    [[13, 16, 7, 26], 'reverse-replication'],
    [[2, 1], 'unknown'],
  ] as const)('infers %j as %s', (codes, type) => {
    expect(inferOperationType(new Set(codes))).toBe(type);
  });

  it('reads the CommServe operation name', () => {
    expect(operationTypeFromName('Test Boot VMs')).toBe('test-boot');
    expect(operationTypeFromName('Planned Failover')).toBe('planned-failover');
    expect(operationTypeFromName('Unplanned Failover')).toBe('unplanned-failover');
    expect(operationTypeFromName('Undo Failover')).toBe('undo-failover');
    expect(operationTypeFromName('Failback')).toBe('failback');
    expect(operationTypeFromName('Point in Time Failover')).toBe('point-in-time-failover');
    expect(operationTypeFromName('Backup')).toBeUndefined();
  });

  it('gives undo operations a duration but no recovery RTO', () => {
    const undo = operation(1, UNDO);
    expect(undo).toMatchObject({ operationType: 'undo-failover', duration: 300, rto: null });
    expect(rtoVerdict(undo, 1800, 2_000_000)).toMatchObject({ kind: 'not-applicable', breach: false });
    const known = classify(operation(2, [2, 1]), 'planned-failover');
    expect(known).toMatchObject({ operationTypeSource: 'commserve', rto: 120 });
  });
});

describe('RTO verdicts', () => {
  it('never judges a failed recovery within target, however quick', () => {
    const failed = operation(16613, PLANNED, { vms: 7, failedVms: 6, step: 10 });
    const verdict = rtoVerdict(failed, 7200, 2_000_000);
    expect(verdict).toMatchObject({ kind: 'not-recovered', recovered: 1, total: 7, breach: true, rto: null });
    expect(verdict.label).toBe('not recovered (1 of 7 VMs)');
  });

  it('flags a running recovery past its target as a live breach, judged at the given moment', () => {
    const running = operation(16676, PLANNED, { running: true, start: 1_000_000 });
    expect(rtoVerdict(running, 1800, 1_000_000 + 600)).toMatchObject({ kind: 'running', breach: false });
    const late = rtoVerdict(running, 1800, 1_000_000 + 6840);
    expect(late).toMatchObject({ kind: 'running-breached', elapsed: 6840, overBy: 5040, breach: true });
    expect(late.label).toBe('running — breached by 1h 24m');
  });

  it('judges a succeeded recovery within or over its group target', () => {
    const ok = operation(1, TEST_BOOT, { group: 9, step: 40 });
    expect(targetFor(ok, targets)).toBe(300);
    expect(rtoVerdict(ok, 300, 0)).toMatchObject({ kind: 'within', rto: 280 });
    const slow = operation(2, TEST_BOOT, { group: 9, step: 60 });
    expect(rtoVerdict(slow, targetFor(slow, targets), 0)).toMatchObject({ kind: 'over', overBy: 120 });
    expect(rtoVerdict(slow, null, 0)).toMatchObject({ kind: 'no-target', rto: 420 });
  });
});

describe('one median and percentile', () => {
  it('interpolates between the middle values (Excel PERCENTILE.INC)', () => {
    expect(median([10, 20])).toBe(15);
    expect(median([20, 10, 30])).toBe(20);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBeCloseTo(9.55);
    expect(median([])).toBeNull();
  });
});

describe('KPIs and compliance', () => {
  const asOf = 1_000_000 + 100 * 86_400;
  const ops = [
    operation(1, TEST_BOOT, { start: 1_000_000 }),
    operation(2, PLANNED, { start: 1_000_000 + 10 * 86_400, failedVms: 1 }),
    operation(3, UNDO, { start: 1_000_000 + 11 * 86_400 }),
    operation(4, PLANNED, { start: asOf - 3 * 3600, running: true }),
  ];

  it('counts success, RTO compliance, recovered VMs and breaches by the one definition', () => {
    const kpis = computeKpis(ops, { rtoTargetSeconds: 1800, rtoTargetsByGroup: {} }, asOf);
    expect(kpis).toMatchObject({
      operations: 4,
      finished: 3,
      succeeded: 2,
      failed: 1,
      running: 1,
      // Test boot within; failed failover not recovered; the undo is not judged.
      rtoJudged: 2,
      rtoWithin: 1,
      rtoCompliance: 0.5,
      vmsRecovered: 3,
      vmsTotal: 4,
      breaches: 2,
      runningBreaches: 1,
    });
  });

  it('flags a group whose last successful test is older than its interval', () => {
    const [group] = groupCompliance(ops, { rtoTargetSeconds: 1800, rtoTargetsByGroup: {} }, asOf, () => 90);
    expect(group).toMatchObject({
      groupId: 7,
      running: 1,
      lastTest: { jobId: 2 },
      lastSuccessfulTest: { jobId: 1 },
      daysSinceSuccess: 100,
      overdue: true,
    });
    const [lenient] = groupCompliance(ops, targets, asOf, () => 120);
    expect(lenient!.overdue).toBe(false);
  });

  it('finds the last successful test in the whole history, whatever time range or status is shown', () => {
    // Shown: only the failed failover of the last weeks. The test boot 100 days ago still counts as the last success.
    const shown = ops.filter((op) => op.status === 'failed');
    const [group] = groupCompliance(shown, targets, asOf, () => 120, ops);
    expect(group).toMatchObject({
      operations: 1,
      lastSuccessfulTest: { jobId: 1 },
      daysSinceSuccess: 100,
      overdue: false,
    });
    const [narrow] = groupCompliance(shown, targets, asOf, () => 120);
    expect(narrow).toMatchObject({ lastSuccessfulTest: null, overdue: true });
  });
});
