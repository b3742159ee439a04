import { createHash } from 'node:crypto';
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
import type { RawResponse } from './http.js';
import { DEFAULT_READING, JobStatsIntake, type JobStatsReading } from './jobStatsIntake.js';
import { readWhole } from './jobStatsReader.js';
import { prepareJobStatsWorker } from './jobStatsThread.js';
import { httpError, isSuccess } from './responses.js';
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
  /** Where answers are read (the defaults unless a test moves the bar). */
  reading?: JobStatsReading;
  /**
   * The size of the last answer to each path and query: a scope that answered large is read in a worker from its
   * first piece the next time, instead of its first megabytes being read on the thread that answers the page and
   * then read again (a CommServe streams a large answer, so its length is not declared).
   */
  answerBytes?: Map<string, number>;
}

/** Scopes whose answer size is remembered (the oldest is forgotten first). */
const REMEMBERED_SCOPES = 100;

function rememberSize(sizes: Map<string, number>, path: string, bytes: number): void {
  sizes.delete(path);
  sizes.set(path, bytes);
  if (sizes.size > REMEMBERED_SCOPES) sizes.delete(sizes.keys().next().value!);
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
  // A large answer is read in a worker thread: one starts now, while the CommServe prepares the answer.
  prepareJobStatsWorker();
  for (const endpoint of candidates) {
    const path = jobStatsPath(endpoint, checked);
    // A JobStats answer of the documented shape (JSON or XML) is read while it arrives: a small one here, a large one
    // in a worker thread (`JobStatsIntake`). One of any other shape (an error, damage) is read whole, so both roads
    // give the same operations or the same error. The body's digest is taken on the way in too.
    let intake: JobStatsIntake | undefined;
    let raw: RawResponse;
    try {
      raw = await target.session.send('GET', path, {
        ...request,
        bodySink: (status, contentType, totalBytes) => {
          intake?.dispose();
          intake = undefined;
          // A web page is reported as one by the whole road, whatever its text looks like.
          if (status < 200 || status >= 300 || /text\/html/i.test(contentType)) return undefined;
          const current = new JobStatsIntake({
            reading: target.reading ?? DEFAULT_READING,
            totalBytes,
            expectedBytes: target.answerBytes?.get(path),
            onPreview: request.onPreview,
          });
          intake = current;
          return (text, bytes) => current.write(text, bytes);
        },
      });
    } catch (error) {
      intake?.dispose();
      throw error;
    }
    if (raw.status === 404 && endpoint === 'DR/JobStats' && !remembered) {
      intake?.dispose();
      lastNotFound = httpError(raw);
      continue;
    }
    let operations: DrOperation[];
    let sha256: string;
    if (intake && isSuccess(raw)) ({ operations, sha256 } = await intake.finish(raw, request.signal));
    else {
      intake?.dispose();
      operations = readWhole(raw);
      sha256 = createHash('sha256').update(raw.text, 'utf8').digest('hex');
    }
    target.endpointMemory.set(target.root, endpoint);
    const rawBodyBytes = raw.textBytes ?? Buffer.byteLength(raw.text);
    if (target.answerBytes) rememberSize(target.answerBytes, path, rawBodyBytes);
    return {
      operations,
      endpoint,
      path,
      format: target.format,
      contentType: raw.contentType,
      rawBody: raw.text,
      rawBodyBytes,
      rawBodySha256: sha256,
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
