import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { ConnectionProfileSchema } from '../../electron/contract/connections.js';
import { CommvaultSimulator } from '../../electron/simulator/server.js';
import { parseRunFile } from '../../electron/storage/runFile.js';
import { SettingsStore } from '../../electron/storage/settingsStore.js';
import { expect, SCREENSHOTS, test } from './fixtures.js';
import { inkInRightMargin, pageImages, pdfText } from './pdfPages.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/dr-job-stats.mjs', import.meta.url);

/** A token for the simulator, as a scheduled job would have in DRJS_TOKEN. */
async function token(sim: CommvaultSimulator): Promise<string> {
  const before = sim.issuedTokens();
  await fetch(`${sim.url}/Login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ username: 'demo', password: Buffer.from('demo').toString('base64') }),
  });
  return sim.issuedTokens().find((t) => !before.includes(t))!;
}

test('the evidence report written by dr-job-stats prints from a browser like the app’s: header, KPIs, hash, no overflow', async ({
  page,
}) => {
  const sim = await CommvaultSimulator.start({ seed: 1, groups: 4, vms: 5, jobs: 60, running: 1, speed: 0 });
  const dir = await mkdtemp(join(tmpdir(), 'drjs-report-file-'));
  try {
    await new SettingsStore(dir).update((s) => ({
      ...s,
      connections: [
        ConnectionProfileSchema.parse({ id: 'lab', name: 'Lab CommServe', webService: sim.url, rtoTargetMinutes: 60 }),
      ],
    }));
    const html = join(dir, 'weekly.html');
    const saved = join(dir, 'weekly.drrun.json');
    const args = ['export', '--connection', 'Lab CommServe', '--report', 'evidence', '--out', html];
    const result = await run(process.execPath, [BIN.pathname, ...args, '--save-run', saved, '--data-dir', dir], {
      env: { ...process.env, DRJS_TOKEN: await token(sim) },
    });
    expect(result.stdout).toMatch(/^Wrote the evidence report of 60 operations to /);
    const sha = parseRunFile(await readFile(saved, 'utf8')).rawBodySha256;

    await page.setViewportSize({ width: 1024, height: 700 });
    await page.goto(pathToFileURL(html).href);
    const report = page.getByRole('article', { name: 'DR test evidence report' });
    await expect(report).toContainText('Lab CommServe');
    await expect(report.getByTestId('report-sha256')).toHaveText(sha);
    await page.screenshot({ path: join(SCREENSHOTS, 'report-file.png'), fullPage: false });

    await page.emulateMedia({ media: 'print', colorScheme: 'light' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const text = await pdfText(pdf);
    for (const words of [
      'DR test evidence report',
      'Lab CommServe',
      'all DR groups',
      sha,
      'RTO compliance',
      'Breaches',
    ])
      expect(text).toContain(words);
    expect(text).toMatch(/Page 1 of \d+/);
    const images = await pageImages(pdf, 'report-file-A4');
    expect(images.length).toBeGreaterThan(1);
    const ink = images.map((image) => inkInRightMargin(image, 11 / 25.4));
    expect(ink, 'ink in the right margin per page').toEqual(images.map(() => 0));
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
});
