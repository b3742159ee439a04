import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toAppError } from '../../electron/services/errors.js';
import { testApp } from '../helpers/app.js';

const errno = (code: string, path: string, syscall = 'open') =>
  Object.assign(new Error(`${code}: failed, ${syscall} '${path}'`), { code, path, syscall });

describe('storage failures reach the user as "storage", with the file and the cause', () => {
  it.each([
    ['ENOSPC', /disk is full/],
    ['EROFS', /read-only/],
    ['EACCES', /permission/i],
    ['EPERM', /permission/i],
    ['EDQUOT', /quota/],
  ])('%s', (code, words) => {
    const error = toAppError(errno(code, '/home/admin/.config/DR Job Stats/runs/a.drrun.json'));
    expect(error.kind).toBe('storage');
    expect(error.message).toMatch(words);
    expect(error.message).toContain('/home/admin/.config/DR Job Stats/runs/a.drrun.json');
    expect(error.message).not.toMatch(/Something went wrong/);
  });
});

describe('a data folder that cannot be used', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'drjs-datadir-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('stops start-up with a clear message naming the folder, not a stack trace', async () => {
    // A file where the folder should be: as root, permissions cannot make a folder unwritable, this can.
    await writeFile(join(dir, 'blocked'), 'a file');
    const dataDir = join(dir, 'blocked', 'DR Job Stats');
    const failure = await testApp(dataDir).then(
      () => undefined,
      (error: unknown) => toAppError(error),
    );
    expect(failure).toMatchObject({ kind: 'storage' });
    expect(failure!.message).toContain(dataDir);
    expect(failure!.message).toMatch(/--data-dir|another folder/);

    const cli = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'electron/web/cli.ts', '--data-dir', dataDir, '--no-demo'],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain(dataDir);
    expect(cli.stderr).not.toMatch(/\n\s+at /);
  });
});
