import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CommvaultClient } from '../commvault/client.js';
import { CommvaultError } from '../commvault/errors.js';
import { probeCertificate } from '../commvault/nodeTransport.js';
import type { AppErrorKind } from '../contract/errors.js';
import type { CsvReport } from '../contract/exports.js';
import type { JobStatsFilter } from '../contract/model.js';
import type { RunContent } from '../contract/run.js';
import { defaultDelimiter, writeReportCsv } from '../reports/csv.js';
import { localTimeZone } from '../reports/timeFormat.js';
import { pathSink } from '../sinks/pathSink.js';
import { writeFileAtomicStreamed } from '../storage/atomicFile.js';
import { contentWriter } from '../sinks/fileSink.js';
import { runContent } from '../services/jobs.js';
import { nodeFetchFor } from '../services/nodeFetch.js';
import { ConnectionSecrets } from '../storage/connectionSecrets.js';
import { defaultDataDir } from '../storage/dataDir.js';
import { parseRunFile, RunFileError, serialiseRun } from '../storage/runFile.js';
import { KeychainSecretStore, loadKeytar, type SecretStore } from '../storage/secretStore.js';
import { SettingsStore } from '../storage/settingsStore.js';
import { newRun } from '../contract/run.js';
import { scopeContent } from '../services/runs.js';
import { toAppError } from '../services/errors.js';
import { ScopeSchema } from '../contract/scope.js';
import { OperationTypeCache, resolveOperationTypes } from '../commvault/operationTypes.js';
import { ScopeFlagError, scopeFromFlags } from './scopeFlags.js';
import { randomUUID } from 'node:crypto';

/** Exit codes, for cron and schedulers. */
export const EXIT = { ok: 0, failure: 1, usage: 2, auth: 3, server: 4, file: 5 } as const;

export const TOKEN_ENV = 'DRJS_TOKEN';

export const EXPORT_HELP = `Usage: dr-job-stats export --report operations|vm-runs|phases --out FILE.csv
         (--connection NAME [--job-id N] [--group-id N] [--replication-id N] [--client-id N] [--save-run FILE.drrun.json]
          | --from-run FILE.drrun.json)
         [--range all|24h|7d|30d|90d|365d | --from YYYY-MM-DD --to YYYY-MM-DD]
         [--status succeeded,failed,running,unknown] [--type TYPE,...] [--vm NAME|ID] [--search TEXT]
         [--delimiter comma|semicolon|tab] [--no-bom] [--utc] [--data-dir DIR]

Signs in with the token the app keeps in the keychain for that connection ("Stay signed in"), or with a token
in the ${TOKEN_ENV} environment variable. Passwords are never taken on the command line.

Scope, as in the app: the report holds only the operations that match, and says which ("Finance Tier 1 ·
last 30 days · 51 of 300 operations") in its summary line, in the file and in a saved run. JobStats has no time
filter, so the range is applied after fetching: --range counts back from the fetch time; --from/--to are whole
days in the report's time zone (local, or UTC with --utc), both included. --type takes test-boot,
planned-failover, unplanned-failover, point-in-time-failover, failback, undo-failover, revert-failover,
reverse-replication, unknown. --vm matches a VM name (or part of it), a client id or a replication id.
Operation types come from the CommServe's job summaries (GET Job/{id}); where it has none they are inferred from
the phases, and the operations report says which.

Exit codes: 0 done, 2 wrong usage, 3 not signed in or session expired, 4 CommServe or network error,
5 a file could not be read or written, 1 anything else.
`;

/** Wrong flags: the message and the usage text. */
class UsageError extends Error {}
/** Right flags, wrong facts (an unknown connection): the message alone. */
class SetupError extends Error {}

export interface ExportDeps {
  /** Tests give their own keychain; the real CLI uses keytar. */
  secretStore?: SecretStore;
  env?: NodeJS.ProcessEnv;
  out?: (line: string) => void;
  err?: (line: string) => void;
  appVersion?: string;
}

function positive(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) <= 0)
    throw new UsageError(`--${name} must be a whole number greater than 0 (got "${value}").`);
  return Number(value);
}

const DELIMITERS = { comma: ',', semicolon: ';', tab: '\t' } as const;

