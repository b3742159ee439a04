import { describe, expect, it } from 'vitest';
import { computeKpis, rtoVerdict, targetFor } from '../../electron/contract/evidence.js';
import {
  applyScope,
  describeScope,
  EMPTY_SCOPE,
  isEmptyScope,
  sameScope,
  ScopeSchema,
  type Scope,
} from '../../electron/contract/scope.js';
import { operation, PLANNED, TEST_BOOT, UNDO } from './evidenceOperations.js';

/** One operation of each RTO result, judged with a 30-minute target (group 9: 5 minutes). */
const targets = { rtoTargetSeconds: 1800, rtoTargetsByGroup: { '9': 300 } };
const asOf = 1_000_000 + 10 * 86_400;
const ops = [
  operation(1, TEST_BOOT, { step: 40 }), // within (280 s of 1800)
  operation(2, TEST_BOOT, { group: 9, step: 60 }), // over its group's 5 minutes
  operation(3, PLANNED, { failedVms: 1 }), // not recovered
  operation(4, PLANNED, { start: asOf - 3 * 3600, running: true }), // running 3 h: a live breach
  operation(5, PLANNED, { start: asOf - 60, running: true }), // running, within so far
  operation(6, UNDO), // no RTO
];
const context = { groupNames: { '7': 'Finance Tier 1', '9': 'SAP Production' }, asOf, targets };
const jobs = (scope: Partial<Scope>) =>
  applyScope(ops, ScopeSchema.parse({ ...EMPTY_SCOPE, ...scope }), context).map((op) => op.jobId);

describe('the RTO result in the scope', () => {
  it('keeps the operations whose verdict is one of those picked, judged against their own target at the fetch', () => {
    expect(jobs({ rtoResults: ['within'] })).toEqual([1]);
    expect(jobs({ rtoResults: ['over'] })).toEqual([2]);
    expect(jobs({ rtoResults: ['not-recovered'] })).toEqual([3]);
    expect(jobs({ rtoResults: ['live-breach'] })).toEqual([4]);
    expect(jobs({ rtoResults: [] })).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('lists exactly the breaches the KPI counts', () => {
    const breaches = jobs({ rtoResults: ['over', 'not-recovered', 'live-breach'] });
    expect(breaches).toEqual([2, 3, 4]);
    expect(breaches).toHaveLength(computeKpis(ops, targets, asOf).breaches);
    expect(breaches).toEqual(
      ops.filter((op) => rtoVerdict(op, targetFor(op, targets), asOf).breach).map((op) => op.jobId),
    );
  });

  it('lists exactly the operations RTO compliance is judged over', () => {
    const judged = jobs({ rtoResults: ['within', 'over', 'not-recovered', 'unconfirmed'] });
    expect(judged).toHaveLength(computeKpis(ops, targets, asOf).rtoJudged);
  });

  it('is said in words, counts as a narrower scope, and tells scopes apart', () => {
    const scope = ScopeSchema.parse({ rtoResults: ['over', 'not-recovered', 'live-breach'] });
    expect(describeScope(scope, { groupNames: {}, shown: 3, total: 6, timeZone: 'UTC' })).toBe(
      'all DR groups · all time · RTO over target, not recovered, live breach · 3 of 6 operations',
    );
    expect(isEmptyScope(scope)).toBe(false);
    expect(sameScope(scope, EMPTY_SCOPE)).toBe(false);
    expect(sameScope(scope, { ...scope, rtoResults: ['live-breach', 'over', 'not-recovered'] })).toBe(true);
    // A scope kept before there was an RTO result (a saved run, the settings file) reads as "any".
    expect(ScopeSchema.parse({ range: '7d' }).rtoResults).toEqual([]);
    expect(ScopeSchema.safeParse({ rtoResults: ['late'] }).success).toBe(false);
  });
});
