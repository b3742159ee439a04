import { targetSeconds } from '../contract/evidence.js';
import type { JobStatsResult } from '../commvault/client.js';
import { CommvaultError } from '../commvault/errors.js';
import {
  APP_LOOKUP_DEADLINE_MS,
  EXPORT_LOOKUP_DEADLINE_MS,
  factsFor,
  JobFactCache,
  resolveJobFacts,
} from '../commvault/jobFacts.js';
import type { HandlerSlice } from '../contract/api.js';
import { toAppError } from './errors.js';
import { type EventHub } from './events.js';
import type { FetchJobsResult, RunView, TypeLookups } from '../contract/jobs.js';
import type { ConnectionProfile } from '../contract/connections.js';
import { countVmRuns, type DrGroup, type DrGroupDetail, type JobStatsFilter } from '../contract/model.js';
import type { RunContent } from '../contract/run.js';
import type { RunReadiness } from '../contract/readiness.js';
import type { JobFacts } from '../contract/pack.js';
import type { JobFactStore } from '../storage/jobFactStore.js';
import type { SettingsStore } from '../storage/settingsStore.js';
import type { LiveRuns } from './liveRuns.js';
import type { SessionService } from './sessions.js';
import { realTimers, type Timers } from '../contract/timers.js';

export interface JobServiceDeps {
  sessions: SessionService;
  events: EventHub;
  settings: SettingsStore;
  liveRuns: LiveRuns;
  appVersion: string;
  autoRefreshSeconds: number;
  /** What auto-refresh waits on (real timers unless a test drives them). */
  timers?: Timers;
  /** What job summaries said, kept in the data folder across starts (absent: for this session only). */
  jobFacts?: JobFactStore;
  /** Reads readiness and the groups' definitions with each fetch (absent: none is read). */
  readiness?: { readForFetch(connectionId: string, groupId?: number): Promise<RunReadiness | null> };
}

/** RTO targets of a connection in seconds: its own and its per-group overrides. */
export function rtoTargets(profile: ConnectionProfile): Pick<RunContent, 'rtoTargetSeconds' | 'rtoTargetsByGroup'> {
  return {
    rtoTargetSeconds: profile.rtoTargetMinutes === null ? null : targetSeconds(profile.rtoTargetMinutes),
    rtoTargetsByGroup: Object.fromEntries(
      Object.entries(profile.rtoTargetsByGroup).map(([id, minutes]) => [id, targetSeconds(minutes)]),
    ),
  };
}

/** The test intervals a connection judges its DR groups by, as a saved run keeps them. */
export function testIntervals(
  profile: Pick<ConnectionProfile, 'testIntervalDays' | 'testIntervalsByGroup'>,
): Pick<RunContent, 'testIntervalDays' | 'testIntervalsByGroup'> {
  return { testIntervalDays: profile.testIntervalDays, testIntervalsByGroup: { ...profile.testIntervalsByGroup } };
}

/** A fetch's result as run content: everything a saved run keeps, nothing secret. */
export function runContent(
  result: JobStatsResult,
  filter: JobStatsFilter,
  where: {
    profile: ConnectionProfile | undefined;
    webService: string;
    groupNames: Record<string, string>;
    appVersion: string;
    /** When the CommServe answered (epoch seconds): running operations are judged at this moment. */
    fetchedAt: number;
    /** What the job summaries said of these operations (types, initiators): kept so the figures can be derived again. */
    jobFacts: JobFacts;
    /** Readiness and the groups' definitions read with this fetch, if any. */
    readiness?: RunReadiness | null;
  },
): RunContent {
  return {
    server: { connectionName: where.profile?.name ?? 'Unknown connection', webService: where.webService },
    query: { filter, format: result.format, endpoint: result.endpoint, path: result.path },
    fetchedAt: where.fetchedAt,
    appVersion: where.appVersion,
    contentType: result.contentType,
    rawBody: result.rawBody,
    rawBodySha256: result.rawBodySha256,
    groupNames: where.groupNames,
    ...(where.profile ? rtoTargets(where.profile) : { rtoTargetSeconds: null, rtoTargetsByGroup: {} }),
    ...(where.profile ? testIntervals(where.profile) : {}),
    operations: result.operations,
    jobFacts: where.jobFacts,
    ...(where.readiness ? { readiness: where.readiness } : {}),
  };
}

