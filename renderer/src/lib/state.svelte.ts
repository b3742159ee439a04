import type { AppInfo, CompareRequest, ConnectionView, DataView } from '../../../electron/contract/api';
import type { AppError } from '../../../electron/contract/errors';
import type { DataSource } from '../../../electron/contract/exports';
import type { DrGroup, DrGroupDetail, DrOperation, JobStatsFilter } from '../../../electron/contract/model';
import type { RunSummary } from '../../../electron/contract/run';
import { tick } from 'svelte';
import { targetFor, type RtoTargets } from '../../../electron/contract/evidence';
import { applyScope, EMPTY_SCOPE, type Scope } from '../../../electron/contract/scope';
import { bridge, call, errorOf } from './api';

export type Screen = 'overview' | 'jobs' | 'insights' | 'runs' | 'compare' | 'connections' | 'report';

export interface FilterInput {
  drGroupId: string;
  jobId: string;
  replicationId: string;
  clientId: string;
}

/**
 * The renderer's state, in one place. Large fetched data is held as raw (non-reactive-deep) state: 10,000 VM runs
 * must not be wrapped in proxies.
 */
class AppState {
  info = $state<AppInfo | null>(null);
  connections = $state<ConnectionView[]>([]);
  activeId = $state<string | null>(null);
  screen = $state<Screen>('jobs');
  utc = $state(false);

  groups = $state.raw<DrGroup[]>([]);
  groupDetail = $state.raw<DrGroupDetail | null>(null);
  filter = $state<FilterInput>({ drGroupId: '', jobId: '', replicationId: '', clientId: '' });
  result = $state.raw<DataView | null>(null);
  /** Where `result` came from: a live fetch held in main, or a saved run opened offline. */
  source = $state.raw<DataSource | null>(null);
  savedRun = $state.raw<RunSummary | null>(null);
  /** What the Compare screen compares. */
  compare = $state.raw<CompareRequest | null>(null);
  loading = $state(false);
  progressBytes = $state(0);
  error = $state<AppError | null>(null);
  autoRefresh = $state(true);
  selectedJobId = $state<number | null>(null);
  private requestId: string | null = null;
  /** The auto-refresh main is running for the shown live data, and the filter it uses. */
  private watchId: string | null = null;
  private lastFilter: JobStatsFilter = {};

  active = $derived(this.connections.find((c) => c.id === this.activeId) ?? null);
  signedIn = $derived(this.active?.session.signedIn ?? false);
  anyRunning = $derived(this.result?.operations.some((op) => op.status === 'running') ?? false);
  selected = $derived(this.result?.operations.find((op) => op.jobId === this.selectedJobId) ?? null);
  /** Viewing a saved run: no network, no auto-refresh, clearly marked. */
  offline = $derived(this.source?.kind === 'saved');

  /** What the user filtered: it drives the table, Insights, the overview, exports, reports and saved runs. */
  scope = $state<Scope>({ ...EMPTY_SCOPE });
  /** The moment figures are judged at (running operations' elapsed time): the data's fetch time. */
  asOf = $derived(this.result?.fetchedAt ?? 0);
  targets = $derived<RtoTargets>({
    rtoTargetSeconds: this.result?.rtoTargetSeconds ?? null,
    rtoTargetsByGroup: this.result?.rtoTargetsByGroup ?? {},
  });
  /** The operations in scope, in fetch order. */
  scoped = $derived.by<DrOperation[]>(() =>
    this.result
      ? applyScope(this.result.operations, this.scope, { groupNames: this.result.groupNames, asOf: this.asOf })
      : [],
  );

  /** The RTO target that applies to an operation: its DR group's override, else the connection's. */
  targetFor(op: DrOperation): number | null {
    return targetFor(op, this.targets);
  }

  async start(): Promise<void> {
    // Where the user may already have gone while start-up was still loading: never pull them away from it.
    const screenAtStart = this.screen;
    this.info = await call('app:info', {});
    await this.loadConnections();
    bridge().on('jobs:progress', (p) => {
      if (p.requestId === this.requestId) this.progressBytes = p.receivedBytes;
    });
    bridge().on('app:command', ({ command }) => {
      if (command === 'show-jobs') this.screen = 'jobs';
      else if (command === 'show-insights') this.screen = 'insights';
      else if (command === 'show-connections') this.screen = 'connections';
      else if (command === 'toggle-utc') this.utc = !this.utc;
      else if (command === 'refresh' && this.signedIn && !this.loading) void this.fetchJobs();
    });
    bridge().on('jobs:refreshed', ({ watchId, result, error }) => {
      if (watchId !== this.watchId) return;
      if (result) {
        this.result = result;
        this.source = { kind: 'live', fetchId: result.fetchId };
        if (!result.operations.some((op) => op.status === 'running')) this.watchId = null;
      } else {
        this.watchId = null;
        this.error = error;
      }
    });
    bridge().on('session:changed', (status) => {
      this.connections = this.connections.map((c) => (c.id === status.connectionId ? { ...c, session: status } : c));
    });
    const navigated = this.screen !== screenAtStart;
    if (this.signedIn) await this.openConnection({ keepScreen: navigated });
    else if (!navigated && this.connections.length === 0) this.screen = 'connections';
  }

