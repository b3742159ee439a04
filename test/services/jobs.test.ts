import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { EventName } from '../../electron/contract/api.js';
import type { Core } from '../../electron/bridge/core.js';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { connectToSimulator, testApp } from '../helpers/app.js';
import { startSimulator } from '../helpers/commvault.js';
import { ManualTimers } from '../helpers/manualTimers.js';

let sim: CommvaultSimulator;
let app: Core;
let timers: ManualTimers;
let dir: string;
const events: { name: EventName; payload: unknown }[] = [];
/** Waiters for the `count`-th `jobs:refreshed` event, resolved as the event is emitted (no polling). */
const refreshWaiters: { count: number; resolve: () => void }[] = [];

beforeEach(async () => {
  sim = await startSimulator({ groups: 2, vms: 2, jobs: 6, running: 1 });
  dir = await mkdtemp(join(tmpdir(), 'drjs-jobs-'));
  timers = new ManualTimers();
  app = await testApp(dir, { autoRefreshSeconds: 15, timers });
  app.events.subscribe((name, payload) => {
    events.push({ name, payload });
    const count = refreshed().length;
    for (const waiter of refreshWaiters.filter((w) => w.count <= count)) {
      refreshWaiters.splice(refreshWaiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
});
afterEach(async () => {
  await app.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
  events.length = 0;
  refreshWaiters.length = 0;
});

/** Resolves once `count` auto-refreshes have been announced. */
const refreshes = (count: number): Promise<void> =>
  refreshed().length >= count ? Promise.resolve() : new Promise((resolve) => refreshWaiters.push({ count, resolve }));

const signedIn = () => connectToSimulator(app, sim.url);

const refreshed = () =>
  events
    .filter((e) => e.name === 'jobs:refreshed')
    .map(
      (e) =>
        e.payload as {
          watchId: string;
          result: { operations: { status: string; operationTypeSource: string }[] } | null;
        },
    );

it('auto-refresh fetches again while a job runs, announces each result, and stops once nothing runs', async () => {
  const connectionId = await signedIn();
  await app.dispatch('jobs:watch', { connectionId, filter: {}, watchId: 'w1' });
  // It waits the auto-refresh interval, then fetches.
  expect(timers.pending).toEqual([15_000]);
  timers.fire();
  await refreshes(1);
  expect(refreshed()).toHaveLength(1);
  expect(refreshed()[0]!.result!.operations.some((op) => op.status === 'running')).toBe(true);
  // Refreshes carry the CommServe's operation types too.
  expect(refreshed()[0]!.result!.operations.every((op) => op.operationTypeSource === 'commserve')).toBe(true);
  // Something still runs: the next refresh is waiting.
  expect(timers.pending).toEqual([15_000]);
  sim.advance(6 * 3600);
  timers.fire();
  await refreshes(2);
  expect(refreshed()).toHaveLength(2);
  expect(refreshed()[1]!.result!.operations.some((op) => op.status === 'running')).toBe(false);
  // Nothing runs any more: no refresh is waiting, so none can happen.
  expect(timers.pending).toEqual([]);
});

it('stops when unwatched', async () => {
  const connectionId = await signedIn();
  await app.dispatch('jobs:watch', { connectionId, filter: {}, watchId: 'w2' });
  expect(timers.pending).toHaveLength(1);
  await app.dispatch('jobs:unwatch', { watchId: 'w2' });
  expect(timers.pending).toEqual([]);
  expect(refreshed()).toEqual([]);
});

it('reports a failed refresh as a typed error and stops', async () => {
  const connectionId = await signedIn();
  sim.setFault({ path: 'JobStats', type: 'http-500' });
  await app.dispatch('jobs:watch', { connectionId, filter: {}, watchId: 'w3' });
  timers.fire();
  await refreshes(1);
  expect(events.find((e) => e.name === 'jobs:refreshed')!.payload).toMatchObject({
    watchId: 'w3',
    result: null,
    error: { kind: 'server-error' },
  });
  expect(timers.pending).toEqual([]);
});
