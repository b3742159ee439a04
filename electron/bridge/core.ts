import { createDispatcher, type Dispatch } from './dispatch.js';
import { EventHub } from '../services/events.js';
import { toAppError } from '../services/errors.js';
import type { FetchLike } from '../commvault/transport.js';
import type { EventPayload, ResultChecking } from '../contract/api.js';
import type { AppInfo } from '../contract/appInfo.js';
import type { ConnectionProfile } from '../contract/connections.js';
import type { AppError } from '../contract/errors.js';
import { ConnectionSecrets } from '../storage/connectionSecrets.js';
import type { SecretStore } from '../storage/secretStore.js';
import { ensureWritableDataDir } from '../storage/storageErrors.js';
import { SettingsStore } from '../storage/settingsStore.js';
import { JobTypeStore } from '../storage/jobTypeStore.js';
import { RunLibrary } from '../storage/runLibrary.js';
import { ConnectionService } from '../services/connections.js';
import { DEMO_CREDENTIALS, ensureDemoConnection, startDemoServer } from '../services/demo.js';
import { ExportService, type PdfOptions } from '../services/exports.js';
import type { FileSink } from '../sinks/fileSink.js';
import { JobService, rtoTargets, testIntervals } from '../services/jobs.js';
import { LiveRuns } from '../services/liveRuns.js';
import { RunService } from '../services/runs.js';
import { SessionService } from '../services/sessions.js';
import { UiPrefsService } from '../services/uiPrefs.js';
import { realTimers, type Timers } from '../contract/timers.js';

export interface CoreContext {
  mode: AppInfo['mode'];
  version: string;
  dataDir: string;
  platform: string;
  secretStore: SecretStore;
  createFetch: (profile: ConnectionProfile) => Promise<FetchLike>;
  probeCertificate?: (url: string) => Promise<string | undefined>;
  /** Start the built-in demo CommServe and offer it as a connection (default true). */
  demo?: boolean;
  /** Where exports go: the save dialog (desktop) or a download (browser mode). */
  sink: FileSink;
  /** The OS locale (default CSV delimiter). */
  locale: string;
  /** Desktop only: print the window to PDF. */
  printToPdf?: (options?: PdfOptions) => Promise<Buffer>;
  /** Seconds between automatic fetches while jobs run (default 15). */
  autoRefreshSeconds?: number;
  /** What auto-refresh waits on (tests drive it; default the real clock). */
  timers?: Timers;
  /** How much of each result and event is checked before it leaves (default by construction; tests: full). */
  checking?: ResultChecking;
}

export interface Core {
  dispatch: Dispatch;
  events: EventHub;
  close(): Promise<void>;
}

/**
 * Everything behind the contract, with no Electron and no transport: the Electron shell and the browser mode
 * each create one and carry `dispatch` and `events` over their own wire.
 */
