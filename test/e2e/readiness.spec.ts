import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, openSignedIn, test } from './fixtures.js';

const SHOTS = fileURLToPath(new URL('../../test-results/shots-readiness', import.meta.url));

/** Serious and critical accessibility violations on the page as it is now (as a11y.spec.ts counts them). */
async function violations(page: Page): Promise<string[]> {
  const { violations: found } = await new AxeBuilder({ page }).analyze();
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
}

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
] as const;

test('readiness: each card leads with one status; a lagging group is failing; the report has readiness and clean-up', async ({
  page,
  web,
  simulator,
}) => {
  const lagging = [...simulator.dataset.groups].sort((a, b) => a.name.localeCompare(b.name))[0]!;
  simulator.setFault({ path: '*', type: 'lagging', groupId: lagging.vAppId, lagSeconds: 6 * 3600 });
  await openSignedIn(page, web, simulator);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Overview' }).click();
  const card = page.getByRole('article', { name: lagging.name });
  await expect(card.getByTestId('readiness-badge')).toHaveText('not ready now');
  await expect(card.getByTestId('group-status')).toHaveAttribute('data-status', 'failing');
  for (const other of simulator.dataset.groups.filter((g) => g !== lagging))
    await expect(page.getByRole('article', { name: other.name }).getByTestId('readiness-badge')).not.toHaveText(
      /reading/,
    );

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await shot(page, `overview-${size.width}-${scheme}`);
    }
  }

  await page.emulateMedia({ colorScheme: 'light' });
  await card.getByRole('button', { name: 'Readiness…' }).click();
  const details = card.getByTestId('readiness-details');
  await expect(details.getByRole('row', { name: /RPO within target/ })).toContainText('fail: worst lag 6h 00m');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await card.scrollIntoViewIfNeeded();
      await shot(page, `group-readiness-${size.width}-${scheme}`);
      if (size.width === 1440) expect(await violations(page)).toEqual([]);
      // Nothing runs past the card's border.
      const box = (await card.boundingBox())!;
      const inner = (await details.boundingBox())!;
      expect(inner.x + inner.width).toBeLessThanOrEqual(box.x + box.width + 1);
    }
  }

  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByRole('button', { name: 'DR test report' }).first().click();
  const section = page.getByTestId('report-readiness');
  await expect(section.getByRole('heading', { name: 'Readiness at report time' })).toBeVisible();
  await expect(section.getByRole('row', { name: new RegExp(lagging.name) })).toContainText('Failing');
  await expect(section.getByRole('heading', { name: 'Tests not cleaned up' })).toBeVisible();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await section.scrollIntoViewIfNeeded();
      await shot(page, `report-readiness-${size.width}-${scheme}`);
      if (size.width === 1440) expect(await violations(page)).toEqual([]);
    }
  }
});