/** `dr-job-stats export …`: returns the exit code; prints one line of result or one line of error. */
export async function exportCommand(argv: string[], deps: ExportDeps = {}): Promise<number> {
  const out = deps.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = deps.err ?? ((line: string) => process.stderr.write(`dr-job-stats: ${line}\n`));
  const env = deps.env ?? process.env;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        connection: { type: 'string' },
        report: { type: 'string' },
        out: { type: 'string' },
        'job-id': { type: 'string' },
        'group-id': { type: 'string' },
        'replication-id': { type: 'string' },
        'client-id': { type: 'string' },
        range: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        status: { type: 'string' },
        type: { type: 'string' },
        vm: { type: 'string' },
        search: { type: 'string' },
        'from-run': { type: 'string' },
        'save-run': { type: 'string' },
        delimiter: { type: 'string' },
        'no-bom': { type: 'boolean', default: false },
        utc: { type: 'boolean', default: false },
        'data-dir': { type: 'string' },
        password: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    });
    if (values.help) {
      out(EXPORT_HELP);
      return EXIT.ok;
    }
    if (values.password !== undefined) {
      throw new UsageError(
        `passwords are not accepted on the command line; sign in once in the app with "Stay signed in", or set ${TOKEN_ENV}.`,
      );
    }
    const report = values.report as CsvReport | undefined;
    if (!report || !['operations', 'vm-runs', 'phases'].includes(report))
      throw new UsageError('--report must be operations, vm-runs or phases.');
    if (!values.out) throw new UsageError('--out FILE.csv is required.');
    if (!values['from-run'] === !values.connection)
      throw new UsageError('give either --connection NAME or --from-run FILE (one of them).');
    const delimiter =
      values.delimiter === undefined
        ? defaultDelimiter(Intl.DateTimeFormat().resolvedOptions().locale)
        : DELIMITERS[values.delimiter as keyof typeof DELIMITERS];
    if (!delimiter) throw new UsageError('--delimiter must be comma, semicolon or tab.');
    const filter: JobStatsFilter = {};
    const pairs = [
      ['jobId', 'job-id'],
      ['drGroupId', 'group-id'],
      ['replicationId', 'replication-id'],
      ['clientId', 'client-id'],
    ] as const;
    for (const [key, flag] of pairs) {
      const value = positive(flag, values[flag]);
      if (value !== undefined) filter[key] = value;
    }

    const timeZone = values.utc ? 'UTC' : localTimeZone();
    const scopeFlags = {
      range: values.range,
      from: values.from,
      to: values.to,
      status: values.status,
      type: values.type,
      vm: values.vm,
      search: values.search,
    };
    const scope = scopeFromFlags({ ...scopeFlags, groupId: filter.drGroupId }, timeZone);
    const narrows = Object.values(scopeFlags).some((v) => v !== undefined);

    let content: RunContent;
    if (values['from-run']) {
      if (Object.keys(filter).length || values['save-run'])
        throw new UsageError('--from-run cannot be combined with filters or --save-run.');
      const saved = parseRunFile(
        await readFile(values['from-run'], 'utf8').catch(() => {
          throw new RunFileError(`cannot read ${values['from-run']}.`);
        }),
      );
      // A saved run is already in its own scope; flags narrow it further, and the words say both (as in the app).
      const label = saved.name;
      content = scopeContent(saved, label, narrows ? scope : ScopeSchema.parse(saved.scope ?? {}), timeZone).content;
    } else {
      const fetched = await fetchLive(values.connection!, filter, values['data-dir'] ?? defaultDataDir(), deps, env);
      content = scopeContent(fetched, fetched.server.connectionName, scope, timeZone).content;
      if (values['save-run']) {
        const run = newRun(content, {
          id: randomUUID(),
          name: `${content.server.connectionName} (scheduled export)`,
          note: '',
          savedAt: Math.floor(Date.now() / 1000),
        });
        await writeFileAtomicStreamed(values['save-run'], contentWriter(serialiseRun(run)));
      }
    }
    let rows = 0;
    const context = {
      groupNames: content.groupNames,
      rtoTargetSeconds: content.rtoTargetSeconds,
      rtoTargetsByGroup: content.rtoTargetsByGroup,
      timeZone,
      asOf: content.fetchedAt,
      scopeText: content.scopeText ?? '',
    };
    await pathSink(values.out).save(values.out, [], async (stream) => {
      rows = await writeReportCsv(report, content.operations, context, { delimiter, bom: !values['no-bom'] }, stream);
    });
    out(
      `Wrote ${rows} ${report} rows to ${values.out}${values['save-run'] ? ` and the run to ${values['save-run']}` : ''}. Scope: ${context.scopeText}.`,
    );
    return EXIT.ok;
  } catch (error) {
    return fail(error, err);
  }
}

