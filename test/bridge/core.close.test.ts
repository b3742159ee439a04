import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { connectToSimulator, testApp } from '../helpers/app.js';
import { startSimulator } from '../helpers/commvault.js';
import { ManualTimers } from '../helpers/manualTimers.js';

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

it('closing waits for a preference, a saved run and a renamed run still being written: quitting right after a change loses none', async () => {
  const app = await testApp(dir);
  const connectionId = await connectToSimulator(app, sim.url);
  const fetched = await app.dispatch('jobs:fetch', { connectionId, filter: {}, requestId: 'r-1' });
  if (!fetched.ok) throw new Error(fetched.error.message);
  const { fetchId } = fetched.value as { fetchId: string };
  const first = await app.dispatch('runs:save', { fetchId, name: 'First', note: '' });
  if (!first.ok) throw new Error(first.error.message);
  const { id: firstId } = first.value as { id: string };

  // Sent, not awaited: the window closes while they are being written.
  const pending = [
    app.dispatch('ui:set', { columns: ['target'] }),
    app.dispatch('runs:save', { fetchId, name: 'Before quitting', note: '' }),
    app.dispatch('runs:update', { runId: firstId, name: 'Renamed', note: 'checked' }),
  ];
  await app.close();

  // Read at once, with no turn of the event loop in which an unfinished write could still land.
  const settings = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as { ui?: { columns?: string[] } };
  expect(settings.ui?.columns).toEqual(['target']);
  const runFiles = readdirSync(join(dir, 'runs'));
  expect(runFiles.filter((name) => name.endsWith('.drrun.json'))).toHaveLength(2);
  expect(runFiles.filter((name) => name.endsWith('.tmp'))).toEqual([]);
  const renamed = JSON.parse(readFileSync(join(dir, 'runs', `${firstId}.drrun.json`), 'utf8')) as { name: string };
  expect(renamed.name).toBe('Renamed');
  for (const result of await Promise.all(pending)) expect(result).toMatchObject({ ok: true });
});

it('closing waits for those writes only so long: a data folder that stopped answering cannot keep the app open', async () => {
  const timers = new ManualTimers();
  const app = await testApp(dir, { timers });
  // The settings file becomes a pipe nobody writes to: reading it blocks, as a dead network drive does.
  const settingsPath = join(dir, 'settings.json');
  await rm(settingsPath);
  execFileSync('mkfifo', [settingsPath]);
  const stuck = app.dispatch('ui:set', { columns: ['target'] });
  let closed = false;
  const closing = app.close().then(() => (closed = true));
  await timers.whenPending(1);
  expect(timers.pending).toEqual([10_000]);
  expect(closed).toBe(false);
  timers.fire();
  await closing;
  // Let the blocked read go (a writer opening the pipe ends it), so the test leaves no thread behind.
  await (await open(settingsPath, 'w')).close();
  await stuck;
});
