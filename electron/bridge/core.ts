import { createDispatcher, type Dispatch, type Handlers } from './dispatch.js';
import { EventHub } from '../services/events.js';
import type { FetchLike } from '../commvault/transport.js';
import type { ResultChecking } from '../contract/api.js';
import type { AppInfo } from '../contract/appInfo.js';
import type { ConnectionProfile } from '../contract/connections.js';
import { ConnectionSecrets } from '../storage/connectionSecrets.js';
import type { SecretStore } from '../storage/secretStore.js';
import { ensureWritableDataDir } from '../storage/storageErrors.js';
import { SettingsStore } from '../storage/settingsStore.js';
import { JobFactStore } from '../storage/jobFactStore.js';
import { RunLibrary } from '../storage/runLibrary.js';
import { ConnectionService } from '../services/connections.js';
import { DemoService, type DemoStarter } from '../services/demo.js';
import { ExportService, type PdfOptions } from '../services/exports.js';
import type { FileSink } from '../sinks/fileSink.js';
import { JobService } from '../services/jobs.js';
import { LiveRuns } from '../services/liveRuns.js';
import { RunService } from '../services/runs.js';
import { SessionService } from '../services/sessions.js';
import { UiPrefsService } from '../services/uiPrefs.js';
import { AuditService } from '../services/audit.js';
import { FindingService } from '../services/findings.js';
import { ReportRecordService } from '../services/reportRecord.js';
import { SignOffService } from '../services/signOffs.js';
import { PackService, type SigningKeys } from '../services/packs.js';
import { AuditLog } from '../storage/auditLog.js';
import { ReadinessService } from '../services/readiness.js';
import { DefinitionCompareService } from '../services/definitionCompare.js';
import { realTimers, type Timers } from '../contract/timers.js';

export interface CoreContext {
  mode: AppInfo['mode'];
  version: string;
  dataDir: string;
  platform: string;
  secretStore: SecretStore;
  createFetch: (profile: ConnectionProfile) => Promise<FetchLike>;
  probeCertificate?: (url: string) => Promise<string | undefined>;
  /** Starts the built-in demo CommServe (a shell passes the simulator's); absent: no demo connection is offered. */
  demo?: DemoStarter | undefined;
  /** Where exports go: the save dialog (desktop), a download (browser mode) or the paths given (headless export). */
  sink: FileSink;
  /** The OS locale (default CSV delimiter). */
  locale: string;
  /** Desktop only: print the window to PDF. */
  printToPdf?: (options?: PdfOptions) => Promise<Buffer>;
  /** Where an evidence pack's signing key comes from (the headless export: the file its --signing-key names). */
  signingKeys?: SigningKeys;
  /** Desktop only: print a self-contained HTML page (the evidence report file) to PDF. */
  printHtmlToPdf?: (html: string, options: PdfOptions) => Promise<Buffer>;
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
 * Everything behind the contract, with no Electron and no transport: the Electron shell, the browser mode and the
 * headless export each create one and call its channels. It only wires services together: each service answers its
 * own slice of the channels and keeps its own rules. Work a command may not need (restoring a kept session,
 * starting the demo CommServe) happens on first use, not here.
 */
export async function createCore(context: CoreContext): Promise<Core> {
  await ensureWritableDataDir(context.dataDir);
  const settings = new SettingsStore(context.dataDir);
  const { problem } = await settings.load();
  const events = new EventHub(context.checking);
  const sessions: SessionService = new SessionService({
    settings,
    secrets: new ConnectionSecrets(context.secretStore),
    createFetch: context.createFetch,
    events,
    beforeUse: (connectionId) => demo.beforeUse(connectionId),
    ...(context.probeCertificate ? { probeCertificate: context.probeCertificate } : {}),
  });
  const demo: DemoService = new DemoService({ settings, sessions, start: context.demo });
  const connections = new ConnectionService({
    settings,
    sessions,
    createFetch: context.createFetch,
    beforeListing: (name) => demo.beforeListing(name),
    ...(context.probeCertificate ? { probeCertificate: context.probeCertificate } : {}),
  });
  const liveRuns = new LiveRuns();
  const jobFacts = new JobFactStore(context.dataDir);
  const autoRefreshSeconds = context.autoRefreshSeconds ?? 15;
  const readiness = new ReadinessService({ sessions, ...(context.timers ? { timers: context.timers } : {}) });
  const jobs = new JobService({
    readiness,
    sessions,
    events,
    settings,
    liveRuns,
    appVersion: context.version,
    autoRefreshSeconds,
    jobFacts,
    ...(context.timers ? { timers: context.timers } : {}),
  });
  connections.onTargetsChanged((profile) => jobs.retarget(profile));
  const auditLog = new AuditLog(context.dataDir);
  const audit = new AuditService({ log: auditLog, timers: context.timers ?? realTimers });
  const library = new RunLibrary(context.dataDir, () => (context.timers ?? realTimers).now());
  const runs = new RunService(library, liveRuns, context.sink, audit);
  const signOffs = new SignOffService({ dataDir: context.dataDir, runs, audit });
  const findings = new FindingService({ dataDir: context.dataDir, runs, signOffs, audit });
  const reportRecord = new ReportRecordService({ runs, signOffs, findings, audit });
  const exports = new ExportService({
    runs,
    reportRecord,
    findings,
    sink: context.sink,
    events,
    locale: context.locale,
    app: { name: APP_NAME, version: context.version },
    timers: context.timers ?? realTimers,
    audit,
    readinessFor: async (source) => {
      const owner = source.kind === 'live' ? liveRuns.ownerOf(source.fetchId) : undefined;
      return owner ? readiness.read(owner).catch(() => null) : null;
    },
    ...(context.printToPdf ? { printToPdf: context.printToPdf } : {}),
    ...(context.printHtmlToPdf ? { printHtmlToPdf: context.printHtmlToPdf } : {}),
  });
  const uiPrefs = new UiPrefsService(settings);
  const packs = new PackService({ library, runs, signOffs, audit, keys: context.signingKeys ?? {} });

  const info: AppInfo = {
    name: APP_NAME,
    version: context.version,
    mode: context.mode,
    dataDir: context.dataDir,
    platform: context.platform,
    user: audit.user(),
    settingsProblem: problem?.message ?? null,
    autoRefreshSeconds,
  };
  const handlers: Handlers = {
    'app:info': () => Promise.resolve(info),
    ...connections.handlers(),
    ...sessions.handlers(),
    ...jobs.handlers(),
    ...runs.handlers(),
    ...exports.handlers(),
    ...uiPrefs.handlers(),
    ...signOffs.handlers(),
    ...findings.handlers(),
    ...reportRecord.handlers(),
    ...audit.handlers(),
    ...packs.handlers(),
    ...readiness.handlers(),
    ...new DefinitionCompareService(runs).handlers(),
  };

  return {
    dispatch: createDispatcher(handlers, context.checking),
    events,
    close: async () => {
      jobs.close();
      // A renewed token still being written to the keychain, a preference or a run still being saved: quitting
      // right after a change must not lose it (nor leave a temporary file behind). Only so long, though: a data
      // folder on a drive that stopped answering must not keep the app from ever closing.
      await sessions.settled();
      await within(
        CLOSE_WAIT_MS,
        Promise.all([
          settings.idle(),
          library.idle(),
          jobFacts.idle(),
          auditLog.idle(),
          signOffs.idle(),
          findings.idle(),
        ]),
        context.timers ?? realTimers,
      );
      await demo.close();
    },
  };
}

const APP_NAME = 'DR Job Stats';

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