  async loadConnections(): Promise<void> {
    this.connections = await call('connections:list', {});
    if (!this.connections.some((c) => c.id === this.activeId)) {
      this.activeId = (this.connections.find((c) => c.session.signedIn) ?? this.connections[0])?.id ?? null;
    }
  }

  async selectConnection(id: string): Promise<void> {
    if (id === this.activeId) return;
    await this.stopWatching();
    this.activeId = id;
    this.result = null;
    this.groups = [];
    this.groupDetail = null;
    this.selectedJobId = null;
    this.error = null;
    this.filter = { drGroupId: '', jobId: '', replicationId: '', clientId: '' };
    if (this.signedIn) await this.openConnection();
  }

  /** After sign-in (or at start): load the DR groups and the jobs. */
  async openConnection(options: { keepScreen?: boolean } = {}): Promise<void> {
    if (!this.activeId) return;
    if (!options.keepScreen) this.screen = 'jobs';
    await this.loadGroups();
    await this.fetchJobs();
  }

  async loadGroups(): Promise<void> {
    if (!this.activeId) return;
    try {
      this.groups = await call('groups:list', { connectionId: this.activeId });
    } catch (error) {
      this.error = errorOf(error);
    }
  }

  async pickGroup(value: string): Promise<void> {
    this.filter.drGroupId = value;
    this.filter.replicationId = '';
    this.filter.clientId = '';
    this.groupDetail = null;
    if (!value || !this.activeId) return;
    try {
      this.groupDetail = await call('groups:get', { connectionId: this.activeId, groupId: Number(value) });
    } catch (error) {
      this.error = errorOf(error);
    }
  }

  /** The typed filter, or an error message for the first field that is not a positive whole number. */
  parsedFilter(): JobStatsFilter | string {
    const out: JobStatsFilter = {};
    const fields: [keyof FilterInput, string][] = [
      ['drGroupId', 'DR group'],
      ['jobId', 'Job ID'],
      ['replicationId', 'Replication pair'],
      ['clientId', 'Client'],
    ];
    for (const [key, label] of fields) {
      const text = this.filter[key].trim();
      if (!text) continue;
      if (!/^\d+$/.test(text) || Number(text) <= 0) return `${label} must be a whole number greater than 0.`;
      out[key] = Number(text);
    }
    return out;
  }

  async fetchJobs(): Promise<void> {
    if (!this.activeId) return;
    const filter = this.parsedFilter();
    if (typeof filter === 'string') {
      this.error = { kind: 'invalid-input', message: filter, details: {} };
      return;
    }
    await this.stopWatching();
    const requestId = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    this.requestId = requestId;
    this.lastFilter = filter;
    this.loading = true;
    this.progressBytes = 0;
    this.error = null;
    try {
      const result = await call('jobs:fetch', { connectionId: this.activeId, filter, requestId });
      if (this.requestId === requestId) {
        // User Timing marks: from data arrival to the table on screen (read by `npm run bench`).
        performance.mark('drjs:data-arrived');
        this.result = result;
        this.source = { kind: 'live', fetchId: result.fetchId };
        this.savedRun = null;
        void tick().then(() => requestAnimationFrame(() => performance.mark('drjs:table-painted')));
        void this.watchIfRunning();
      }
    } catch (error) {
      if (this.requestId === requestId) this.error = errorOf(error);
    } finally {
      if (this.requestId === requestId) {
        this.loading = false;
        this.requestId = null;
      }
    }
  }

  /** The auto-refresh switch: main fetches again while anything runs, and stops by itself when nothing does. */
  async setAutoRefresh(on: boolean): Promise<void> {
    this.autoRefresh = on;
    if (on) await this.watchIfRunning();
    else await this.stopWatching();
  }

  private async watchIfRunning(): Promise<void> {
    if (!this.autoRefresh || !this.anyRunning || this.offline || !this.activeId || this.watchId) return;
    const watchId = `auto-${Date.now()}`;
    this.watchId = watchId;
    await call('jobs:watch', { connectionId: this.activeId, filter: this.lastFilter, watchId }).catch(
      (error: unknown) => {
        if (this.watchId === watchId) this.watchId = null;
        this.error = errorOf(error);
      },
    );
  }

  private async stopWatching(): Promise<void> {
    const watchId = this.watchId;
    this.watchId = null;
    if (watchId) await call('jobs:unwatch', { watchId }).catch(() => undefined);
  }

  /** Opens a saved run into the same screens as live data, with no sign-in and no network. */
  async openRun(runId: string): Promise<void> {
    await this.stopWatching();
    this.error = null;
    try {
      const opened = await call('runs:open', { runId });
      this.result = opened;
      this.source = { kind: 'saved', runId };
      this.savedRun = opened.summary;
      this.selectedJobId = null;
      this.screen = 'jobs';
    } catch (error) {
      this.error = errorOf(error);
      throw error;
    }
  }

  /** Leaves a saved run: back to live data of the active connection (fetched again when signed in). */
  async backToLive(): Promise<void> {
    this.result = null;
    this.source = null;
    this.savedRun = null;
    this.selectedJobId = null;
    if (this.signedIn) await this.fetchJobs();
  }

  async cancelFetch(): Promise<void> {
    if (this.requestId) await call('jobs:cancel', { requestId: this.requestId });
  }
}

export const app = new AppState();
