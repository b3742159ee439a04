import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FetchJobsResult } from '../../electron/contract/jobs.js';
import { OPERATION_TYPE_BY_CODE, isRecoveryType } from '../../electron/contract/evidence.js';
import type { Core } from '../../electron/bridge/core.js';
import type { CommvaultSimulator, SimulatorOptions } from '../../electron/simulator/server.js';
import { connectToSimulator, testApp, watchedFetch } from '../helpers/app.js';
import { startSimulator } from '../helpers/commvault.js';

let sim: CommvaultSimulator | undefined;
let app: Core | undefined;
let dir: string | undefined;

afterEach(async () => {
  await app?.close();
  await sim?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  app = sim = dir = undefined;
});

/** A job-summary look-up the app sent. */
const JOB_LOOKUP = /\/Job\/\d+$/;

async function setUp(options: SimulatorOptions = {}): Promise<{
  app: Core;
  sim: CommvaultSimulator;
  connectionId: string;
  sent: ReturnType<typeof watchedFetch>['sent'];
}> {
  sim = await startSimulator({ seed: 1, groups: 3, vms: 2, jobs: 60, running: 1, ...options });
  dir = await mkdtemp(join(tmpdir(), 'drjs-types-'));
  const { createFetch, sent } = watchedFetch();
  app = await testApp(dir, { autoRefreshSeconds: 60, createFetch });
  return { app, sim, connectionId: await connectToSimulator(app, sim.url), sent };
}

async function fetchAll(app: Core, connectionId: string, requestId = 'r1'): Promise<FetchJobsResult> {
  const result = await app.dispatch('jobs:fetch', { connectionId, filter: {}, requestId });
  if (!result.ok) throw new Error(`${result.error.kind}: ${result.error.message}`);
  return result.value as FetchJobsResult;
}

const jobLookups = (sim: CommvaultSimulator) =>
  Object.entries(sim.stats.requests)
    .filter(([route]) => route.startsWith('Job/'))
    .reduce((sum, [, count]) => sum + count, 0);

describe('operation types from the CommServe', () => {
  it('every fetched operation takes its type from the job summary, and its RTO follows the type', async () => {
    const { app, sim, connectionId } = await setUp();
    const result = await fetchAll(app, connectionId);
    expect(result.operations).toHaveLength(sim.dataset.operations.length);
    for (const op of result.operations) {
      const simOp = sim.dataset.operations.find((o) => o.jobId === op.jobId)!;
      expect(op.operationType, `job ${op.jobId}`).toBe(OPERATION_TYPE_BY_CODE[simOp.type]);
      expect(op.operationTypeSource).toBe('commserve');
      if (!isRecoveryType(op.operationType) || op.status !== 'succeeded') expect(op.rto).toBeNull();
      else expect(op.rto).toBe(op.duration);
    }
    expect(new Set(result.operations.map((op) => op.operationType)).size).toBeGreaterThanOrEqual(6);
  });

  it('asks once per job: a second fetch takes every type from the cache', async () => {
    const { app, sim, connectionId } = await setUp();
    await fetchAll(app, connectionId);
    const first = jobLookups(sim);
    expect(first).toBe(sim.dataset.operations.length);
    const again = await fetchAll(app, connectionId, 'r2');
    expect(jobLookups(sim)).toBe(first);
    expect(again.operations.every((op) => op.operationTypeSource === 'commserve')).toBe(true);
  });

  it('after a restart on the same data folder, types the CommServe named before are not asked again', async () => {
    const { app: first, sim, connectionId } = await setUp();
    await fetchAll(first, connectionId);
    const asked = jobLookups(sim);
    expect(asked).toBe(sim.dataset.operations.length);
    await first.close();
    app = await testApp(dir!, { autoRefreshSeconds: 60 });
    await app.dispatch('session:signIn', {
      connectionId,
      username: 'demo',
      password: 'demo',
      staySignedIn: false,
      rememberPassword: false,
    });
    const again = await fetchAll(app, connectionId, 'r2');
    expect(jobLookups(sim)).toBe(asked);
    expect(again.operations.every((op) => op.operationTypeSource === 'commserve')).toBe(true);
  });

  it('a CommServe without Job/{id} (404): types are inferred, no error, and it is not asked again', async () => {
    const { app, sim, connectionId } = await setUp({ noJobEndpoint: true });
    const result = await fetchAll(app, connectionId);
    expect(result.operations).toHaveLength(sim.dataset.operations.length);
    expect(result.operations.every((op) => op.operationTypeSource === 'inferred')).toBe(true);
    // Read from the phases: right for every operation that ran its whole sequence.
    for (const op of result.operations.filter((o) => o.status === 'succeeded')) {
      const simOp = sim.dataset.operations.find((o) => o.jobId === op.jobId)!;
      expect(op.operationType, `job ${op.jobId}`).toBe(OPERATION_TYPE_BY_CODE[simOp.type]);
    }
    const asked = jobLookups(sim);
    expect(asked).toBeLessThanOrEqual(6);
    await fetchAll(app, connectionId, 'r2');
    expect(jobLookups(sim)).toBe(asked);
  });

  it('a failing look-up falls back to the inferred type for that job only, and is asked again next time', async () => {
    const { app, sim, connectionId } = await setUp();
    sim.setFault({ path: 'Job/{id}', type: 'http-500', times: 3 });
    const result = await fetchAll(app, connectionId);
    const inferred = result.operations.filter((op) => op.operationTypeSource === 'inferred');
    expect(inferred).toHaveLength(3);
    const again = await fetchAll(app, connectionId, 'r2');
    expect(again.operations.every((op) => op.operationTypeSource === 'commserve')).toBe(true);
  });

  it('cancel still cancels while types are looked up', async () => {
    const { app, sim, connectionId, sent } = await setUp();
    sim.setFault({ path: 'Job/{id}', type: 'slow', delayMs: 2000 });
    const lookUp = sent(JOB_LOOKUP);
    const pending = app.dispatch('jobs:fetch', { connectionId, filter: {}, requestId: 'slow' });
    await lookUp;
    await app.dispatch('jobs:cancel', { requestId: 'slow' });
    const result = await pending;
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.kind).toBe('cancelled');
    sim.clearFaults();
  });
});

