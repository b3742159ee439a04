import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toAppError } from '../../electron/services/errors.js';
import { KeychainSecretStore, type KeytarLike } from '../../electron/storage/secretStore.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** keytar as it loads on a machine whose install left the optional package out: Node's own "cannot find module". */
async function keytarFromEmptyFolder(): Promise<() => KeytarLike> {
  const dir = await mkdtemp(join(tmpdir(), 'drjs-no-keytar-'));
  dirs.push(dir);
  return () => createRequire(join(dir, 'index.js'))('keytar') as KeytarLike;
}

describe('without the keychain module (keytar left out by the install)', () => {
  it('says so in the keychain status, with the command that fixes it', async () => {
    const store = new KeychainSecretStore(await keytarFromEmptyFolder(), { service: 'DR Job Stats test' });
    const status = await store.status();
    expect(status.state).toBe('none');
    expect(status.detail).toMatch(/keytar\) is not installed/);
    expect(status.detail).toMatch(/sign-ins last until the app closes/);
    expect(status.detail).toContain('sudo apt-get install libsecret-1-dev');
    expect(status.detail).toContain('npm run setup:keychain');
  });

  it('keeps a token for this session only, in memory', async () => {
    const store = new KeychainSecretStore(await keytarFromEmptyFolder(), { service: 'DR Job Stats test' });
    await store.set('connection-1:token', 'QSDK secret-token');
    expect(await store.get('connection-1:token')).toBe('QSDK secret-token');
    // A new store is a new run of the app: nothing survived.
    const next = new KeychainSecretStore(await keytarFromEmptyFolder(), { service: 'DR Job Stats test' });
    expect(await next.get('connection-1:token')).toBeNull();
  });

  it('says why a sign-out cannot clear the keychain, as the app error every screen shows', async () => {
    const store = new KeychainSecretStore(await keytarFromEmptyFolder(), { service: 'DR Job Stats test' });
    const error = toAppError(await store.delete('connection-1:token').catch((e: unknown) => e));
    expect(error).toMatchObject({ kind: 'keychain', details: { state: 'none' } });
    expect(error.message).toMatch(/keytar\) is not installed/);
  });
});
