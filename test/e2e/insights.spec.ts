import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { DrGroup } from '../../electron/contract/model.js';
import { CommvaultSimulator } from '../../electron/simulator/server.js';
import { addConnectionAndSignIn, expect, SCREENSHOTS, startBrowserMode, test } from './fixtures.js';

async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('Insights on the demo CommServe: scope stated, per-group targets, text alternatives, job links, PNG context', async ({
  page,
}) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'drjs-insights-'));
  const browserMode = await startBrowserMode({ dataDir, demo: true });
  try {
    // One DR group gets its own 30-minute target; the others keep the connection's 2 hours.
    const listed = await browserMode.app.dispatch('groups:list', { connectionId: 'demo' });
    if (!listed.ok) throw new Error(listed.error.message);
    const groups = listed.value as DrGroup[];
    const strict = groups[1]!;
    const set = await browserMode.app.dispatch('connections:setGroupTarget', {
      connectionId: 'demo',
      groupId: strict.id,
      minutes: 30,
    });
    expect(set.ok).toBe(true);

    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(browserMode.server.url);
    await expect(page.getByTestId('summary')).toContainText('operations');
    await page.getByLabel('Auto-refresh while running').uncheck();
    await page.getByRole('button', { name: 'Insights' }).click();

    // The scope, in the words every export uses.
    await expect(page.getByTestId('insights-scope')).toContainText(/all DR groups · all time · \d+ of \d+ operations/);

    // The per-group table (the trend's text alternative) names every group with its own target.
    const table = page.getByTestId('rto-by-group');
    for (const group of groups) await expect(table).toContainText(group.name);
    const strictRow = table.locator('tr', { has: page.getByRole('button', { name: strict.name, exact: true }) });
    await expect(strictRow.locator('td').first()).toHaveText('30m 00s');
    const other = groups.find((g) => g.id !== strict.id)!;
    const otherRow = table.locator('tr', { has: page.getByRole('button', { name: other.name, exact: true }) });
    await expect(otherRow.locator('td').first()).toHaveText('2h 00m');

    // The trend canvas is described by words: the picked group's summary and the table.
    const trend = page.locator('canvas[aria-label^="Recovery RTO over time"]');
    await expect(trend).toHaveAttribute('aria-describedby', 'trend-summary rto-by-group');
    await strictRow.getByRole('button', { name: strict.name }).click();
    await expect(trend).toHaveAttribute('aria-label', `Recovery RTO over time for ${strict.name}`);
    await expect(page.getByTestId('trend-summary')).toContainText(`${strict.name} (target 30m 00s)`);
    await expect(page.getByTestId('trend-summary')).toContainText('have no RTO');
    expect(Number(await trend.getAttribute('data-points'))).toBeGreaterThan(0);

    // The duration chart's text alternative lists every phase with its median and 95th percentile.
    const durations = page.locator('#durations-table');
    await expect(page.locator('canvas[aria-describedby="durations-table"]')).toBeVisible();
    const phases = Number(await page.locator('canvas[data-phases]').getAttribute('data-phases'));
    await expect(durations.locator('tbody tr')).toHaveCount(phases);
    await expect(durations).toContainText('Replication');

    // A saved chart carries its context above the chart: the image is taller than the canvas.
    const canvasHeight = await trend.evaluate((c: HTMLCanvasElement) => c.height);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Save chart as PNG' }).first().click(),
    ]);
    expect(download.suggestedFilename()).toBe(`RTO trend - ${strict.name}.png`);
    expect(pngSize(await readFile((await download.path())!)).height).toBeGreaterThan(canvasHeight + 30);
    await download.saveAs(join(SCREENSHOTS, 'insights-trend-export.png'));

    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const size of [
        { width: 1440, height: 900 },
        { width: 1024, height: 700 },
      ]) {
        await page.setViewportSize(size);
        await page.locator('#insights-title').scrollIntoViewIfNeeded();
        await screenshot(page, `insights-${size.width}-${scheme}`);
        await page.getByRole('heading', { name: 'Failing phases' }).scrollIntoViewIfNeeded();
        await screenshot(page, `insights-${size.width}-${scheme}-lower`);
      }
    }

    // A failing phase's job opens the job.
    const jobLink = page.getByRole('region', { name: 'Failing phases' }).getByRole('button', { name: /^Job \d+$/ });
    const jobText = (await jobLink.first().textContent())!;
    await jobLink.first().click();
    await expect(page.getByRole('heading', { name: jobText })).toBeVisible();
  } finally {
    await browserMode.close();
    await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
  }
});

test('3,000 operations: the trend shows one DR group at a time, in small separate points', async ({ page, web }) => {
  const simulator = await CommvaultSimulator.start({ seed: 1, groups: 6, vms: 8, jobs: 3000, running: 3, speed: 0 });
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(web.server.url);
    await addConnectionAndSignIn(page, simulator);
    await expect(page.getByTestId('summary')).toContainText('3000 operations', { timeout: 60_000 });
    await page.getByLabel('Auto-refresh while running').uncheck();
    await page.getByRole('button', { name: 'Insights' }).click();
    await expect(page.getByTestId('insights-scope')).toContainText('3000 of 3000 operations');
    const trend = page.locator('canvas[aria-label^="Recovery RTO over time"]');
    const points = Number(await trend.getAttribute('data-points'));
    // One group's finished recoveries, not all 3,000 operations in one cloud.
    expect(points).toBeGreaterThan(100);
    expect(points).toBeLessThan(1000);
    await screenshot(page, 'insights-3000-1440-light');
  } finally {
    await simulator.close();
  }
});
