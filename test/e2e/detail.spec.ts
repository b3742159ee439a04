import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { CommvaultSimulator } from '../../electron/simulator/server.js';
import type { SimOperation } from '../../electron/simulator/dataset.js';
import { shotsAtEverySize } from './checkedShots.js';
import { addConnectionAndSignIn, expect, SCREENSHOTS, test } from './fixtures.js';

/**
 * Job detail as an admin uses it: the whole page scrolls (the phase and error table is reachable at 1024×700),
 * the verdict never calls a failed recovery "within target", Escape goes back.
 */

const bigJobs = test.extend<{ simulator: CommvaultSimulator }>({
  // Groups of up to 10 VMs (at least 5), so there are failed 7-VM and 10-VM jobs, and three running jobs.
  simulator: async ({}, use) => {
    const simulator = await CommvaultSimulator.start({ seed: 2, groups: 4, vms: 10, jobs: 80, running: 3, speed: 0 });
    await use(simulator);
    await simulator.close();
  },
});

const failed = (op: SimOperation) => !op.live && op.vms.some((vm) => vm.phases.some((p) => p.failed));

async function openJob(page: Page, jobId: number): Promise<void> {
  await page.getByLabel('Job ID').fill(String(jobId));
  await page.getByRole('button', { name: 'Fetch' }).click();
  await page.locator(`[role=row][data-job-id="${jobId}"]`).first().click();
  await expect(page.getByRole('heading', { name: `Job ${jobId}` })).toBeVisible();
}

/** Scrolls with the mouse wheel over the page (as a user would), up or down, until the locator is on screen. */
async function wheelUntilVisible(page: Page, target: ReturnType<Page['locator']>): Promise<void> {
  await page.mouse.move(300, 300);
  for (let i = 0; i < 60 && !(await target.evaluate(onScreen)); i++) {
    const above = await target.evaluate(
      (element) => element.getBoundingClientRect().top < document.querySelector('main')!.getBoundingClientRect().top,
    );
    await page.mouse.wheel(0, above ? -250 : 250);
  }
  await expect(target).toBeInViewport();
  expect(await target.evaluate(onScreen)).toBe(true);
}

/** Fully inside the window and not clipped away by a scroll box between it and the page. */
function onScreen(element: Element): boolean {
  const box = element.getBoundingClientRect();
  const main = document.querySelector('main')!.getBoundingClientRect();
  if (box.height === 0 || box.bottom > Math.min(window.innerHeight, main.bottom) || box.top < main.top) return false;
  // The middle of it: a row's left edge lies under its VM's cell, which spans several rows.
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return hit !== null && element.contains(hit);
}

bigJobs('at 1024×700 the last phase row of a 7-VM failed job scrolls into view', async ({ page, web, simulator }) => {
  const job = simulator.dataset.operations.filter((op) => failed(op) && op.vms.length === 7).at(-1);
  expect(job, 'the data set has a failed 7-VM job').toBeDefined();
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(web.server.url);
  await addConnectionAndSignIn(page, simulator);
  await openJob(page, job!.jobId);
  const table = page.getByRole('table', { name: `Phases of job ${job!.jobId}` });
  // One row per phase (an error adds a full-width row under its phase).
  const phaseRows = table.locator('tbody tr:not(.error-row)');
  await expect(phaseRows).toHaveCount(job!.vms.reduce((n, vm) => n + vm.phases.length, 0));
  await wheelUntilVisible(page, phaseRows.last());
  await wheelUntilVisible(page, table.locator('tbody tr').last());
  // The error messages are reachable too.
  const error = job!.vms.flatMap((vm) => vm.phases).find((p) => p.failed)!.errorMessage!;
  await wheelUntilVisible(page, page.getByRole('cell', { name: error }).first());
});

bigJobs(
  'a 10-VM job at 1280×720 shows its whole phase table by scrolling the page',
  async ({ page, web, simulator }) => {
    const job = simulator.dataset.operations.filter((op) => !op.live && op.vms.length === 10).at(-1);
    expect(job, 'the data set has a 10-VM job').toBeDefined();
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(web.server.url);
    await addConnectionAndSignIn(page, simulator);
    await openJob(page, job!.jobId);
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'detail-10vm-1280-light.png') });
    const rows = page.getByRole('table', { name: `Phases of job ${job!.jobId}` }).locator('tbody tr');
    await wheelUntilVisible(page, rows.last());
  },
);

