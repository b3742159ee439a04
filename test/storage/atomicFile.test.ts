import fs from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeFileAtomic, writeFileAtomicStreamed } from '../../electron/storage/atomicFile.js';
import { contentWriter } from '../../electron/sinks/fileSink.js';
import type { Writable } from 'node:stream';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drjs-atomic-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('atomic writes, whole or streamed', () => {
  it('replaces a file whole and says how much it wrote', async () => {
    const path = join(dir, 'export.csv');
    await writeFile(path, 'old');
    expect(await writeFileAtomicStreamed(path, contentWriter('new content'))).toBe(11);
    expect(await readFile(path, 'utf8')).toBe('new content');
    await writeFileAtomic(join(dir, 'settings.json'), '{}');
    expect((await readdir(dir)).sort()).toEqual(['export.csv', 'settings.json']);
  });

  it('a writer that fails half way leaves the old file and no temporary one', async () => {
    const path = join(dir, 'export.csv');
    await writeFile(path, 'old');
    const failing = writeFileAtomicStreamed(path, async (out) => {
      out.write('half of it');
      throw new Error('disk went away');
    });
    await expect(failing).rejects.toThrow('disk went away');
    expect(await readFile(path, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['export.csv']);
  });

  // The temporary file is opened while the writer runs. On a loaded machine that open can finish after the clean-up
  // has looked for the file, and create it again once the failure was reported. A slow disk is simulated here by
  // holding every open for 50 ms: the failure must still be reported only after the file is closed and gone.
  it('reports a failure only once the temporary file is closed, so a slow open cannot leave one behind', async () => {
    const realOpen = fs.open;
    const slowOpen = vi.spyOn(fs, 'open').mockImplementation(((...args: Parameters<typeof fs.open>) => {
      setTimeout(() => Reflect.apply(realOpen, fs, args), 50);
    }) as typeof fs.open);
    try {
      let stream: Writable | undefined;
      const failing = writeFileAtomicStreamed(join(dir, 'export.csv'), async (out) => {
        stream = out;
        throw new Error('disk went away');
      });
      await expect(failing).rejects.toThrow('disk went away');
      expect(stream?.closed).toBe(true);
    } finally {
      slowOpen.mockRestore();
    }
    expect(await readdir(dir)).toEqual([]);
  });

  it('fails, keeping the old file, when the file system reports an error as the temporary file is closed', async () => {
    const path = join(dir, 'export.csv');
    await writeFile(path, 'old');
    // As a network drive does: every byte accepted, then the close says the data could not be stored.
    const failingClose = vi.spyOn(fs, 'close').mockImplementationOnce(((fd: number, callback: (e: Error) => void) => {
      fs.closeSync(fd);
      callback(Object.assign(new Error('EIO: i/o error, close'), { code: 'EIO' }));
    }) as typeof fs.close);
    try {
      await expect(writeFileAtomicStreamed(path, contentWriter('new content'))).rejects.toThrow('EIO');
    } finally {
      failingClose.mockRestore();
    }
    expect(await readFile(path, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['export.csv']);
  });
});
