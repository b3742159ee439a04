import { describe, expect, it } from 'vitest';
import { normaliseJobStats } from '../../electron/commvault/normaliseJobStats';
import { targetFor } from '../../electron/contract/evidence';
import {
  CalendarTimeSchema,
  DrOperationSchema,
  EARLIEST_JOB_TIME,
  JobTimeSchema,
  LATEST_JOB_TIME,
  RecordedTimeSchema,
} from '../../electron/contract/model';
import { describeScope, ScopeSchema } from '../../electron/contract/scope';
import { reportCsv } from '../../electron/reports/csv';
import { buildRows } from '../../renderer/src/lib/jobsView';
import { formatAxisTime, formatDuration, formatTime } from '../../renderer/src/lib/format';

/**
 * The screens format every time a run may hold without a guard of their own: the schemas admit only what `Date` and
 * `Intl` can format. These are the extremes the schemas admit (one step further is refused), shown and exported.
 */
const t = (time: number) => ({ _type_: 55, time });
const ZONES = ['UTC', 'Pacific/Kiritimati', 'Pacific/Niue', 'Europe/Berlin'];

describe('the extreme values a saved run may hold', () => {
  it('are the edges of each schema', () => {
    for (const [schema, low, high] of [
      [JobTimeSchema, EARLIEST_JOB_TIME, LATEST_JOB_TIME],
      [RecordedTimeSchema, 0, LATEST_JOB_TIME],
      [CalendarTimeSchema, -62_135_596_800, 253_402_300_799],
    ] as const) {
      expect([low, high].map((v) => schema.safeParse(v).success)).toEqual([true, true]);
      expect([low - 1, high + 1, Number.NaN].map((v) => schema.safeParse(v).success)).toEqual([false, false, false]);
    }
  });

  it('are shown in the table and every report, in any time zone, without a throw', () => {
    const operations = normaliseJobStats({
      job: [
        { jobId: 1, phase: [{ phase: 1, status: 0, startTime: t(EARLIEST_JOB_TIME), endTime: t(LATEST_JOB_TIME) }] },
        { jobId: 2, phase: [{ phase: 1, status: 0, startTime: t(LATEST_JOB_TIME) }] },
      ],
    });
    for (const op of operations) DrOperationSchema.parse(op);
    const times = operations.flatMap((op) => op.vms.flatMap((vm) => vm.phases.flatMap((p) => [p.start, p.end])));
    expect(times).toEqual(expect.arrayContaining([EARLIEST_JOB_TIME, LATEST_JOB_TIME]));
    for (const time of [...times, 0, LATEST_JOB_TIME]) {
      for (const utc of [true, false]) {
        expect(formatTime(time, utc)).toMatch(/^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d|—)$/);
        if (time !== null) expect(() => formatAxisTime(time, utc, { seconds: true, day: true })).not.toThrow();
      }
    }
    expect(formatDuration(LATEST_JOB_TIME - EARLIEST_JOB_TIME)).toMatch(/^\d+h \d\dm$/);
    for (const asOf of [0, LATEST_JOB_TIME]) {
      const context = { groupNames: {}, rtoTargetSeconds: 6_000_000, rtoTargetsByGroup: {}, asOf };
      const rows = buildRows(
        operations,
        {},
        { key: 'start', descending: true },
        new Set([1, 2]),
        (op) => targetFor(op, context),
        asOf,
      );
      expect(rows.length).toBeGreaterThanOrEqual(2);
      for (const timeZone of ZONES)
        for (const report of ['operations', 'vm-runs', 'phases'] as const)
          expect(() =>
            reportCsv(report, operations, { ...context, timeZone }, { delimiter: ',', bom: false }),
          ).not.toThrow();
    }
  });

  it('a custom scope from the year 1 to 9999 is described in any time zone', () => {
    const scope = ScopeSchema.parse({ range: 'custom', from: -62_135_596_800, to: 253_402_300_799 });
    for (const timeZone of ZONES)
      expect(describeScope(scope, { groupNames: {}, shown: 0, total: 0, timeZone })).toMatch(/ to /);
  });
});
