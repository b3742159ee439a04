import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { addConnectionAndSignIn, expect, SCREENSHOTS, startBrowserMode, test, openSignedIn } from './fixtures.js';

async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** Freezes the shown data: what is exported must be the fetch on screen. */
async function stopAutoRefresh(page: Page): Promise<void> {
  await page.getByLabel('Auto-refresh while running').uncheck();
}

test('an export after a search holds only the matching operations and names the scope', async ({
  page,
  web,
  simulator,
}) => {
  await page.goto(web.server.url);
  await addConnectionAndSignIn(page, simulator);
  const total = simulator.dataset.operations.length;
  await expect(page.getByTestId('scope-count')).toContainText(`${total} of ${total} operations in scope`);
  await stopAutoRefresh(page);

  const group = simulator.dataset.groups[1]!;
  const expected = simulator.dataset.operations.filter((op) => op.vAppId === group.vAppId).map((op) => op.jobId);
  await page.getByLabel('Find in results').fill(group.name);
  await expect(page.getByTestId('scope-count')).toContainText(`${expected.length} of ${total} operations in scope`);

  await page.getByRole('button', { name: 'Export CSV…' }).click();
  const form = page.getByRole('form', { name: 'Export CSV' });
  const scopeText = `all DR groups · all time · matching "${group.name}" · ${expected.length} of ${total} operations`;
  await expect(form.getByTestId('export-scope')).toHaveText(`(${scopeText})`);
  await form.getByLabel('Report').selectOption({ label: 'Operations (one row per DR job)' });
  await form.getByLabel('Delimiter').selectOption(',');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    form.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const rows = parse(await readFile((await download.path())!), { bom: true, columns: true }) as Record<
    string,
    string
  >[];
  expect(rows.map((r) => Number(r.job_id)).sort()).toEqual([...expected].sort());
  expect(new Set(rows.map((r) => r.scope))).toEqual(new Set([scopeText]));
  expect(download.suggestedFilename()).toContain(`matching '${group.name}', ${expected.length} of ${total}`);

  // "Everything fetched" is a deliberate choice, and says so too.
  await form.getByLabel(/Everything fetched/).check();
  const [all] = await Promise.all([
    page.waitForEvent('download'),
    form.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const allRows = parse(await readFile((await all.path())!), { bom: true, columns: true }) as Record<string, string>[];
  expect(allRows).toHaveLength(total);
  expect(allRows[0]!.scope).toBe(`all DR groups · all time · ${total} of ${total} operations`);
});

test('a run saved in a scope holds only it, the Runs list shows the scope, and it reopens (and prints) in it', async ({
  page,
  web,
  simulator,
}) => {
  await page.goto(web.server.url);
  await addConnectionAndSignIn(page, simulator);
  const total = simulator.dataset.operations.length;
  await expect(page.getByTestId('scope-count')).toContainText(`${total} of ${total}`);
  await stopAutoRefresh(page);
  await page.getByLabel(/^Status:/).click();
  await page.getByRole('checkbox', { name: 'Failed' }).check();
  await page.getByLabel(/^Status:/).click();
  const failed = Number(await page.getByTestId('scope-count').locator('strong').textContent());
  expect(failed).toBeGreaterThan(0);
  expect(failed).toBeLessThan(total);
  const scopeText = `all DR groups · all time · failed · ${failed} of ${total} operations`;

  await page.getByRole('button', { name: 'Save run…' }).click();
  const form = page.getByRole('form', { name: 'Save run' });
  await expect(form.getByLabel('Name')).toHaveValue(new RegExp(`failed, ${failed} of ${total}$`));
  await expect(page.getByTestId('save-scope')).toContainText(scopeText);
  await page.getByRole('button', { name: 'Save run', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved as' })).toBeVisible();

  // The print of the list states the scope and holds only the operations in it.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('print-scope')).toHaveText(`Scope: ${scopeText}`);
  await expect(page.locator('article.report tbody').first().locator('tr')).toHaveCount(failed);
  await page.emulateMedia({ media: 'screen' });

  await page.getByRole('button', { name: 'Runs' }).click();
  const row = page.locator('tr', { hasText: scopeText });
  await expect(row).toHaveCount(1);
  await screenshot(page, 'scope-runs-list');
  await row.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('saved-run-banner')).toBeVisible();
  // Offline, the run has the same scope bar, set to the scope it was saved with (M3).
  await expect(page.getByLabel(/^Status:/)).toHaveText('Failed');
  await expect(page.getByTestId('scope-count')).toContainText(`${failed} of ${failed} operations in scope`);
  await page.getByLabel('Find in results').fill(String(simulator.dataset.operations.at(-1)!.jobId));
  await expect(page.getByTestId('scope-count')).toContainText(`of ${failed} operations in scope`);
});

test('a custom time range narrows the table after fetching, and an empty scope says how to widen it', async ({
  page,
  web,
  simulator,
}) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(web.server.url);
  await addConnectionAndSignIn(page, simulator);
  const total = simulator.dataset.operations.length;
  await expect(page.getByTestId('scope-count')).toContainText(`${total} of ${total}`);
  await stopAutoRefresh(page);
  await page.getByLabel('Time range').selectOption('custom');
  const from = page.getByLabel('From');
  await from.fill('2999-01-01');
  await expect(page.getByTestId('scope-count')).toContainText(`0 of ${total} operations in scope`);
  await expect(page.getByText('No DR operations in scope: change or clear the scope.')).toBeVisible();
  await screenshot(page, 'scope-custom-empty-1024');
  await from.fill('2000-01-01');
  await expect(page.getByTestId('scope-count')).toContainText(`${total} of ${total} operations in scope`);
  await page.getByRole('button', { name: 'Clear scope' }).click();
  await expect(page.getByLabel('Time range')).toHaveValue('all');
});

test('a failed fetch after a good one blocks exporting and saving the old data as new', async ({
  page,
  web,
  simulator,
}) => {
  await openSignedIn(page, web, simulator);
  const exportButton = page.getByRole('button', { name: 'Export CSV…' });
  const saveButton = page.getByRole('button', { name: 'Save run…' });
  await expect(exportButton).toBeEnabled();

  simulator.setFault({ path: 'JobStats', type: 'http-500' });
  await page.getByRole('button', { name: 'Fetch', exact: true }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByTestId('stale-note')).toContainText('Out of date');
  await expect(exportButton).toBeDisabled();
  await expect(saveButton).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Print list' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'DR test report' })).toBeDisabled();
  await expect(page.getByTestId('export-block')).toContainText('fetch again to export, save or print');
  await screenshot(page, 'scope-stale-1440');

  // (Main refuses the stale fetch too, whatever the page sends: test/services/scopeExport.test.ts.)

  simulator.clearFaults();
  await page.getByRole('button', { name: 'Fetch', exact: true }).click();
  await expect(page.getByTestId('stale-note')).toHaveCount(0);
  await expect(exportButton).toBeEnabled();
  await expect(saveButton).toBeEnabled();
});

test('an invalid job id marks the field, with no page banner, and the old result is marked as not the answer', async ({
  page,
  web,
  simulator,
}) => {
  await openSignedIn(page, web, simulator);
  const jobId = page.getByLabel('Job ID');
  await jobId.fill('abc');
  await page.getByRole('button', { name: 'Fetch', exact: true }).click();
  await expect(jobId).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#filter-error')).toContainText('Job ID must be a whole number');
  await expect(page.getByRole('button', { name: 'Retry' })).toHaveCount(0);
  await expect(page.getByTestId('filters-changed')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Export CSV…' })).toBeDisabled();
});

test('sort, search, columns and the active connection survive a restart on the same data folder', async ({
  page,
  browser,
  simulator,
}) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'drjs-prefs-'));
  try {
    const first = await startBrowserMode({ dataDir, demo: true });
    await page.goto(first.server.url);
    await expect(page.getByTestId('summary')).toContainText('operations');
    // A second connection, made active: the restart must not fall back to the demo.
    await page.getByRole('button', { name: 'Connections' }).click();
    await addConnectionAndSignIn(page, simulator);
    await expect(page.getByLabel('Connection', { exact: true })).toHaveValue(/.+/);
    await page.getByLabel('Connection', { exact: true }).selectOption({ label: 'Simulated CommServe' });
    await expect(page.getByTestId('summary')).toContainText(`${simulator.dataset.operations.length} operations`);
    await stopAutoRefresh(page);

    await page
      .getByRole('columnheader', { name: /RTO vs target/ })
      .getByRole('button')
      .click();
    await page.getByLabel('Find in results').fill('fail');
    await page.getByLabel(/^Columns:/).click();
    await page.getByRole('checkbox', { name: 'RTO target' }).check();
    await page.getByLabel(/^Columns:/).click();
    await expect(page.getByRole('columnheader', { name: 'RTO target' })).toBeVisible();
    // Preferences are sent shortly after a change: wait until main holds the last of them, then quit.
    await expect
      .poll(async () => {
        const held = await first.app.dispatch('ui:get', {});
        return held.ok ? (held.value as { columns: string[] }).columns : [];
      })
      .toContain('target');
    await page.close();
    await first.close();

    const second = await startBrowserMode({ dataDir, demo: true });
    try {
      const again = await browser.newPage();
      await again.goto(second.server.url);
      await expect(again.getByLabel('Connection', { exact: true })).toHaveValue(/.+/);
      await expect(again.getByLabel('Connection', { exact: true }).locator('option:checked')).toHaveText(
        /Simulated CommServe/,
      );
      await again.getByLabel('Connection', { exact: true }).selectOption({ label: 'Demo CommServe' });
      await expect(again.getByLabel('Find in results')).toHaveValue('fail');
      await expect(again.getByRole('columnheader', { name: /RTO vs target/ })).toHaveAttribute(
        'aria-sort',
        'descending',
      );
      await expect(again.getByRole('columnheader', { name: 'RTO target' })).toBeVisible();
      await again.close();
    } finally {
      await second.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
  }
});

for (const [width, height] of [
  [1024, 700],
  [1440, 900],
] as const) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`the Jobs screen with the scope bar at ${width}×${height}, ${colorScheme}`, async ({
      browser,
      web,
      simulator,
    }) => {
      const context = await browser.newContext({ viewport: { width, height }, colorScheme });
      const page = await context.newPage();
      await openSignedIn(page, web, simulator);
      await page.getByLabel('Find in results').fill('a');
      await page.getByLabel(/^Status:/).click();
      await page.getByRole('checkbox', { name: 'Failed' }).check();
      await page.getByLabel(/^Status:/).click();
      await expect(page.getByTestId('scope-count')).toContainText('in scope');
      // Nothing of the bar is cut off at the right edge.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(page, `scope-jobs-${width}-${colorScheme}`);
      await page.getByRole('button', { name: 'Export CSV…' }).click();
      await screenshot(page, `scope-export-${width}-${colorScheme}`);
      await context.close();
    });
  }
}
