import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createNodeFetch } from '../../electron/commvault/nodeTransport.js';
import { ConnectionProfileSchema } from '../../electron/contract/connections.js';
import { SessionService } from '../../electron/services/sessions.js';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { ConnectionSecrets } from '../../electron/storage/connectionSecrets.js';
import { KeychainSecretStore, loadKeytar } from '../../electron/storage/secretStore.js';
import { SettingsStore } from '../../electron/storage/settingsStore.js';
import { rejection, startSimulator } from '../helpers/commvault.js';
import { keyringReady, keyringSkipReason, secretToolLookup } from '../helpers/keyring.js';

const SERVICE = `DR Job Stats sessions ${process.pid}`;
let sim: CommvaultSimulator;
let dir: string;
let settings: SettingsStore;
const ID = 'conn-1';

beforeAll(async () => {
  sim = await startSimulator({ groups: 2, vms: 2, jobs: 4 });
});
afterAll(() => sim.close());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drjs-sessions-'));
  settings = new SettingsStore(dir);
  await settings.update((s) => ({
    ...s,
    connections: [ConnectionProfileSchema.parse({ id: ID, name: 'Sim', webService: sim.url })],
  }));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A fresh service, as after an app restart: only the settings file and the keychain carry over. */
function service() {
  const store = new KeychainSecretStore(loadKeytar, { service: SERVICE });
  return new SessionService({
    settings,
    secrets: new ConnectionSecrets(store),
    createFetch: () => Promise.resolve(createNodeFetch()),
  });
}

const kept = (account: string) => secretToolLookup(SERVICE, account);

describe.skipIf(!keyringReady)(
  `sessions with the real keychain${keyringReady ? '' : ` (skipped: ${keyringSkipReason})`}`,
  () => {
    it('keeps nothing in the keychain unless asked to stay signed in', async () => {
      const sessions = service();
      const status = await sessions.signIn(
        ID,
        { username: 'demo', password: 'demo' },
        { staySignedIn: false, rememberPassword: false },
      );
      expect(status).toMatchObject({
        signedIn: true,
        userName: 'demo',
        tokenKept: false,
        passwordKept: false,
        keychain: { state: 'available' },
      });
      expect(await kept(ID)).toBeNull();
      expect(await kept(`${ID}#password`)).toBeNull();
      await expect(sessions.client(ID).then((c) => c.listDrGroups())).resolves.toHaveLength(2);
      expect((await service().status(ID)).signedIn).toBe(false);
    });

    it('stays signed in across a restart with the kept token, and follows renewals', async () => {
      const first = service();
      await first.signIn(ID, { username: 'demo', password: 'demo' }, { staySignedIn: true, rememberPassword: false });
      const token = await kept(ID);
      expect(token).toMatch(/^QSDK /);
      expect(await kept(`${ID}#password`)).toBeNull();

      const restarted = service();
      const loginsBefore = sim.count('Login');
      expect(await restarted.status(ID)).toMatchObject({ signedIn: true, userName: 'demo', tokenKept: true });
      expect(sim.count('Login')).toBe(loginsBefore);

      sim.expireTokens();
      await restarted.client(ID).then((c) => c.listDrGroups());
      await restarted.settled();
      const renewed = await kept(ID);
      expect(renewed).toMatch(/^QSDK /);
      expect(renewed).not.toBe(token);
    });

    it('keeps the password only on its own opt-in, and uses it to sign in again when renewal fails', async () => {
      const sessions = service();
      const status = await sessions.signIn(
        ID,
        { username: 'demo', password: 'demo' },
        { staySignedIn: false, rememberPassword: true },
      );
      expect(status).toMatchObject({ passwordKept: true, tokenKept: false });
      expect(await kept(`${ID}#password`)).toBe('demo');
      sim.revokeTokens();
      const loginsBefore = sim.count('Login');
      await expect(sessions.client(ID).then((c) => c.listDrGroups())).resolves.toHaveLength(2);
      expect(sim.count('Login') - loginsBefore).toBe(1);
    });

    it('signs out with Logout on the server and deletes every kept secret', async () => {
      const sessions = service();
      await sessions.signIn(ID, { username: 'demo', password: 'demo' }, { staySignedIn: true, rememberPassword: true });
      const token = (await kept(ID))!;
      const logoutsBefore = sim.count('Logout');
      const status = await sessions.signOut(ID);
      expect(status).toMatchObject({ signedIn: false, tokenKept: false, passwordKept: false });
      expect(sim.count('Logout') - logoutsBefore).toBe(1);
      expect(await kept(ID)).toBeNull();
      expect(await kept(`${ID}#password`)).toBeNull();
      expect((await rejection(service().useToken(ID, token, { staySignedIn: false }))).kind).toBe('session-expired');
      expect((await rejection(sessions.client(ID))).kind).toBe('session-expired');
    });

    it('forgets a kept token the server no longer accepts', async () => {
      await service().signIn(
        ID,
        { username: 'demo', password: 'demo' },
        { staySignedIn: true, rememberPassword: false },
      );
      sim.revokeTokens();
      expect((await service().status(ID)).signedIn).toBe(false);
      expect(await kept(ID)).toBeNull();
    });

    it('signs in with a pasted token and keeps it only when asked', async () => {
      const tokens: string[] = [];
      const { CommvaultClient } = await import('../../electron/commvault/client.js');
      const other = new CommvaultClient({
        webService: sim.url,
        fetch: createNodeFetch(),
        format: 'json',
        deviceId: 'x',
        onTokenChange: (t) => t && tokens.push(t),
      });
      await other.login({ username: 'demo', password: 'demo' });
      const status = await service().useToken(ID, tokens[0]!, { staySignedIn: true });
      expect(status).toMatchObject({ signedIn: true, tokenKept: true });
      expect(await kept(ID)).toBe(tokens[0]);
    });
  },
);
