import type { RtoTargets } from '../contract/evidence.js';
import type { Finding } from '../contract/findings.js';
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
  content: Pick<RunContent, 'groupNames' | 'rtoTargetSeconds' | 'rtoTargetsByGroup' | 'fetchedAt' | 'scopeText'>,
  timeZone: string,
): CsvContext {
  return {
    groupNames: content.groupNames,
    rtoTargetSeconds: content.rtoTargetSeconds,
    rtoTargetsByGroup: content.rtoTargetsByGroup,
    timeZone,
    asOf: content.fetchedAt,
    scopeText: content.scopeText ?? '',
  };
}
