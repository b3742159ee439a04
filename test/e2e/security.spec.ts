import { expect } from '@playwright/test';
import { test } from './fixtures.js';

test('the per-launch secret leaves the address bar after load, and a reload still works', async ({ page, web }) => {
  await page.goto(web.server.url);
  await expect(page.getByRole('heading', { name: /connections/i }).first()).toBeVisible();
  expect(page.url()).not.toContain('secret');
  expect(await page.evaluate(() => window.location.hash)).toBe('');
  await page.reload();
  // Still allowed to talk to main: the Connections screen loads its (empty) list without an error.
  await expect(page.getByRole('heading', { name: /connections/i }).first()).toBeVisible();
  await expect(page.getByText(/session secret/i)).toHaveCount(0);
});
