import { randomUUID } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { CommvaultClient } from '../commvault/client.js';
import { CommvaultError } from '../commvault/errors.js';
import { probeCertificate } from '../commvault/nodeTransport.js';
import { EXPORT_LOOKUP_DEADLINE_MS, OperationTypeCache, resolveOperationTypes } from '../commvault/operationTypes.js';
import type { ConnectionProfile } from '../contract/connections.js';
import { AppFailure, appError } from '../contract/errors.js';
import { newRun, savedScopeOf, type RunContent } from '../contract/run.js';
import { csvContextFor, writeReportCsv } from '../reports/csv.js';
import { runContent } from '../services/jobs.js';
import { nodeFetchFor } from '../services/nodeFetch.js';
import { scopeContent } from '../services/runs.js';
import { SessionService } from '../services/sessions.js';
import { contentWriter } from '../sinks/fileSink.js';
import { pathSink, writeToNamedPath } from '../sinks/pathSink.js';
import { ConnectionSecrets } from '../storage/connectionSecrets.js';
import { parseRunFile, RunFileError, serialiseRun } from '../storage/runFile.js';
import { KeychainSecretStore, type SecretStore, loadKeytar } from '../storage/secretStore.js';
import { JobTypeStore } from '../storage/jobTypeStore.js';
import { SettingsStore } from '../storage/settingsStore.js';
import type { ExportOptions, LiveSource } from './parseArgs.js';
import { TOKEN_ENV } from './usage.js';

export interface RunExportDeps {
  /** Tests give their own keychain; the real CLI uses keytar. */
  secretStore?: SecretStore | undefined;
  env: NodeJS.ProcessEnv;
  appVersion?: string | undefined;
  /** Where `--out -` writes the report (standard output unless a test gives its own). */
  stdout?: NodeJS.WritableStream;
}

/** Does the export: reads the saved run or fetches, scopes it, writes the report (and the run). Returns what to say. */
export async function runExport(options: ExportOptions, deps: RunExportDeps): Promise<string> {
  const { report, out, source, timeZone } = options;
  const content =
    source.kind === 'run' ? await savedContent(source.path, options) : await liveContent(source, options, deps);
  let rows = 0;
  const context = csvContextFor(content, timeZone);
  await pathSink(out, deps.stdout ? { stdout: deps.stdout } : {}).save(out, [], async (stream) => {
    rows = await writeReportCsv(report, content.operations, context, options.write, stream);
  });
  const savedRun = source.kind === 'connection' && source.saveRun ? ` and the run to ${source.saveRun}` : '';
  return `Wrote ${rows} ${report} rows to ${out}${savedRun}. Scope: ${context.scopeText}.`;
}

async function savedContent(path: string, { scope, narrows, timeZone }: ExportOptions): Promise<RunContent> {
  const saved = parseRunFile(
    await readFile(path, 'utf8').catch(() => {
      throw new RunFileError(`cannot read ${path}.`);
    }),
  );
  // A saved run is already in its own scope; flags narrow it further, and the words say both (as in the app).
  return scopeContent(saved, saved.name, narrows ? scope : savedScopeOf(saved), timeZone).content;
}

async function liveContent(
  source: LiveSource,
  { scope, timeZone }: ExportOptions,
  deps: RunExportDeps,
): Promise<RunContent> {
  const fetched = await fetchLive(source, deps);
  const content = scopeContent(fetched, fetched.server.connectionName, scope, timeZone).content;
  if (source.saveRun) {
    const run = newRun(content, {
      id: randomUUID(),
      name: `${content.server.connectionName} (scheduled export)`,
      note: '',
      savedAt: Math.floor(Date.now() / 1000),
    });
    await writeToNamedPath(source.saveRun, contentWriter(serialiseRun(run)));
  }
  return content;
}

