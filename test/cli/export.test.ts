import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { lstat, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { text } from 'node:stream/consumers';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exitCodes.js';
import { exportCommand } from '../../electron/cli/exportCommand.js';
import { CommvaultClient } from '../../electron/commvault/client.js';
import { createNodeFetch } from '../../electron/commvault/nodeTransport.js';
import { ConnectionProfileSchema } from '../../electron/contract/connections.js';
import { reportCsv } from '../../electron/reports/csv.js';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { ConnectionSecrets } from '../../electron/storage/connectionSecrets.js';
import { parseRunFile } from '../../electron/storage/runFile.js';
import { KeychainSecretStore, loadKeytar, MemorySecretStore } from '../../electron/storage/secretStore.js';
import { SettingsStore } from '../../electron/storage/settingsStore.js';
import { startSimulator } from '../helpers/commvault.js';
import { keyringReady, keyringSkipReason } from '../helpers/keyring.js';
import { BIN, BUILD_TIMEOUT, ensureBuilt } from './builtCli.js';

const run = promisify(execFile);

let sim: CommvaultSimulator;
let dir: string;

/** A token as the app would have kept it: issued to this installation's device id (renewal is tied to it). */
async function freshToken(deviceId = 'cli-test'): Promise<string> {
  const tokens: string[] = [];
  const client = new CommvaultClient({
    webService: sim.url,
    fetch: createNodeFetch(),
    format: 'json',
    deviceId,
    onTokenChange: (t) => t && tokens.push(t),
  });
  await client.login({ username: 'demo', password: 'demo' });
  return tokens[0]!;
}

/** Runs the real `dr-job-stats` command, as cron would. */
async function cli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// `dr-job-stats` runs the built bundle (out/main/cli.js): build it first if any source is newer.
beforeAll(ensureBuilt, BUILD_TIMEOUT);
beforeAll(async () => {
  sim = await startSimulator({ groups: 3, vms: 3, jobs: 20, running: 1 });
});
afterAll(() => sim.close());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drjs-cli-'));
  await new SettingsStore(dir).update((s) => ({
    ...s,
    connections: [
      // Signed in once in the app with "Stay signed in": the only way the export may use a kept token.
      ConnectionProfileSchema.parse({
        id: 'prod',
        name: 'Prod CommServe',
        webService: sim.url,
        rtoTargetMinutes: 30,
        staySignedIn: true,
      }),
    ],
  }));
  return () => rm(dir, { recursive: true, force: true });
});

