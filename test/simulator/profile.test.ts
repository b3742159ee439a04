import { describe, expect, it } from 'vitest';
import { normaliseJobStats } from '../../electron/commvault/normaliseJobStats.js';
import {
  backtestIgnoringGroups,
  criticalPath,
  forecastTable,
  pooledBacktest,
} from '../../electron/contract/evidence.js';
import { buildDataset } from '../../electron/simulator/dataset.js';
import { jobStatsBody } from '../../electron/simulator/render.js';

const ANCHOR = 1_790_000_000;
const options = { seed: 1, groups: 5, vms: 8, jobs: 1000, anchor: ANCHOR };
const dataset = buildDataset(options);
const operations = normaliseJobStats(jobStatsBody(dataset, {}, ANCHOR));

describe('the simulator’s durations carry a group’s history', () => {
  it('is the same for the same seed', () => {
    expect(buildDataset(options)).toEqual(dataset);
  });

  it('has failovers waiting for approval in some groups, and test boots that never do', () => {
    const approvals = dataset.operations.filter((op) => op.vms.some((vm) => vm.phases.some((p) => p.code === 27)));
    expect(approvals.length).toBeGreaterThan(0);
    expect(new Set(approvals.map((op) => op.type))).not.toContain(7);
    expect(new Set(approvals.map((op) => op.vAppId)).size).toBeLessThan(dataset.groups.length);
  });

  it('boots some groups in priority order, a later VM starting after an earlier one finished', () => {
    const ordered = dataset.operations.filter(
      (op) =>
        !op.live && op.vms.some((late) => op.vms.some((early) => early.phases.at(-1)!.end < late.phases[0]!.start)),
    );
    expect(ordered.length).toBeGreaterThan(0);
    const paths = operations.map(criticalPath).filter((p) => p.kind === 'path');
    expect(paths.some((p) => p.segments.some((s) => s.kind === 'priority-interval'))).toBe(true);
    expect(paths.some((p) => p.segments.some((s) => s.kind === 'approval'))).toBe(true);
  });

  it('lets the group’s own history forecast its RTO, and a forecast that ignores it fail', () => {
    const rows = forecastTable(operations, { rtoTargetSeconds: 3600, rtoTargetsByGroup: {} }).filter(
      (r) => r.backtest.runs >= 10,
    );
    const own = pooledBacktest(rows.map((r) => r.backtest));
    expect(own.p90Coverage).toBeGreaterThanOrEqual(0.85);
    expect(own.p90Coverage).toBeLessThanOrEqual(0.95);
    expect(own.p50Error).toBeLessThanOrEqual(0.25);
    const blind = backtestIgnoringGroups(operations);
    const fails = blind.p50Error! > 0.25 || blind.p90Coverage! < 0.85 || blind.p90Coverage! > 0.95;
    expect(fails).toBe(true);
  });
});
