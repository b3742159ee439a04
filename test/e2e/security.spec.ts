import { expect } from '@playwright/test';
import { selfSignedCertificate } from '../../electron/simulator/certificate.js';
import { CommvaultSimulator } from '../../electron/simulator/server.js';
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

test('a CommServe with a self-signed certificate is trusted through a CA file the user picks', async ({
  page,
  web,
}) => {
  const tls = await selfSignedCertificate();
  const secure = await CommvaultSimulator.start({ seed: 3, groups: 2, vms: 2, jobs: 6, tls, speed: 0 });
  try {
    await page.goto(web.server.url);
    await page.getByRole('button', { name: 'Add connection' }).click();
    await page.getByLabel('Name', { exact: true }).fill('HTTPS CommServe');
    await page.getByLabel('Web service address').fill(secure.url);
    await page.getByLabel('Certificate trust').selectOption('ca-file');
    await page.getByLabel('CA certificate file (PEM)').setInputFiles({
      name: 'commserve-ca.pem',
      mimeType: 'application/x-pem-file',
      buffer: Buffer.from(tls.cert),
    });
    await expect(page.getByTestId('ca-chosen')).toHaveText('Trusting commserve-ca.pem');
    await page.getByRole('button', { name: 'Save connection' }).click();
    await page.getByRole('button', { name: 'Sign in…' }).click();
    await page.getByLabel('User name').fill('demo');
    await page.getByLabel('Password', { exact: true }).fill('demo');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByTestId('summary')).toContainText('operations');
  } finally {
    await secure.close();
  }
});