export async function createCore(context: CoreContext): Promise<Core> {
  await ensureWritableDataDir(context.dataDir);
  const settings = new SettingsStore(context.dataDir);
  const { problem } = await settings.load();
  const secrets = new ConnectionSecrets(context.secretStore);
  const sessionDeps = {
    settings,
    secrets,
    createFetch: context.createFetch,
    ...(context.probeCertificate ? { probeCertificate: context.probeCertificate } : {}),
  };
  const sessions = new SessionService(sessionDeps);
  const events = new EventHub(context.checking);
  const connections = new ConnectionService({ ...sessionDeps, sessions });
  const liveRuns = new LiveRuns();
  const jobTypes = new JobTypeStore(context.dataDir);
  const autoRefreshSeconds = context.autoRefreshSeconds ?? 15;
  const jobs = new JobService({
    sessions,
    events,
    settings,
    liveRuns,
    appVersion: context.version,
    autoRefreshSeconds,
    jobTypes,
    ...(context.timers ? { timers: context.timers } : {}),
  });
  const library = new RunLibrary(context.dataDir);
  const runs = new RunService(library, liveRuns, context.sink);
  const exports = new ExportService({
    runs,
    sink: context.sink,
    events,
    locale: context.locale,
    ...(context.printToPdf ? { printToPdf: context.printToPdf } : {}),
  });

  const uiPrefs = new UiPrefsService(settings);

  // No stale evidence: a failed fetch (not a cancelled one) makes what is held from that connection stale, so it
  // cannot be saved or exported as the current answer. Auto-refresh fetches count too.
  const failedFetch = (connectionId: string, failure: AppError | null) => {
    if (!failure) return;
    if (failure.kind === 'cancelled') return;
    const at = new Date().toISOString().slice(11, 19);
    liveRuns.invalidate(connectionId, `a fetch at ${at} UTC failed (${failure.message.replace(/[.\s]+$/, '')}).`);
  };
  const watchedConnections = new Map<string, string>();
  events.subscribe((name, payload) => {
    if (name !== 'jobs:refreshed') return;
    const { watchId, result, error } = payload as EventPayload<'jobs:refreshed'>;
    const connectionId = watchedConnections.get(watchId);
    if (connectionId === undefined) return;
    if (result) liveRuns.bind(result.fetchId, connectionId);
    else failedFetch(connectionId, error);
  });

  const demo = context.demo === false ? undefined : await startDemoServer();
  if (demo && (await ensureDemoConnection(settings, demo.url))) {
    const { settings: current } = await settings.load();
    const profile = current.connections.find((c) => c.demo);
    if (profile) {
      await sessions
        .signIn(profile.id, { ...DEMO_CREDENTIALS }, { staySignedIn: false, rememberPassword: false })
        .catch(() => undefined);
    }
  }
  // Connections kept signed in come back without a password prompt when their token is still good; secrets withdrawn
  // at a sign-out the keychain could not complete are deleted now, if it lets us.
  const { settings: loaded } = await settings.load();
  await Promise.all([
    ...loaded.connections
      .filter((c) => c.staySignedIn && !c.demo)
      .map((c) => sessions.restore(c.id).catch(() => undefined)),
    ...loaded.connections.filter((c) => c.secretsWithdrawn).map((c) => sessions.deleteWithdrawn(c.id)),
  ]);

  const info: AppInfo = {
    name: 'DR Job Stats',
    version: context.version,
    mode: context.mode,
    dataDir: context.dataDir,
    platform: context.platform,
    settingsProblem: problem?.message ?? null,
    autoRefreshSeconds,
  };

  const dispatch = createDispatcher(
    {
      'app:info': () => Promise.resolve(info),
      'connections:list': () => connections.list(),
      'connections:save': async (draft) => {
        const view = await connections.save(draft);
        liveRuns.retarget(view.id, { ...rtoTargets(view), ...testIntervals(view) });
        return view;
      },
      'connections:delete': async ({ connectionId }) => {
        await connections.delete(connectionId);
        return {};
      },
      'connections:test': ({ connectionId }) => connections.test(connectionId),
      'session:signIn': async ({ connectionId, username, password, domain, staySignedIn, rememberPassword }) => {
        const status = await sessions.signIn(
          connectionId,
          { username, password, domain },
          { staySignedIn, rememberPassword },
        );
        events.emit('session:changed', status);
        return status;
      },
      'session:useToken': async ({ connectionId, token, staySignedIn }) => {
        const status = await sessions.useToken(connectionId, token, { staySignedIn });
        events.emit('session:changed', status);
        return status;
      },
      'session:signOut': async ({ connectionId }) => {
        try {
          return await sessions.signOut(connectionId);
        } finally {
          // Signed out here even when the keychain or the CommServe could not be told: the screens must show it.
          events.emit('session:changed', await sessions.status(connectionId));
        }
      },
      'session:status': ({ connectionId }) => sessions.status(connectionId),
      'groups:list': ({ connectionId }) => jobs.listGroups(connectionId),
      'groups:get': ({ connectionId, groupId }) => jobs.getGroup(connectionId, groupId),
      'jobs:fetch': async ({ connectionId, filter, requestId }) => {
        try {
          const result = await jobs.fetch(connectionId, filter, requestId);
          liveRuns.bind(result.fetchId, connectionId);
          return result;
        } catch (error) {
          failedFetch(connectionId, toAppError(error));
          throw error;
        }
      },
      'jobs:cancel': ({ requestId }) => {
        jobs.cancel(requestId);
        return Promise.resolve({});
      },
      'jobs:watch': ({ connectionId, filter, watchId }) => {
        watchedConnections.set(watchId, connectionId);
        jobs.watch(connectionId, filter, watchId);
        return Promise.resolve({});
      },
      'jobs:unwatch': ({ watchId }) => {
        watchedConnections.delete(watchId);
        jobs.unwatch(watchId);
        return Promise.resolve({});
      },
      'connections:setGroupTarget': async ({ connectionId, groupId, minutes }) => {
        const view = await connections.setGroupTarget(connectionId, groupId, minutes);
        liveRuns.retarget(connectionId, { ...rtoTargets(view), ...testIntervals(view) });
        return view;
      },
      'connections:setGroupInterval': async ({ connectionId, groupId, days }) => {
        const view = await connections.setGroupInterval(connectionId, groupId, days);
        liveRuns.retarget(connectionId, { ...rtoTargets(view), ...testIntervals(view) });
        return view;
      },
      'runs:list': () => runs.list(),
      'runs:save': ({ fetchId, name, note, scope }) => runs.save(fetchId, name, note, scope),
      'runs:open': ({ runId }) => runs.open(runId),
      'runs:update': ({ runId, name, note }) =>
        runs.update(runId, { ...(name !== undefined ? { name } : {}), ...(note !== undefined ? { note } : {}) }),
      'runs:delete': async ({ runId }) => {
        await runs.delete(runId);
        return {};
      },
      'runs:exportFile': ({ runId }) => runs.exportFile(runId),
      'runs:import': ({ content }) => runs.import(content),
      'export:csv': ({ source, report, options, scope }) => exports.csv(source, report, options, scope),
      'compare:run': (request) => exports.compare(request),
      'export:comparisonCsv': ({ compare, options }) => exports.comparisonCsv(compare, options),
      'export:png': ({ fileName, pngBase64 }) => exports.png(fileName, pngBase64),
      'export:pdf': ({ fileName, pageSize }) => exports.pdf(fileName, pageSize),
      'ui:get': () => uiPrefs.get(),
      'ui:set': async (change) => {
        await uiPrefs.set(change);
        return {};
      },
    },
    context.checking,
  );

  return {
    dispatch,
    events,
    close: async () => {
      jobs.close();
      // A renewed token still being written to the keychain, a preference or a run still being saved: quitting
      // right after a change must not lose it (nor leave a temporary file behind). Only so long, though: a data
      // folder on a drive that stopped answering must not keep the app from ever closing.
      await sessions.settled();
      await within(
        CLOSE_WAIT_MS,
        Promise.all([settings.idle(), library.idle(), jobTypes.idle()]),
        context.timers ?? realTimers,
      );
      await demo?.close();
    },
  };
}

/** How long closing waits for the writes still queued. */
const CLOSE_WAIT_MS = 10_000;

/** Resolves when `work` settles or after `ms`, whichever comes first. */
async function within(ms: number, work: Promise<unknown>, timers: Timers): Promise<void> {
  let timer: unknown;
  const timeUp = new Promise<void>((resolve) => {
    timer = timers.set(resolve, ms);
  });
  await Promise.race([work.then(() => undefined), timeUp]).finally(() => timers.clear(timer));
}
