import type { EventPayload } from '$contract/api';
import { nowMs, nowSeconds } from './clock';
import type { AppInfo } from '$contract/appInfo';
import type { CompareRequest } from '$contract/compare';
import type { ConnectionView } from '$contract/connections';
import type { RunView } from '$contract/jobs';
import type { AppError, Result } from '$contract/errors';
import type { DataSource } from '$contract/exports';
import {
  checkJobStatsFilter,
  type DrGroup,
  type DrGroupDetail,
  type DrOperation,
  type FetchPreview,
  type FilterFieldProblem,
  type JobStatsFilter,
  type OperationType,
  type PhaseStatus,
} from '$contract/model';
import type { RunSummary } from '$contract/run';
import { tick } from 'svelte';
import { targetFor, withGroupTarget, type RtoTargets } from '$contract/evidence';
import { applyScope, describeScope, EMPTY_SCOPE, type RtoResult, type Scope, sameScope } from '$contract/scope';
import { DEFAULT_UI_PREFS, type OptionalColumn, type SortState, type UiUpdate } from '$contract/ui';
import { bridge, call, DONE } from './api';
import { formatClock } from './format';

/** Menu commands that open a screen (Ctrl/⌘+1…6, in the order of the tabs). */
const SCREEN_COMMANDS: Partial<Record<EventPayload<'app:command'>['command'], Screen>> = {
  'show-overview': 'overview',
  'show-jobs': 'jobs',
  'show-insights': 'insights',
  'show-runs': 'runs',
  'show-compare': 'compare',
  'show-connections': 'connections',
};

export type PaperSize = 'A4' | 'Letter';

export type Screen =
  'overview' | 'jobs' | 'insights' | 'findings' | 'runs' | 'audit' | 'compare' | 'connections' | 'report';

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
export class AppState {
  info = $state<AppInfo | null>(null);
  connections = $state<ConnectionView[]>([]);
  activeId = $state<string | null>(null);
  #screen = $state<Screen>('jobs');
  #reportReturnTo: Screen = 'overview';
  /** The paper the evidence report is laid out and printed on. */
  reportPaper = $state<PaperSize>('A4');
  get screen(): Screen {
    return this.#screen;
  }
  utc = $state(false);

  groups = $state.raw<DrGroup[]>([]);
  groupDetail = $state.raw<DrGroupDetail | null>(null);
  filter = $state<FilterInput>({ drGroupId: '', jobId: '', replicationId: '', clientId: '' });
  #result = $state.raw<RunView | null>(null);
  get result(): RunView | null {
    return this.#result;
  }
  /** Where `result` came from: a live fetch held in main, or a saved run opened offline. */
  source = $state.raw<DataSource | null>(null);
  savedRun = $state.raw<RunSummary | null>(null);
  /** What the Compare screen compares. */
  #compare = $state.raw<CompareRequest | null>(null);
  get compare(): CompareRequest | null {
    return this.#compare;
  }
  loading = $state(false);
  progressBytes = $state(0);
  /** Seconds since the fetch in progress started (ticks while loading). */
  fetchSeconds = $state(0);
  /** The first operations of the fetch in progress, shown (without figures) until its whole answer is in. */
  preview = $state.raw<FetchPreview | null>(null);
  #error = $state<AppError | null>(null);
  get error(): AppError | null {
    return this.#error;
  }
  autoRefresh = $state(true);
  #selectedJobId = $state<number | null>(null);
  get selectedJobId(): number | null {
    return this.#selectedJobId;
  }
  private requestId: string | null = null;
  /** The auto-refresh main is running for the shown live data, and the filter it uses. */
  private watchId: string | null = null;
  private lastFilter: JobStatsFilter = {};
  /** The fetch that was under way when the session ended, if any. */
  private signedOutDuring: string | null = null;

