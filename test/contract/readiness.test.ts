import { describe, expect, it } from 'vitest';
import {
  formatSeconds,
  groupCoverage,
  groupRpo,
  lagMinutesToSeconds,
  nextScheduledRun,
  pairTestCleanups,
  readinessChecks,
  readinessVerdict,
  RECOVERY_POINT_UNKNOWN,
  recoveryPointAges,
  type VmReplication,
} from '../../electron/contract/evidence.js';
import { operation, PLANNED, TEST_BOOT, UNDO } from './evidenceOperations.js';

const DAY = 86_400;
const vm = (name: string, lagSeconds: number | null): VmReplication => ({
  name,
  replicationId: 1,
  lagSeconds,
  lagSource: lagSeconds === null ? 'none' : 'v4-monitor',
  syncStatus: 'in sync',
  syncState: 'in-sync',
  failoverStatus: 'none',
  failoverState: 'none',
});

describe('RPO', () => {
  it('the older monitor gives minutes, V4 seconds: one scale', () => {
    expect(lagMinutesToSeconds(21)).toBe(1_260);
  });

  it('the worst lag against the target; a VM without a reported lag is counted, never taken as zero', () => {
    const rpo = groupRpo(3_600, [vm('a', 600), vm('b', 4_000), vm('c', null)]);
    expect(rpo).toMatchObject({ worstLagSeconds: 4_000, worstVm: 'b', breach: true, unknownLag: 1 });
    expect(groupRpo(3_600, [vm('a', 3_600)]).breach).toBe(false);
    expect(groupRpo(null, [vm('a', 99_999)]).breach).toBe(false);
  });

  it('within target but past 80% warns, past it fails; with no lag at all it warns', () => {
    const judge = (lags: (number | null)[]) =>
      readinessChecks(
        { at: 1, replicationAt: 1, vms: lags.map((l, i) => vm(`v${i}`, l)), rpoTargetSeconds: 1_000 },
        formatSeconds,
      ).find((c) => c.id === 'rpo-within-target')!.state;
    expect(judge([100])).toBe('pass');
    expect(judge([900])).toBe('warn');
    expect(judge([1_001])).toBe('fail');
    expect(judge([null])).toBe('warn');
  });

  it('ready when nothing fails, unknown when nothing could be judged', () => {
    expect(readinessVerdict([{ state: 'pass' }, { state: 'warn' }, { state: 'unavailable' }])).toBe('ready');
    expect(readinessVerdict([{ state: 'pass' }, { state: 'fail' }])).toBe('not-ready');
    expect(readinessVerdict([{ state: 'unavailable' }, { state: 'not-applicable' }])).toBe('unknown');
  });
});

describe('recovery-point age', () => {
  it('a planned failover: from the end of its final replication to the power-on; a test boot: not in the data', () => {
    const planned = operation(1, PLANNED, { step: 60 });
    // Replication (7) is the 5th phase, Power On (1) the 7th: it ends at +300 s, power-on starts at +360 s.
    expect(recoveryPointAges(planned).map((a) => a.seconds)).toEqual([60, 60]);
    const test = operation(2, TEST_BOOT);
    expect(recoveryPointAges(test).map((a) => [a.seconds, a.note])).toEqual([
      [null, RECOVERY_POINT_UNKNOWN],
      [null, RECOVERY_POINT_UNKNOWN],
    ]);
    expect(recoveryPointAges(operation(3, UNDO))).toEqual([]);
  });
});

describe('test clean-up', () => {
  it('pairs each test boot with the undo that ended it, before the next test boot; else still open', () => {
    const ops = [
      operation(10, TEST_BOOT, { start: 1_000_000 }),
      operation(11, UNDO, { start: 1_100_000 }),
      operation(12, TEST_BOOT, { start: 1_200_000 }),
      operation(13, TEST_BOOT, { start: 1_300_000 }),
      operation(14, UNDO, { start: 1_400_000 }),
    ];
    expect(pairTestCleanups(ops).map((p) => [p.testJobId, p.cleanedUpBy, p.text])).toEqual([
      [10, 11, 'cleaned up by job 11'],
      [12, null, 'still open'],
      [13, 14, 'cleaned up by job 14'],
    ]);
  });
});

describe('coverage', () => {
  const asOf = 2_000_000;
  it('k of n members proven inside the interval; a VM added since the last successful test is partially proven', () => {
    const tested = operation(20, TEST_BOOT, { start: asOf - 10 * DAY, vms: 2 });
    const coverage = groupCoverage(['vm-0', 'vm-1', 'vm-new'], [tested], null, 90, asOf);
    expect(coverage.proven).toBe(2);
    expect(coverage.text).toBe('2 of 3 member VMs recovered within target inside 90 days');
    expect(coverage.members.find((m) => m.name === 'vm-new')).toMatchObject({
      provenBy: null,
      addedSinceLastSuccess: true,
    });
    expect(coverage.partiallyProven).toBe(true);
    expect(groupCoverage(['vm-0', 'vm-1'], [tested], null, 90, asOf).partiallyProven).toBe(false);
  });

  it('a test older than the interval or over target proves nobody', () => {
    const old = operation(21, TEST_BOOT, { start: asOf - 100 * DAY });
    expect(groupCoverage(['vm-0'], [old], null, 90, asOf).proven).toBe(0);
    const slow = operation(22, TEST_BOOT, { start: asOf - DAY, step: 600 });
    expect(groupCoverage(['vm-0'], [slow], 60, 90, asOf).proven).toBe(0);
  });
});

describe('schedules', () => {
  const at = Date.UTC(2026, 8, 15, 12) / 1000; // Tue 15 Sep 2026 12:00 UTC
  const iso = (t: number | null) => (t === null ? null : new Date(t * 1000).toISOString());
  it('monthly on a day, weekly on days, yearly, daily and every N minutes', () => {
    expect(iso(nextScheduledRun({ scheduleFrequencyType: 'MONTHLY', dayOfMonth: 1, startTime: 75_600 }, at))).toBe(
      '2026-10-01T21:00:00.000Z',
    );
    expect(iso(nextScheduledRun({ scheduleFrequencyType: 'MONTHLY', dayOfMonth: 15, startTime: 75_600 }, at))).toBe(
      '2026-09-15T21:00:00.000Z',
    );
    expect(
      iso(nextScheduledRun({ scheduleFrequencyType: 'WEEKLY', weeklyDays: ['SUNDAY'], startTime: 7_200 }, at)),
    ).toBe('2026-09-20T02:00:00.000Z');
    expect(
      iso(
        nextScheduledRun({ scheduleFrequencyType: 'YEARLY', monthOfYear: 'MARCH', dayOfMonth: 10, startTime: 0 }, at),
      ),
    ).toBe('2027-03-10T00:00:00.000Z');
    expect(iso(nextScheduledRun({ scheduleFrequencyType: 'DAILY', startTime: 3_600 }, at))).toBe(
      '2026-09-16T01:00:00.000Z',
    );
    expect(
      iso(
        nextScheduledRun(
          { scheduleFrequencyType: 'MONTHLY', weekOfMonth: 'LAST', dayOfWeek: 'FRIDAY', startTime: 0 },
          at,
        ),
      ),
    ).toBe('2026-09-25T00:00:00.000Z');
    expect(nextScheduledRun({ scheduleFrequencyType: 'AUTOMATIC' }, at)).toBeNull();
    expect(nextScheduledRun({ scheduleFrequencyType: 'DAILY', endDate: at - 1 }, at)).toBeNull();
  });
});
