import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { connectToSimulator, testApp } from '../helpers/app.js';
import { startSimulator } from '../helpers/commvault.js';

let sim: CommvaultSimulator;
let dir: string;
beforeEach(async () => {
  sim = await startSimulator({ groups: 2, vms: 2, jobs: 6 });
  dir = await mkdtemp(join(tmpdir(), 'drjs-close-'));
});
afterEach(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

/** Lets a request that was just sent reach its service's queue, as one sent well before a quit has. */
const accepted = () => new Promise<void>((resolve) => setImmediate(resolve));

it('closing waits for a preference and a saved run still being written: quitting right after a change loses neither', async () => {
  const app = await testApp(dir);
  const connectionId = await connectToSimulator(app, sim.url);
  const fetched = await app.dispatch('jobs:fetch', { connectionId, filter: {}, requestId: 'r-1' });
  if (!fetched.ok) throw new Error(fetched.error.message);
  const { fetchId } = fetched.value as { fetchId: string };

  const preference = app.dispatch('ui:set', { columns: ['target'] });
  const saving = app.dispatch('runs:save', { fetchId, name: 'Before quitting', note: '' });
  await accepted();
  await app.close();

  // Read at once, with no turn of the event loop in which an unfinished write could still land.
  const settings = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as { ui?: { columns?: string[] } };
  expect(settings.ui?.columns).toEqual(['target']);
  const runFiles = readdirSync(join(dir, 'runs'));
  expect(runFiles.filter((name) => name.endsWith('.drrun.json'))).toHaveLength(1);
  expect(runFiles.filter((name) => name.endsWith('.tmp'))).toEqual([]);
  expect(await preference).toMatchObject({ ok: true });
  expect(await saving).toMatchObject({ ok: true });
});
