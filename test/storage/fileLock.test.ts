import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withFileLock } from '../../electron/storage/fileLock.js';

/** Locks left behind in ways a killed child cannot show (the test with real processes is crossProcess.test.ts). */
let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drjs-lock-'));
  file = join(dir, 'settings.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const holder = (fields: object) =>
  JSON.stringify({ pid: process.pid, host: hostname(), process: 'an earlier process', token: 'abc', ...fields });

/** Leaves a lock file as if written `minutesAgo`. */
async function leftLock(text: string, minutesAgo = 0): Promise<void> {
  await writeFile(`${file}.lock`, text);
  const then = new Date(Date.now() - minutesAgo * 60_000);
  await utimes(`${file}.lock`, then, then);
}

describe('withFileLock', () => {
  it('runs one task at a time, also within one process, and leaves no lock behind', async () => {
    const order: string[] = [];
    let release!: () => void;
    const first = withFileLock(file, async () => {
      order.push('first starts');
      await new Promise<void>((resolve) => (release = resolve));
      order.push('first ends');
    });
    const second = withFileLock(file, async () => void order.push('second'));
    // The second waits however long the first holds the lock.
    while (!release) await new Promise<void>((resolve) => setImmediate(resolve));
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first starts', 'first ends', 'second']);
    expect(await readdir(dir)).toEqual([]);
  });

  it('takes a lock left by an earlier process that had this same pid (a container restarted)', async () => {
    await leftLock(holder({}));
    await expect(withFileLock(file, async () => 'ran')).resolves.toBe('ran');
    expect(await readdir(dir)).toEqual([]);
  });

  it('takes a lock of a process that is gone', async () => {
    // Pids are below 2^22 on Linux and far below 2^31 everywhere else.
    await leftLock(holder({ pid: 2 ** 31 - 2 }));
    await expect(withFileLock(file, async () => 'ran')).resolves.toBe('ran');
  });

  it('takes a lock from another machine or an empty one only once it is old', async () => {
    await leftLock(holder({ host: 'another-machine', pid: 1 }), 3);
    await expect(withFileLock(file, async () => 'ran')).resolves.toBe('ran');
    await leftLock('', 1);
    await expect(withFileLock(file, async () => 'ran again')).resolves.toBe('ran again');
    expect(await readdir(dir)).toEqual([]);
  });

  it('a task that fails lets go of the lock and fails alone', async () => {
    await expect(withFileLock(file, () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    await expect(withFileLock(file, async () => 'next')).resolves.toBe('next');
  });
});