async function fetchLive({ name, filter, dataDir, initDataDir }: LiveSource, deps: RunExportDeps): Promise<RunContent> {
  await openDataDir(dataDir, initDataDir);
  const settingsStore = new SettingsStore(dataDir);
  const { settings } = await settingsStore.load();
  const profile = settings.connections.find((c) => c.name.toLowerCase() === name.toLowerCase());
  if (!profile) {
    const known = settings.connections.map((c) => `"${c.name}"`).join(', ') || 'none';
    // Right flags, wrong facts: exit 2 like wrong usage, with the message alone.
    throw new AppFailure(appError('invalid-input', `no connection named "${name}" (known: ${known}).`));
  }
  const secrets = new ConnectionSecrets(deps.secretStore ?? new KeychainSecretStore(loadKeytar));
  const fromEnv = deps.env[TOKEN_ENV]?.trim();
  // The app's own rule for a kept token: only while "Stay signed in" stands; one withdrawn at sign-out is deleted.
  const sessions = new SessionService({ settings: settingsStore, secrets, createFetch: nodeFetchFor });
  const token = fromEnv || (await sessions.keptToken(profile));
  if (!token) {
    const why = profile.staySignedIn
      ? 'no token is kept for it'
      : 'it is signed out in the app (or was signed in without "Stay signed in")';
    throw new CommvaultError(
      'session-expired',
      `cannot sign in to "${profile.name}": ${why}. Sign in once in the app with "Stay signed in", or set ${TOKEN_ENV}.`,
    );
  }
  let kept = token;
  const keychainWrites: Promise<unknown>[] = [];
  const client = new CommvaultClient({
    webService: profile.webService,
    fetch: await nodeFetchFor(profile),
    format: profile.format,
    deviceId: settings.deviceId,
    probeCertificate,
    // A renewed keychain token is kept, so the next scheduled run still works: every write is awaited below, as the
    // process ends right after the export. A token the keychain already holds is not written again.
    onTokenChange: (next) => {
      if (fromEnv || !next || next === kept) return;
      kept = next;
      keychainWrites.push(secrets.setToken(profile.id, next));
    },
  });
  try {
    return await fetchWith(client, token, filter, {
      profile,
      fromEnv: !!fromEnv,
      appVersion: deps.appVersion,
      dataDir,
    });
  } finally {
    // A renewal may come at any request, the job look-ups and the DR group names included.
    await Promise.allSettled(keychainWrites);
  }
}

async function fetchWith(
  client: CommvaultClient,
  token: string,
  filter: LiveSource['filter'],
  {
    profile,
    fromEnv,
    appVersion,
    dataDir,
  }: { profile: ConnectionProfile; fromEnv: boolean; appVersion: string | undefined; dataDir: string },
): Promise<RunContent> {
  let result;
  try {
    await client.useToken(token);
    result = await client.getJobStats(filter);
  } catch (error) {
    if (error instanceof CommvaultError && error.kind === 'session-expired') throw rejectedToken(profile.name, fromEnv);
    throw error;
  }
  // Judged at the CommServe's answer, not after the look-ups below (which may take a while for every job).
  const fetchedAt = Math.floor(Date.now() / 1000);
  // Types from the CommServe's job summaries. A scheduled export is for the record, so every job is asked (no
  // per-fetch cap as in the app), within an overall deadline; any failure keeps the inferred type, marked as such.
  // Types named before (by the app or an earlier export) come from the data folder and are not asked again.
  const jobTypes = new JobTypeStore(dataDir);
  const types = new OperationTypeCache(await jobTypes.load(profile.id, client.root));
  await resolveOperationTypes(client, result.operations, types, {
    maxLookups: Infinity,
    deadlineMs: EXPORT_LOOKUP_DEADLINE_MS,
  });
  if (types.takeChanged()) await jobTypes.save(profile.id, client.root, [...types.entries()]).catch(() => undefined);
  const groups = await client.listDrGroups().catch(() => []);
  return runContent(result, filter, {
    profile,
    webService: client.root,
    groupNames: Object.fromEntries(groups.map((g) => [String(g.id), g.name])),
    appVersion: appVersion ?? 'cli',
    fetchedAt,
  });
}

/** The data folder must be there (a typo in --data-dir would otherwise start an empty one), unless `--init`. */
async function openDataDir(dataDir: string, init: boolean): Promise<void> {
  const found = await stat(dataDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (found?.isDirectory()) return;
  if (found) throw new AppFailure(appError('invalid-input', `the data folder ${dataDir} is not a folder.`));
  if (init) return void (await mkdir(dataDir, { recursive: true }));
  throw new AppFailure(
    appError(
      'invalid-input',
      `the data folder ${dataDir} does not exist: check --data-dir, or add --init to create it.`,
    ),
  );
}

/**
 * A rejected token, said for whoever reads a scheduled job's log the next morning: what happened, what to do, and
 * that nothing was written (exit code 3). The token itself is never printed.
 */
function rejectedToken(connection: string, fromEnv: boolean): CommvaultError {
  const message = fromEnv
    ? `the CommServe rejected the token in ${TOKEN_ENV} for "${connection}" (expired or signed out). Set ${TOKEN_ENV} to a fresh token, or unset it and sign in once in the app with "Stay signed in". No report was written.`
    : `the CommServe rejected the token kept in the keychain for "${connection}" (expired or signed out). Open DR Job Stats and sign in to "${connection}" with "Stay signed in", then run this job again. No report was written.`;
  return new CommvaultError('session-expired', message);
}
