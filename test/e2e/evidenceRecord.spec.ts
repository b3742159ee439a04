import { fileURLToPath } from 'node:url';
import type { Locator, Page } from '@playwright/test';
import { checkedShots } from './checkedShots.js';
import { addConnectionAndSignIn, expect, test } from './fixtures.js';
import { pdfText } from './pdfPages.js';

/**
 * The record an auditor signs, as an admin makes it: who started a test (from the CommServe), the tester's sign-off
 * and the reviewer's, the run finalized as an evidence pack, and the printed report naming the CommServe, the scope
 * and the evidence hash on every page, with the sign-off and who started the job. Screenshots at two sizes, light
 * and dark, each checked by axe and for sideways scrolling.
 */
const SHOTS = fileURLToPath(new URL('../../test-results/shots-evidence', import.meta.url));

const shots = (page: Page, name: string, target: Locator, problems: string[]) =>
  checkedShots(page, SHOTS, name, target, 'main', problems);

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name }).click();

test('sign off a test, finalize the run, and print a report that names its hash on every page', async ({
  page,
  web,
  simulator,
}) => {
  test.setTimeout(240_000);
  const problems: string[] = [];
  const recovered = simulator.dataset.operations.find(
    (op) => !op.live && op.type === 7 && op.vms.every((vm) => vm.phases.every((p) => !p.failed)),
  );
  expect(recovered, 'the data set has a recovered test boot').toBeDefined();
  await page.goto(web.server.url);
  await addConnectionAndSignIn(page, simulator);
  await expect(page.getByTestId('summary')).toBeVisible();
  await page.getByLabel('Auto-refresh while running').uncheck();

  // The job detail: who started it, on the CommServe's word; the tester signs off, the reviewer signs by amending.
  await page.getByLabel('Job ID').fill(String(recovered!.jobId));
  await page.getByRole('button', { name: 'Fetch' }).click();
  await page.locator(`[role=row][data-job-id="${recovered!.jobId}"]`).first().click();
  const starter = (await page.getByTestId('initiated-by').textContent())!.trim();
  expect(starter).not.toBe('not reported');
  const panel = page.getByRole('region', { name: 'Sign-off' });
  await panel.getByRole('button', { name: 'Sign off…' }).click();
  await panel.getByRole('radio', { name: 'Passed with deviations' }).check();
  await panel.getByRole('textbox', { name: /Deviations/ }).fill('DNS for the app tier switched by hand');
  await panel.getByRole('textbox', { name: 'Tester' }).fill('Ana Tester');
  await panel.getByRole('button', { name: 'Record sign-off' }).click();
  await expect(panel.getByTestId('signoff')).toHaveAttribute('data-verdict', 'passed-with-deviations');
  await panel.getByRole('button', { name: 'Review…' }).click();
  await panel.getByRole('textbox', { name: 'Reviewer' }).fill('Rita Reviewer');
  await panel.getByRole('button', { name: 'Sign as reviewer' }).click();
  await expect(panel).toContainText('Reviewed by Rita Reviewer');
  await shots(page, 'signoff', panel, problems);
  await page.keyboard.press('Escape');

  // The deviation is a finding, open until someone closes it.
  await nav(page, 'Findings');
  await expect(page.getByRole('main')).toContainText('DNS for the app tier switched by hand');
  await shots(page, 'findings', page.getByRole('heading', { name: 'Findings' }), problems);

  // Saved and finalized: the pack is badged with until when it is kept, and its name is frozen.
  await nav(page, 'Jobs');
  await page.getByLabel('Job ID').fill('');
  await page.getByRole('button', { name: 'Fetch' }).click();
  await expect(page.getByTestId('summary')).toContainText(`${simulator.dataset.operations.length} operations`);
  await page.getByRole('button', { name: 'Save run…' }).click();
  await page.getByRole('form', { name: 'Save run' }).getByLabel('Name').fill('December DR test');
  await page.getByRole('button', { name: 'Save run', exact: true }).click();
  await nav(page, 'Runs');
  const row = page.locator('tr', { hasText: 'December DR test' });
  await row.getByRole('button', { name: 'Finalize…' }).click();
  await row.getByRole('button', { name: 'Finalize as evidence pack' }).click();
  await expect(row.getByTestId('pack-badge')).toContainText(/kept until \d{4}-\d\d-\d\d/);
  await expect(row.getByRole('button', { name: 'Rename / note' })).toBeDisabled();
  await shots(page, 'runs-pack', row, problems);
  await page.getByRole('button', { name: 'Audit log' }).click();
  await expect(page.getByRole('main')).toContainText('finalize');
  await shots(page, 'audit-log', page.getByRole('heading', { name: 'Audit log' }), problems);

  // The report of the pack: its evidence hash is the pack's, on the first page and at the top of every page.
  await nav(page, 'Runs');
  await row.getByRole('button', { name: 'Open' }).click();
  await nav(page, 'Overview');
  await page.getByRole('button', { name: 'DR test report' }).click();
  const report = page.getByRole('article', { name: 'DR test evidence report' });
  const hash = (await report.getByTestId('report-evidence-sha256').textContent())!;
  expect(hash).toMatch(/^[0-9a-f]{64}$/);
  await expect(report).toContainText('Rita Reviewer');
  await expect(report).toContainText(`by ${starter}`);
  await shots(page, 'report', report.getByRole('heading', { name: /^Sign-offs/ }), problems);
  await page.emulateMedia({ media: 'print', colorScheme: 'light' });
  const text = await pdfText(await page.pdf({ format: 'A4', printBackground: true }));
  const pages = text.split('\f').filter((p) => p.trim() !== '');
  expect(pages.length).toBeGreaterThan(1);
  for (const [i, content] of pages.entries()) {
    const flat = content.replace(/\s+/g, ' ');
    expect(flat, `page ${i + 1} names the CommServe`).toContain('Simulated CommServe');
    expect(flat.replace(/ /g, ''), `page ${i + 1} names the evidence hash`).toContain(hash);
  }
  const whole = text.replace(/\s+/g, ' ');
  expect(whole).toContain('Passed with deviations');
  expect(whole).toContain('Ana Tester');
  // A table cell wraps: its words, in order, on the sign-off's row.
  expect(whole).toMatch(/DNS for the app[\s\S]*switched by hand/);
  expect(whole).toMatch(/finalized \d{4}-\d\d-\d\d \d\d:\d\d:\d\d by \S+; kept until \d{4}/);
  expect(problems, problems.join('\n')).toEqual([]);
});
