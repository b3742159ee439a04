import { CommvaultError } from '../commvault/errors.js';
import type { EventHub } from '../bridge/dispatch.js';
import type { FetchJobsResult } from '../contract/api.js';
import type { DrGroup, JobStatsFilter } from '../contract/model.js';
import type { SessionService } from './sessions.js';

const PROGRESS_INTERVAL_MS = 100;

/** DR groups and job statistics for a signed-in connection, with progress, cancellation and expiry events. */
export class JobService {
  private readonly inFlight = new Map<string, AbortController>();
  private readonly groupCache = new Map<string, DrGroup[]>();

  constructor(
    private readonly sessions: SessionService,
    private readonly events: EventHub,
  ) {}

  async listGroups(connectionId: string): Promise<DrGroup[]> {
    const groups = await this.watchExpiry(connectionId, () => this.sessions.client(connectionId).listDrGroups());
    this.groupCache.set(connectionId, groups);
    return groups;
  }

  getGroup(connectionId: string, groupId: number) {
    return this.watchExpiry(connectionId, () => this.sessions.client(connectionId).getDrGroup(groupId));
  }

  async fetch(connectionId: string, filter: JobStatsFilter, requestId: string): Promise<FetchJobsResult> {
    const client = this.sessions.client(connectionId);
    const controller = new AbortController();
    this.inFlight.get(requestId)?.abort();
    this.inFlight.set(requestId, controller);
    let lastProgress = 0;
    try {
      const result = await this.watchExpiry(connectionId, () =>
        client.getJobStats(filter, {
          signal: controller.signal,
          onProgress: (receivedBytes, totalBytes) => {
            const now = Date.now();
            if (now - lastProgress < PROGRESS_INTERVAL_MS) return;
            lastProgress = now;
            this.events.emit('jobs:progress', { requestId, receivedBytes, totalBytes: totalBytes ?? null });
          },
        }),
      );
      const groups = await this.groupNames(connectionId);
      return {
        requestId,
        operations: result.operations,
        groupNames: groups,
        fetchedAt: Math.floor(Date.now() / 1000),
        endpoint: result.endpoint,
        format: result.format,
        vmRunCount: result.vmRunCount,
        bytes: Buffer.byteLength(result.rawBody),
      };
    } finally {
      if (this.inFlight.get(requestId) === controller) this.inFlight.delete(requestId);
    }
  }

  cancel(requestId: string): void {
    this.inFlight.get(requestId)?.abort();
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