describe('a CommServe without DRGroups/{id}', () => {
  it('still lets the user pick a group: groups:get falls back to what DRGroups listed, with no error', async () => {
    const { app, sim, connectionId } = await setUp({ noGroupDetail: true });
    const simGroup = sim.dataset.groups[1]!;
    const result = await app.dispatch('groups:get', { connectionId, groupId: simGroup.vAppId });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({
      id: simGroup.vAppId,
      name: simGroup.name,
      clients: simGroup.clients.map((c) => ({ clientId: c.clientId, clientName: c.clientName })),
      replicationPairs: [],
    });
    expect(sim.count(`DRGroups/${simGroup.vAppId}`)).toBe(1);
    const unknown = await app.dispatch('groups:get', { connectionId, groupId: 999 });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error.kind).toBe('not-found');
  });
});

describe('a fetch cancelled during the type look-ups', () => {
  it('ends as cancelled and is not held, so the fetch on screen stays savable', async () => {
    const { app, sim, connectionId, sent } = await setUp();
    // Three look-ups fail on the fetch shown, so the next fetch has look-ups left to do (they are asked again).
    sim.setFault({ path: 'Job/{id}', type: 'http-500', times: 3 });
    const shown = await fetchAll(app, connectionId, 'shown');
    expect(shown.operations.filter((op) => op.operationTypeSource === 'inferred')).toHaveLength(3);
    sim.setFault({ path: 'Job/{id}', type: 'slow', delayMs: 400, times: 1000 });
    const lookUp = sent(JOB_LOOKUP);
    const pending = app.dispatch('jobs:fetch', { connectionId, filter: {}, requestId: 'late' });
    await lookUp;
    await app.dispatch('jobs:cancel', { requestId: 'late' });
    expect(await pending).toMatchObject({ ok: false, error: { kind: 'cancelled' } });
    sim.clearFaults();
    const saved = await app.dispatch('runs:save', { fetchId: shown.fetchId, name: 'shown', note: '' });
    expect(saved).toMatchObject({ ok: true });
  });
});
