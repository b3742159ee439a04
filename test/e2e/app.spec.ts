import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { addConnectionAndSignIn, expect, openSignedIn, SCREENSHOTS, test } from './fixtures.js';

async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** Counts canvas pixels close to a colour: proof that chart.js drew bars, not just a blank canvas. */
async function pixelsOfColour(page: Page, selector: string, cssVariable: string): Promise<number> {
  return page.evaluate(
    ([sel, variable]) => {
      const canvas = document.querySelector<HTMLCanvasElement>(sel!)!;
      const probe = document.createElement('div');
      probe.style.color = `var(${variable})`;
      document.body.append(probe);
      const [r, g, b] = getComputedStyle(probe).color.match(/\d+/g)!.map(Number);
      probe.remove();
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i]! - r!) < 12 && Math.abs(data[i + 1]! - g!) < 12 && Math.abs(data[i + 2]! - b!) < 12)
          count++;
      }
      return count;
    },
    [selector, cssVariable],
  );
}

test('sign in (a wrong password shows the server text), fetch, filter, open a job with a drawn Gantt', async ({
  page,
  web,
  simulator,
}) => {
  await page.goto(web.server.url);
  await expect(page.getByRole('heading', { name: 'No connections yet' })).toBeVisible();
  await screenshot(page, 'connections-empty');

  await addConnectionAndSignIn(page, simulator, 'wrong-password');
  await expect(page.getByRole('alert')).toContainText(
    'did not accept the user name or password: Invalid Username or Password.',
  );
  await screenshot(page, 'sign-in-error');
  await page.getByLabel('Password', { exact: true }).fill('demo');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();

  const summary = page.getByTestId('summary');
  await expect(summary).toContainText(`${simulator.dataset.operations.length} operations`);
  await expect(summary).toContainText(`${simulator.dataset.vmRunCount} VM runs`);
  await screenshot(page, 'jobs');

  // Filter by DR group: only that group's operations remain.
  const group = simulator.dataset.groups[1]!;
  await page.getByLabel('DR group').selectOption(String(group.vAppId));
  await page.getByRole('button', { name: 'Fetch' }).click();
  const expected = simulator.dataset.operations.filter((op) => op.vAppId === group.vAppId);
  await expect(summary).toContainText(`${expected.length} operations`);
  const groupCells = page.locator('[role=row][data-job-id] [role=gridcell]:nth-child(3)');
  await expect(groupCells.first()).toHaveText(group.name);

  // And by replication pair: one VM run per operation.
  await page.getByLabel('Replication pair').selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Fetch' }).click();
  await expect(summary).toContainText(`${expected.length} VM runs`);

  // Open the newest finished failed job: its Gantt has drawn bars, its phase table names every phase.
  await page.getByLabel('Replication pair').selectOption({ index: 0 });
  await page.getByRole('button', { name: 'Fetch' }).click();
  const failedOp = expected.filter((op) => !op.live && op.vms.some((vm) => vm.phases.some((p) => p.failed))).at(-1)!;
  await page.locator(`[role=row][data-job-id="${failedOp.jobId}"]`).first().click();
  await expect(page.getByRole('heading', { name: `Job ${failedOp.jobId}` })).toBeVisible();
  const canvas = page.locator('canvas[aria-label^="Gantt chart"]');
  await expect(canvas).toHaveAttribute(
    'data-bar-count',
    String(failedOp.vms.reduce((n, vm) => n + vm.phases.length, 0)),
  );
  expect(await pixelsOfColour(page, 'canvas[aria-label^="Gantt chart"]', '--ok')).toBeGreaterThan(500);
  const failedPhase = failedOp.vms.flatMap((vm) => vm.phases).find((p) => p.failed)!;
  await expect(page.getByRole('table', { name: `Phases of job ${failedOp.jobId}` })).toContainText(
    failedPhase.errorMessage!,
  );
  await screenshot(page, 'job-detail');

  await page.getByRole('button', { name: 'Insights' }).click();
  await expect(page.getByRole('heading', { name: 'Failing phases' })).toBeVisible();
  await screenshot(page, 'insights');
  await page.getByRole('button', { name: 'Connections' }).click();
  await screenshot(page, 'connections');
});

