import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { CommvaultSimulator } from '../../electron/simulator/server.js';
import { addConnectionAndSignIn, expect, SCREENSHOTS, test, openSignedIn } from './fixtures.js';
import { inkInRightMargin, pageImages, pdfText } from './pdfPages.js';

// Tests write only under test-results/; the README's screenshots are copied from there by hand.
async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

async function openOverview(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Overview' }).click();
  await expect(page.getByRole('region', { name: 'Compliance overview' })).toBeVisible();
}

function cards(page: Page): Locator {
  return page.getByRole('article').filter({ has: page.getByTestId('group-card-title') });
}

async function editGroup(card: Locator, settings: { intervalDays?: string; targetMinutes?: string }) {
  await card.getByRole('button', { name: /Group settings/ }).click();
  const form = card.getByRole('form', { name: /Settings for/ });
  if (settings.intervalDays !== undefined) await form.getByLabel('Test interval (days)').fill(settings.intervalDays);
  if (settings.targetMinutes !== undefined) await form.getByLabel('RTO target (minutes)').fill(settings.targetMinutes);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toBeHidden();
}

test('the overview flags an overdue group and a running breach, and clicks through to the jobs', async ({
  page,
  web,
}) => {
  // Seed 2 starts two test boots that are still running: recovery operations, so they can breach their target.
  const simulator = await CommvaultSimulator.start({ seed: 2, groups: 4, vms: 5, jobs: 60, running: 2, speed: 0 });
  try {
    await overviewFlagsOverdueAndRunningBreach(page, web.server.url, simulator);
  } finally {
    await simulator.close();
  }
});

function card(page: Page, name: string): Locator {
  return cards(page).filter({ has: page.getByRole('heading', { name, exact: true }) });
}

