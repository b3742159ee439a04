import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { EventName } from '../../electron/contract/api.js';
import type { App } from '../../electron/bridge/core.js';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { connectToSimulator, testApp } from '../helpers/app.js';
import { startSimulator } from '../helpers/commvault.js';

let sim: CommvaultSimulator;
let app: App;
let dir: string;
const events: { name: EventName; payload: unknown }[] = [];

beforeEach(async () => {
  sim = await startSimulator({ groups: 2, vms: 2, jobs: 6, running: 1 });
  dir = await mkdtemp(join(tmpdir(), 'drjs-jobs-'));
  app = await testApp(dir, {
    autoRefreshSeconds: 1,
  });
  app.events.subscribe((name, payload) => events.push({ name, payload }));
});
afterEach(async () => {
  await app.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
  events.length = 0;
});

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
  await expect.poll(() => refreshed().length, { timeout: 5000 }).toBeGreaterThanOrEqual(1);
  expect(refreshed()[0]!.result!.operations.some((op) => op.status === 'running')).toBe(true);
  // Refreshes carry the CommServe's operation types too.
  expect(refreshed()[0]!.result!.operations.every((op) => op.operationTypeSource === 'commserve')).toBe(true);
  sim.advance(6 * 3600);
  await expect
    .poll(
      () =>
        refreshed()
          .at(-1)
          ?.result?.operations.some((op) => op.status === 'running'),
      { timeout: 5000 },
    )
    .toBe(false);
  const count = refreshed().length;
  const fetches = sim.count('DR/JobStats');
  await new Promise((resolve) => setTimeout(resolve, 2500));
  expect(refreshed().length).toBe(count);
  expect(sim.count('DR/JobStats')).toBe(fetches);
});

it('stops when unwatched', async () => {
  const connectionId = await signedIn();
  await app.dispatch('jobs:watch', { connectionId, filter: {}, watchId: 'w2' });
  await app.dispatch('jobs:unwatch', { watchId: 'w2' });
  const fetches = sim.count('DR/JobStats');
  await new Promise((resolve) => setTimeout(resolve, 2000));
  expect(sim.count('DR/JobStats')).toBe(fetches);
  expect(refreshed()).toEqual([]);
});

it('reports a failed refresh as a typed error and stops', async () => {
  const connectionId = await signedIn();
  sim.setFault({ path: 'JobStats', type: 'http-500' });
  await app.dispatch('jobs:watch', { connectionId, filter: {}, watchId: 'w3' });
  await expect.poll(() => events.find((e) => e.name === 'jobs:refreshed'), { timeout: 5000 }).toBeTruthy();
  expect(events.find((e) => e.name === 'jobs:refreshed')!.payload).toMatchObject({
    watchId: 'w3',
    result: null,
    error: { kind: 'server-error' },
  });
});