async function fetchLive(
  name: string,
  filter: JobStatsFilter,
  dataDir: string,
  deps: ExportDeps,
  env: NodeJS.ProcessEnv,
): Promise<RunContent> {
  const settingsStore = new SettingsStore(dataDir);
  const { settings } = await settingsStore.load();
  const profile = settings.connections.find((c) => c.name.toLowerCase() === name.toLowerCase());
  if (!profile) {
    const known = settings.connections.map((c) => `"${c.name}"`).join(', ') || 'none';
    throw new SetupError(`no connection named "${name}" (known: ${known}).`);
  }
  const secrets = new ConnectionSecrets(deps.secretStore ?? new KeychainSecretStore(loadKeytar));
  const fromEnv = env[TOKEN_ENV]?.trim();
  const token = fromEnv || (await secrets.getToken(profile.id));
  if (!token) {
    throw new CommvaultError(
      'session-expired',
      `no token for "${profile.name}": sign in once in the app with "Stay signed in", or set ${TOKEN_ENV}.`,
    );
  }
  const client = new CommvaultClient({
    webService: profile.webService,
    fetch: await nodeFetchFor(profile),
    format: profile.format,
    deviceId: settings.deviceId,
    probeCertificate,
    // A renewed keychain token is kept, so the next scheduled run still works: the write is awaited below, as the
    // process ends right after the export.
    onTokenChange: (next) => {
      if (!fromEnv && next) keychainWrites.push(secrets.setToken(profile.id, next));
    },
  });
  const keychainWrites: Promise<unknown>[] = [];
  let result;
  try {
    await client.useToken(token);
    result = await client.getJobStats(filter);
  } catch (error) {
    if (error instanceof CommvaultError && error.kind === 'session-expired')
      throw rejectedToken(profile.name, !!fromEnv);
    throw error;
  } finally {
    await Promise.allSettled(keychainWrites);
  }
  // Judged at the CommServe's answer, not after the look-ups below (which may take a while for every job).
  const fetchedAt = Math.floor(Date.now() / 1000);
  // Types from the CommServe's job summaries. A scheduled export is for the record, so every job is asked (no
  // per-fetch cap as in the app); any failure keeps the inferred type, marked as such.
  await resolveOperationTypes(client, result.operations, new OperationTypeCache(), { maxLookups: Infinity });
  const groups = await client.listDrGroups().catch(() => []);
  return runContent(result, filter, {
    profile,
    webService: client.root,
    groupNames: Object.fromEntries(groups.map((g) => [String(g.id), g.name])),
    appVersion: deps.appVersion ?? 'cli',
    fetchedAt,
  });
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

/**
 * The exit code for each kind of failure, so a scheduler can tell "sign in again" (3) from "the CommServe or the
 * network failed" (4) from "a file could not be read or written" (5).
 */
export const EXIT_BY_KIND: Record<AppErrorKind, number> = {
  'invalid-input': EXIT.usage,
  'bad-credentials': EXIT.auth,
  'session-expired': EXIT.auth,
  'server-error': EXIT.server,
  'not-found': EXIT.server,
  'unexpected-response': EXIT.server,
  'too-large': EXIT.server,
  timeout: EXIT.server,
  cancelled: EXIT.failure,
  refused: EXIT.server,
  dns: EXIT.server,
  tls: EXIT.server,
  network: EXIT.server,
  keychain: EXIT.failure,
  storage: EXIT.file,
  internal: EXIT.failure,
};

function fail(error: unknown, err: (line: string) => void): number {
  if (
    error instanceof UsageError ||
    error instanceof ScopeFlagError ||
    (error instanceof Error &&
      'code' in error &&
      String((error as { code: unknown }).code).startsWith('ERR_PARSE_ARGS'))
  ) {
    err(`${error.message}\n${EXPORT_HELP}`);
    return EXIT.usage;
  }
  err(`error: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof SetupError) return EXIT.usage;
  if (error instanceof RunFileError) return EXIT.file;
  const kind = toAppError(error).kind;
  // A file the command was pointed at (an output folder that does not exist, say) is a file failure too.
  if (kind === 'internal' && error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string')
    return EXIT.file;
  return EXIT_BY_KIND[kind];
}
