import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BUILD_OUTPUTS,
  buildIsFresh,
  downloadMarker,
  rememberedFailure,
  rememberFailure,
  whereToGetElectron,
} from '../../scripts/startPlan.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'drjs-start-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** Writes a file dated `secondsAgo`, its new folders too (a folder's own time counts: a file deleted in it). */
async function touch(file: string, secondsAgo: number): Promise<void> {
  const path = join(root, file);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, '');
  const at = new Date(Date.now() - secondsAgo * 1000);
  for (let p = path; p.startsWith(root) && p !== root; p = dirname(p)) await utimes(p, at, at);
}

describe('npm start builds only when something changed', () => {
  it('builds when a target is missing, not when every target is newer than every source', async () => {
    await touch('electron/main/index.ts', 100);
    await touch('renderer/src/App.svelte', 100);
    expect(buildIsFresh(root)).toBe(false);
    for (const output of BUILD_OUTPUTS) await touch(output, 10);
    expect(buildIsFresh(root)).toBe(true);
  });

  it('builds again when any source (a component, a contract file, the lock file) is newer than the build', async () => {
    for (const output of BUILD_OUTPUTS) await touch(output, 10);
    await touch('renderer/src/components/JobsScreen.svelte', 1);
    expect(buildIsFresh(root)).toBe(false);
  });
});

describe('the Electron runtime download', () => {
  it('is tried once per machine: a failure is remembered per version, outside the checkout', () => {
    const marker = downloadMarker('45.5.0', { XDG_CACHE_HOME: join(root, 'cache'), LOCALAPPDATA: join(root, 'cache') });
    expect(marker.startsWith(join(root, 'cache'))).toBe(true);
    expect(rememberedFailure(marker)).toBeUndefined();
    rememberFailure(marker, 'getaddrinfo ENOTFOUND github.com', new Date('2026-12-06T10:00:00Z'));
    const failure = rememberedFailure(marker)!;
    expect(failure).toEqual({ at: '2026-12-06T10:00:00.000Z', reason: 'getaddrinfo ENOTFOUND github.com' });
    const advice = whereToGetElectron('45.5.0', failure);
    expect(advice).toMatch(/failed on 2026-12-06 \(getaddrinfo ENOTFOUND github\.com\)/);
    expect(advice).toMatch(/node node_modules\/electron\/install\.js/);
    expect(advice).toMatch(/--retry-electron-download/);
  });
});