test('the jobs table is usable from the keyboard', async ({ page, web, simulator }) => {
  await page.goto(web.server.url);
  await addConnectionAndSignIn(page, simulator);
  const grid = page.getByRole('treegrid', { name: 'DR operations' });
  await expect(page.getByTestId('summary')).toBeVisible();
  await grid.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  const second = page.locator('[role=row].active');
  await expect(second).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('[role=row].active')).toHaveAttribute('aria-level', '2');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: /^Job \d+$/ })).toBeVisible();
});

test('a running job refreshes by itself until it finishes', async ({ page, web, simulator }) => {
  await page.goto(web.server.url);
  await addConnectionAndSignIn(page, simulator);
  const live = simulator.dataset.operations.filter((op) => op.live).at(-1)!;
  const row = page.locator(`[role=row][data-job-id="${live.jobId}"]`);
  await expect(row).toContainText('Running');
  const fetchesBefore = simulator.count('DR/JobStats');
  simulator.advance(6 * 3600);
  await expect(row).not.toContainText('Running');
  expect(simulator.count('DR/JobStats')).toBeGreaterThan(fetchesBefore);
});

test('an expired token is renewed without the user noticing', async ({ page, web, simulator }) => {
  await page.goto(web.server.url);
  await addConnectionAndSignIn(page, simulator);
  await expect(page.getByTestId('summary')).toBeVisible();
  simulator.expireTokens();
  const renewals = simulator.count('RenewLoginToken');
  await page.getByRole('button', { name: 'Fetch' }).click();
  await expect(page.getByTestId('summary')).toContainText(`${simulator.dataset.operations.length} operations`);
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(simulator.count('RenewLoginToken')).toBe(renewals + 1);
});