async function overviewFlagsOverdueAndRunningBreach(page: Page, url: string, simulator: CommvaultSimulator) {
  await page.goto(url);
  await addConnectionAndSignIn(page, simulator);
  await expect(page.getByTestId('summary')).toBeVisible();
  await page.getByLabel('Auto-refresh while running').uncheck();
  await openOverview(page);

  const kpis = page.getByRole('list', { name: 'Key figures' });
  await expect(kpis.getByRole('listitem').filter({ hasText: 'Operations' })).toContainText(
    String(simulator.dataset.operations.length),
  );
  await expect(kpis.getByRole('listitem').filter({ hasText: 'Running now' })).toContainText(/Running now\s*2\b/);
  await expect(page.getByTestId('overview-scope')).toContainText('all DR groups');
  const groupCount = new Set(simulator.dataset.operations.map((op) => op.vAppId)).size;
  await expect(cards(page)).toHaveCount(groupCount);

  // A running breach: the group of a running test boot gets a target shorter than the time it has already run.
  const live = simulator.dataset.operations.find((op) => op.live && op.type === 7)!;
  const runningName = simulator.dataset.groups.find((g) => g.vAppId === live.vAppId)!.name;
  const runningCard = card(page, runningName);
  await expect(runningCard.getByTestId('running-count')).not.toHaveText(/^0 running/);
  await expect(runningCard.getByTestId('live-breach')).toHaveCount(0);
  await editGroup(runningCard, { targetMinutes: '0.05' });
  await expect(runningCard.getByTestId('live-breach')).toContainText('live breach');
  await expect(runningCard.getByTestId('live-breach')).toContainText(`job ${live.jobId}`);
  await expect(runningCard.getByTestId('live-breach')).toContainText('running — breached by');
  await expect(kpis.getByRole('listitem').filter({ hasText: 'Breaches' })).toContainText(/⚠ [12] live/);
  await expect(kpis.getByRole('listitem').filter({ hasText: 'Running now' })).toContainText(/[12] past target/);

  // An overdue group: a test interval shorter than the days since its last successful test.
  const days = await cards(page).evaluateAll((nodes) =>
    nodes.map((n) => Number(n.getAttribute('data-days-since') ?? 'NaN')),
  );
  const index = days.findIndex((d) => Number.isFinite(d) && d >= 2);
  expect(index, `days since the last successful test per group: ${days.join(', ')}`).toBeGreaterThanOrEqual(0);
  const overdueName = (await cards(page).nth(index).getByTestId('group-card-title').textContent())!.trim();
  const overdueCard = card(page, overdueName);
  await expect(overdueCard.getByTestId('overdue')).toHaveCount(0);
  await editGroup(overdueCard, { intervalDays: '1' });
  await expect(overdueCard.getByTestId('overdue')).toContainText('Overdue');
  await expect(overdueCard).toContainText('interval 1 day');

  // The connection's own interval applies to every group without one: 1 day makes every group overdue.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Connections' }).click();
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await expect(page.getByLabel('Test interval (days)')).toHaveValue('90');
  await page.getByLabel('Test interval (days)').fill('1');
  await page.getByRole('button', { name: 'Save connection' }).click();
  await expect(page.getByText('Test interval: 1 day (1 group has its own)')).toBeVisible();
  await openOverview(page);
  await expect(page.getByText('test interval 1 day unless a group has its own')).toBeVisible();
  await expect(cards(page).filter({ has: page.getByTestId('overdue') })).toHaveCount(
    (await cards(page).evaluateAll((nodes) => nodes.filter((n) => Number(n.getAttribute('data-days-since') || 99) > 1)))
      .length,
  );
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Connections' }).click();
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await page.getByLabel('Test interval (days)').fill('90');
  await page.getByRole('button', { name: 'Save connection' }).click();
  await openOverview(page);

  for (const [width, height] of [
    [1024, 700],
    [1440, 900],
  ] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: scheme });
      await screenshot(page, `overview-${width}x${height}-${scheme}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });

  // Click-through: the group's jobs, scoped to it.
  await overdueCard.getByRole('button', { name: /^Show .* jobs$/ }).click();
  await expect(page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Jobs' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await openOverview(page);
  await expect(page.getByTestId('overview-scope')).toContainText(overdueName);
  await expect(cards(page)).toHaveCount(1);
}

test('the evidence report printed to PDF on A4 and Letter has its header and KPIs and nothing past the right margin', async ({
  page,
  web,
  simulator,
}) => {
  await openSignedIn(page, web, simulator);
  await openOverview(page);
  await page.getByRole('button', { name: 'DR test report' }).click();
  const report = page.getByRole('article', { name: 'DR test evidence report' });
  await expect(report).toBeVisible();
  await expect(report).toContainText('Simulated CommServe');
  const sha = await report.getByTestId('report-sha256').textContent();
  expect(sha).toMatch(/^[0-9a-f]{64}$/);
  await page.setViewportSize({ width: 1440, height: 900 });
  await screenshot(page, 'report-screen');

  for (const format of ['A4', 'Letter'] as const) {
    await page.emulateMedia({ media: 'screen' });
    await page.getByLabel('Paper').selectOption({ label: `${format} portrait` });
    await page.emulateMedia({ media: 'print', colorScheme: 'light' });
    const pdf = await page.pdf({ format, printBackground: true });
    const text = await pdfText(pdf);
    expect(text).toContain('DR test evidence report');
    expect(text).toContain('Simulated CommServe');
    expect(text).toContain(simulator.url.replace(/\/$/, '').slice(0, 30));
    expect(text).toContain('all DR groups');
    expect(text).toContain(sha!);
    for (const kpi of ['Operations', 'Success rate', 'RTO compliance', 'VMs recovered', 'Running now', 'Breaches'])
      expect(text).toContain(kpi);
    expect(text).toMatch(/Page 1 of \d+/);
    const images = await pageImages(pdf, `report-${format}`);
    expect(images.length).toBeGreaterThan(1);
    // The report's right margin is 12 mm (6 mm of page, 6 mm of its own padding, so an overflow shows here
    // instead of being cut at the page edge): nothing may be drawn in the outer 11 mm.
    const ink = images.map((image) => inkInRightMargin(image, 11 / 25.4));
    expect(ink, `ink in the right margin per page (${format})`).toEqual(images.map(() => 0));
  }

  // A saved run, opened offline: the overview says so, offers no settings, and the report names the run.
  await page.emulateMedia({ media: 'screen' });
  await page.getByRole('button', { name: '← Back' }).click();
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Jobs' }).click();
  await page.getByRole('button', { name: 'Save run…' }).click();
  await page.getByRole('form', { name: 'Save run' }).getByLabel('Name').fill('Q4 DR test');
  await page.getByRole('button', { name: 'Save run', exact: true }).click();
  await simulator.close();
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Runs' }).click();
  await page.locator('tr', { hasText: 'Q4 DR test' }).getByRole('button', { name: 'Open' }).click();
  await openOverview(page);
  await expect(page.getByText('Saved run “Q4 DR test” · offline')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Group settings…' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Fetch again' })).toHaveCount(0);
  await screenshot(page, 'overview-saved-run');
  await page.getByRole('button', { name: 'DR test report' }).click();
  await expect(report).toContainText('Saved run “Q4 DR test”');
  await expect(report.getByTestId('report-sha256')).toHaveText(sha!);
});