/** What the screens show of a run (its content without the raw body). */
export function runView(content: RunContent, bytes = Buffer.byteLength(content.rawBody)): RunView {
  return {
    operations: content.operations,
    groupNames: content.groupNames,
    fetchedAt: content.fetchedAt,
    endpoint: content.query.endpoint,
    format: content.query.format,
    vmRunCount: countVmRuns(content.operations),
    bytes,
    rawBodySha256: content.rawBodySha256,
    fetchFilter: content.query.filter,
    testIntervals:
      content.testIntervalDays !== undefined || content.testIntervalsByGroup !== undefined
        ? {
            testIntervalDays: content.testIntervalDays ?? null,
            testIntervalsByGroup: content.testIntervalsByGroup ?? {},
          }
        : null,
    savedScopeText: content.scopeText ?? '',
    totalOperations: content.totalOperations ?? content.operations.length,
    rtoTargetSeconds: content.rtoTargetSeconds,
    rtoTargetsByGroup: content.rtoTargetsByGroup,
    readiness: content.readiness ?? null,
  };
}

const PROGRESS_INTERVAL_MS = 100;

/** DR groups and job statistics for a signed-in connection, with progress, cancellation and expiry events. */
export class JobService {
  private readonly inFlight = new Map<string, AbortController>();
  private readonly watches = new Map<string, unknown>();
  private readonly groupCache = new Map<string, DrGroup[]>();
  /** Operation types the CommServe named, per connection and web service (a job's type never changes). */
  private readonly factCaches = new Map<string, JobFactCache>();

  private readonly sessions: SessionService;
  private readonly events: EventHub;

  private readonly timers: Timers;

  constructor(private readonly deps: JobServiceDeps) {
    this.sessions = deps.sessions;
    this.events = deps.events;
    this.timers = deps.timers ?? realTimers;
  }

  /** The channels this service answers. */
  handlers(): HandlerSlice<
    'groups:list' | 'groups:get' | 'jobs:fetch' | 'jobs:cancel' | 'jobs:watch' | 'jobs:unwatch'
  > {
    return {
      'groups:list': ({ connectionId }) => this.listGroups(connectionId),
      'groups:get': ({ connectionId, groupId }) => this.getGroup(connectionId, groupId),
      'jobs:fetch': ({ connectionId, filter, requestId, typeLookups }) =>
        this.fetch(connectionId, filter, requestId, { typeLookups }),
      'jobs:cancel': ({ requestId }) => {
        this.cancel(requestId);
        return Promise.resolve({});
      },
      'jobs:watch': ({ connectionId, filter, watchId }) => {
        this.watch(connectionId, filter, watchId);
        return Promise.resolve({});
      },
      'jobs:unwatch': ({ watchId }) => {
        this.unwatch(watchId);
        return Promise.resolve({});
      },
    };
  }

  /**
   * The connection's RTO targets or test intervals changed: the fetches held from it are judged by the new ones, so a
   * CSV or a run saved before the next fetch says what the screen says.
   */
  retarget(profile: ConnectionProfile): void {
    this.deps.liveRuns.retarget(profile.id, { ...rtoTargets(profile), ...testIntervals(profile) });
  }

  async listGroups(connectionId: string): Promise<DrGroup[]> {
    const groups = await this.watchExpiry(connectionId, async () =>
      (await this.sessions.client(connectionId)).listDrGroups(),
    );
    this.groupCache.set(connectionId, groups);
    return groups;
  }

