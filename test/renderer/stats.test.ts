import { describe, expect, it } from 'vitest';
import type { DrOperation, Phase } from '../../electron/contract/model';
import { formatDuration, formatTime } from '../../renderer/src/lib/format';
import { classify, type RtoTargets } from '../../electron/contract/evidence';
import {
  failingPhases,
  phaseDurations,
  rtoTrendByGroup,
  slowestRunningPhases,
  targetLine,
} from '../../renderer/src/lib/stats';

const phase = (
  name: string,
  duration: number | null,
  status: Phase['status'] = 'succeeded',
  errorMessage: string | null = null,
  start = 0,
): Phase => ({
  code: 1,
  name,
  status,
  rawStatus: 0,
  start,
  end: duration === null ? null : start + duration,
  duration,
  machine: null,
  errorMessage,
  childJobId: null,
});

const op = (jobId: number, start: number, rto: number | null, phases: Phase[]): DrOperation => ({
  jobId,
  drGroupId: 1,
  operationType: 'test-boot',
  operationTypeSource: 'commserve',
  start,
  end: rto === null ? null : start + rto,
  duration: rto,
  rto,
  status: phases.some((p) => p.status === 'failed') ? 'failed' : 'succeeded',
  failedPhases: phases.filter((p) => p.status === 'failed').length,
  runningPhases: 0,
  vms: [
    {
      jobId,
      replicationId: 1,
      drGroupId: 1,
      client: { id: 1, name: 'vm' },
      phases,
      start,
      end: null,
      status: 'succeeded',
      failedPhases: 0,
    },
  ],
});

describe('insight statistics', () => {
  it('gives median and p95 per phase, slowest p95 first, ignoring running phases', () => {
    const ops = [
      op(1, 0, 100, [phase('Power On', 10), phase('Replication', 100)]),
      op(2, 0, 100, [phase('Power On', 30), phase('Replication', null, 'running')]),
    ];
    expect(phaseDurations(ops)).toEqual([
      { name: 'Replication', count: 1, median: 100, p95: 100, max: 100 },
      { name: 'Power On', count: 2, median: 20, p95: 29, max: 30 },
    ]);
  });

  it('ranks failing phases with their newest error', () => {
    const ops = [
      op(1, 0, 10, [phase('Replication', 5, 'failed', 'old error', 10)]),
      op(2, 0, 10, [phase('Replication', 5, 'failed', 'new error', 20), phase('Power On', 5, 'failed', 'x', 5)]),
      op(3, 0, 10, [phase('Replication', 5)]),
    ];
    expect(failingPhases(ops)).toEqual([
      { name: 'Replication', failures: 2, runs: 3, lastError: 'new error', lastJobId: 2 },
      { name: 'Power On', failures: 1, runs: 1, lastError: 'x', lastJobId: 2 },
    ]);
  });
});

/** An operation as the normaliser makes it: its type's RTO set by the evidence module. */
const recovery = (
  jobId: number,
  group: number,
  type: DrOperation['operationType'],
  start: number,
  duration: number | null,
  status: DrOperation['status'],
): DrOperation => {
  const base = op(jobId, start, duration, [phase('Power On', duration, status, null, start)]);
  base.vms[0]!.status = status;
  const end = duration === null ? null : start + duration;
  return classify({ ...base, drGroupId: group, status, duration, end }, type);
};

