import type { RtoTargets, TestIntervals } from '../contract/evidence.js';
import type { Finding } from '../contract/findings.js';
import type { DrOperation } from '../contract/model.js';
import type { ReadinessReport, RunReadiness } from '../contract/readiness.js';
import type { RunContent } from '../contract/run.js';
import { localTimeZone } from '../contract/timeFormat.js';

/** What a report's rows are judged and written with, beyond the operations themselves. */
export interface CsvContext extends RtoTargets {
  groupNames: Readonly<Record<string, string>>;
  /** IANA zone for the local-time columns (`UTC` for UTC). */
  timeZone: string;
  /** The moment running operations are judged at: the data's fetch time, as on screen. */
  asOf: number;
  /** The scope in words ("Finance Tier 1 · last 30 days · 51 of 300 operations"), written in every row. */
  scopeText?: string;
  /** The findings of the operations in scope, for the findings report (derived by the findings service). */
  findings?: readonly Finding[];
  /** The groups report: everything held, where each group's last tests are looked for (absent: the operations). */
  history?: readonly DrOperation[];
  /** The groups report: the test intervals the data is judged by. */
  intervals?: TestIntervals | null;
  /** The groups report: readiness read for the file (null: not read, as for a saved run). */
  readiness?: ReadinessReport | null;
  /** The groups report: the definitions the data was fetched with. */
  definitions?: RunReadiness | null;
}

/** The zone a report's times are written in. Its scope's dates are named in the same zone. */
export function reportTimeZone(options: { utc: boolean }): string {
  return options.utc ? 'UTC' : localTimeZone();
}

/**
 * The context for a report of `content`, which is already scoped (services/runs.ts `scopeContent`), so its
 * scope text says what the file holds. The app's export and the headless export both build it here.
 */
export function csvContextFor(
  content: Pick<RunContent, 'groupNames' | 'rtoTargetSeconds' | 'rtoTargetsByGroup' | 'fetchedAt' | 'scopeText'> &
    Partial<Pick<RunContent, 'testIntervalDays' | 'testIntervalsByGroup' | 'readiness'>>,
  timeZone: string,
): CsvContext {
  return {
    groupNames: content.groupNames,
    rtoTargetSeconds: content.rtoTargetSeconds,
    rtoTargetsByGroup: content.rtoTargetsByGroup,
    timeZone,
    asOf: content.fetchedAt,
    scopeText: content.scopeText ?? '',
    intervals: {
      testIntervalDays: content.testIntervalDays ?? null,
      testIntervalsByGroup: content.testIntervalsByGroup ?? {},
    },
    definitions: content.readiness ?? null,
  };
}