  /**
   * One group with its replication pairs. A CommServe without `DRGroups/{id}` (404) still lets the user pick the
   * group: it is answered from what `DRGroups` listed (its clients, no replication pairs), with no error.
   */
  async getGroup(connectionId: string, groupId: number): Promise<DrGroupDetail> {
    try {
      return await this.watchExpiry(connectionId, async () =>
        (await this.sessions.client(connectionId)).getDrGroup(groupId),
      );
    } catch (error) {
      if (!(error instanceof CommvaultError) || error.details.status !== 404) throw error;
      const listed = (this.groupCache.get(connectionId) ?? (await this.listGroups(connectionId))).find(
        (g) => g.id === groupId,
      );
      if (!listed) throw new CommvaultError('not-found', `DR group ${groupId} was not found on this CommServe.`);
      return { ...listed, replicationPairs: [] };
    }
  }

  /**
   * Fetches job statistics and holds them (for saving and exports). A failure (not a cancel) makes everything held
   * from that connection stale: it is no longer the CommServe's current answer, so it cannot be saved or exported as
   * one. `typeLookups: 'all'` asks every job's type (a scheduled export is for the record), not only the newest 400.
   */
  async fetch(
    connectionId: string,
    filter: JobStatsFilter,
    requestId: string,
    options: { typeLookups?: TypeLookups } = {},
  ): Promise<FetchJobsResult> {
    try {
      return await this.fetchNow(connectionId, filter, requestId, options);
    } catch (error) {
      const failure = toAppError(error);
      if (failure.kind !== 'cancelled') {
        const at = new Date(this.timers.now()).toISOString().slice(11, 19);
        this.deps.liveRuns.invalidate(
          connectionId,
          `a fetch at ${at} UTC failed (${failure.message.replace(/[.\s]+$/, '')}).`,
        );
      }
      throw error;
    }
  }

  private async fetchNow(
    connectionId: string,
    filter: JobStatsFilter,
    requestId: string,
    { typeLookups = 'newest' }: { typeLookups?: TypeLookups },
  ): Promise<FetchJobsResult> {
    const client = await this.sessions.client(connectionId);
    const controller = new AbortController();
    this.inFlight.get(requestId)?.abort();
    this.inFlight.set(requestId, controller);
    let lastProgress = 0;
    // What was tested (each group's definition) and readiness, read while JobStats arrives; never fails the fetch.
    const readingReadiness = this.deps.readiness?.readForFetch(connectionId, filter.drGroupId) ?? null;
    try {
      const result = await this.watchExpiry(connectionId, () =>
        client.getJobStats(filter, {
          signal: controller.signal,
          onProgress: (receivedBytes, totalBytes) => {
            const now = this.timers.now();
            if (now - lastProgress < PROGRESS_INTERVAL_MS) return;
            lastProgress = now;
            this.events.emit('jobs:progress', { requestId, receivedBytes, totalBytes: totalBytes ?? null });
          },
          onPreview: (preview) => this.events.emit('jobs:preview', { requestId, ...preview }),
        }),
      );
      // The data's moment is when the CommServe answered, not after the look-ups below: elapsed times of running
      // operations (and "last 24 hours") are measured from here.
      const fetchedAt = Math.floor(this.timers.now() / 1000);
      // Types and initiators from the CommServe's job summaries; any failure leaves the inferred type (never a failed
      // fetch) and no initiator (said as "not reported").
      const facts = await this.factCache(connectionId, client.root);
      await resolveJobFacts(client, result.operations, facts, {
        signal: controller.signal,
        ...(typeLookups === 'all'
          ? { maxLookups: Infinity, deadlineMs: EXPORT_LOOKUP_DEADLINE_MS }
          : { deadlineMs: APP_LOOKUP_DEADLINE_MS }),
        timers: this.timers,
      });
      this.keepFacts(connectionId, client.root, facts);
      // A fetch cancelled during the look-ups ends here: held, it could push out the fetch the screen still shows.
      if (controller.signal.aborted) throw new CommvaultError('cancelled', 'The fetch was cancelled.');
      const groupNames = await this.groupNames(connectionId);
      const { settings } = await this.deps.settings.load();
      const profile = settings.connections.find((c) => c.id === connectionId);
      const content = runContent(result, filter, {
        profile,
        webService: client.root,
        groupNames,
        appVersion: this.deps.appVersion,
        fetchedAt,
        jobFacts: factsFor(result.operations, facts),
        readiness: await readingReadiness,
      });
      const fetchId = this.deps.liveRuns.put(content, connectionId);
      return { requestId, fetchId, ...runView(content, result.rawBodyBytes) };
    } finally {
      if (this.inFlight.get(requestId) === controller) this.inFlight.delete(requestId);
    }
  }

