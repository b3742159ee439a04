import type { GroupCompliance } from './evidence.js';
import { CHECK_LABELS, type GroupReadiness } from './readiness.js';
import type { GroupCoverage } from './testCoverage.js';

/**
 * The one status a DR group's card leads with, and the groups CSV's `status`: the worst that applies, in this order.
 * - **Failing**: readiness not ready (a check failed), the last test did not recover every VM, or a live breach.
 * - **Overdue**: no successful test within the test interval.
 * - **At risk**: a readiness warning, members not proven (never, or added since the last successful test), or the
 *   last test over its RTO target.
 * - **Proven**: tested within the interval, every member recovered within target, ready now.
 */
export type GroupStatus = 'failing' | 'overdue' | 'at-risk' | 'proven';

export const GROUP_STATUS_LABELS: Readonly<Record<GroupStatus, string>> = {
  failing: 'Failing',
  overdue: 'Overdue',
  'at-risk': 'At risk',
  proven: 'Proven',
};

export interface GroupStatusView {
  status: GroupStatus;
  label: string;
  /** Why, in a few words each, worst first. */
  reasons: string[];
}

export function groupStatus(
  compliance: Pick<GroupCompliance, 'overdue' | 'lastTest' | 'daysSinceSuccess' | 'intervalDays'>,
  readiness: Pick<GroupReadiness, 'verdict' | 'checks'> | null,
  coverage: Pick<GroupCoverage, 'partiallyProven' | 'proven' | 'total'> | null,
  liveBreaches = 0,
): GroupStatusView {
  const failing: string[] = [];
  const risk: string[] = [];
  for (const check of readiness?.checks ?? []) {
    if (check.state === 'fail') failing.push(`not ready: ${CHECK_LABELS[check.id]} failed (${check.value})`);
    if (check.state === 'warn') risk.push(`${CHECK_LABELS[check.id]}: ${check.value}`);
  }
  if (compliance.lastTest?.verdict.kind === 'not-recovered') failing.push('the last test did not bring every VM up');
  if (liveBreaches > 0) failing.push(liveBreaches === 1 ? 'a live breach' : `${liveBreaches} live breaches`);
  if (coverage?.partiallyProven) risk.push(`partially proven: ${coverage.proven} of ${coverage.total} member VMs`);
  if (compliance.lastTest?.verdict.kind === 'over') risk.push('the last test was over its RTO target');
  const overdue = compliance.overdue
    ? [
        compliance.daysSinceSuccess === null
          ? 'no successful test'
          : `last success ${compliance.daysSinceSuccess} days ago (interval ${compliance.intervalDays})`,
      ]
    : [];
  const status: GroupStatus = failing.length
    ? 'failing'
    : overdue.length
      ? 'overdue'
      : risk.length
        ? 'at-risk'
        : 'proven';
  return { status, label: GROUP_STATUS_LABELS[status], reasons: [...failing, ...overdue, ...risk] };
}
