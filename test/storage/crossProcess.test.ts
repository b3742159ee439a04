import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunLibrary } from '../../electron/storage/runLibrary.js';
import { SettingsStore } from '../../electron/storage/settingsStore.js';
import { ConnectionProfileSchema } from '../../electron/contract/connections.js';
import { bigRunContent } from './bigRun.js';

/**
 * The desktop app, the browser mode and the CLI share one data folder by design: edits made by several processes at
 * the same moment must all be kept, and a process that dies holding the lock must not lock the folder for good.
 */
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drjs-processes-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

interface Child {
  process: ChildProcess;
  /** Resolves with the first line the child prints that matches. */
  said: (line: string) => Promise<void>;
  exited: Promise<{ code: number | null; stderr: string }>;
}

function child(script: string, args: string[]): Child {
  const process_ = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, script), ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  process_.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: process_.stdout! });
  const exited = once(process_, 'exit').then(([code]) => ({ code: code as number | null, stderr }));
  return {
    process: process_,
    said: (expected) =>
      new Promise((resolve, reject) => {
        lines.on('line', (line) => line === expected && resolve());
        void exited.then(({ code }) => reject(new Error(`the child exited (${code}) before "${expected}": ${stderr}`)));
      }),
    exited,
  };
}

/** Starts every child, waits until each has loaded, then lets them all edit in the same moment. */
async function allAtOnce(children: Child[]): Promise<void> {
  await Promise.all(children.map((c) => c.said('ready')));
  for (const c of children) c.process.stdin!.write('go\n');
  const results = await Promise.all(children.map((c) => c.exited));
  expect(results).toEqual(children.map(() => ({ code: 0, stderr: '' })));
}

describe('several processes on one data folder', () => {
  it('20 connections added at once by 5 processes, 4 stores each: all 20 kept', async () => {
    await new SettingsStore(dir).load();
    const names = Array.from({ length: 20 }, (_, i) => `CS ${i}`);
    const perProcess = Array.from({ length: 5 }, (_, p) => names.slice(p * 4, p * 4 + 4));
    await allAtOnce(perProcess.map((mine) => child('edit-child.ts', [dir, 'connection', ...mine])));
    const { settings, problem } = await new SettingsStore(dir).load();
    expect(problem).toBeNull();
    expect(settings.connections.map((c) => c.name).sort()).toEqual([...names].sort());
    expect((await readdir(dir)).sort()).toEqual(['settings.json']);
  });

  it('a rename and a note of one run from two processes at once: both kept', async () => {
    // Large enough that each edit (read, check, write) lasts while the other runs.
    const { id } = await new RunLibrary(dir).save(bigRunContent('Prod', 4), 'First name');
    await allAtOnce([
      child('edit-child.ts', [dir, 'run', id, 'name', 'Renamed']),
      child('edit-child.ts', [dir, 'run', id, 'note', 'Checked by QA']),
    ]);
    expect(await new RunLibrary(dir).open(id)).toMatchObject({ name: 'Renamed', note: 'Checked by QA' });
    expect((await new RunLibrary(dir).list()).find((r) => r.id === id)).toMatchObject({
      name: 'Renamed',
      note: 'Checked by QA',
    });
  });

  it('a process killed while it holds the settings lock does not lock the folder for good', async () => {
    const store = new SettingsStore(dir);
    await store.load();
    const holder = child('lock-holder-child.ts', [store.path]);
    await holder.said('holding');
    holder.process.kill('SIGKILL');
    await holder.exited;
    expect((await readdir(dir)).sort()).toEqual(['settings.json', 'settings.json.lock']);
    const profile = ConnectionProfileSchema.parse({ id: 'id-after', name: 'After', webService: 'https://cs/api' });
    await store.update((s) => ({ ...s, connections: [profile] }));
    expect((await new SettingsStore(dir).load()).settings.connections.map((c) => c.name)).toEqual(['After']);
    expect((await readdir(dir)).sort()).toEqual(['settings.json']);
  });
});
