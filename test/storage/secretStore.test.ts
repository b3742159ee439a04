import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KEYTAR_MISSING_DETAIL,
  KeychainError,
  KeychainSecretStore,
  keychainStateOf,
  loadKeytar,
  NO_SERVICE_DETAIL,
} from '../../electron/storage/secretStore.js';
import { keyringReady, keyringSkipReason, secretToolLookup, stopKeyringDaemons } from '../helpers/keyring.js';

const run = promisify(execFile);

/**
 * Starts the child and resolves with its first line of output, then ends it: a keychain call that timed out may
 * still hold a libuv thread until D-Bus gives up (25 s), which would otherwise delay the child's exit. A child
 * that says nothing for 30 s is killed (spawn's own timeout), and its exit without an answer fails the test.
 */
function firstLine(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = spawn(command, args, {
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 30_000,
      killSignal: 'SIGKILL',
    });
    let out = '';
    let done = false;
    function finish(error?: Error) {
      if (done) return;
      done = true;
      try {
        process.kill(-proc.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      if (error) reject(error);
      else resolve(out.slice(0, out.indexOf('\n')));
    }
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes('\n')) finish();
    });
    proc.on('error', (error) => finish(error));
    proc.on('exit', (code, signal) => {
      if (!out.includes('\n')) finish(new Error(`the child ended (${signal ?? code}) without an answer: ${out}`));
    });
  });
}
const child = join(import.meta.dirname, 'keychain-child.ts');

describe.skipIf(!keyringReady)(
  `keytar against a real gnome-keyring${keyringReady ? '' : ` (skipped: ${keyringSkipReason})`}`,
  () => {
    const service = `DR Job Stats test ${process.pid}`;

    it('reports the keychain as available and stores, reads and deletes a secret in it', async () => {
      const store = new KeychainSecretStore(loadKeytar, { service });
      await expect(store.status()).resolves.toMatchObject({ state: 'available' });
      await store.set('conn-a', 'QSDK 1234');
      expect(await secretToolLookup(service, 'conn-a')).toBe('QSDK 1234');
      expect(await new KeychainSecretStore(loadKeytar, { service }).get('conn-a')).toBe('QSDK 1234');
      await store.delete('conn-a');
      expect(await secretToolLookup(service, 'conn-a')).toBeNull();
      expect(await store.get('conn-a')).toBeNull();
    });

    it('leaves no probe item behind', async () => {
      await new KeychainSecretStore(loadKeytar, { service }).recheck();
      expect(await secretToolLookup(service, '__dr-job-stats-probe__')).toBeNull();
    });

    describe('when the keyring is locked', () => {
      let home: string;
      beforeAll(async () => {
        home = await mkdtemp(join(tmpdir(), 'drjs-locked-'));
        await mkdir(join(home, 'runtime'), { mode: 0o700 });
        const env = {
          ...process.env,
          HOME: home,
          XDG_DATA_HOME: join(home, 'data'),
          XDG_RUNTIME_DIR: join(home, 'runtime'),
        };
        // First session creates and unlocks a login keyring; it stays on disk, locked, for the next session.
        await run(
          'dbus-run-session',
          ['--', 'sh', '-c', 'printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1'],
          { env },
        );
      });
      afterAll(async () => {
        await stopKeyringDaemons(home);
        await rm(home, { recursive: true, force: true });
      });

      it('says "locked" and keeps secrets in memory only', async () => {
        const env = {
          ...process.env,
          HOME: home,
          XDG_DATA_HOME: join(home, 'data'),
          XDG_RUNTIME_DIR: join(home, 'runtime'),
          DISPLAY: '',
        };
        // A locked keyring does not answer a write (it waits for an unlock prompt nobody can see): the store gives
        // up after the child's timeout. Short, since only a timeout or a refusal can end this call.
        const script = `gnome-keyring-daemon --start --components=secrets >/dev/null 2>&1; exec "${process.execPath}" --import tsx "${child}" 1000`;
        const stdout = await firstLine('dbus-run-session', ['--', 'sh', '-c', script], env);
        const result = JSON.parse(stdout) as {
          status: { state: string; detail: string };
          readBack: string;
          afterDelete: unknown;
          deleteError: string | null;
        };
        expect(result.status.state).toBe('locked');
        expect(result.deleteError).toMatch(/lock|answer/);
        expect(result.status.detail).toMatch(/lock/);
        expect(result.readBack).toBe('QSDK in-memory-token');
        expect(result.afterDelete).toBeNull();
      });
    });
  },
);

describe('without any keychain service', () => {
  it('says "none" and keeps secrets in memory only (a real keytar call, no D-Bus session)', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    delete env.DISPLAY;
    const stdout = await firstLine(process.execPath, ['--import', 'tsx', child], env);
    const result = JSON.parse(stdout) as {
      status: { state: string; detail: string };
      readBack: string;
      afterDelete: unknown;
      deleteError: string | null;
    };
    expect(result.deleteError).toMatch(/No keychain service/);
    expect(result.status).toEqual({ state: 'none', detail: NO_SERVICE_DETAIL });
    expect(result.readBack).toBe('QSDK in-memory-token');
    expect(result.afterDelete).toBeNull();
  });

  it('names the fix for each cause: keytar missing, no Secret Service running, keychain locked', () => {
    const fixes = [
      keychainStateOf(new KeychainError({ state: 'none', detail: KEYTAR_MISSING_DETAIL })),
      keychainStateOf(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
      keychainStateOf(new Error('Cannot create an item in a locked collection')),
      keychainStateOf(new Error('Object does not exist at path “/org/freedesktop/secrets/collection/login”')),
    ].map((status) => status.detail);
    expect(fixes[0]).toMatch(/To fix: .*libsecret-1-dev.*npm run setup:keychain/);
    expect(fixes[1]).toMatch(/To fix: .*gnome-keyring/);
    expect(fixes[2]).toMatch(/To fix: unlock/);
    expect(fixes[3]).toMatch(/To fix: /);
    for (const detail of fixes) expect(detail).toMatch(/until the app closes/);
  });

  it('maps keytar failure texts to states', () => {
    expect(keychainStateOf(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')).state).toBe('none');
    expect(
      keychainStateOf(new Error('The name org.freedesktop.secrets was not provided by any .service files')).state,
    ).toBe('none');
    expect(keychainStateOf(new Error('Cannot create an item in a locked collection')).state).toBe('locked');
  });
});