  active = $derived(this.connections.find((c) => c.id === this.activeId) ?? null);
  signedIn = $derived(this.active?.session.signedIn ?? false);
  anyRunning = $derived(this.#result?.operations.some((op) => op.status === 'running') ?? false);
  selected = $derived(this.#result?.operations.find((op) => op.jobId === this.#selectedJobId) ?? null);
  /** Viewing a saved run: no network, no auto-refresh, clearly marked. */
  offline = $derived(this.source?.kind === 'saved');

  /** What the user filtered: it drives the table, Insights, the overview, exports, reports and saved runs. */
  scope = $state<Scope>({ ...EMPTY_SCOPE });
  /** The table's sort and the optional columns shown; kept across restarts with the scope. */
  sort = $state<SortState>({ ...DEFAULT_UI_PREFS.sort });
  columns = $state<OptionalColumn[]>([...DEFAULT_UI_PREFS.columns]);
  /** Why the data on screen is no longer the CommServe's current answer (a fetch failed after it), or null. */
  stale = $state<string | null>(null);
  /** A fetch filter field the user must correct; shown next to the field, never as a page banner with Retry. */
  filterError = $state<{ field: keyof FilterInput; message: string } | null>(null);
  /** The fetch filter the shown live data was fetched with. */
  private fetchedFilter = $state<string | null>(null);
  /** The live scope, put aside while a saved run (with its own scope) is open. */
  private liveScope: Scope | null = null;

  /** The fetch filters were changed since the shown data was fetched: it does not answer them until Fetch. */
  filtersChanged = $derived.by(() => {
    if (this.source?.kind !== 'live' || this.fetchedFilter === null) return false;
    const filter = this.parsedFilter();
    return typeof filter === 'string' || JSON.stringify(filter) !== this.fetchedFilter;
  });
  /** Why the shown data may not be saved or exported as a current result (main refuses stale data too). */
  exportBlock = $derived.by<string | null>(() => {
    if (!this.#result) return 'Nothing fetched yet.';
    if (this.loading) return 'Fetching…';
    // Short: the note above the table says why in full.
    if (this.stale) return 'Out of date: fetch again to export, save or print.';
    if (this.filtersChanged) return 'Filters changed: press Fetch to export, save or print.';
    return null;
  });

  /** The moment figures are judged at (running operations' elapsed time): the data's fetch time. */
  asOf = $derived(this.#result?.fetchedAt ?? 0);
  targets = $derived<RtoTargets>({
    rtoTargetSeconds: this.#result?.rtoTargetSeconds ?? null,
    rtoTargetsByGroup: this.#result?.rtoTargetsByGroup ?? {},
  });
  /**
   * Where each group's last test and last successful test are looked for: everything fetched (a saved run: all it
   * holds), whatever the scope (`groupCompliance`). A type or a search must never make a tested group read "never".
   */
  history = $derived<readonly DrOperation[]>(this.#result?.operations ?? []);
  /** The operations in scope, in fetch order. */
  scoped = $derived.by<DrOperation[]>(() =>
    this.#result
      ? applyScope(this.#result.operations, this.scope, {
          groupNames: this.#result.groupNames,
          asOf: this.asOf,
          targets: this.targets,
        })
      : [],
  );

  /**
   * The scope in words, as exports, saved runs and the printed report state it (main words exports the same way).
   * A saved run opened in its own scope keeps its words; narrowed further, it says what it was saved as.
   */
  scopeText = $derived.by(() => {
    const data = this.#result;
    if (!data) return '';
    const saved = this.offline ? data.savedScopeText : '';
    const same = saved !== '' && sameScope(data.savedScope ?? EMPTY_SCOPE, this.scope);
    if (same) return saved;
    const text = describeScope(this.scope, {
      groupNames: data.groupNames,
      shown: this.scoped.length,
      total: saved ? data.operations.length : data.totalOperations,
      // Custom dates were picked in the zone the screen shows.
      timeZone: this.utc ? 'UTC' : Intl.DateTimeFormat().resolvedOptions().timeZone,
      fetched: data.fetchFilter,
    });
    return saved ? `${text} (of a run saved as: ${saved})` : text;
  });

  /** The RTO target that applies to an operation: its DR group's override, else the connection's. */
  targetFor(op: DrOperation): number | null {
    return targetFor(op, this.targets);
  }

  /** Loads what the app needs to show anything; a failure here is the start-up error the app shows instead. */
  async start(): Promise<Result<void>> {
    // Where the user may already have gone while start-up was still loading: never pull them away from it.
    const screenAtStart = this.#screen;
    const info = await call('app:info', {});
    if (!info.ok) return info;
    this.info = info.value;
    // Without the kept preferences the app starts with the defaults.
    const prefs = await call('ui:get', {});
    if (prefs.ok) {
      this.sort = prefs.value.sort;
      this.scope = prefs.value.scope;
      this.columns = prefs.value.columns;
      this.activeId = prefs.value.activeConnectionId;
    }
    const loaded = await this.loadConnections();
    if (!loaded.ok) return loaded;
    this.keepPrefs();
    bridge().on('jobs:progress', (p) => {
      if (p.requestId === this.requestId) this.progressBytes = p.receivedBytes;
    });
    bridge().on('jobs:preview', ({ requestId, operations, vmRunsSoFar }) => {
      if (requestId !== this.requestId) return;
      this.preview = { operations, vmRunsSoFar };
      markWhenPainted('drjs:first-rows-painted');
    });
    bridge().on('app:command', ({ command }) => {
      const screen = SCREEN_COMMANDS[command];
      if (screen) this.#screen = screen;
      else if (command === 'toggle-utc') this.utc = !this.utc;
      else if (command === 'refresh' && this.signedIn && !this.loading) void this.fetchJobs();
    });
    bridge().on('jobs:refreshed', ({ watchId, result, error }) => {
      if (watchId !== this.watchId) return;
      if (result) {
        this.#result = result;
        this.source = { kind: 'live', fetchId: result.fetchId };
        this.stale = null;
        if (!result.operations.some((op) => op.status === 'running')) this.watchId = null;
      } else {
        this.watchId = null;
        this.#error = error;
        if (error) this.markStale(error.message);
      }
    });
    bridge().on('session:changed', (status) => {
      this.connections = this.connections.map((c) => (c.id === status.connectionId ? { ...c, session: status } : c));
      this.forgetIfSignedOut();
    });
    const navigated = this.#screen !== screenAtStart;
    if (this.signedIn) await this.openConnection({ keepScreen: navigated });
    else if (!navigated && this.connections.length === 0) this.#screen = 'connections';
    return DONE;
  }

  /**
   * Sort, scope, columns and the active connection go to main (the settings file) shortly after each change, and at
   * once when the window closes, so a change made just before closing is kept.
   */
  private keepPrefs(): void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let unsent: UiUpdate | undefined;
    let first = true;
    const send = () => {
      clearTimeout(timer);
      if (!unsent) return;
      const update = unsent;
      unsent = undefined;
      // Best effort: a failure to keep them is not worth interrupting the user for.
      void call('ui:set', update);
    };
    window.addEventListener('pagehide', send);
    $effect.root(() => {
      $effect(() => {
        const update: UiUpdate = {
          sort: $state.snapshot(this.sort),
          columns: $state.snapshot(this.columns),
          activeConnectionId: this.activeId,
          // A saved run's scope is its own: only the live scope is remembered.
          ...(this.offline ? {} : { scope: $state.snapshot(this.scope) }),
        };
        if (first) {
          first = false;
          return;
        }
        unsent = update;
        clearTimeout(timer);
        timer = setTimeout(send, 250);
      });
    });
  }

  /** The shown data is no longer current: a fetch failed after it. Kept on screen, marked, and not exportable. */
  private markStale(message: string): void {
    if (!this.#result || this.source?.kind !== 'live') return;
    const now = nowSeconds();
    this.stale = `the fetch at ${formatClock(now, this.utc)} failed (${message.replace(/[.\s]+$/, '')}); this is the data from ${formatClock(this.#result.fetchedAt, this.utc)}.`;
  }

  clearScope(): void {
    this.scope = { ...EMPTY_SCOPE };
  }

  // ---- Navigation: the screens move only through these ---------------------------------------------------------

  /** Leaving the Jobs screen closes the job that was open there. */
  showScreen(screen: Screen): void {
    this.#screen = screen;
    if (screen !== 'jobs') this.#selectedJobId = null;
  }

  /** Opens a job's detail on the Jobs screen (null: back to the table). */
  selectJob(jobId: number | null): void {
    this.#selectedJobId = jobId;
    if (jobId !== null) this.#screen = 'jobs';
  }

  /**
   * The Jobs table narrowed to a DR group, statuses, types or RTO results, from a summary elsewhere. Types and RTO
   * results narrow those already in the scope (the figure clicked was counted within them), never widen them.
   */
  showJobsFor(
    groupId: number | null,
    narrow: { statuses?: PhaseStatus[]; types?: OperationType[]; rtoResults?: RtoResult[] } = {},
  ): void {
    const { statuses = [], types = [], rtoResults = [] } = narrow;
    const within = <T>(picked: T[], current: readonly T[]) =>
      current.length ? picked.filter((value) => current.includes(value)) : picked;
    this.scope = {
      ...this.scope,
      ...(groupId !== null ? { groupIds: [groupId] } : {}),
      ...(statuses.length ? { statuses } : {}),
      ...(types.length ? { types: within(types, this.scope.types) } : {}),
      ...(rtoResults.length ? { rtoResults: within(rtoResults, this.scope.rtoResults) } : {}),
    };
    this.selectJob(null);
    this.showScreen('jobs');
  }

  openCompare(request: CompareRequest): void {
    this.#compare = request;
    this.showScreen('compare');
  }

  /** Opens the DR test evidence report for the current scope; its Back button returns to where it was opened. */
  openEvidenceReport(): void {
    if (this.#screen !== 'report') this.#reportReturnTo = this.#screen;
    this.showScreen('report');
  }

  closeEvidenceReport(): void {
    this.showScreen(this.#reportReturnTo === 'report' ? 'overview' : this.#reportReturnTo);
  }

  dismissError(): void {
    this.#error = null;
  }

  // ---- Per-group settings --------------------------------------------------------------------------------------

  /**
   * Sets (minutes) or removes (null) a DR group's own RTO target. The data on screen is judged with it at once;
   * the next fetch carries it from the connection. A failure is returned, for the caller to show.
   */
  async setGroupTarget(groupId: number, minutes: number | null): Promise<Result<void>> {
    if (!this.activeId) return DONE;
    const saved = await call('connections:setGroupTarget', { connectionId: this.activeId, groupId, minutes });
    if (!saved.ok) return saved;
    if (this.#result) this.#result = withGroupTarget(this.#result, groupId, minutes);
    return this.loadConnections();
  }

  /** Sets or removes a DR group's own test interval in days. A failure is returned, for the caller to show. */
  async setGroupInterval(groupId: number, days: number | null): Promise<Result<void>> {
    if (!this.activeId) return DONE;
    const saved = await call('connections:setGroupInterval', { connectionId: this.activeId, groupId, days });
    if (!saved.ok) return saved;
    return this.loadConnections();
  }

  /** Reads the connections again; on failure the list on screen stays as it was and the failure is returned. */
  async loadConnections(): Promise<Result<void>> {
    const listed = await call('connections:list', {});
    if (!listed.ok) return listed;
    this.connections = listed.value;
    if (!this.connections.some((c) => c.id === this.activeId)) {
      this.activeId = (this.connections.find((c) => c.session.signedIn) ?? this.connections[0])?.id ?? null;
    }
    this.forgetIfSignedOut();
    return DONE;
  }

  /**
   * Signed out of the connection whose live data is shown (or its session ended): that CommServe's data leaves every
   * screen at once (the overview, Insights, the report, a job's detail), as the Jobs screen already showed only
   * "Signed out". A saved run is kept: it needs no session.
   */
  private forgetIfSignedOut(): void {
    if (this.signedIn || this.source?.kind === 'saved') return;
    // A fetch still under way belongs to the session that ended: its answer is not shown (a failure still is).
    this.signedOutDuring = this.requestId;
    if (!this.#result) return;
    void this.stopWatching();
    this.#result = null;
    this.source = null;
    this.stale = null;
    this.fetchedFilter = null;
    this.#selectedJobId = null;
  }

  async selectConnection(id: string): Promise<void> {
    if (id === this.activeId) return;
    await this.stopWatching();
    this.activeId = id;
    this.#result = null;
    this.groups = [];
    this.groupDetail = null;
    this.#selectedJobId = null;
    this.#error = null;
    this.stale = null;
    this.filterError = null;
    this.fetchedFilter = null;
    this.filter = { drGroupId: '', jobId: '', replicationId: '', clientId: '' };
    // Group ids belong to a CommServe: another connection's groups are different ones.
    this.scope.groupIds = [];
    if (this.signedIn) await this.openConnection();
  }

  /** After sign-in (or at start): load the DR groups and the jobs. */
  async openConnection(options: { keepScreen?: boolean } = {}): Promise<void> {
    if (!this.activeId) return;
    if (!options.keepScreen) this.#screen = 'jobs';
    await this.loadGroups();
    await this.fetchJobs();
  }

  async loadGroups(): Promise<void> {
    if (!this.activeId) return;
    const listed = await call('groups:list', { connectionId: this.activeId });
    if (listed.ok) this.groups = listed.value;
    else this.#error = listed.error;
  }

  async pickGroup(value: string): Promise<void> {
    this.filter.drGroupId = value;
    this.filter.replicationId = '';
    this.filter.clientId = '';
    this.groupDetail = null;
    if (!value || !this.activeId) return;
    const detail = await call('groups:get', { connectionId: this.activeId, groupId: Number(value) });
    if (detail.ok) this.groupDetail = detail.value;
    else this.#error = detail.error;
  }

  /** The typed filter, or an error message for the first field that is not a positive whole number. */
  parsedFilter(): JobStatsFilter | string {
    const checked = this.checkFilter();
    return 'message' in checked ? checked.message : checked.filter;
  }

  /** The contract's one filter rule (labels and wording shared with the client and the CLI). */
  private checkFilter(): { filter: JobStatsFilter } | FilterFieldProblem {
    return checkJobStatsFilter(this.filter);
  }

  async fetchJobs(): Promise<void> {
    if (!this.activeId) return;
    const checked = this.checkFilter();
    if ('message' in checked) {
      // The field is marked; the old result stays, marked as not answering the new filters (filtersChanged).
      this.filterError = checked;
      return;
    }
    this.filterError = null;
    const filter = checked.filter;
    await this.stopWatching();
    const requestId = crypto.randomUUID();
    this.requestId = requestId;
    this.lastFilter = filter;
    this.loading = true;
    this.progressBytes = 0;
    this.fetchSeconds = 0;
    this.preview = null;
    this.#error = null;
    const started = nowMs();
    const ticking = setInterval(() => {
      if (this.requestId === requestId) this.fetchSeconds = Math.floor((nowMs() - started) / 1000);
    }, 250);
    for (const name of FETCH_MARKS) performance.clearMarks(name);
    performance.mark('drjs:fetch-started');
    const fetched = await call('jobs:fetch', { connectionId: this.activeId, filter, requestId });
    clearInterval(ticking);
    // A reply to a fetch that was cancelled or replaced by a newer one is ignored.
    if (this.requestId !== requestId) return;
    if (fetched.ok && this.signedOutDuring === requestId) {
      // Signed out while it was under way: the answer belongs to a session that has ended, and is not shown.
    } else if (fetched.ok) {
      const result = fetched.value;
      // User Timing marks: from data arrival to the table on screen (read by `npm run bench`).
      performance.mark('drjs:data-arrived');
      this.#result = result;
      this.source = { kind: 'live', fetchId: result.fetchId };
      this.savedRun = null;
      this.stale = null;
      this.fetchedFilter = JSON.stringify(filter);
      markWhenPainted('drjs:table-painted', 'drjs:table-rendered');
      markWhenPainted('drjs:first-rows-painted');
      void this.watchIfRunning();
    } else {
      this.#error = fetched.error;
      if (fetched.error.kind !== 'cancelled') this.markStale(fetched.error.message);
    }
    this.loading = false;
    this.preview = null;
    this.requestId = null;
  }

  /** The auto-refresh switch: main fetches again while anything runs, and stops by itself when nothing does. */
  async setAutoRefresh(on: boolean): Promise<void> {
    this.autoRefresh = on;
    if (on) await this.watchIfRunning();
    else await this.stopWatching();
  }

  private async watchIfRunning(): Promise<void> {
    if (!this.autoRefresh || !this.anyRunning || this.offline || !this.activeId || this.watchId) return;
    const watchId = `auto-${crypto.randomUUID()}`;
    this.watchId = watchId;
    const watching = await call('jobs:watch', { connectionId: this.activeId, filter: this.lastFilter, watchId });
    if (!watching.ok) {
      if (this.watchId === watchId) this.watchId = null;
      this.#error = watching.error;
    }
  }

  private async stopWatching(): Promise<void> {
    const watchId = this.watchId;
    this.watchId = null;
    // A watch main could not stop is of no interest: its refreshes no longer match `watchId` and are ignored.
    if (watchId) await call('jobs:unwatch', { watchId });
  }

  /**
   * Opens a saved run into the same screens as live data, with no sign-in and no network. A failure is shown as
   * the app's error and returned too (the Runs screen shows it with its list).
   */
  async openRun(runId: string): Promise<Result<void>> {
    await this.stopWatching();
    this.#error = null;
    const answer = await call('runs:open', { runId });
    if (!answer.ok) {
      this.#error = answer.error;
      return answer;
    }
    const opened = answer.value;
    if (!this.offline) this.liveScope = $state.snapshot(this.scope);
    // A saved run opens in the scope it was saved with (its operations are already in it).
    this.scope = opened.savedScope ?? { ...EMPTY_SCOPE };
    this.#result = opened;
    this.source = { kind: 'saved', runId };
    this.stale = null;
    this.savedRun = opened.summary;
    this.#selectedJobId = null;
    this.#screen = 'jobs';
    return DONE;
  }

  /** Leaves a saved run: back to live data of the active connection (fetched again when signed in). */
  async backToLive(): Promise<void> {
    if (this.liveScope) this.scope = this.liveScope;
    this.liveScope = null;
    this.#result = null;
    this.source = null;
    this.fetchedFilter = null;
    this.savedRun = null;
    this.#selectedJobId = null;
    if (this.signedIn) await this.fetchJobs();
  }

  /**
   * Stops the fetch at once: main aborts the transfer, and the screen goes back to what it showed before without
   * waiting for the answer (a late one is ignored, as its request is no longer the current one).
   */
  async cancelFetch(): Promise<void> {
    const requestId = this.requestId;
    if (!requestId) return;
    this.requestId = null;
    this.loading = false;
    this.preview = null;
    const message = this.#result
      ? 'The fetch was cancelled; the jobs shown are from before it.'
      : 'The fetch was cancelled.';
    this.#error = { kind: 'cancelled', message, details: {} };
    // The screen has moved on either way: a fetch main failed to abort ends unseen, as its reply is ignored.
    await call('jobs:cancel', { requestId });
  }
}

const FETCH_MARKS = [
  'drjs:fetch-started',
  'drjs:data-arrived',
  'drjs:first-rows-painted',
  'drjs:table-rendered',
  'drjs:table-painted',
];

/**
 * User Timing marks read by `npm run bench`: the first of each name after `drjs:fetch-started`. `painted` is the moment
 * that state reached the screen (the next frame after Svelte applied it); `rendered`, when Svelte had applied it. The
 * time between them is a wait for the frame (up to 16.7 ms at 60 Hz) that depends only on when in a frame the data
 * came, not on how much of it there is.
 */
function markWhenPainted(painted: string, rendered?: string): void {
  const once = (name: string) => {
    if (performance.getEntriesByName(name).length === 0) performance.mark(name);
  };
  void tick().then(() => {
    if (rendered) once(rendered);
    requestAnimationFrame(() => once(painted));
  });
}
