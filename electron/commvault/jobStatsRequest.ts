import { createHash, type Hash } from 'node:crypto';
import {
  countVmRuns,
  type DrOperation,
  type JobStatsEndpoint,
  type JobStatsFilter,
  type ResponseFormat,
} from '../contract/model.js';
import { CommvaultError } from './errors.js';
import type { RequestOptions } from './exchange.js';
import { checkedFilter } from './filterCheck.js';
import { JobStatsJsonStream } from './jobStatsStream.js';
import { JobStatsNormaliser, normaliseJobStats } from './normaliseJobStats.js';
import { httpError, isSuccess, readBody } from './responses.js';
import type { CommvaultSession } from './session.js';

export interface JobStatsResult {
  operations: DrOperation[];
  endpoint: JobStatsEndpoint;
  /** Path and query used, relative to the web service root (no secrets in it). */
  path: string;
  format: ResponseFormat;
  contentType: string;
  rawBody: string;
  /** UTF-8 size of the raw body. */
  rawBodyBytes: number;
  /** SHA-256 of the raw body as text (UTF-8), what a saved run records to show it is unchanged. */
  rawBodySha256: string;
  vmRunCount: number;
}

/** Where JobStats is asked: the signed-in session on one server, and which path each server answered before. */
export interface JobStatsTarget {
  session: Pick<CommvaultSession, 'send'>;
  /** The web service root: the key of `endpointMemory`. */
  root: string;
  format: ResponseFormat;
  endpointMemory: Map<string, JobStatsEndpoint>;
}

const JOBSTATS_PATHS: readonly JobStatsEndpoint[] = ['DR/JobStats', 'DRGroups/JobStats'];

/**
 * `GET DR/JobStats` on newer CommServes, `DRGroups/JobStats` on older ones: the first 404 switches paths and
 * the answer is remembered for this server.
 */
export async function getJobStats(
  target: JobStatsTarget,
  filter: JobStatsFilter,
  request: RequestOptions = {},
): Promise<JobStatsResult> {
  const checked = checkedFilter(filter);
  const remembered = target.endpointMemory.get(target.root);
  const candidates = remembered ? [remembered] : JOBSTATS_PATHS;
  let lastNotFound: CommvaultError | undefined;
  for (const endpoint of candidates) {
    const path = jobStatsPath(endpoint, checked);
    // A JSON answer is split into its entries and normalised while it arrives; one of any other shape (XML, an
    // error, damage) is read whole below, so both roads give the same operations or the same error.
    // The body's digest is taken on the way in too, while the CommServe is still sending.
    let streamed: { stream: JobStatsJsonStream; operations: JobStatsNormaliser; digest: Hash } | undefined;
    const raw = await target.session.send('GET', path, {
      ...request,
      bodySink: (status, contentType) => {
        streamed = undefined;
        // A web page is reported as one by the whole road, whatever its text looks like.
        if (status < 200 || status >= 300 || /text\/html/i.test(contentType)) return undefined;
        const operations = new JobStatsNormaliser();
        const stream = new JobStatsJsonStream((entry) => operations.add(entry));
        const digest = createHash('sha256');
        streamed = { stream, operations, digest };
        let previewed = !request.onPreview;
        return (text) => {
          digest.update(text, 'utf8');
          stream.push(text);
          if (!previewed && operations.vmRunCount > 0) {
            previewed = true;
            request.onPreview?.(operations.preview());
          }
        };
      },
    });
    if (raw.status === 404 && endpoint === 'DR/JobStats' && !remembered) {
      lastNotFound = httpError(raw);
      continue;
    }
    const operations =
      streamed?.stream.end() && isSuccess(raw) ? streamed.operations.finish() : normaliseJobStats(readBody(raw));
    target.endpointMemory.set(target.root, endpoint);
    return {
      operations,
      endpoint,
      path,
      format: target.format,
      contentType: raw.contentType,
      rawBody: raw.text,
      rawBodyBytes: raw.textBytes ?? Buffer.byteLength(raw.text),
      rawBodySha256: (streamed?.digest ?? createHash('sha256').update(raw.text, 'utf8')).digest('hex'),
      vmRunCount: countVmRuns(operations),
    };
  }
  throw lastNotFound ?? new CommvaultError('not-found', 'This CommServe has no JobStats endpoint.');
}

/** The query for one JobStats path; the newer path names the group `failoverGroupId`. */
export function jobStatsPath(endpoint: JobStatsEndpoint, filter: JobStatsFilter): string {
  const query = new URLSearchParams();
  if (filter.jobId !== undefined) query.set('jobId', String(filter.jobId));
  if (filter.drGroupId !== undefined) {
    query.set(endpoint === 'DR/JobStats' ? 'failoverGroupId' : 'drGroupId', String(filter.drGroupId));
  }
  if (filter.replicationId !== undefined) query.set('replicationId', String(filter.replicationId));
  if (filter.clientId !== undefined) query.set('clientId', String(filter.clientId));
  const qs = query.toString();
  return qs ? `${endpoint}?${qs}` : endpoint;
}
