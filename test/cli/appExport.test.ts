import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXIT } from '../../electron/cli/exitCodes.js';
import { ConnectionProfileSchema } from '../../electron/contract/connections.js';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { SettingsStore } from '../../electron/storage/settingsStore.js';
import { signedInClient, startSimulator } from '../helpers/commvault.js';

/**
 * The installed app started with `--export`, its main process (electron/main/index.ts) run with Electron replaced by a
 * recording fake (the real binary cannot run here): what it does, and what it must not do.
 */
const electron = vi.hoisted(() => ({
  calls: [] as string[],
  /** Resolved when the desktop start-up asks for the single-instance lock (it does so after awaiting). */
  lockRequested: deferred(),
  exited: undefined as undefined | ((code: number) => void),
}));

vi.mock('electron', () => {
  const record = (name: string, result?: unknown) => () => {
    electron.calls.push(name);
    return result;
  };
  return {
    app: {
      isPackaged: true,
      requestSingleInstanceLock: () => {
        electron.calls.push('requestSingleInstanceLock');
        electron.lockRequested.resolve();
        return true;
      },
      on: record('app.on'),
      whenReady: () => new Promise(() => undefined),
      getPath: record('getPath', '/nowhere'),
      getVersion: () => '9.8.7',
      dock: { hide: record('dock.hide') },
      exit: (code: number) => electron.exited?.(code),
      quit: record('quit'),
    },
    BrowserWindow: vi.fn(() => electron.calls.push('new BrowserWindow')),
    protocol: { registerSchemesAsPrivileged: record('registerSchemesAsPrivileged'), handle: record('protocol.handle') },
    ipcMain: { handle: record('ipcMain.handle') },
    Menu: { buildFromTemplate: record('Menu.buildFromTemplate'), setApplicationMenu: record('setApplicationMenu') },
    dialog: { showMessageBox: record('showMessageBox'), showErrorBox: record('showErrorBox') },
    shell: { openExternal: record('openExternal') },
    screen: { getAllDisplays: () => [] },
    session: { defaultSession: {}, fromPartition: record('fromPartition') },
  };
});

let sim: CommvaultSimulator;
let dir: string;
const argv = process.argv;

beforeAll(async () => {
  sim = await startSimulator({ groups: 2, vms: 2, jobs: 8 });
  dir = await mkdtemp(join(tmpdir(), 'drjs-app-export-'));
  await new SettingsStore(dir).update((s) => ({
    ...s,
    connections: [ConnectionProfileSchema.parse({ id: 'prod', name: 'Prod CommServe', webService: sim.url })],
  }));
});
afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  process.argv = argv;
  delete process.env.DRJS_TOKEN;
  vi.restoreAllMocks();
});

/** Starts main as the app binary would be started, and waits for `app.exit`. */
async function startApp(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  electron.calls = [];
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    stdout += String(chunk);
    (rest.find((r) => typeof r === 'function') as (() => void) | undefined)?.();
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    stderr += String(chunk);
    (rest.find((r) => typeof r === 'function') as (() => void) | undefined)?.();
    return true;
  });
  const exited = new Promise<number>((resolve) => (electron.exited = resolve));
  process.argv = ['/opt/DR Job Stats/dr-job-stats', ...args];
  vi.resetModules();
  await import('../../electron/main/index.js');
  const code = await exited;
  return { code, stdout, stderr };
}

describe('"DR Job Stats" --export …', () => {
  it('exports before anything else: no window, no single-instance lock, no app:// scheme; exits with the code', async () => {
    let token = '';
    await signedInClient(sim, { onTokenChange: (t) => t && (token = t) });
    process.env.DRJS_TOKEN = token;
    const out = join(dir, 'ops.csv');
    const result = await startApp([
      '--ozone-platform=headless',
      '--export',
      '--',
      'export',
      '--connection',
      'Prod CommServe',
      '--report',
      'operations',
      '--out',
      out,
      '--data-dir',
      dir,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toMatch(/^Wrote 8 operations rows to .*ops\.csv\. Scope: /);
    expect(parse(await readFile(out), { bom: true, columns: true, delimiter: [',', ';'] })).toHaveLength(8);
    expect(electron.calls).toEqual(['dock.hide']);
  });

  it('says what is wrong and exits 2 on wrong usage; --version is the app version', async () => {
    const wrong = await startApp(['--export', 'export', '--report', 'nope']);
    expect(wrong.code).toBe(EXIT.usage);
    expect(wrong.stderr).toMatch(
      /^dr-job-stats: --report must be operations, vm-runs, phases, findings, critical-path, forecast, groups or evidence\./,
    );
    expect(electron.calls).toEqual(['dock.hide']);

    expect(await startApp(['--export', '--version'])).toEqual({ code: EXIT.ok, stdout: '9.8.7\n', stderr: '' });
  });

  it('starts the desktop app as before without --export', async () => {
    process.argv = ['/opt/DR Job Stats/dr-job-stats', '--no-demo'];
    electron.calls = [];
    electron.lockRequested = deferred();
    vi.resetModules();
    await import('../../electron/main/index.js');
    await electron.lockRequested.promise;
    expect(electron.calls[0]).toBe('registerSchemesAsPrivileged');
    expect(electron.calls).not.toContain('dock.hide');
  });
});

/** A promise and its resolver (a function declaration, so the hoisted mock above can call it). */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}