test('a server fault shows its message and the app recovers on retry', async ({ page, web, simulator }) => {
  await page.goto(web.server.url);
  await addConnectionAndSignIn(page, simulator);
  await expect(page.getByTestId('summary')).toBeVisible();
  simulator.setFault({ path: 'JobStats', type: 'html', times: 1 });
  await page.getByRole('button', { name: 'Fetch' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('503 - Service Unavailable: CommServe web server is restarting');
  await screenshot(page, 'jobs-error');
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(alert).toHaveCount(0);
  await expect(page.getByTestId('summary')).toContainText(`${simulator.dataset.operations.length} operations`);
});

test('no Commvault token ever reaches the page: DOM, storage, cookies or any response', async ({
  page,
  web,
  simulator,
}) => {
  const bodies: string[] = [];
  page.on('response', (response) => {
    void response.text().then(
      (text) => bodies.push(text),
      () => undefined,
    );
  });
  await page.goto(web.server.url);
  await addConnectionAndSignIn(page, simulator);
  await expect(page.getByTestId('summary')).toBeVisible();
  simulator.expireTokens();
  await page.getByRole('button', { name: 'Fetch' }).click();
  await expect(page.getByTestId('summary')).toBeVisible();
  await page.getByRole('button', { name: 'Connections' }).click();
  await expect(page.getByText('Signed in as demo')).toBeVisible();

  const tokens = simulator.issuedTokens();
  expect(tokens.length).toBeGreaterThanOrEqual(2);
  const pageState = await page.evaluate(() => ({
    html: document.documentElement.outerHTML,
    local: JSON.stringify({ ...localStorage }),
    session: JSON.stringify({ ...sessionStorage }),
    cookies: document.cookie,
  }));
  const everything = [pageState.html, pageState.local, pageState.session, pageState.cookies, ...bodies].join('\n');
  expect(bodies.length).toBeGreaterThan(5);
  for (const token of tokens) {
    expect(everything).not.toContain(token.slice('QSDK '.length, 'QSDK '.length + 40));
  }
});

test('dark mode renders every screen legibly', async ({ page, web, simulator }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(web.server.url);
  await addConnectionAndSignIn(page, simulator);
  await expect(page.getByTestId('summary')).toBeVisible();
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe('rgb(15, 18, 22)');
  await screenshot(page, 'jobs-dark');
  await page.locator('[role=row][data-job-id]').nth(3).click();
  await expect(page.locator('canvas[aria-label^="Gantt chart"]')).toBeVisible();
  await screenshot(page, 'job-detail-dark');
  await page.getByRole('button', { name: 'Insights' }).click();
  await screenshot(page, 'insights-dark');
});

test('a fetch still arriving lists its first jobs without figures, then the whole answer replaces them', async ({
  page,
  web,
  simulator,
}) => {
  await openSignedIn(page, web, simulator);
  // The CommServe sends half its answer, then waits: the first jobs are on screen before the rest is sent.
  // The pause is long enough for the checks and screenshots below on a loaded machine.
  simulator.setFault({ path: 'JobStats', type: 'stall', delayMs: 10_000, times: 1 });
  await page.getByRole('button', { name: 'Fetch' }).click();
  const preview = page.getByTestId('fetch-preview');
  await expect(preview).toBeVisible();
  await expect(preview.getByRole('status')).toContainText(
    /Receiving… The first jobs of the answer \([\d,]+ VM runs so far\)/,
  );
  expect(await preview.getByRole('row').count()).toBeGreaterThan(5);
  // Nothing provisional can be judged, exported or saved: no status, no RTO, no export while it shows.
  await expect(preview.getByRole('columnheader')).toHaveText(['Job ID', 'DR group', 'Started', 'VMs received so far']);
  await expect(page.getByRole('button', { name: /Export|Save/ })).toHaveCount(0);
  for (const [width, height] of [
    [1024, 700],
    [1440, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    await screenshot(page, `jobs-preview-${width}`);
  }
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'jobs-preview-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.getByTestId('summary')).toBeVisible({ timeout: 20_000 });
  await expect(preview).toHaveCount(0);
  await expect(page.getByRole('treegrid').getByText('Succeeded').first()).toBeVisible();
});

test('a long fetch shows bytes and elapsed time, and Cancel stops it at once, keeping the jobs shown', async ({
  page,
  web,
  simulator,
}) => {
  await openSignedIn(page, web, simulator);
  const summary = await page.getByTestId('summary').textContent();
  simulator.setFault({ path: 'JobStats', type: 'slow', delayMs: 30_000, times: 1 });
  await page.getByRole('button', { name: 'Fetch' }).click();
  const progress = page.getByRole('status').filter({ hasText: 'Fetching…' });
  await expect(progress).toContainText(/[1-9] s/);
  await screenshot(page, 'jobs-fetching');
  const cancelledAt = Date.now();
  await page.getByRole('button', { name: 'Cancel' }).click();
  // The CommServe holds its answer for 30 s; well under that proves Cancel did not wait for it, with room for a
  // loaded machine's click and redraw.
  await expect(page.getByRole('button', { name: 'Fetch' })).toBeVisible({ timeout: 10_000 });
  expect(Date.now() - cancelledAt).toBeLessThan(10_000);
  await expect(page.getByText('The fetch was cancelled; the jobs shown are from before it.')).toBeVisible();
  await expect(page.getByTestId('summary')).toHaveText(summary ?? '');
  // Main stopped the transfer too: the next fetch is answered, not queued behind the cancelled one.
  await page.getByRole('button', { name: 'Fetch' }).click();
  await expect(page.getByRole('button', { name: 'Fetch' })).toBeVisible();
  await expect(page.getByText('The fetch was cancelled')).toHaveCount(0);
});

test('at 1024×700 a long connection name gives way: the session and UTC stay on screen', async ({ page, web }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(web.server.url);
  await page.getByRole('button', { name: 'Add connection' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Finance and SAP Production CommServe (London DC2)');
  await page.getByLabel('Web service address').fill('http://127.0.0.1:59999/commandcenter/api');
  await page.getByRole('button', { name: 'Save connection' }).click();
  const header = page.getByRole('banner');
  for (const part of [header.getByText('○ signed out'), header.getByLabel('UTC')]) {
    const box = (await part.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(1024);
  }
  // The whole name is still there to read: on hover, and in the list.
  await expect(header.getByLabel('Connection')).toHaveAttribute('title', /London DC2/);
  await screenshot(page, 'header-long-name-1024');
});
