import { expect } from '@playwright/test';
import { selfSignedCertificate } from '../../electron/simulator/certificate.js';
import { CommvaultSimulator } from '../../electron/simulator/server.js';
import { test } from './fixtures.js';

test('the page opens through a one-time link: the secret is never in an address, and the link works once', async ({
  page,
  web,
  browser,
}) => {
  const addresses: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) addresses.push(frame.url());
  });
  // What `npm run web` opens, or prints with --no-open (each read of `url` is a new link).
  const link = web.server.url;
  await page.goto(link);
  await expect(page.getByRole('heading', { name: /connections/i }).first()).toBeVisible();
  const secret = await page.evaluate(() => sessionStorage.getItem('drjs-secret'));
  expect(secret).toBeTruthy();
  expect(page.url()).not.toContain('#');
  for (const address of [link, ...addresses, page.url()]) expect(address).not.toContain(secret);

  // A reload still works: the tab keeps its secret, not its link.
  await page.reload();
  await expect(page.getByRole('heading', { name: /connections/i }).first()).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  for (const address of [...addresses, page.url()]) expect(address).not.toContain(secret);

  // Whoever read the link from the opener's command line comes too late, and is told why.
  const elsewhere = await browser.newContext();
  try {
    const late = await elsewhere.newPage();
    await late.goto(link);
    await expect(late.getByRole('alert')).toContainText('already used');
    expect(await late.evaluate(() => sessionStorage.getItem('drjs-secret'))).toBeNull();
  } finally {
    await elsewhere.close();
  }
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
