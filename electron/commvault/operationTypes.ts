import { classify } from '../contract/evidence.js';
import type { DrOperation, OperationType } from '../contract/model.js';
import type { RequestOptions } from './exchange.js';
import { CommvaultError } from './errors.js';
import type { JobSummary } from './jobSummary.js';

/** What the enrichment needs of a client (the real one, or a stand-in in tests and benchmarks). */
export interface JobSummarySource {
  getJobSummary(jobId: number, request?: RequestOptions): Promise<JobSummary | undefined>;
}

/** Look-ups in flight at once: enough to hide round trips, few enough not to load a busy CommServe. */
export const LOOKUP_CONCURRENCY = 6;
/** One look-up that takes longer than this is given up (the inferred type stays); the fetch goes on. */
export const LOOKUP_TIMEOUT_MS = 15_000;
/**
 * New look-ups per fetch, newest operations first. JobStats has no paging and a big CommCell lists thousands of
 * jobs. Measured (bench/jobstats.ts, 10,000 VM runs = 1,400 operations, loopback): all 1,400 look-ups add about
 * 1.5 s to a 0.7 s fetch; on a real network each costs a round trip, so at 6 in flight and ~50 ms, 400 add about
 * 3.5 s to a first fetch. Older operations keep their inferred type (marked as such) and get theirs on later
 * fetches as the cache fills; every later fetch asks only for jobs it has not seen.
 */
export const MAX_LOOKUPS_PER_FETCH = 400;

/**
 * Operation types the CommServe named, per connection. A job's type never changes, so only definite answers are
 * kept (never a failure, an unknown job or a name we cannot map), and they are kept for the session.
 */
export class OperationTypeCache {
  private readonly types = new Map<number, OperationType>();
  /** The CommServe answered 404 for `Job/{id}`: it has no such endpoint, so it is not asked again. */
  endpointMissing = false;

  get(jobId: number): OperationType | undefined {
    return this.types.get(jobId);
  }

  set(jobId: number, type: OperationType): void {
    this.types.set(jobId, type);
  }

  get size(): number {
    return this.types.size;
  }
}

export interface ResolveOptions {
  signal?: AbortSignal;
  concurrency?: number;
  maxLookups?: number;
  timeoutMs?: number;
}

export interface ResolveStats {
  /** Types taken from the cache or a look-up. */
  fromCommServe: number;
  lookups: number;
  /** Look-ups that failed (error, timeout) or gave no usable answer: those operations stay inferred. */
  fallbacks: number;
  /** Operations not looked up because of `maxLookups` or a missing endpoint. */
  skipped: number;
}

/**
 * Gives each operation the type the CommServe names (`GET Job/{id}`), with bounded concurrency and a cache, and
 * re-classifies it so its recovery RTO follows the type. Operations arrive already classified by inference, so any
 * failure simply leaves them as they are: never an error, never a failed fetch. Only cancellation (the caller's
 * signal) is thrown, so Cancel still cancels.
 */
export async function resolveOperationTypes(
  source: JobSummarySource,
  operations: readonly DrOperation[],
  cache: OperationTypeCache,
  options: ResolveOptions = {},
): Promise<ResolveStats> {
  const stats: ResolveStats = { fromCommServe: 0, lookups: 0, fallbacks: 0, skipped: 0 };
  const pending: DrOperation[] = [];
  for (const op of operations) {
    const known = cache.get(op.jobId);
    if (known) {
      classify(op, known);
      stats.fromCommServe++;
    } else pending.push(op);
  }
  const limit = options.maxLookups ?? MAX_LOOKUPS_PER_FETCH;
  // Newest first (job ids grow over time): the operations an admin looks at first get their types first.
  const queue = pending.sort((a, b) => b.jobId - a.jobId).slice(0, cache.endpointMissing ? 0 : limit);
  stats.skipped = pending.length - queue.length;
  const signal = options.signal;
  const timeoutMs = options.timeoutMs ?? LOOKUP_TIMEOUT_MS;
  let next = 0;

  const worker = async () => {
    while (next < queue.length && !cache.endpointMissing) {
      if (signal?.aborted) return;
      const op = queue[next++]!;
      stats.lookups++;
      try {
        const timeout = AbortSignal.timeout(timeoutMs);
        const summary = await source.getJobSummary(op.jobId, {
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
        if (summary?.operationType) {
          cache.set(op.jobId, summary.operationType);
          classify(op, summary.operationType);
          stats.fromCommServe++;
        } else stats.fallbacks++;
      } catch (error) {
        if (signal?.aborted) return;
        stats.fallbacks++;
        if (error instanceof CommvaultError && error.details.status === 404) cache.endpointMissing = true;
      }
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? LOOKUP_CONCURRENCY, queue.length));
  await Promise.all(Array.from({ length: workers }, worker));
  if (signal?.aborted) throw new CommvaultError('cancelled', 'The request was cancelled.');
  if (cache.endpointMissing) stats.skipped += queue.length - stats.lookups;
  return stats;
}
