import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, SCREENSHOTS, startBrowserMode, test } from './fixtures.js';

test('the overview links to the one written definition of every figure, readable at 1024×700 in both themes', async ({
  page,
}) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'drjs-definitions-'));
  const browserMode = await startBrowserMode({ dataDir, demo: true });
  try {
    await mkdir(SCREENSHOTS, { recursive: true });
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width: 1024, height: 700 });
      await page.goto(browserMode.server.url);
      await page.getByRole('button', { name: 'Overview', exact: true }).click();
      await page
        .getByRole('button', { name: /How these figures are defined/ })
        .first()
        .click();
      const dialog = page.getByRole('dialog', { name: 'What the numbers mean' });
      await expect(dialog).toBeVisible();
      await expect(dialog.getByRole('heading', { name: 'What the numbers mean' })).toBeVisible();
      await expect(dialog).toContainText('Never "within target"');
      await expect(dialog).toContainText('PERCENTILE.INC');
      await page.screenshot({ path: join(SCREENSHOTS, `definitions-1024-${colorScheme}.png`) });
      await dialog.getByRole('button', { name: 'Close' }).click();
      await expect(dialog).toBeHidden();
    }
  } finally {
    await browserMode.close();
    await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
  }
});
