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

test.describe('the installed app’s headless export', () => {
  test.skip(!binary, reason);

  test('writes the evidence report as a PDF printed by its own Chromium', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const { readFile } = await import('node:fs/promises');
    const { CommvaultSimulator } = await import('../../electron/simulator/server.js');
    const { SettingsStore } = await import('../../electron/storage/settingsStore.js');
    const { ConnectionProfileSchema } = await import('../../electron/contract/connections.js');
    const sim = await CommvaultSimulator.start({ seed: 1, groups: 2, vms: 3, jobs: 20, speed: 0 });
    const dataDir = await mkdtemp(join(tmpdir(), 'drjs-electron-export-'));
    try {
      await new SettingsStore(dataDir).update((s) => ({
        ...s,
        connections: [ConnectionProfileSchema.parse({ id: 'lab', name: 'Lab', webService: sim.url })],
      }));
      const before = sim.issuedTokens();
      await fetch(`${sim.url}/Login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ username: 'demo', password: Buffer.from('demo').toString('base64') }),
      });
      const token = sim.issuedTokens().find((t) => !before.includes(t))!;
      const pdf = join(dataDir, 'report.pdf');
      const root = fileURLToPath(new URL('../../', import.meta.url));
      await promisify(execFile)(
        binary!,
        [
          root,
          '--export',
          '--',
          'export',
          '--connection',
          'Lab',
          '--report',
          'evidence',
          '--out',
          pdf,
          '--data-dir',
          dataDir,
        ],
        { env: { ...process.env, DRJS_TOKEN: token } },
      );
      expect((await readFile(pdf)).subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await sim.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
