import { execFile } from 'node:child_process';
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
