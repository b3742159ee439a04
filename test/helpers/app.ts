import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core, type CoreContext } from '../../electron/bridge/core.js';
import { DownloadSink } from '../../electron/sinks/downloadSink.js';
import { nodeFetchFor } from '../../electron/services/nodeFetch.js';
import { MemorySecretStore } from '../../electron/storage/secretStore.js';
import type { Channel, ChannelRequest, ChannelResult } from '../../electron/contract/api.js';
import type { FetchJobsResult } from '../../electron/contract/jobs.js';
import type { CommvaultSimulator, SimulatorOptions } from '../../electron/simulator/server.js';
import { startSimulator } from './commvault.js';

/** Adds a connection to a simulator through the contract, as the Connections screen does, and signs in. */
export async function connectToSimulator(app: Core, webService: string, name = 'Simulator'): Promise<string> {
  const saved = await app.dispatch('connections:save', {
    name,
    webService,
    format: 'json',
    tls: { mode: 'system' },
    rtoTargetMinutes: null,
  });
  if (!saved.ok) throw new Error(saved.error.message);
  const connectionId = (saved.value as { id: string }).id;
  const signedIn = await app.dispatch('session:signIn', {
    connectionId,
    username: 'demo',
    password: 'demo',
    domain: '',
    staySignedIn: false,
    rememberPassword: false,
  });
  if (!signedIn.ok) throw new Error(signedIn.error.message);
  return connectionId;
}

/**
 * The core as the browser mode creates it, for tests that are about something other than the keychain: secrets in
 * memory, Node's fetch, no demo CommServe, downloads held in memory. Options override any of it.
 */
export function testApp(dataDir: string, options: Partial<CoreContext> = {}): Promise<Core> {
  return createCore({
    mode: 'browser',
    version: 'test',
    dataDir,
    platform: process.platform,
    secretStore: new MemorySecretStore(),
    createFetch: nodeFetchFor,
    sink: new DownloadSink(),
    locale: 'en-US',
    // Tests check every result and event whole, so a normaliser that builds a wrong shape fails here.
    checking: 'full',
    ...options,
  });
}

/**
 * Node's fetch, as `testApp` uses it, that also tells the test of each request the app sends: `sent(pattern)`
 * resolves with the URL of the next request matching it, so a test awaits the request itself instead of polling a
 * server's counters for it.
 */
export function watchedFetch(): {
  createFetch: CoreContext['createFetch'];
  sent: (pattern: RegExp) => Promise<string>;
} {
  const waiters: { pattern: RegExp; resolve: (url: string) => void }[] = [];
  return {
    createFetch: async (profile) => {
      const fetch = await nodeFetchFor(profile);
      return (url, init) => {
        for (const waiter of waiters.filter((w) => w.pattern.test(url))) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(url);
        }
        return fetch(url, init);
      };
    },
    sent: (pattern) => new Promise((resolve) => waiters.push({ pattern, resolve })),
  };
}

/** A channel's value; a failure fails the test with the typed error main gave. */
export async function dispatched<C extends Channel>(
  app: Core,
  channel: C,
  request: ChannelRequest<C>,
): Promise<ChannelResult<C>> {
  const result = await app.dispatch(channel, request);
  if (!result.ok) throw new Error(`${result.error.kind}: ${result.error.message}`);
  return result.value as ChannelResult<C>;
}

export interface FetchedCore {
  sim: CommvaultSimulator;
  app: Core;
  dir: string;
  fetched: FetchJobsResult;
  close(): Promise<void>;
}

/**
 * A simulator and the core on a fresh data folder, signed in to it and having fetched everything once: where the
 * evidence tests (sign-offs, findings, packs, figures) start.
 */
export async function fetchedCore(
  simulator: SimulatorOptions,
  options: { dirPrefix: string; core?: Partial<CoreContext>; rtoTargetMinutes?: number } = { dirPrefix: 'drjs-' },
): Promise<FetchedCore> {
  const sim = await startSimulator(simulator);
  const dir = await mkdtemp(join(tmpdir(), options.dirPrefix));
  const app = await testApp(dir, options.core);
  const connectionId = await connectToSimulator(app, sim.url);
  if (options.rtoTargetMinutes !== undefined) {
    await dispatched(app, 'connections:save', {
      id: connectionId,
      name: 'Simulator',
      webService: sim.url,
      format: 'json',
      tls: { mode: 'system' },
      rtoTargetMinutes: options.rtoTargetMinutes,
    });
  }
  const fetched = await dispatched(app, 'jobs:fetch', { connectionId, filter: {}, requestId: 'r1' });
  return {
    sim,
    app,
    dir,
    fetched,
    close: async () => {
      await app.close();
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
