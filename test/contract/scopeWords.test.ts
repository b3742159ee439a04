import { describe, expect, it } from 'vitest';
import { describeScope, EMPTY_SCOPE } from '../../electron/contract/scope.js';

const names = { '30': 'Finance Tier 1', '31': 'SAP Production' };

describe('the scope in words', () => {
  it('states what was fetched, not only what was filtered after', () => {
    const text = describeScope(EMPTY_SCOPE, {
      groupNames: names,
      shown: 3,
      total: 3,
      timeZone: 'UTC',
      fetched: { drGroupId: 30, jobId: 11049 },
    });
    expect(text).toBe('Finance Tier 1 · job 11049 · all time · 3 of 3 operations');
    expect(
      describeScope(EMPTY_SCOPE, { groupNames: names, shown: 1, total: 1, timeZone: 'UTC', fetched: { clientId: 7 } }),
    ).toBe('all DR groups · client 7 · all time · 1 of 1 operation');
  });

  it('names custom dates as days in the zone the range was picked in', () => {
    // 2026-11-01 00:00 and 2026-11-30 23:59:59 in Berlin (UTC+1): in UTC the start would read as 31 October.
    const scope = { ...EMPTY_SCOPE, range: 'custom' as const, from: 1_793_487_600, to: 1_796_079_599 };
    expect(describeScope(scope, { groupNames: names, shown: 5, total: 9, timeZone: 'Europe/Berlin' })).toBe(
      'all DR groups · 2026-11-01 to 2026-11-30 · 5 of 9 operations',
    );
  });
});
