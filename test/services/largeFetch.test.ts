import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/bridge/core.js';
import type { FetchJobsResult } from '../../electron/contract/jobs.js';
import { nodeFetchFor } from '../../electron/services/nodeFetch.js';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { testApp } from '../helpers/app.js';
import { tellingBodyEnd } from '../helpers/bodyEnd.js';
import { startSimulator } from '../helpers/commvault.js';

let sim: CommvaultSimulator;
let app: Core;
let dir: string;
let connectionId: string;
/** What happened, in order: the JobStats body arriving, other calls answered, the fetch's type look-ups sent. */
const events: string[] = [];
let onBodyEnd = () => {};

beforeAll(async () => {
  // About 25 MB of XML.
  sim = await startSimulator({ seed: 12, groups: 20, vms: 10, jobs: 2500, running: 0 });
  dir = await mkdtemp(join(tmpdir(), 'drjs-large-'));
  app = await testApp(dir, {
    createFetch: async (profile) => {
      const fetch = tellingBodyEnd(await nodeFetchFor(profile), () => onBodyEnd());
      return (url, init) => {
        if (/\/Job\/\d+$/.test(url) && !events.includes('type look-up sent')) events.push('type look-up sent');
        return fetch(url, init);
      };
    },
  });
  const saved = await app.dispatch('connections:save', {
    name: 'Large XML',
    webService: sim.url,
    format: 'xml',
    tls: { mode: 'system' },
    rtoTargetMinutes: null,
  });
  if (!saved.ok) throw new Error(saved.error.message);
  connectionId = (saved.value as { id: string }).id;
  const signedIn = await app.dispatch('session:signIn', {
    connectionId,
    username: 'demo',
    password: 'demo',
    domain: '',
    staySignedIn: false,
    rememberPassword: false,
  });
  if (!signedIn.ok) throw new Error(signedIn.error.message);
});

afterAll(async () => {
  await app.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a large XML fetch through the app', () => {
  it('leaves the app answering: a call made once the answer is in is answered before the fetch is read', async () => {
    events.length = 0;
    let listed: Promise<void> | undefined;
    onBodyEnd = () => {
      events.push('body in');
      listed = app.dispatch('runs:list', {}).then((result) => void events.push(result.ok ? 'runs listed' : 'failed'));
    };
    const result = await app.dispatch('jobs:fetch', { connectionId, filter: {}, requestId: 'large' });
    await listed;
    expect(result.ok && (result.value as FetchJobsResult).vmRunCount).toBe(sim.dataset.vmRunCount);
    // Read on the app's own thread, the answer held up every call from its last byte until it was read, and the
    // fetch went on to its type look-ups before anything else was answered.
    expect(events.slice(0, 3)).toEqual(['body in', 'runs listed', 'type look-up sent']);
  });

  it('Cancel once the answer is in ends the fetch, with nothing looked up', async () => {
    events.length = 0;
    onBodyEnd = () => {
      events.push('body in');
      void app.dispatch('jobs:cancel', { requestId: 'cancelled' });
    };
    const result = await app.dispatch('jobs:fetch', { connectionId, filter: {}, requestId: 'cancelled' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'cancelled' } });
    expect(events).toEqual(['body in']);
  });
});
