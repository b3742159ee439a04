import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createNodeFetch } from '../../electron/commvault/nodeTransport.js';
import { ConnectionProfileSchema } from '../../electron/contract/connections.js';
import { toAppError } from '../../electron/services/errors.js';
import { SessionService } from '../../electron/services/sessions.js';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { ConnectionSecrets } from '../../electron/storage/connectionSecrets.js';
import { KeychainSecretStore, loadKeytar, type KeytarLike } from '../../electron/storage/secretStore.js';
import { SettingsStore } from '../../electron/storage/settingsStore.js';
import { rejection, startSimulator } from '../helpers/commvault.js';
import { keyringReady, keyringSkipReason, secretToolLookup } from '../helpers/keyring.js';

const SERVICE = `DR Job Stats sign-out ${process.pid}`;
const ID = 'conn-1';
let sim: CommvaultSimulator;
let dir: string;
let settings: SettingsStore;

beforeAll(async () => {
  sim = await startSimulator({ groups: 1, vms: 1, jobs: 2 });
});
afterAll(() => sim.close());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drjs-signout-'));
  settings = new SettingsStore(dir);
  await settings.update((s) => ({
    ...s,
    connections: [ConnectionProfileSchema.parse({ id: ID, name: 'Sim', webService: sim.url })],
  }));
});
afterEach(async () => {
  sim.clearFaults();
  await rm(dir, { recursive: true, force: true });
});

/** The real keytar; `deletesFail` makes deletes fail the way a keyring locked after sign-in does. */
function service(options: { deletesFail?: boolean } = {}) {
  const backend = (): KeytarLike => {
    const keytar = loadKeytar();
    if (!options.deletesFail) return keytar;
    return {
      getPassword: (s, a) => keytar.getPassword(s, a),
      setPassword: (s, a, p) => keytar.setPassword(s, a, p),
      // The start-up probe still works: the keyring locked later, after sign-in.
      deletePassword: (s, a) =>
        a.startsWith('__')
          ? keytar.deletePassword(s, a)
          : Promise.reject(new Error('Cannot delete an item in a locked collection')),
    };
  };
  const store = new KeychainSecretStore(backend, { service: SERVICE });
  return new SessionService({
    settings,
    secrets: new ConnectionSecrets(store),
    createFetch: () => Promise.resolve(createNodeFetch()),
  });
}

describe.skipIf(!keyringReady)(
  `sign-out when the keychain cannot delete${keyringReady ? '' : ` (skipped: ${keyringSkipReason})`}`,
  () => {
    it('says plainly that the kept token could not be deleted, and never signs the user back in with it', async () => {
      // Probe first with a working keychain, so the store knows it as available, as after a normal start.
      const sessions = service({ deletesFail: true });
      await sessions.signIn(
        ID,
        { username: 'demo', password: 'demo' },
        { staySignedIn: true, rememberPassword: false },
      );
      expect(await secretToolLookup(SERVICE, ID)).toMatch(/^QSDK /);
      // The CommServe cannot be told either (a server that keeps the session alive): the worst case.
      sim.setFault({ path: 'Logout', type: 'http-500' });

      const error = toAppError(await rejection(sessions.signOut(ID)));
      expect(error.kind).toBe('keychain');
      expect(error.message).toMatch(/could not be deleted/);
      expect((await sessions.status(ID)).signedIn).toBe(false);
      // The token is still in the keychain, and the server would still accept it…
      expect(await secretToolLookup(SERVICE, ID)).toMatch(/^QSDK /);

      // …yet the next start does not use it.
      const restarted = service();
      expect((await restarted.status(ID)).signedIn).toBe(false);
      // Once the keychain works again, signing out removes the leftover.
      await restarted.signOut(ID);
      expect(await secretToolLookup(SERVICE, ID)).toBeNull();
    });
  },
);
