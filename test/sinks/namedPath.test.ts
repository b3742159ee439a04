import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { lstat, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { text } from 'node:stream/consumers';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentWriter, CSV_FILTER } from '../../electron/sinks/fileSink.js';
import { namedPathsSink } from '../../electron/sinks/namedPathsSink.js';

const run = promisify(execFile);
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drjs-out-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** What the headless export's sink does with a CSV report given this path. */
const save = (path: string, content: string, stdout?: NodeJS.WritableStream) =>
  namedPathsSink(new Map([[CSV_FILTER, path]]), stdout ? { stdout } : {}).save(
    'report.csv',
    [CSV_FILTER],
    contentWriter(content),
  );

/** A character device of our own, like /dev/null (major 1, minor 3), so no system device is ever at risk. */
async function nullDevice(): Promise<string | undefined> {
  const path = join(dir, 'null');
  try {
    await run('mknod', [path, 'c', '1', '3']);
    return path;
  } catch {
    return undefined;
  }
}
const canMakeDevices = await (async () => {
  const probe = await mkdtemp(join(tmpdir(), 'drjs-mknod-'));
  try {
    await run('mknod', [join(probe, 'null'), 'c', '1', '3']);
    return true;
  } catch {
    return false;
  } finally {
    await rm(probe, { recursive: true, force: true });
  }
})();

describe('--out names where the report goes, and it goes there', () => {
  it('a regular file is replaced atomically', async () => {
    const path = join(dir, 'report.csv');
    await writeFile(path, 'old');
    await save(path, 'new');
    expect(await readFile(path, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['report.csv']);
  });

  it('a FIFO is written into and stays a FIFO (a cron job piping the report on)', async () => {
    const fifo = join(dir, 'pipe');
    await run('mkfifo', [fifo]);
    const received = text(createReadStream(fifo));
    await save(fifo, 'a,b\r\n1,2\r\n');
    expect(await received).toBe('a,b\r\n1,2\r\n');
    expect((await lstat(fifo)).isFIFO()).toBe(true);
    expect(await readdir(dir)).toEqual(['pipe']);
  });

  it.skipIf(!canMakeDevices)(
    `a device is written into and stays the device${canMakeDevices ? '' : ' (skipped: this user may not create a device node with mknod)'}`,
    async () => {
      const device = (await nullDevice())!;
      await save(device, 'rows');
      expect((await lstat(device)).isCharacterDevice()).toBe(true);
      expect(await readdir(dir)).toEqual(['null']);
    },
  );

  it('a symbolic link keeps being a link, and its target gets the report atomically', async () => {
    await writeFile(join(dir, 'real.csv'), 'old');
    const link = join(dir, 'latest.csv');
    await symlink('real.csv', link);
    await save(link, 'new');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(join(dir, 'real.csv'), 'utf8')).toBe('new');
    expect((await readdir(dir)).sort()).toEqual(['latest.csv', 'real.csv']);
  });

  it('a link to a file not yet there creates that file, not a file in place of the link', async () => {
    const link = join(dir, 'latest.csv');
    await symlink('reports/today.csv', link).catch(() => undefined);
    await run('mkdir', [join(dir, 'reports')]);
    await save(link, 'new');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(join(dir, 'reports/today.csv'), 'utf8')).toBe('new');
  });

  it('"-" is standard output, written as a stream', async () => {
    const stdout = new PassThrough();
    const received = text(stdout);
    const outcome = await save('-', 'a,b\r\n', stdout);
    stdout.end();
    expect(await received).toBe('a,b\r\n');
    expect(outcome).toMatchObject({ kind: 'saved', path: '-' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('a folder is refused, saying so', async () => {
    await expect(save(dir, 'x')).rejects.toMatchObject({
      error: { kind: 'storage', message: expect.stringMatching(/folder/) },
    });
  });
});
