import { createPrivateKey, randomUUID, type KeyObject } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Channel, ChannelRequest, ChannelResult } from '../contract/api.js';
import { AppFailure, appError } from '../contract/errors.js';
import type { ConnectionView } from '../contract/connections.js';
import type { DataSource } from '../contract/exports.js';
import type { Core, CoreContext } from '../bridge/core.js';
import { createNodeCore } from '../bridge/nodeCore.js';
import { startDemoServer } from '../simulator/demoServer.js';
import { CSV_FILTER, HTML_FILTER, PDF_FILTER, RUN_FILTER } from '../sinks/fileSink.js';
import { namedPathsSink } from '../sinks/namedPathsSink.js';
import type { ExportOptions, LiveSource } from './parseArgs.js';
import { TOKEN_ENV } from './usage.js';

export interface RunExportDeps {
  env: NodeJS.ProcessEnv;
  appVersion?: string | undefined;
  /** Where `--out -` writes the report (standard output unless a test gives its own). */
  stdout?: NodeJS.WritableStream;
  /** Parts of the core a test replaces (its keychain, say); the command itself never does. */
  core?: Partial<CoreContext>;
}

/**
 * The headless export: the same core as the desktop app and the browser mode, called through the same channels with
 * the same checked requests (find the connection, sign in, fetch, save the run, export), so a scheduled report holds
 * exactly what the app shows for the same answer and scope. Returns the line to print.
 */