  cancel(requestId: string): void {
    this.inFlight.get(requestId)?.abort();
  }

  /**
   * Auto-refresh: fetch again on a timer while any operation still runs, telling the windows each time
   * (`jobs:refreshed`). It stops by itself when nothing runs any more, on an error, or when unwatched.
   */
  watch(connectionId: string, filter: JobStatsFilter, watchId: string): void {
    this.unwatch(watchId);
    const schedule = () =>
      this.watches.set(
        watchId,
        this.timers.set(() => void tick(), this.deps.autoRefreshSeconds * 1000),
      );
    const tick = async () => {
      if (!this.watches.has(watchId)) return;
      try {
        const result = await this.fetch(connectionId, filter, `${watchId}:refresh`);
        if (!this.watches.has(watchId)) return;
        this.events.emit('jobs:refreshed', { watchId, result, error: null });
        if (result.operations.some((op) => op.status === 'running')) schedule();
        else this.watches.delete(watchId);
      } catch (error) {
        if (!this.watches.has(watchId)) return;
        this.watches.delete(watchId);
        this.events.emit('jobs:refreshed', { watchId, result: null, error: toAppError(error) });
      }
    };
    schedule();
  }

  unwatch(watchId: string): void {
    if (this.watches.has(watchId)) this.timers.clear(this.watches.get(watchId));
    this.watches.delete(watchId);
    this.cancel(`${watchId}:refresh`);
  }

  /** Stops every auto-refresh (the app is closing). */
  close(): void {
    for (const id of [...this.watches.keys()]) this.unwatch(id);
  }

  /** The types this CommServe named, read from the data folder the first time they are needed. */
  private async factCache(connectionId: string, root: string): Promise<JobFactCache> {
    const key = `${connectionId}\n${root}`;
    let cache = this.factCaches.get(key);
    if (cache) return cache;
    const known = (await this.deps.jobFacts?.load(connectionId, root)) ?? [];
    cache = this.factCaches.get(key) ?? new JobFactCache(known);
    this.factCaches.set(key, cache);
    return cache;
  }

  /** New answers are written to the data folder in the background; a cache that cannot be written is not an error. */
  private keepFacts(connectionId: string, root: string, cache: JobFactCache): void {
    if (!this.deps.jobFacts || !cache.takeChanged()) return;
    this.deps.jobFacts.save(connectionId, root, [...cache.entries()]).catch(() => undefined);
  }

  /** Names for labelling; a failure to list groups must not fail the fetch that already succeeded. */
  private async groupNames(connectionId: string): Promise<Record<string, string>> {
    let groups = this.groupCache.get(connectionId);
    if (!groups) groups = await this.listGroups(connectionId).catch(() => []);
    return Object.fromEntries(groups.map((g) => [String(g.id), g.name]));
  }

  /** A call that ends the session tells every window, so the UI can ask to sign in again. */
  private async watchExpiry<T>(connectionId: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof CommvaultError && error.kind === 'session-expired') {
        this.events.emit('session:changed', await this.sessions.status(connectionId));
      }
      throw error;
    }
  }
}
