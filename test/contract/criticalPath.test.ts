import { describe, expect, it } from 'vitest';
import {
  criticalPath,
  criticalPathShares,
  criticalPathWords,
  phaseMedians,
  whatIfRto,
  type CriticalPath,
} from '../../electron/contract/evidence.js';
import { timedOperation } from './pathOperations.js';

const T = 1_700_000_000;

function pathOf(op: Parameters<typeof criticalPath>[0]): CriticalPath {
  const result = criticalPath(op);
  if (result.kind !== 'path') throw new Error(`no path: ${result.message}`);
  return result;
}

const total = (path: CriticalPath) => path.segments.reduce((sum, s) => sum + s.seconds, 0);
const brief = (path: CriticalPath) => path.segments.map((s) => [s.kind, s.label, s.vm, s.seconds]);

describe('the critical path of a recovery', () => {
  it('names the wait for approval and the queueing between a VM’s phases, adding up to the RTO', () => {
    const op = timedOperation(1, {
      'app-01': [
        [13, T, T + 10],
        [27, T + 12, T + 100],
        [1, T + 100, T + 160],
      ],
    });
    const path = pathOf(op);
    expect(brief(path)).toEqual([
      ['phase', 'Phase 13', 'app-01', 10],
      ['queueing', 'queueing', 'app-01', 2],
      ['approval', 'waiting for approval', 'app-01', 88],
      ['phase', 'Phase 1', 'app-01', 60],
    ]);
    expect(total(path)).toBe(op.rto);
    expect(path.segments[0]!.start).toBe(T);
    expect(path.segments.at(-1)!.end).toBe(op.end);
  });

  it('follows the VM of an earlier priority through the interval between priority groups', () => {
    const op = timedOperation(2, {
      'db-01': [
        [13, T, T + 10],
        [1, T + 10, T + 100],
      ],
      'app-02': [
        [13, T + 400, T + 410],
        [1, T + 410, T + 500],
      ],
    });
    const path = pathOf(op);
    expect(brief(path)).toEqual([
      ['phase', 'Phase 13', 'db-01', 10],
      ['phase', 'Phase 1', 'db-01', 90],
      ['priority-interval', 'priority interval', 'app-02', 300],
      ['phase', 'Phase 13', 'app-02', 10],
      ['phase', 'Phase 1', 'app-02', 90],
    ]);
    expect(path.segments.map((s) => s.heldUp)).toEqual([true, true, false, false, false]);
    expect(path.lastVm).toBe('app-02');
    expect(total(path)).toBe(op.rto);
  });

  it('is the VM that finished last when VMs overlap, with its late start as queueing', () => {
    const op = timedOperation(3, {
      'a-01': [[7, T, T + 500]],
      'b-02': [
        [7, T + 5, T + 300],
        [1, T + 300, T + 600],
      ],
      'c-03': [
        [7, T + 10, T + 200],
        [1, T + 200, T + 250],
      ],
    });
    const path = pathOf(op);
    expect(brief(path)).toEqual([
      ['queueing', 'queueing', 'b-02', 5],
      ['phase', 'Phase 7', 'b-02', 295],
      ['phase', 'Phase 1', 'b-02', 300],
    ]);
    expect(total(path)).toBe(op.rto);
    expect(path.segments.map((s) => s.share)).toEqual([5 / 600, 295 / 600, 300 / 600]);
  });

  it('does not loop on phases of no length or VMs that end together', () => {
    const op = timedOperation(4, {
      'x-01': [
        [13, T, T],
        [1, T, T + 50],
        [22, T + 50, T + 50],
      ],
      'y-02': [
        [13, T, T + 20],
        [1, T + 50, T + 50],
      ],
    });
    const path = pathOf(op);
    expect(total(path)).toBe(50);
  });

  it('has no critical path yet for a running recovery, and none for a failed one', () => {
    const running = timedOperation(5, {
      'a-01': [
        [13, T, T + 10],
        [1, T + 10, null],
      ],
    });
    expect(criticalPath(running)).toMatchObject({ kind: 'none', reason: 'running' });
    expect(criticalPath(running)).toMatchObject({ message: expect.stringMatching(/no critical path yet/) });
    const failed = timedOperation(6, {
      'a-01': [
        [13, T, T + 10],
        [1, T + 10, T + 20, 'failed'],
      ],
    });
    expect(criticalPath(failed)).toMatchObject({ kind: 'none', reason: 'not-recovered' });
    expect(criticalPath(failed)).toMatchObject({ message: expect.stringMatching(/no RTO/) });
    const undo = timedOperation(7, { 'a-01': [[49, T, T + 10]] }, { type: 'undo-failover' });
    expect(criticalPath(undo)).toMatchObject({ kind: 'none', reason: 'not-recovery' });
  });

  it('is said in words, largest shares first', () => {
    const op = timedOperation(8, {
      'sapp-ctx-02': [
        [13, T, T + 20],
        [27, T + 20, T + 200],
        [7, T + 200, T + 1000],
      ],
    });
    expect(criticalPathWords(pathOf(op))).toBe(
      '80 % Phase 7 on sapp-ctx-02 · 18 % waiting for approval · 2 % Phase 13 on sapp-ctx-02',
    );
  });
});

describe('what-if', () => {
  const approval = timedOperation(10, {
    'app-01': [
      [13, T, T + 10],
      [27, T + 10, T + 100],
      [1, T + 100, T + 160],
    ],
  });

  it('removes the approval wait, beside the real RTO', () => {
    const result = whatIfRto(approval, pathOf(approval), { kind: 'no-approval' });
    expect(result).toEqual({ realRto: 160, whatIfRto: 70, change: 'without the wait for approval' });
  });

  it('puts one segment at its median, and another VM may then decide the RTO', () => {
    const op = timedOperation(11, {
      'a-01': [[7, T, T + 500]],
      'b-02': [
        [7, T, T + 300],
        [1, T + 300, T + 600],
      ],
    });
    const path = pathOf(op);
    const replication = path.segments.findIndex((s) => s.phaseCode === 7);
    const result = whatIfRto(op, path, { kind: 'segment', index: replication, seconds: 100 });
    // b-02 would end at T + 400, but a-01 still ends at T + 500.
    expect(result.realRto).toBe(600);
    expect(result.whatIfRto).toBe(500);
    expect(result.change).toBe('Phase 7 on b-02 at 1m 40s');
  });

  it('takes a phase’s median on that VM from the group’s past recoveries', () => {
    const runs = [100, 200, 400].map((d, i) =>
      timedOperation(20 + i, { 'a-01': [[7, T + i * 10_000, T + i * 10_000 + d]] }),
    );
    expect(phaseMedians(runs).get('a-01\u00007')).toBe(200);
  });
});

describe('shares across a group’s tests', () => {
  it('adds up the phases and the VMs that took the most of its critical paths', () => {
    const one = timedOperation(30, {
      'a-01': [
        [7, T, T + 300],
        [1, T + 300, T + 400],
      ],
    });
    const two = timedOperation(31, {
      'b-02': [
        [7, T, T + 100],
        [1, T + 100, T + 200],
      ],
    });
    const shares = criticalPathShares([pathOf(one), pathOf(two)]);
    expect(shares.totalSeconds).toBe(600);
    expect(shares.byPhase).toEqual([
      { label: 'Phase 7', seconds: 400, share: 400 / 600 },
      { label: 'Phase 1', seconds: 200, share: 200 / 600 },
    ]);
    expect(shares.byVm).toEqual([
      { label: 'a-01', seconds: 400, share: 400 / 600 },
      { label: 'b-02', seconds: 200, share: 200 / 600 },
    ]);
  });
});