export async function runExport(options: ExportOptions, deps: RunExportDeps): Promise<string> {
  const { report, out, source, scope, write } = options;
  const dataDir = source.kind === 'connection' ? source.dataDir : undefined;
  if (dataDir) await openDataDir(dataDir, source.kind === 'connection' && source.initDataDir);
  const paths = new Map([
    [CSV_FILTER, out],
    [HTML_FILTER, out],
    [PDF_FILTER, out],
  ]);
  if (source.kind === 'connection' && source.saveRun) paths.set(RUN_FILTER, source.saveRun);
  // A saved run needs none of the user's data: the core gets a folder of its own for this run, removed after it.
  const scratch = dataDir ? undefined : await mkdtemp(join(tmpdir(), 'drjs-export-'));
  const keyFile = source.kind === 'connection' ? source.finalize?.signingKey : undefined;
  const core = await createNodeCore({
    ...(keyFile ? { signingKeys: { fromFile: () => readSigningKey(keyFile) } } : {}),
    mode: 'cli',
    version: deps.appVersion ?? 'cli',
    dataDir: dataDir ?? scratch!,
    platform: process.platform,
    demo: startDemoServer,
    sink: namedPathsSink(paths, deps.stdout ? { stdout: deps.stdout } : {}),
    locale: Intl.DateTimeFormat().resolvedOptions().locale,
    ...deps.core,
  });
  try {
    const call = caller(core);
    const data: DataSource =
      source.kind === 'run'
        ? { kind: 'run-file', text: await readRunFile(source.path) }
        : await fetched(call, source, options, deps.env);
    // No scope flag: a saved run is exported in the scope it was saved with.
    const inScope = source.kind === 'connection' || options.narrows ? { scope } : {};
    const written =
      report === 'evidence'
        ? await call('export:report', {
            source: data,
            format: /\.pdf$/i.test(out) ? 'pdf' : 'html',
            paper: options.paper,
            utc: options.utc,
            ...inScope,
          })
        : await call('export:csv', {
            source: data,
            report,
            options: { ...(write.delimiter ? { delimiter: write.delimiter } : {}), bom: write.bom, utc: options.utc },
            ...inScope,
          });
    const rows = written.kind === 'cancelled' ? 0 : (written.rows ?? 0);
    const scopeText = written.kind === 'cancelled' ? '' : (written.scopeText ?? '');
    const savedRun = source.kind === 'connection' && source.saveRun ? ` and the run to ${source.saveRun}` : '';
    const what = report === 'evidence' ? `the evidence report of ${rows} operations` : `${rows} ${report} rows`;
    return `Wrote ${what} to ${out}${savedRun}. Scope: ${scopeText}.`;
  } finally {
    await core.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

export type Call = <C extends Channel>(channel: C, request: ChannelRequest<C>) => Promise<ChannelResult<C>>;

/** A channel's value, or its failure thrown as the AppFailure it is (its kind decides the exit code). */
export function caller(core: Core): Call {
  return async (channel, request) => {
    const result = await core.dispatch(channel, request);
    if (!result.ok) throw new AppFailure(result.error);
    return result.value as ChannelResult<typeof channel>;
  };
}

/** Signs in (the kept session, or the token in DRJS_TOKEN for this run only), fetches, and saves the run if asked. */
async function fetched(
  call: Call,
  source: LiveSource,
  { scope }: ExportOptions,
  env: NodeJS.ProcessEnv,
): Promise<DataSource> {
  const { connection, tokenFromEnv } = await signedInConnection(call, source.name, env);
  const { fetchId } = await call('jobs:fetch', {
    connectionId: connection.id,
    filter: source.filter,
    requestId: randomUUID(),
    typeLookups: 'all',
  }).catch(rejected(connection, tokenFromEnv));
  if (source.saveRun) {
    await call('runs:saveFile', {
      fetchId,
      name: `${connection.name} (scheduled export)`,
      note: '',
      scope,
      ...(source.finalize
        ? {
            finalize: {
              ...(source.finalize.retentionDays !== undefined ? { retentionDays: source.finalize.retentionDays } : {}),
              sign: source.finalize.signingKey !== undefined,
            },
          }
        : {}),
    });
  }
  return { kind: 'live', fetchId };
}

/**
 * The connection of that name, signed in the one way every command signs in: the token in DRJS_TOKEN for this run only,
 * else the session the app kept ("Stay signed in").
 */
export async function signedInConnection(
  call: Call,
  name: string,
  env: NodeJS.ProcessEnv,
): Promise<{ connection: ConnectionView; tokenFromEnv: boolean }> {
  const [connection] = await call('connections:list', { name });
  if (!connection) throw new AppFailure(appError('invalid-input', `no connection named "${name}".`));
  const fromEnv = env[TOKEN_ENV]?.trim();
  if (fromEnv) {
    await call('session:useToken', {
      connectionId: connection.id,
      token: fromEnv,
      staySignedIn: false,
      transient: true,
    }).catch(rejected(connection, true));
  } else if (!connection.session.signedIn) {
    throw notSignedIn(connection);
  }
  return { connection, tokenFromEnv: !!fromEnv };
}

/** Not signed in, said for whoever reads a scheduled job's log the next morning: why, and what to do. */
export function notSignedIn(connection: ConnectionView): AppFailure {
  const why = connection.session.problem
    ? connection.session.problem.replace(/\.$/, '')
    : connection.staySignedIn
      ? 'no token is kept for it'
      : 'it is signed out in the app (or was signed in without "Stay signed in")';
  return new AppFailure(
    appError(
      'session-expired',
      `cannot sign in to "${connection.name}": ${why}. Sign in once in the app with "Stay signed in", or set ${TOKEN_ENV}.`,
    ),
  );
}

/** A token the CommServe refused: what happened, what to do, and that nothing was written. Never the token. */
export function rejected(connection: ConnectionView, fromEnv: boolean) {
  return (error: unknown): never => {
    if (!(error instanceof AppFailure) || error.error.kind !== 'session-expired') throw error;
    const message = fromEnv
      ? `the CommServe rejected the token in ${TOKEN_ENV} for "${connection.name}" (expired or signed out). Set ${TOKEN_ENV} to a fresh token, or unset it and sign in once in the app with "Stay signed in". No report was written.`
      : `the CommServe rejected the token kept in the keychain for "${connection.name}" (expired or signed out). Open DR Job Stats and sign in to "${connection.name}" with "Stay signed in", then run this job again. No report was written.`;
    throw new AppFailure(appError('session-expired', message));
  };
}

/** The admin's Ed25519 private key, read from the file they named and used only to sign; never written anywhere. */
async function readSigningKey(path: string): Promise<KeyObject> {
  const pem = await readFile(path, 'utf8').catch(() => {
    throw new AppFailure(appError('storage', `cannot read the signing key ${path}.`));
  });
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new AppFailure(appError('invalid-input', `${path} is not a private key in PEM form.`));
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new AppFailure(appError('invalid-input', `${path} is not an Ed25519 key; packs are signed with Ed25519.`));
  return key;
}

async function readRunFile(path: string): Promise<string> {
  return readFile(path, 'utf8').catch(() => {
    throw new AppFailure(appError('storage', `cannot read ${path}.`));
  });
}

/** The data folder must be there (a typo in --data-dir would otherwise start an empty one), unless `--init`. */
export async function openDataDir(dataDir: string, init: boolean): Promise<void> {
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
