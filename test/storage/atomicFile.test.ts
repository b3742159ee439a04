import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFileAtomicStreamed } from '../../electron/storage/atomicFile.js';
import { contentWriter } from '../../electron/sinks/fileSink.js';

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
    expect(await readdir(dir)).toEqual(['export.csv', 'settings.json']);
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
});
