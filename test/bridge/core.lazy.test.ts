import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommvaultClient } from '../../electron/commvault/client.js';
import { createNodeFetch } from '../../electron/commvault/nodeTransport.js';
import { ConnectionProfileSchema } from '../../electron/contract/connections.js';
import type { Core } from '../../electron/bridge/core.js';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { MemorySecretStore } from '../../electron/storage/secretStore.js';
import { SettingsStore } from '../../electron/storage/settingsStore.js';
import { testApp } from '../helpers/app.js';
import { startSimulator } from '../helpers/commvault.js';

let sim: CommvaultSimulator;
let dir: string;
let app: Core | undefined;

beforeEach(async () => {
  sim = await startSimulator({ groups: 2, vms: 2, jobs: 4 });
  dir = await mkdtemp(join(tmpdir(), 'drjs-lazy-'));
});
afterEach(async () => {
  await app?.close();
  app = undefined;
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

/** A token the app kept for a connection signed in with "Stay signed in". */
async function keptSession(secrets: MemorySecretStore, id: string, name: string): Promise<void> {
  const tokens: string[] = [];
  const { settings } = await new SettingsStore(dir).load();
  await new CommvaultClient({
    webService: sim.url,
    fetch: createNodeFetch(),
    format: 'json',
    deviceId: settings.deviceId,
    onTokenChange: (t) => t && tokens.push(t),
  }).login({ username: 'demo', password: 'demo' });
  await secrets.set(id, tokens[0]!);
  await new SettingsStore(dir).update((s) => ({
    ...s,
    connections: [
      ...s.connections,
      ConnectionProfileSchema.parse({ id, name, webService: sim.url, staySignedIn: true }),
    ],
  }));
}

describe('the core does on first use what a command may not need', () => {
  it('restores a kept session when its connection is first used, not when the core is built', async () => {
    const secrets = new MemorySecretStore();
    await keptSession(secrets, 'prod', 'Prod');
    await keptSession(secrets, 'lab', 'Lab');
    const checks = () => sim.count('WhoAmI');
    app = await testApp(dir, { secretStore: secrets });
    expect(checks()).toBe(0);

    const prod = await app.dispatch('connections:list', { name: 'prod' });
    expect(prod).toMatchObject({ ok: true, value: [{ id: 'prod', session: { signedIn: true } }] });
    // Only the connection named was restored: the other CommServe was not asked anything.
    expect(checks()).toBe(1);
    const fetched = await app.dispatch('jobs:fetch', { connectionId: 'prod', filter: {}, requestId: 'r1' });
    expect(fetched.ok).toBe(true);
    expect(checks()).toBe(1);
  });

  it('starts the demo CommServe only when the demo connection is used', async () => {
    let started = 0;
    const demo = async () => {
      started++;
      const server = await startSimulator({ groups: 1, vms: 1, jobs: 2 });
      return { url: server.url, close: () => server.close() };
    };
    await keptSession(new MemorySecretStore(), 'prod', 'Prod');
    await new SettingsStore(dir).update((s) => ({
      ...s,
      connections: [
        ...s.connections,
        ConnectionProfileSchema.parse({ id: 'demo', name: 'Demo CommServe', webService: 'http://old', demo: true }),
      ],
    }));
    app = await testApp(dir, { demo });
    await app.dispatch('connections:list', { name: 'Prod' });
    expect(started).toBe(0);
    const groups = await app.dispatch('groups:list', { connectionId: 'demo' });
    expect(groups).toMatchObject({ ok: true });
    expect(started).toBe(1);
    await app.dispatch('connections:list', {});
    expect(started).toBe(1);
  });

  it('names the connections it has when asked for one it does not', async () => {
    await keptSession(new MemorySecretStore(), 'prod', 'Prod');
    app = await testApp(dir);
    expect(await app.dispatch('connections:list', { name: 'Nope' })).toEqual({
      ok: false,
      error: { kind: 'invalid-input', message: 'no connection named "Nope" (known: "Prod").', details: {} },
    });
  });
});
