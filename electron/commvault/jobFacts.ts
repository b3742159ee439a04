import { classify } from '../contract/evidence.js';
import type { DrOperation } from '../contract/model.js';
import type { JobFact, JobFacts } from '../contract/pack.js';
import { realTimers, type Timers } from '../contract/timers.js';
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
/** All look-ups of one fetch in the app end by then; the operations not yet asked keep their inferred type. */
export const APP_LOOKUP_DEADLINE_MS = 30_000;
/**
 * A scheduled export asks for every job (it is for the record), but not for ever: 2,000 look-ups at the 15 s limit
 * each would take 83 minutes. Types it got are kept in the data folder, so the next run asks only for new jobs.
 */
export const EXPORT_LOOKUP_DEADLINE_MS = 120_000;

/**
 * What the CommServe's job summaries said, per connection: each job's type and who started it. Neither ever
 * changes, so only answers are kept (never a failure or an unknown job), for the session and in the data folder.
 */
export class JobFactCache {
  private readonly facts: Map<number, JobFact>;
  /** The CommServe answered 404 for `Job/{id}`: it has no such endpoint, so it is not asked again. */
  endpointMissing = false;
  /** Answers added since it was made or last `taken`: what a kept copy (in the data folder) lacks. */
  private added = 0;

  constructor(known: Iterable<[number, JobFact]> = []) {
    this.facts = new Map(known);
  }

  get(jobId: number): JobFact | undefined {
    return this.facts.get(jobId);
  }

  set(jobId: number, fact: JobFact): void {
    const before = this.facts.get(jobId);
    if (before?.operationType !== fact.operationType || before.initiatedBy !== fact.initiatedBy) this.added++;
    this.facts.set(jobId, fact);
  }

  get size(): number {
    return this.facts.size;
  }

  entries(): IterableIterator<[number, JobFact]> {
    return this.facts.entries();
  }

  /** True (once) when answers were added since the last call: the kept copy needs writing. */
  takeChanged(): boolean {
    const changed = this.added > 0;
    this.added = 0;
    return changed;
  }
}

export interface ResolveOptions {
  signal?: AbortSignal;
  concurrency?: number;
  maxLookups?: number;
  timeoutMs?: number;
  /**
   * All look-ups together end by then (ms): the one still waiting are given up and the rest not asked, so thousands
   * of slow look-ups cannot hold a fetch (or a scheduled export) for an hour. Absent: no overall limit.
   */
  deadlineMs?: number;
  /** What the deadline waits on (real timers unless a test drives them). */
  timers?: Timers;
}

export interface ResolveStats {
  /** Types taken from the cache or a look-up. */
  fromCommServe: number;
  lookups: number;
  /** Look-ups that failed (error, timeout) or gave no usable answer: those operations stay inferred. */
  fallbacks: number;
  /** Operations not looked up because of `maxLookups` or a missing endpoint. */
  skipped: number;
  /** Operations whose look-up the deadline ended or never started: they stay inferred, marked so. */
  notInTime: number;
}

/**
 * Gives each operation the type the CommServe names and who started it (`GET Job/{id}`), with bounded concurrency and a
 * cache, and re-classifies it so its recovery RTO follows the type. Operations arrive already classified by inference, so any
 * failure simply leaves them as they are: never an error, never a failed fetch. Only cancellation (the caller's
 * signal) is thrown, so Cancel still cancels.
 */
export async function resolveJobFacts(
  source: JobSummarySource,
  operations: readonly DrOperation[],
  cache: JobFactCache,
  options: ResolveOptions = {},
): Promise<ResolveStats> {
  const stats: ResolveStats = { fromCommServe: 0, lookups: 0, fallbacks: 0, skipped: 0, notInTime: 0 };
  const pending: DrOperation[] = [];
  for (const op of operations) {
    const known = cache.get(op.jobId);
    if (known) {
      apply(op, known);
      if (known.operationType) stats.fromCommServe++;
      else stats.fallbacks++;
    } else pending.push(op);
  }
  const limit = options.maxLookups ?? MAX_LOOKUPS_PER_FETCH;
  // Newest first (job ids grow over time): the operations an admin looks at first get their types first.
  const queue = pending.sort((a, b) => b.jobId - a.jobId).slice(0, cache.endpointMissing ? 0 : limit);
  stats.skipped = pending.length - queue.length;
  const signal = options.signal;
  const timeoutMs = options.timeoutMs ?? LOOKUP_TIMEOUT_MS;
  const timers = options.timers ?? realTimers;
  const deadline = new AbortController();
  const deadlineTimer =
    options.deadlineMs === undefined || queue.length === 0
      ? undefined
      : timers.set(() => deadline.abort(), options.deadlineMs);
  let next = 0;

  const worker = async () => {
    while (next < queue.length && !cache.endpointMissing) {
      if (signal?.aborted || deadline.signal.aborted) return;
      const op = queue[next++]!;
      stats.lookups++;
      try {
        const summary = await source.getJobSummary(op.jobId, {
          signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), deadline.signal, ...(signal ? [signal] : [])]),
        });
        if (summary) {
          const fact = { operationType: summary.operationType ?? null, initiatedBy: summary.initiatedBy };
          cache.set(op.jobId, fact);
          apply(op, fact);
        }
        if (summary?.operationType) stats.fromCommServe++;
        else stats.fallbacks++;
      } catch (error) {
        if (signal?.aborted) return;
        if (deadline.signal.aborted) {
          stats.notInTime++;
          return;
        }
        stats.fallbacks++;
        if (error instanceof CommvaultError && error.details.status === 404) cache.endpointMissing = true;
      }
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? LOOKUP_CONCURRENCY, queue.length));
  await Promise.all(Array.from({ length: workers }, worker)).finally(() => timers.clear(deadlineTimer));
  if (signal?.aborted) throw new CommvaultError('cancelled', 'The request was cancelled.');
  if (deadline.signal.aborted) stats.notInTime += queue.length - next;
  if (cache.endpointMissing) stats.skipped += queue.length - stats.lookups;
  return stats;
}

/** What a job summary said, applied to its operation: the type it names (its RTO follows it), and who started it. */
function apply(op: DrOperation, fact: JobFact): void {
  if (fact.operationType) classify(op, fact.operationType);
  if (fact.initiatedBy !== null) op.initiatedBy = fact.initiatedBy;
}

/** The facts known for `operations`, as a run keeps them (keys are job ids): what its figures follow from. */
export function factsFor(operations: readonly DrOperation[], cache: JobFactCache): JobFacts {
  const facts: JobFacts = {};
  for (const op of operations) {
    const fact = cache.get(op.jobId);
    if (fact) facts[String(op.jobId)] = fact;
  }
  return facts;
}

/** A run's kept job facts applied to operations read again from its answer: what its figures must then be. */
export function applyFacts(operations: DrOperation[], facts: JobFacts): void {
  for (const op of operations) {
    const fact = facts[String(op.jobId)];
    if (fact) apply(op, fact);
  }
}