describe('RTO trend by DR group', () => {
  const targets: RtoTargets = { rtoTargetSeconds: 7200, rtoTargetsByGroup: { '2': 1800 } };
  const names = { '1': 'Finance', '2': 'SAP Production' };
  const asOf = 100_000;
  const ops = [
    recovery(10, 1, 'test-boot', 1000, 600, 'succeeded'),
    recovery(11, 1, 'undo-failover', 2000, 300, 'succeeded'),
    recovery(12, 1, 'failback', 2500, 900, 'succeeded'),
    recovery(13, 2, 'planned-failover', 3000, 2400, 'succeeded'),
    recovery(14, 2, 'unplanned-failover', 4000, 120, 'failed'),
    recovery(15, 2, 'test-boot', asOf - 3600, null, 'running'),
    recovery(16, 1, 'unknown', 5000, 60, 'succeeded'),
    recovery(17, 1, 'reverse-replication', 5500, 60, 'succeeded'),
  ];

  it('keeps undo, failback, reverse replication and unknown operations out of the trend and its medians', () => {
    const finance = rtoTrendByGroup(ops, targets, asOf, names).find((g) => g.groupId === 1)!;
    expect(finance.points.map((p) => p.jobId)).toEqual([10]);
    expect(finance.medianRto).toBe(600);
    expect(finance.notRecovery).toBe(4);
  });

  it("gives each group its own target line: the group's override, else the connection's", () => {
    const groups = rtoTrendByGroup(ops, targets, asOf, names);
    expect(groups.map((g) => [g.name, g.target])).toEqual([
      ['Finance', 7200],
      ['SAP Production', 1800],
    ]);
    const sap = groups.find((g) => g.groupId === 2)!;
    expect(targetLine(sap)).toEqual([
      { x: 3000, y: 1800 },
      { x: 4000, y: 1800 },
    ]);
    expect(sap.over).toBe(1);
    expect(sap.points.find((p) => p.jobId === 13)).toMatchObject({ kind: 'over', seconds: 2400 });
  });

  it('marks failed recoveries as not recovered, never with an RTO, and does not plot running ones as finished', () => {
    const sap = rtoTrendByGroup(ops, targets, asOf, names).find((g) => g.groupId === 2)!;
    const failed = sap.points.find((p) => p.jobId === 14)!;
    expect(failed).toMatchObject({ kind: 'not-recovered', rto: null, seconds: 120 });
    expect(failed.label).toMatch(/^not recovered \(0 of 1 VMs\)/);
    expect(sap.notRecovered).toBe(1);
    expect(sap.points.some((p) => p.jobId === 15)).toBe(false);
    expect(sap.running).toBe(1);
    expect(sap.runningBreached).toBe(1);
    // The medians are over recovered operations only: the quick failure does not pull them down.
    expect(sap.medianRto).toBe(2400);
  });

  it('has no target line without a target', () => {
    const [only] = rtoTrendByGroup(ops.slice(0, 1), { rtoTargetSeconds: null, rtoTargetsByGroup: {} }, asOf, {});
    expect(only!.name).toBe('Group 1');
    expect(targetLine(only!)).toEqual([]);
    expect(only!.points[0]!.kind).toBe('no-target');
  });
});

describe('slowest phases now', () => {
  it('ranks running phases by their elapsed time as of the fetch, with the VM and job', () => {
    const running = (jobId: number, vm: string, name: string, start: number): DrOperation => {
      const o = op(jobId, start, null, [phase(name, null, 'running', null, start)]);
      o.vms[0]!.client.name = vm;
      o.status = 'running';
      return o;
    };
    const ops = [
      running(1, 'web-03', 'Power On', 900),
      running(2, 'ctx-02', 'Replication', 100),
      op(3, 0, 10, [phase('Power On', 10)]),
    ];
    expect(slowestRunningPhases(ops, 1000, 5)).toEqual([
      { jobId: 2, vm: 'ctx-02', name: 'Replication', elapsed: 900 },
      { jobId: 1, vm: 'web-03', name: 'Power On', elapsed: 100 },
    ]);
  });
});

describe('formatting', () => {
  it('writes times as YYYY-MM-DD HH:mm:ss and durations compactly', () => {
    expect(formatTime(1502403488, true)).toBe('2017-08-10 22:18:08');
    expect(formatTime(null)).toBe('—');
    expect(formatDuration(12)).toBe('12s');
    expect(formatDuration(249)).toBe('4m 09s');
    expect(formatDuration(7500)).toBe('2h 05m');
  });
});
