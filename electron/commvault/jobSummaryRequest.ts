import type { RequestOptions } from './exchange.js';
import { checkedId } from './filterCheck.js';
import { parseJobSummary, type JobSummary } from './jobSummary.js';
import type { Loose } from './loose.js';
import { stripAttributePrefixes } from './rawSchemas.js';
import { readBody } from './responses.js';
import type { CommvaultSession } from './session.js';

/**
 * `GET Job/{jobId}`: the job manager's summary of one job, which names a DR operation's type. Undefined when the
 * CommServe does not know the job; a CommServe without this endpoint answers 404 (`not-found`).
 */
export async function getJobSummary(
  session: Pick<CommvaultSession, 'send'>,
  jobId: number,
  request: RequestOptions = {},
): Promise<JobSummary | undefined> {
  const checked = checkedId('jobId', jobId);
  const raw = await session.send('GET', `Job/${checked}`, request);
  return parseJobSummary(stripAttributePrefixes(readBody(raw)) as Loose);
}
