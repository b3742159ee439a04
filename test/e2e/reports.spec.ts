import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Download, Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { addConnectionAndSignIn, expect, SCREENSHOTS, startBrowserMode, test, openSignedIn } from './fixtures.js';

async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

async function downloaded(download: Download): Promise<Buffer> {
  return readFile((await download.path())!);
}

/** Freezes the shown data: what is exported and what is saved must be the same fetch. */
async function saveRun(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Save run…' }).click();
  await page.getByRole('form', { name: 'Save run' }).getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Save run', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: `Saved as “${name}”` })).toBeVisible();
}

const REPORT_LABELS = {
  operations: 'Operations (one row per DR job)',
  'vm-runs': 'VM runs (one row per VM of each job)',
  phases: 'Phases (one row per phase)',
} as const;

async function exportCsv(page: Page, report: keyof typeof REPORT_LABELS): Promise<Buffer> {
  await page.getByRole('button', { name: 'Export CSV…' }).click();
  const form = page.getByRole('form', { name: 'Export CSV' });
  await form.getByLabel('Report').selectOption({ label: REPORT_LABELS[report] });
  await form.getByLabel('Delimiter').selectOption(',');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    form.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  await form.getByRole('button', { name: 'Close' }).click();
  return downloaded(download);
}

test('save a run, stop the CommServe, reopen the run offline and export the same CSV as live', async ({
  page,
  web,
  simulator,
}) => {
  await openSignedIn(page, web, simulator);
  const live = await exportCsv(page, 'phases');
  await saveRun(page, 'Quarterly DR test');

  await simulator.close();
  await page.getByRole('button', { name: 'Runs' }).click();
  const row = page.locator('tr', { hasText: 'Quarterly DR test' });
  await expect(row).toContainText('Simulated CommServe');
  await screenshot(page, 'runs');
  await row.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('saved-run-banner')).toContainText('Saved run “Quarterly DR test”');
  await expect(page.getByTestId('summary')).toContainText(`${simulator.dataset.operations.length} operations`);
  await screenshot(page, 'saved-run');

  const offline = await exportCsv(page, 'phases');
  expect(offline.equals(live)).toBe(true);
  const records = parse(offline, { bom: true, columns: true }) as Record<string, string>[];
  const phases = simulator.dataset.operations.flatMap((op) =>
    op.vms.flatMap((vm) => vm.phases.filter((p) => p.start <= simulator.now())),
  );
  expect(records.length).toBe(phases.length);
  expect(Object.keys(records[0]!)).toContain('duration_seconds');
  expect(records.every((r) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(r.start_time!))).toBe(true);

  // The offline run opens into job detail too, Gantt and all.
  await page.locator('[role=row][data-job-id]').nth(2).click();
  await expect(page.locator('canvas[aria-label^="Gantt chart"]')).toBeVisible();
});

test('compare two saved runs and export the comparison', async ({ page, web, simulator }) => {
  await page.goto(web.server.url);
  await addConnectionAndSignIn(page, simulator);
  await expect(page.getByTestId('summary')).toBeVisible();
  await saveRun(page, 'Before');
  simulator.advance(6 * 3600);
  await page.getByRole('button', { name: 'Fetch' }).click();
  await expect(page.getByTestId('summary')).toContainText('0 running');
  await saveRun(page, 'After');

  await page.getByRole('button', { name: 'Runs' }).click();
  await page.getByLabel('Select Before for comparison').check();
  await page.getByLabel('Select After for comparison').check();
  await page.getByRole('button', { name: 'Compare selected (2/2)' }).click();
  await expect(page.getByTestId('comparison-summary')).toContainText('Median RTO');
  const phaseTable = page.getByRole('table', { name: 'Phase by phase' });
  await expect(phaseTable).toContainText('Replication');
  await expect(page.getByRole('table', { name: 'VM by VM' })).toBeVisible();
  await screenshot(page, 'compare');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const records = parse(await downloaded(download), { bom: true, columns: true }) as Record<string, string>[];
  expect(Object.keys(records[0]!)).toEqual([
    'level',
    'vm',
    'phase',
    'left_seconds',
    'right_seconds',
    'delta_seconds',
    'delta_percent',
    'presence',
    'regression',
    'regression_reason',
    'left',
    'right',
    'left_rto_seconds',
    'right_rto_seconds',
    'left_rto_result',
    'right_rto_result',
    'scope_warning',
    'improvement',
    'left_failures',
    'left_runs',
    'left_failure_percent',
    'right_failures',
    'right_runs',
    'right_failure_percent',
    'left_not_recovered',
    'left_recoveries',
    'right_not_recovered',
    'right_recoveries',
    'left_live_breaches',
    'right_live_breaches',
  ]);
  expect(records.some((r) => r.level === 'phase' && r.phase === 'Replication')).toBe(true);
  // Every row names the two sides it compares, so a file can never be read without knowing what against what.
  expect(records.every((r) => r.left !== '' && r.right !== '' && r.left !== r.right)).toBe(true);
});

