import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exitCodes.js';
import { exportCommand } from '../../electron/cli/exportCommand.js';
import { createNodeFetch } from '../../electron/commvault/nodeTransport.js';
import { ConnectionProfileSchema } from '../../electron/contract/connections.js';
import { SessionService } from '../../electron/services/sessions.js';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { ConnectionSecrets } from '../../electron/storage/connectionSecrets.js';
import { KeychainSecretStore, loadKeytar, type KeytarLike } from '../../electron/storage/secretStore.js';
import { SettingsStore } from '../../electron/storage/settingsStore.js';
import { startSimulator } from '../helpers/commvault.js';
import { keyringReady, keyringSkipReason, secretToolLookup } from '../helpers/keyring.js';

const SERVICE = `DR Job Stats signed-out token ${process.pid}`;
const ID = 'prod';
let sim: CommvaultSimulator;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator({ groups: 2, vms: 2, jobs: 6 });
});
afterAll(() => sim.close());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drjs-signedout-'));
  await new SettingsStore(dir).update((s) => ({
    ...s,
    connections: [ConnectionProfileSchema.parse({ id: ID, name: 'Prod CommServe', webService: sim.url })],
  }));
  return () => rm(dir, { recursive: true, force: true });
});

/** The real keychain; `locked` makes deletes fail as a keyring locked after the start does. */
function keychain(locked = false): KeychainSecretStore {
  const backend = (): KeytarLike => {
    const keytar = loadKeytar();
    if (!locked) return keytar;
    return {
      getPassword: (s, a) => keytar.getPassword(s, a),
      setPassword: (s, a, p) => keytar.setPassword(s, a, p),
      deletePassword: (s, a) =>
        a.startsWith('__')
          ? keytar.deletePassword(s, a)
          : Promise.reject(new Error('Cannot delete an item in a locked collection')),
    };
  };
  return new KeychainSecretStore(backend, { service: SERVICE });
}

function sessions(store: KeychainSecretStore): SessionService {
  return new SessionService({
    settings: new SettingsStore(dir),
    secrets: new ConnectionSecrets(store),
    createFetch: () => Promise.resolve(createNodeFetch()),
  });
}

async function cliExport(store: KeychainSecretStore): Promise<{ code: number; errors: string[] }> {
  const errors: string[] = [];
  const code = await exportCommand(
    ['--connection', 'Prod CommServe', '--report', 'operations', '--out', join(dir, 'ops.csv'), '--data-dir', dir],
    { core: { secretStore: store }, env: {}, err: (line) => errors.push(line), out: () => undefined },
  );
  return { code, errors };
}

describe.skipIf(!keyringReady)(
  `a token the user signed out of${keyringReady ? '' : ` (skipped: ${keyringSkipReason})`}`,
  () => {
    it('is never used by the export, and is deleted once the keychain opens again', async () => {
      await sessions(keychain()).signIn(
        ID,
        { username: 'demo', password: 'demo' },
        { staySignedIn: true, rememberPassword: false },
      );
      // The next start finds the keychain locked: signing out cannot delete the kept token.
      const locked = sessions(keychain(true));
      await expect(locked.signOut(ID)).rejects.toMatchObject({ error: { kind: 'keychain' } });
      const leftover = await secretToolLookup(SERVICE, ID);
      expect(leftover).toMatch(/^QSDK /);

      // The keychain is unlocked again; a scheduled export runs.
      const asked = sim.count('WhoAmI') + sim.count('DR/JobStats') + sim.count('DRGroups/JobStats');
      const { code, errors } = await cliExport(keychain());
      expect(code).toBe(EXIT.auth);
      expect(errors.join('\n')).toMatch(/signed out/i);
      expect(await secretToolLookup(SERVICE, ID)).toBeNull();
      // The CommServe was never asked anything with it.
      expect(sim.count('WhoAmI') + sim.count('DR/JobStats') + sim.count('DRGroups/JobStats')).toBe(asked);
    });

    it('is deleted by the app at its next start once the keychain opens, and the connection stays signed out', async () => {
      await sessions(keychain()).signIn(
        ID,
        { username: 'demo', password: 'demo' },
        { staySignedIn: true, rememberPassword: false },
      );
      await expect(sessions(keychain(true)).signOut(ID)).rejects.toMatchObject({ error: { kind: 'keychain' } });
      expect(await secretToolLookup(SERVICE, ID)).toMatch(/^QSDK /);

      const restarted = sessions(keychain());
      const status = await restarted.status(ID);
      expect(status).toMatchObject({ signedIn: false, tokenKept: false });
      expect(await secretToolLookup(SERVICE, ID)).toBeNull();
    });
  },
);
