import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { NO_SERVICE_DETAIL } from '../../electron/storage/secretStore.js';
import { ROOT } from '../cli/builtCli.js';
import { keyringReady, keyringSkipReason } from '../helpers/keyring.js';

const run = promisify(execFile);

/** What `npm install` prints about the keychain (the postinstall step), in a given environment. */
async function installMessage(env: NodeJS.ProcessEnv): Promise<string> {
  const { stdout } = await run(process.execPath, [join(ROOT, 'scripts/keychain-setup.mjs'), '--after-install'], {
    cwd: ROOT,
    env,
  });
  return stdout;
}

describe('the install message about the keychain agrees with what the connection card will show', () => {
  it('with keytar built but no Secret Service running, it says so and names the fix, as the card does', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    delete env.DISPLAY;
    const message = await installMessage(env);
    expect(message).not.toMatch(/tokens are kept in the system keychain/);
    expect(message).toContain(NO_SERVICE_DETAIL);
  });

  it.skipIf(!keyringReady)(
    `with a Secret Service running, it says tokens are kept${keyringReady ? '' : ` (skipped: ${keyringSkipReason})`}`,
    async () => {
      expect(await installMessage(process.env)).toMatch(/keytar loads; tokens are kept in the system keychain\./);
    },
  );
});
