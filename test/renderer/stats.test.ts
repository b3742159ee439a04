import { describe, expect, it } from 'vitest';
import type { DrOperation, Phase } from '../../electron/contract/model';
import { formatDuration, formatTime } from '../../renderer/src/lib/format';
import { failingPhases, phaseDurations, rtoTrend } from '../../renderer/src/lib/stats';

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

  it('orders the RTO trend by time and leaves out unfinished operations', () => {
    const trend = rtoTrend([op(2, 200, 50, []), op(1, 100, 70, []), op(3, 300, null, [])]);
    expect(trend.map((t) => [t.jobId, t.rto])).toEqual([
      [1, 70],
      [2, 50],
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

describe('formatting', () => {
  it('writes times as YYYY-MM-DD HH:mm:ss and durations compactly', () => {
    expect(formatTime(1502403488, true)).toBe('2017-08-10 22:18:08');
    expect(formatTime(null)).toBe('—');
    expect(formatDuration(12)).toBe('12s');
    expect(formatDuration(249)).toBe('4m 09s');
    expect(formatDuration(7500)).toBe('2h 05m');
  });
});
