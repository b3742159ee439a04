import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The keychain tests need a real Secret Service: `npm test` runs vitest inside a private D-Bus session with an
 * unlocked gnome-keyring (scripts/with-keyring.sh), which sets this variable.
 */
export const keyringReady = process.env.DRJS_TEST_KEYRING === 'unlocked';

export const keyringSkipReason =
  'no unlocked Secret Service in this process: run the tests through `npm test` (scripts/with-keyring.sh), which needs dbus-run-session and gnome-keyring';

if (!keyringReady) {
  // CI must exercise the real keychain; a silent skip there would hide a broken set-up.
  if (process.env.CI) throw new Error(`Keychain tests cannot run in CI: ${keyringSkipReason}`);
  console.warn(`Skipping keychain tests: ${keyringSkipReason}`);
}

/** Reads an item straight from the Secret Service, as another program would, to prove where secrets went. */
export async function secretToolLookup(service: string, account: string): Promise<string | null> {
  try {
    const { stdout } = await run('secret-tool', ['lookup', 'service', service, 'account', account]);
    return stdout;
  } catch {
    return null;
  }
}

/**
 * The gnome-keyring daemons whose environment points into `folder` (their HOME or runtime folder): those a test or
 * scripts/with-keyring.sh started there. Read from /proc, Linux only (the only place these daemons run).
 */
export async function keyringDaemonsUnder(folder: string): Promise<number[]> {
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((name) => /^\d+$/.test(name));
  const found: number[] = [];
  for (const pid of pids) {
    const comm = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
    if (comm.trim() !== 'gnome-keyring-d') continue;
    const environ = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
    if (environ.split('\0').some((entry) => /^(HOME|XDG_RUNTIME_DIR)=/.test(entry) && entry.includes(folder)))
      found.push(Number(pid));
  }
  return found;
}

/**
 * Ends the keyring daemons started under `folder` (they detach from the D-Bus session that started them) and waits
 * until they are gone (a zombie's environment reads empty, so it no longer counts).
 */
export async function stopKeyringDaemons(folder: string): Promise<void> {
  for (const pid of await keyringDaemonsUnder(folder)) {
    try {
      process.kill(pid);
    } catch {
      // Already gone.
    }
  }
  for (let tries = 0; tries < 100 && (await keyringDaemonsUnder(folder)).length > 0; tries++)
    await new Promise((resolve) => setTimeout(resolve, 50));
}
