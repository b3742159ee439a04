import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from '../../electron/bridge/dispatch.js';
import { CommvaultError } from '../../electron/commvault/errors.js';
import { AppFailure, appError } from '../../electron/contract/errors.js';
import { DataFolderError } from '../../electron/storage/storageErrors.js';
import { EventHub } from '../../electron/services/events.js';
import type { ResultChecking } from '../../electron/contract/api.js';
import type { FetchJobsResult } from '../../electron/contract/jobs.js';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { connectToSimulator, testApp } from '../helpers/app.js';
import { startSimulator } from '../helpers/commvault.js';

let simulator: CommvaultSimulator;
let fetched: FetchJobsResult;

beforeAll(async () => {
  simulator = await startSimulator({ seed: 2, groups: 2, vms: 3, jobs: 8 });
  const app = await testApp(await mkdtemp(join(tmpdir(), 'drjs-dispatch-')));
  const connectionId = await connectToSimulator(app, simulator.url);
  const result = await app.dispatch('jobs:fetch', { connectionId, filter: {}, requestId: 'r' });
  if (!result.ok) throw new Error(result.error.message);
  fetched = result.value as FetchJobsResult;
  await app.close();
});
afterAll(() => simulator.close());

/** A dispatcher whose every channel answers `answer` (the bridge's checks are what is under test). */
function dispatcherAnswering(answer: unknown, checking: ResultChecking) {
  const handlers = new Proxy({}, { get: () => () => Promise.resolve(answer) }) as Handlers;
  return createDispatcher(handlers, checking);
}

const damagedPhase = () => {
  const copy = structuredClone(fetched);
  (copy.operations[0]!.vms[0]!.phases[0] as { start: unknown }).start = 'yesterday';
  return copy;
};

describe('the bridge at its trust boundary', () => {
  const request = { connectionId: 'c', filter: {}, requestId: 'r' };

  it('refuses a request that does not match the contract, naming the field', async () => {
    const dispatch = dispatcherAnswering(fetched, 'full');
    const result = await dispatch('jobs:fetch', { ...request, filter: { jobId: -4 } });
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid-input', message: /filter\.jobId/ } });
    expect(await dispatch('no:such', {})).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
  });

  it('checks every result whole where asked (tests): a bad phase deep inside is an internal error', async () => {
    expect(await dispatcherAnswering(fetched, 'full')('jobs:fetch', request)).toMatchObject({ ok: true });
    const result = await dispatcherAnswering(damagedPhase(), 'full')('jobs:fetch', request);
    expect(result).toMatchObject({ ok: false, error: { kind: 'internal', message: /invalid answer for jobs:fetch/ } });
  });

  it('by construction (the app): a fetch’s envelope is still checked, and every small channel whole', async () => {
    const byConstruction = dispatcherAnswering(damagedPhase(), 'by-construction');
    expect(await byConstruction('jobs:fetch', request)).toMatchObject({ ok: true });
    const noId = { ...fetched, fetchId: undefined };
    expect(await dispatcherAnswering(noId, 'by-construction')('jobs:fetch', request)).toMatchObject({
      ok: false,
      error: { kind: 'internal' },
    });
    expect(await dispatcherAnswering([{ id: 5 }], 'by-construction')('connections:list', {})).toMatchObject({
      ok: false,
      error: { kind: 'internal', message: /connections:list/ },
    });
  });

  it('events are checked the same way before any window sees them', () => {
    const seen: unknown[] = [];
    const full = new EventHub('full');
    full.subscribe((_name, payload) => seen.push(payload));
    expect(() => full.emit('jobs:refreshed', { watchId: 'w', result: damagedPhase(), error: null })).toThrow();
    expect(() =>
      full.emit('jobs:progress', { requestId: 'r', receivedBytes: 'lots', totalBytes: null } as never),
    ).toThrow();
    const app = new EventHub('by-construction');
    app.subscribe((_name, payload) => seen.push(payload));
    app.emit('jobs:refreshed', { watchId: 'w', result: damagedPhase(), error: null });
    expect(() => app.emit('jobs:refreshed', { watchId: 5, result: null, error: null } as never)).toThrow();
    expect(seen).toHaveLength(1);
  });
});

describe('every thrown value becomes one typed error the page can show', () => {
  const throwing = (error: unknown) =>
    createDispatcher(new Proxy({}, { get: () => () => Promise.reject(error) }) as Handlers, 'full');

  it.each([
    [
      'a CommServe error keeps its kind and its details',
      new CommvaultError('tls', 'Untrusted.', { url: 'https://cs', status: 0 }),
      { kind: 'tls', message: 'Untrusted.', details: { url: 'https://cs', status: 0 } },
    ],
    [
      'a service failure is what it says',
      new AppFailure(appError('keychain', 'The keychain is locked.')),
      { kind: 'keychain', message: 'The keychain is locked.' },
    ],
    [
      'an unusable data folder is storage',
      new DataFolderError('DR Job Stats cannot write to /data.'),
      { kind: 'storage', message: 'DR Job Stats cannot write to /data.' },
    ],
    [
      'a full disk is storage',
      Object.assign(new Error('ENOSPC'), { code: 'ENOSPC', path: '/data/x', syscall: 'write' }),
      { kind: 'storage', message: /disk is full/ },
    ],
    [
      'a bug is internal, with its message and no stack',
      new TypeError('x is undefined'),
      { kind: 'internal', message: /x is undefined/ },
    ],
    ['a thrown string is internal too', 'plain text', { kind: 'internal', message: /plain text/ }],
  ])('%s', async (_name, thrown, expected) => {
    const result = await throwing(thrown)('connections:list', {});
    expect(result).toMatchObject({ ok: false, error: expected });
    expect(JSON.stringify(result)).not.toMatch(/\n\s+at /);
  });
});
