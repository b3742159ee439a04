import { fileURLToPath } from 'node:url';
import type { Locator, Page } from '@playwright/test';
import { CommvaultSimulator } from '../../electron/simulator/server.js';
import type { SimOperation } from '../../electron/simulator/dataset.js';
import { checkedShots } from './checkedShots.js';
import { addConnectionAndSignIn, expect, test } from './fixtures.js';

/**
 * What decided an RTO and what to expect next, as an admin sees them: the job detail's critical path (outlined on the
 * Gantt, listed in words, with a what-if beside the real RTO), Insights' shares per group with the forecast band on
 * the RTO trend, and the overview card's forecast against its target. Screenshots at two sizes, light and dark.
 */

const SHOTS = fileURLToPath(new URL('../../test-results/shots-path', import.meta.url));

const withHistory = test.extend<{ simulator: CommvaultSimulator }>({
  // Enough history per group for a forecast; groups with approval waits and priority groups (the seed's profiles).
  simulator: async ({}, use) => {
    const simulator = await CommvaultSimulator.start({ seed: 1, groups: 5, vms: 8, jobs: 400, running: 2, speed: 0 });
    await use(simulator);
    await simulator.close();
  },
});

const recovered = (op: SimOperation) =>
  !op.live && [1, 3, 8].includes(op.type) && op.vms.every((vm) => vm.phases.every((p) => !p.failed));

const shots = (page: Page, name: string, target: Locator, scope: string, problems: string[]) =>
  checkedShots(page, SHOTS, name, target, scope, problems);

withHistory(
  'the critical path of a failover, Insights’ shares and the forecast band',
  async ({ page, web, simulator }) => {
    const job = simulator.dataset.operations
      .filter((op) => recovered(op) && op.vms.some((vm) => vm.phases.some((p) => p.code === 27)))
      .at(-1);
    expect(job, 'the data set has a recovered failover that waited for approval').toBeDefined();
    const running = simulator.dataset.operations.find((op) => op.live && [7, 1, 3, 8].includes(op.type));

    // Sixteen screenshots, each with an axe scan.
    test.setTimeout(240_000);
    const problems: string[] = [];
    await page.goto(web.server.url);
    await addConnectionAndSignIn(page, simulator);
    await expect(page.getByTestId('summary')).toBeVisible();
    await page.getByLabel('Auto-refresh while running').uncheck();

    // The job detail: the path in words, segment by segment, and a what-if beside the real RTO.
    await page.getByLabel('Job ID').fill(String(job!.jobId));
    await page.getByRole('button', { name: 'Fetch' }).click();
    await page.locator(`[role=row][data-job-id="${job!.jobId}"]`).first().click();
    const panel = page.getByTestId('critical-path');
    await expect(panel.getByTestId('critical-path-words')).toContainText(/% waiting for approval/);
    const rto = await page.getByTestId('rto').textContent();
    await expect(panel.getByTestId('critical-path-words')).toContainText(`RTO ${rto}`);
    await expect(page.getByTestId('gantt-summary')).toContainText('The critical path is outlined');
    await panel.getByTestId('what-if-pick').selectOption('approval');
    await expect(panel.getByTestId('what-if')).toContainText(`beside the real RTO ${rto}`);
    await expect(panel.getByTestId('what-if')).toContainText('computed, not measured');
    // The verdict keeps the measured RTO.
    await expect(page.getByTestId('rto')).toHaveText(rto!);
    await shots(page, 'detail-path', page.locator('.card.chart'), '[data-testid=critical-path]', problems);

    if (running) {
      await page.keyboard.press('Escape');
      await page.getByLabel('Job ID').fill(String(running.jobId));
      await page.getByRole('button', { name: 'Fetch' }).click();
      await page.locator(`[role=row][data-job-id="${running.jobId}"]`).first().click();
      await expect(page.getByTestId('critical-path-none')).toHaveText('Still running: no critical path yet.');
      await page.keyboard.press('Escape');
    }

    // Everything: Insights' shares per group and the band on the RTO trend.
    await page.getByLabel('Job ID').fill('');
    await page.getByRole('button', { name: 'Fetch' }).click();
    await expect(page.getByTestId('summary')).toContainText(`${simulator.dataset.operations.length} operations`);
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Insights' }).click();
    const shares = page.getByTestId('critical-path-shares');
    await expect(shares.getByRole('article')).toHaveCount(simulator.dataset.groups.length);
    await expect(shares.getByRole('table').first().locator('tbody tr').first()).toContainText('%');
    await expect(page.getByTestId('forecast-band').first()).toContainText(/P90 .* target .*: (at risk|on track)/);
    await shots(page, 'insights-trend', page.locator('.trend-card'), '.trend-card', problems);
    await shots(page, 'insights-shares', shares, '[data-testid=critical-path-shares]', problems);

    // The overview: each card's forecast against its target.
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Overview' }).click();
    const bands = page.getByRole('region', { name: 'Compliance overview' }).getByTestId('forecast-band');
    await expect(bands).toHaveCount(simulator.dataset.groups.length);
    await expect(bands.first()).toContainText(
      /Next .* \(\d+ runs\).*P90 .* (>|≤) target .*: (at risk|on track) · P50 /,
    );
    await shots(page, 'overview-band', bands.first(), '[data-testid=forecast-band]', problems);
    expect(problems, problems.join('\n')).toEqual([]);
  },
);
