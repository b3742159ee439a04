import { describe, expect, it } from 'vitest';
import { computeKpis } from '../../electron/contract/evidence';
import { compareRuns } from '../../electron/reports/compare';
import { phaseDurations } from '../../renderer/src/lib/stats';
import { operation, TEST_BOOT } from '../contract/evidenceOperations';

// The evidence rules themselves are tested in the node project (test/contract/evidence.test.ts); this is the one
// that needs the page's statistics too.
describe('one median and percentile', () => {
  it('Insights, Compare and the KPI summary agree on an even number of durations', () => {
    // Two test boots of one VM each whose phases (and RTOs) take 10 s and 20 s per step.
    const ops = [operation(1, TEST_BOOT, { vms: 1, step: 10 }), operation(2, TEST_BOOT, { vms: 1, step: 20 })];
    const insights = phaseDurations(ops).find((d) => d.name === 'Phase 42')!;
    const compare = compareRuns(ops, ops, ['a', 'b'], { percent: 20, seconds: 30 });
    const comparedPhase = compare.rows.find((r) => r.phase === 'Phase 42')!;
    const kpis = computeKpis(ops, { rtoTargetSeconds: null, rtoTargetsByGroup: {} }, 0);
    expect(insights.median).toBe(15);
    expect(comparedPhase.left).toBe(15);
    expect(compare.leftRto).toBe(105);
    expect(kpis.medianRto).toBe(105);
  });
});