describe('dr-job-stats export', () => {
  it('exports phases from the CommServe with a token from the environment, and keeps the run', async () => {
    const out = join(dir, 'phases.csv');
    const saved = join(dir, 'nightly.drrun.json');
    const result = await cli(
      [
        'export',
        '--connection',
        'prod commserve',
        '--group-id',
        '31',
        '--report',
        'phases',
        '--out',
        out,
        '--save-run',
        saved,
        '--delimiter',
        'semicolon',
        '--data-dir',
        dir,
      ],
      {
        DRJS_TOKEN: await freshToken(),
      },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toMatch(
      /^Wrote \d+ phases rows to .*phases\.csv and the run to .*nightly\.drrun\.json\. Scope: SAP Production · all time · \d+ of \d+ operations\.\n$/,
    );
    const records = parse(await readFile(out), { bom: true, columns: true, delimiter: ';' }) as Record<
      string,
      string
    >[];
    const expected = sim.dataset.operations
      .filter((op) => op.vAppId === 31)
      .flatMap((op) => op.vms.flatMap((vm) => vm.phases.filter((p) => p.start <= sim.now())));
    expect(records.length).toBe(expected.length);
    expect(new Set(records.map((r) => r.dr_group))).toEqual(new Set([sim.dataset.groups[1]!.name]));

    // The kept run reproduces the same CSV offline.
    const again = join(dir, 'again.csv');
    const offline = await cli([
      'export',
      '--from-run',
      saved,
      '--report',
      'phases',
      '--out',
      again,
      '--delimiter',
      'semicolon',
    ]);
    expect(offline.code).toBe(EXIT.ok);
    expect((await readFile(again)).equals(await readFile(out))).toBe(true);
    const runFile = parseRunFile(await readFile(saved, 'utf8'));
    expect(runFile.query.filter).toEqual({ drGroupId: 31 });
    expect(await readFile(saved, 'utf8')).not.toContain('QSDK');
  });

  it('says why and exits 3 without a usable token', async () => {
    const none = await cli(
      [
        'export',
        '--connection',
        'Prod CommServe',
        '--report',
        'operations',
        '--out',
        join(dir, 'x.csv'),
        '--data-dir',
        dir,
      ],
      { DRJS_TOKEN: '', DBUS_SESSION_BUS_ADDRESS: '' },
    );
    expect(none.code).toBe(EXIT.auth);
    expect(none.stderr).toMatch(
      /cannot sign in to "Prod CommServe": no token is kept for it\. Sign in once in the app with "Stay signed in", or set DRJS_TOKEN/,
    );
    const revoked = await cli(
      [
        'export',
        '--connection',
        'Prod CommServe',
        '--report',
        'operations',
        '--out',
        join(dir, 'x.csv'),
        '--data-dir',
        dir,
      ],
      { DRJS_TOKEN: 'QSDK deadbeef' },
    );
    expect(revoked.code).toBe(EXIT.auth);
    // Written for whoever reads a scheduled job's log: what happened, what to do.
    expect(revoked.stderr).toMatch(
      /^dr-job-stats: error: the CommServe rejected the token in DRJS_TOKEN for "Prod CommServe" \(expired or signed out\)\. Set DRJS_TOKEN to a fresh token, or unset it and sign in once in the app with "Stay signed in"\. No report was written\.\n$/,
    );
    expect(revoked.stderr).not.toContain('deadbeef');
  });

  it('exits 4 on a CommServe error and 5 on a damaged run file, as a process', async () => {
    sim.setFault({ path: 'JobStats', type: 'error-errlist', times: 1 });
    const server = await cli(
      [
        'export',
        '--connection',
        'Prod CommServe',
        '--report',
        'operations',
        '--out',
        join(dir, 'x.csv'),
        '--data-dir',
        dir,
      ],
      { DRJS_TOKEN: await freshToken() },
    );
    expect(server.code).toBe(EXIT.server);
    expect(server.stderr).toMatch(/The CommServe reported an error \(code 2\)/);

    const damaged = join(dir, 'damaged.drrun.json');
    await writeFile(damaged, '{"format":"dr-job-stats-run","schemaVersion":2');
    const file = await cli(['export', '--from-run', damaged, '--report', 'phases', '--out', join(dir, 'x.csv')]);
    expect(file.code).toBe(EXIT.file);
    expect(file.stderr).toMatch(/not valid JSON/);
  });

  it('says wrong usage with the usage text, an unknown connection in one line (2), a missing folder as a file failure (5)', async () => {
    const run = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
      const err: string[] = [];
      const code = await exportCommand(args, { env, out: () => undefined, err: (line) => err.push(line) });
      return { code, err: err.join('\n') };
    };
    const password = await run([
      '--connection',
      'Prod CommServe',
      '--password',
      'secret',
      '--report',
      'phases',
      '--out',
      'x.csv',
    ]);
    expect(password.code).toBe(EXIT.usage);
    expect(password.err).toMatch(/^passwords are not accepted/);
    expect(password.err).toContain('Usage: dr-job-stats export');
    const noOut = await run(['--report', 'phases']);
    expect(noOut).toEqual({ code: EXIT.usage, err: expect.stringContaining('Usage: dr-job-stats export') as string });

    const unknown = await run([
      '--connection',
      'Nope',
      '--report',
      'phases',
      '--out',
      join(dir, 'x.csv'),
      '--data-dir',
      dir,
    ]);
    expect(unknown).toEqual({ code: EXIT.usage, err: 'error: no connection named "Nope" (known: "Prod CommServe").' });

    const noFolder = await run(
      [
        '--connection',
        'Prod CommServe',
        '--report',
        'phases',
        '--out',
        join(dir, 'missing', 'x.csv'),
        '--data-dir',
        dir,
      ],
      { DRJS_TOKEN: await freshToken() },
    );
    expect(noFolder.code).toBe(EXIT.file);
    expect(noFolder.err).toMatch(/^error: .*missing/);
  });

  it('--out to a FIFO writes into the pipe and leaves it a pipe, as a process', async () => {
    const fifo = join(dir, 'report.pipe');
    await run('mkfifo', [fifo]);
    const received = text(createReadStream(fifo));
    const result = await cli(
      ['export', '--connection', 'Prod CommServe', '--report', 'vm-runs', '--out', fifo, '--data-dir', dir],
      { DRJS_TOKEN: await freshToken() },
    );
    expect(result).toMatchObject({ code: EXIT.ok, stderr: '' });
    expect(await received).toMatch(/^\uFEFF?"job_id"/);
    expect((await lstat(fifo)).isFIFO()).toBe(true);
  });

  it('a second scheduled run asks the CommServe only for jobs it has not seen (types kept in the data folder)', async () => {
    const lookups = () =>
      Object.entries(sim.stats.requests)
        .filter(([route]) => route.startsWith('Job/'))
        .reduce((sum, [, count]) => sum + count, 0);
    const args = ['--connection', 'Prod CommServe', '--report', 'operations', '--data-dir', dir];
    const env = { DRJS_TOKEN: await freshToken() };
    const before = lookups();
    expect(await exportCommand([...args, '--out', join(dir, 'a.csv')], { env, out: () => undefined })).toBe(EXIT.ok);
    const first = lookups() - before;
    expect(first).toBeGreaterThan(0);
    expect(await exportCommand([...args, '--out', join(dir, 'b.csv')], { env, out: () => undefined })).toBe(EXIT.ok);
    expect(lookups() - before).toBe(first);
    expect(await readFile(join(dir, 'b.csv'), 'utf8')).toBe(await readFile(join(dir, 'a.csv'), 'utf8'));
  });

  it('--out - writes the report to standard output and the summary to standard error', async () => {
    const stdout = new PassThrough();
    const received = text(stdout);
    const out: string[] = [];
    const err: string[] = [];
    const args = ['--connection', 'Prod CommServe', '--report', 'operations', '--out', '-', '--data-dir', dir];
    const code = await exportCommand(args, {
      env: { DRJS_TOKEN: await freshToken() },
      stdout,
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    stdout.end();
    expect(code).toBe(EXIT.ok);
    expect(out).toEqual([]);
    expect(err).toEqual([expect.stringMatching(/^Wrote \d+ operations rows to -/)]);
    const rows = parse(await received, { bom: true, columns: true, delimiter: [',', ';', '\t'] }) as unknown[];
    expect(rows.length).toBeGreaterThan(0);
  });

  it('keeps a token renewed late in the export (while naming the DR groups) before it returns', async () => {
    // A keychain that takes a second to store a secret, as one behind a busy D-Bus may: the command must still
    // return only once the renewed token is stored, since the process ends right after it.
    class SlowKeychain extends MemorySecretStore {
      readonly stored: string[] = [];
      override async set(account: string, secret: string): Promise<void> {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        await super.set(account, secret);
        this.stored.push(secret);
      }
    }
    const keychain = new SlowKeychain();
    const { settings } = await new SettingsStore(dir).load();
    const old = await freshToken(settings.deviceId);
    await MemorySecretStore.prototype.set.call(keychain, 'prod', old);
    // The CommServe turns the token away once, when the DR groups are listed: the client renews it there.
    sim.setFault({ path: 'DRGroups', type: 'unauthorized', times: 1 });
    const args = ['--connection', 'Prod CommServe', '--report', 'operations', '--out', join(dir, 'ops.csv')];
    const lines: string[] = [];
    const code = await exportCommand([...args, '--data-dir', dir], {
      env: {},
      core: { secretStore: keychain },
      out: (l) => lines.push(l),
      err: (l) => lines.push(l),
    });
    expect({ code, lines }).toMatchObject({
      code: EXIT.ok,
      lines: [expect.stringMatching(/^Wrote \d+ operations rows/)],
    });
    expect(keychain.stored).toEqual([expect.stringMatching(/^QSDK /)]);
    expect(keychain.stored[0]).not.toBe(old);
  });

  describe.skipIf(!keyringReady)(`with the keychain${keyringReady ? '' : ` (skipped: ${keyringSkipReason})`}`, () => {
    it('uses the token the app kept in the keychain, and keeps the renewed one', async () => {
      // The test's own keychain calls wait longer than the app's 5 s: under the whole suite's load a D-Bus round trip
      // to the keyring daemon took longer once (CI), and a store that times out reads as holding nothing.
      const patientStore = () => new KeychainSecretStore(loadKeytar, { timeoutMs: 60_000 });
      const secrets = new ConnectionSecrets(patientStore());
      const { settings } = await new SettingsStore(dir).load();
      const old = await freshToken(settings.deviceId);
      await secrets.setToken('prod', old);
      sim.expireTokens();
      const lines: string[] = [];
      const code = await exportCommand(
        [
          '--connection',
          'Prod CommServe',
          '--report',
          'operations',
          '--out',
          join(dir, 'ops.csv'),
          '--data-dir',
          dir,
          '--utc',
        ],
        {
          env: {},
          out: (l) => lines.push(l),
          err: (l) => lines.push(l),
        },
      );
      expect(lines.join('\n')).toMatch(/^Wrote \d+ operations rows/);
      expect(code).toBe(EXIT.ok);
      // The renewed token is in the keychain by the time the command returns (the process may end right after):
      // read by a store of its own, so not from this one's memory.
      const kept = await new ConnectionSecrets(patientStore()).getToken('prod');
      expect(kept).toMatch(/^QSDK /);
      expect(kept).not.toBe(old);
      const csv = await readFile(join(dir, 'ops.csv'), 'utf8');
      expect(csv.split('\r\n')[1]).toMatch(/"UTC"/);
      await secrets.forget('prod');
    });
  });

  it('writes exactly what the app writes for the same data', async () => {
    const saved = join(dir, 'run.drrun.json');
    await cli(
      [
        'export',
        '--connection',
        'Prod CommServe',
        '--report',
        'vm-runs',
        '--out',
        join(dir, 'a.csv'),
        '--save-run',
        saved,
        '--utc',
        '--delimiter',
        'comma',
        '--data-dir',
        dir,
      ],
      { DRJS_TOKEN: await freshToken() },
    );
    const run = parseRunFile(await readFile(saved, 'utf8'));
    const app = reportCsv(
      'vm-runs',
      run.operations,
      {
        groupNames: run.groupNames,
        rtoTargetSeconds: run.rtoTargetSeconds,
        rtoTargetsByGroup: run.rtoTargetsByGroup,
        timeZone: 'UTC',
        asOf: run.fetchedAt,
        scopeText: run.scopeText,
      },
      { delimiter: ',', bom: true },
    );
    expect(await readFile(join(dir, 'a.csv'), 'utf8')).toBe(app);
    expect(run.rtoTargetSeconds).toBe(1800);
  });
});

describe('--data-dir', () => {
  it('that does not exist is an error naming it (a typo must not start an empty data folder); --init creates it', async () => {
    const missing = join(dir, 'typo');
    const errors: string[] = [];
    const args = ['--connection', 'Prod CommServe', '--report', 'operations', '--out', join(dir, 'x.csv')];
    const env = { DRJS_TOKEN: 'QSDK unused' };
    const code = await exportCommand([...args, '--data-dir', missing], { env, err: (l) => errors.push(l) });
    expect(code).toBe(EXIT.usage);
    expect(errors).toEqual([
      `error: the data folder ${missing} does not exist: check --data-dir, or add --init to create it.`,
    ]);
    await expect(stat(missing)).rejects.toMatchObject({ code: 'ENOENT' });

    const created = await exportCommand([...args, '--data-dir', missing, '--init'], { env, err: () => undefined });
    // Created, and empty: so the connection is not there yet.
    expect(created).toBe(EXIT.usage);
    expect((await stat(missing)).isDirectory()).toBe(true);
  });
});