bigJobs('a failed job is "not recovered", never within target; Escape goes back', async ({ page, web, simulator }) => {
  const job =
    simulator.dataset.operations.filter((op) => failed(op) && [7, 8].includes(op.type)).at(-1) ??
    simulator.dataset.operations.filter((op) => failed(op) && [1, 3].includes(op.type)).at(-1)!;
  const recovered = job.vms.filter((vm) => !vm.phases.some((p) => p.failed)).length;
  await page.goto(web.server.url);
  await addConnectionAndSignIn(page, simulator);
  await openJob(page, job.jobId);
  const heading = page.getByRole('heading', { name: `Job ${job.jobId}` });
  await expect(heading).toBeFocused();
  const verdict = page.getByTestId('rto-verdict');
  await expect(verdict).toContainText(`not recovered (${recovered} of ${job.vms.length} VMs)`);
  await expect(page.locator('.page')).not.toContainText('within target');
  await expect(page.getByTestId('vms-recovered')).toContainText(`${recovered} of ${job.vms.length}`);
  await shotsAtEverySize(page, SCREENSHOTS, 'detail-failed');

  await page.keyboard.press('Escape');
  await expect(page.getByTestId('summary')).toBeVisible();
  await expect(heading).toHaveCount(0);
  // Back on the jobs list, not on <body>, with the job you came from as the active row.
  const grid = page.getByRole('treegrid', { name: 'DR operations' });
  await expect(grid).toBeFocused();
  const active = await grid.getAttribute('aria-activedescendant');
  expect(active).toBe(`row-op-${job.jobId}`);
});

bigJobs('a running job past its target is a visible live breach', async ({ page, web, simulator }) => {
  const job = simulator.dataset.operations.filter((op) => op.live).sort((a, b) => a.start - b.start)[0]!;
  await page.goto(web.server.url);
  await addConnectionAndSignIn(page, simulator);
  await page.getByLabel('Auto-refresh').uncheck();
  await openJob(page, job.jobId);
  // A 1-minute target for its DR group: the job has been running longer than that.
  await page.getByLabel('Target for this DR group (min)').fill('1');
  await page.getByRole('button', { name: 'Set' }).click();
  const verdict = page.getByTestId('rto-verdict');
  await expect(verdict).toContainText(/running — breached by \d/);
  await expect(verdict).toContainText('⚠');
  await shotsAtEverySize(page, SCREENSHOTS, 'detail-running');
});

bigJobs('an undo operation has a duration and no RTO', async ({ page, web, simulator }) => {
  const job = simulator.dataset.operations.filter((op) => !op.live && op.type === 6).at(-1)!;
  await page.goto(web.server.url);
  await addConnectionAndSignIn(page, simulator);
  await openJob(page, job.jobId);
  await expect(page.getByTestId('rto-verdict')).toContainText('no RTO (Undo Failover)');
  await expect(page.getByTestId('operation-type')).toContainText('Undo Failover');
  await expect(page.getByTestId('duration')).toContainText(/\d+[hms]/);
  await shotsAtEverySize(page, SCREENSHOTS, 'detail-undo');
});

bigJobs(
  'comparing a failed job with a succeeded one shows regressions, not improvements',
  async ({ page, web, simulator }) => {
    // Two finished jobs of one DR group: a succeeded one and a later failed one.
    const failedJob = simulator.dataset.operations.filter((op) => failed(op) && [7, 8, 1, 3].includes(op.type)).at(-1)!;
    const good = simulator.dataset.operations
      .filter((op) => op.vAppId === failedJob.vAppId && !op.live && !failed(op) && op.type === failedJob.type)
      .at(-1)!;
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(web.server.url);
    await addConnectionAndSignIn(page, simulator);
    await page.getByLabel('DR group').selectOption(String(failedJob.vAppId));
    await page.getByRole('button', { name: 'Fetch' }).click();
    await page.locator(`[role=row][data-job-id="${failedJob.jobId}"]`).first().click();
    await page.getByLabel('Compare with another job').selectOption(String(good.jobId));
    await page.getByRole('button', { name: 'Compare jobs' }).click();

    const summary = page.getByTestId('comparison-summary');
    await expect(summary).toContainText(/RTO: \d+[hms].* → not recovered \(\d+ of \d+ VMs\)/);
    const phases = page.getByRole('table', { name: 'Phase by phase' });
    await expect(phases).toContainText(`▲ regression: failed in Job ${failedJob.jobId}`);
    // No row where the failed job took part reads as faster.
    const faster = await phases.locator('tr.faster').allTextContents();
    expect(faster.filter((text) => text.includes('failed') || text.includes('not reached'))).toEqual([]);
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'detail-compare-failed-1440-light.png') });
  },
);