test('save a chart as an opaque PNG and print a job report', async ({ page, web, simulator }) => {
  await page.goto(web.server.url);
  await addConnectionAndSignIn(page, simulator);
  await page.locator('[role=row][data-job-id]').nth(4).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Save chart as PNG' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^Job \d+ phases\.png$/);
  const png = await downloaded(download);
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const alpha = await page.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(image, 0, 0);
    const corners = [
      ctx.getImageData(0, 0, 1, 1).data[3],
      ctx.getImageData(image.width - 1, image.height - 1, 1, 1).data[3],
    ];
    return { corners, width: image.width };
  }, png.toString('base64'));
  expect(alpha.corners).toEqual([255, 255]);
  expect(alpha.width).toBeGreaterThan(300);

  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: 'Print report' })).toBeHidden();
  await expect(page.getByRole('table', { name: /^Phases of job/ })).toBeVisible();
  await page.pdf({ path: join(SCREENSHOTS, 'job-report.pdf') });
});

test('a printed run report lists every operation, not only the rows on screen', async ({ page, web, simulator }) => {
  await page.goto(web.server.url);
  await addConnectionAndSignIn(page, simulator);
  await expect(page.getByTestId('summary')).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  const report = page.locator('article.report');
  await expect(report).toBeVisible();
  await expect(report.locator('tbody').first().locator('tr')).toHaveCount(simulator.dataset.operations.length);
  await expect(page.getByRole('treegrid', { name: 'DR operations' })).toBeHidden();
});

test('export a run file, import it back, and refuse a damaged one with its reason', async ({
  page,
  web,
  simulator,
}, testInfo) => {
  await page.goto(web.server.url);
  await addConnectionAndSignIn(page, simulator);
  await expect(page.getByTestId('summary')).toBeVisible();
  await saveRun(page, 'To share');
  await page.getByRole('button', { name: 'Runs' }).click();
  const row = page.locator('tr', { hasText: 'To share' });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    row.getByRole('button', { name: 'Export file' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('To share.drrun.json');
  const file = await downloaded(download);

  const picker = page.locator('input[type=file]');
  await picker.setInputFiles({ name: 'To share.drrun.json', mimeType: 'application/json', buffer: file });
  await expect(page.getByRole('status').filter({ hasText: 'Imported “To share”' })).toBeVisible();
  await expect(page.locator('tr', { hasText: 'To share' })).toHaveCount(2);

  const damaged = file.toString('utf8').replace('"rawBody":"{', '"rawBody":"{ ');
  const damagedPath = testInfo.outputPath('damaged.drrun.json');
  await writeFile(damagedPath, damaged);
  await picker.setInputFiles(damagedPath);
  await expect(page.getByRole('alert')).toContainText('does not match its SHA-256 checksum');
  await expect(page.locator('tr', { hasText: 'To share' })).toHaveCount(2);
  await screenshot(page, 'runs-import-error');
});

test('quit and start again without the demo server: the saved run opens and exports offline', async ({
  page,
  browser,
}) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'drjs-restart-'));
  try {
    // First start: the demo CommServe, signed in by itself.
    const first = await startBrowserMode({ dataDir, demo: true, locale: 'de-DE' });
    await page.goto(first.server.url);
    await expect(page.getByTestId('summary')).toContainText('operations');
    await saveRun(page, 'Demo test');
    await page.close();
    await first.close();

    // Second start: no demo server, nothing to connect to.
    const second = await startBrowserMode({ dataDir, demo: false, locale: 'de-DE' });
    const fresh = await browser.newPage();
    await fresh.goto(second.server.url);
    await fresh.getByRole('button', { name: 'Runs' }).click();
    await fresh.locator('tr', { hasText: 'Demo test' }).getByRole('button', { name: 'Open' }).click();
    await expect(fresh.getByTestId('saved-run-banner')).toContainText('Demo test');
    await fresh.getByRole('button', { name: 'Export CSV…' }).click();
    const form = fresh.getByRole('form', { name: 'Export CSV' });
    await form.getByLabel('Report').selectOption({ label: REPORT_LABELS.phases });
    const [download] = await Promise.all([
      fresh.waitForEvent('download'),
      form.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const bytes = await downloaded(download);
    // de-DE writes decimals with a comma, so the default delimiter is a semicolon.
    const records = parse(bytes, { bom: true, columns: true, delimiter: ';' }) as Record<string, string>[];
    expect(records.length).toBeGreaterThan(100);
    expect(Object.keys(records[0]!).slice(0, 6)).toEqual([
      'job_id',
      'dr_group',
      'replication_id',
      'vm',
      'phase_code',
      'phase',
    ]);
    await fresh.close();
    await second.close();
  } finally {
    await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
  }
});
