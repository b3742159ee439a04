import {
  criticalPath,
  criticalPathShares,
  forecastTable,
  type CriticalPath,
  type ForecastRow,
  type PathShares,
  type RtoTargets,
} from '$contract/evidence';
import type { DrOperation } from '$contract/model';

/**
 * Forecasts and critical-path shares of the operations shown, computed once per list of operations and targets (the
 * overview's cards, the trend and Insights read the same figures). A list is a new array whenever the data or the
 * scope changes, so its identity is the key. The cost is measured by `npm run bench` (50 groups × 200 runs well under
 * a second), and it runs in the page, never in the process that answers the page's calls.
 */
const forecasts = new WeakMap<readonly DrOperation[], { targets: RtoTargets; rows: ForecastRow[] }>();

export function forecastsOf(operations: readonly DrOperation[], targets: RtoTargets): ForecastRow[] {
  const kept = forecasts.get(operations);
  if (kept && kept.targets === targets) return kept.rows;
  const rows = forecastTable(operations, targets);
  forecasts.set(operations, { targets, rows });
  return rows;
}

/** The forecast rows of one DR group, most runs first (its usual kind of test leads). */
export function groupForecasts(rows: readonly ForecastRow[], groupId: number | null): ForecastRow[] {
  return rows.filter((r) => r.groupId === groupId).sort((a, b) => b.runs - a.runs);
}

export interface GroupPathShares {
  groupId: number | null;
  shares: PathShares;
}

const shares = new WeakMap<readonly DrOperation[], GroupPathShares[]>();

/** Per DR group, the phases and VMs that took the largest share of its recoveries' critical paths. */
export function pathSharesByGroup(operations: readonly DrOperation[]): GroupPathShares[] {
  const kept = shares.get(operations);
  if (kept) return kept;
  const byGroup = new Map<number | null, CriticalPath[]>();
  for (const op of operations) {
    const path = criticalPath(op);
    if (path.kind !== 'path') continue;
    const list = byGroup.get(op.drGroupId) ?? [];
    list.push(path);
    byGroup.set(op.drGroupId, list);
  }
  const out = [...byGroup].map(([groupId, paths]) => ({ groupId, shares: criticalPathShares(paths) }));
  shares.set(operations, out);
  return out;
}
