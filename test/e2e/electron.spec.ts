import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test } from '@playwright/test';

/** Where the Electron binary would be, if its one-time download ever succeeded on this machine. */
function electronBinary(): string | undefined {
  const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8'));
  return existsSync(binary) ? binary : undefined;
}

const binary = electronBinary();
const reason =
  'the Electron binary is not installed (it is downloaded from GitHub on first use, which this machine cannot reach); ' +
  'the same renderer and contract are covered by the browser-mode tests in app.spec.ts';
if (!binary) console.log(`Skipping the Electron start-up test: ${reason}.`);

test.describe('the desktop app', () => {
  test.skip(!binary, reason);

  test('starts with the demo CommServe, fetches jobs and keeps Node out of the page', async () => {
    const userData = await mkdtemp(join(tmpdir(), 'drjs-electron-'));
    const app = await electron.launch({
      executablePath: binary,
      args: [fileURLToPath(new URL('../../', import.meta.url)), `--user-data-dir=${userData}`],
    });
    try {
      const window = await app.firstWindow();
      await expect(window.getByTestId('summary')).toContainText('operations', { timeout: 30_000 });
      expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
      const exposed = await window.evaluate(() =>
        Object.keys((globalThis as { drJobStats?: object }).drJobStats ?? {}),
      );
      expect(exposed.sort()).toEqual(['invoke', 'on']);
    } finally {
      await app.close();
      await rm(userData, { recursive: true, force: true });
    }
  });
});
