import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { addConnectionAndSignIn, expect, openSignedIn, SCREENSHOTS, test } from './fixtures.js';

/**
 * Accessibility checked by a real tool: axe-core on every screen, in light and in dark, with no serious or critical
 * violation. Then the promises axe cannot see: every chart has a text alternative, focus is visible, and focus is
 * never dropped on <body> when the screen changes.
 */

type Scheme = 'light' | 'dark';

async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/**
 * The serious and critical violations on the page as it is now: one line per rule, with its help, how many elements
 * break it and the first few of them (their selector and what is wrong), for the failure message.
 */
async function scan(page: Page, screen: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 3)
        .map((node) => `    ${node.target.join(' ')}: ${(node.failureSummary ?? '').replace(/\s+/g, ' ').trim()}`);
      const more = v.nodes.length > 3 ? [`    … and ${v.nodes.length - 3} more`] : [];
      return [`${screen}: [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length})`, ...nodes, ...more].join('\n');
    });
}

const tabs = (page: Page) => page.getByRole('navigation', { name: 'Screens' });

async function saveRun(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Save run…' }).click();
  await page.getByRole('form', { name: 'Save run' }).getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Save run', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: `Saved as “${name}”` })).toBeVisible();
}

for (const scheme of ['light', 'dark'] as const satisfies Scheme[]) {
  test(`axe finds no serious or critical violation on any screen (${scheme})`, async ({ page, web, simulator }) => {
    test.setTimeout(180_000);
    await page.emulateMedia({ colorScheme: scheme });
    const found: string[] = [];
    const check = async (screen: string) => {
      found.push(...(await scan(page, `${screen} (${scheme})`)));
      await screenshot(page, `a11y-${screen}-${scheme}`);
    };

    await page.goto(web.server.url);
    await expect(page.getByRole('heading', { name: 'No connections yet' })).toBeVisible();
    await check('connections-empty');
    await page.getByRole('button', { name: 'Add connection' }).click();
    await expect(page.getByLabel('Web service address')).toBeVisible();
    await check('connection-form');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await addConnectionAndSignIn(page, simulator);
    await expect(page.getByTestId('summary')).toBeVisible();
    await page.getByLabel('Auto-refresh while running').uncheck();
    await check('jobs');

    await tabs(page).getByRole('button', { name: 'Runs' }).click();
    await expect(page.getByRole('heading', { name: 'Saved runs', exact: true })).toBeVisible();
    await check('runs-empty');
    await tabs(page).getByRole('button', { name: 'Compare' }).click();
    await expect(page.getByRole('heading', { name: 'Compare', exact: true })).toBeVisible();
    await check('compare-empty');

    await tabs(page).getByRole('button', { name: 'Overview' }).click();
    await expect(page.getByRole('heading', { name: 'Compliance overview' })).toBeVisible();
    await check('overview');

    await page.getByRole('button', { name: 'DR test report' }).click();
    await expect(page.getByRole('article', { name: 'DR test evidence report' })).toBeVisible();
    await check('evidence-report');
    await page.getByRole('button', { name: '← Back' }).click();

    await tabs(page).getByRole('button', { name: 'Insights' }).click();
    await expect(page.getByRole('heading', { name: 'Failing phases' })).toBeVisible();
    await expect(page.locator('canvas[aria-label^="Recovery RTO over time"]')).toBeVisible();
    await check('insights');

    await tabs(page).getByRole('button', { name: 'Jobs' }).click();
    const failedOp = simulator.dataset.operations
      .filter((op) => !op.live && op.vms.some((vm) => vm.phases.some((p) => p.failed)))
      .at(-1)!;
    await page.locator(`[role=row][data-job-id="${failedOp.jobId}"]`).first().click();
    await expect(page.locator('canvas[aria-label^="Gantt chart"]')).toBeVisible();
    await check('job-detail');
    // Back at the table, the row it came from is the selected one: its red verdict and failed phases on the selection's
    // colour.
    await page.getByRole('button', { name: 'Back to all jobs' }).click();
    await expect(page.locator(`[role=row].active[data-job-id="${failedOp.jobId}"]`)).toBeVisible();
    await check('jobs-selected-row');
    await page.locator(`[role=row][data-job-id="${failedOp.jobId}"]`).first().click();
    await expect(page.locator('canvas[aria-label^="Gantt chart"]')).toBeVisible();

    await page.getByLabel('Compare with another job').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Compare jobs' }).click();
    await expect(page.getByRole('table', { name: 'Phase by phase' })).toBeVisible();
    await check('compare');

    await tabs(page).getByRole('button', { name: 'Jobs' }).click();
    await saveRun(page, 'Accessibility run');
    await tabs(page).getByRole('button', { name: 'Runs' }).click();
    await expect(page.locator('tr', { hasText: 'Accessibility run' })).toBeVisible();
    await check('runs');
    await page.locator('tr', { hasText: 'Accessibility run' }).getByRole('button', { name: 'Open' }).click();
    await expect(page.getByTestId('summary')).toBeVisible();
    await check('jobs-saved-run');

    await tabs(page).getByRole('button', { name: 'Connections' }).click();
    await expect(page.getByRole('heading', { name: 'Connections', exact: true })).toBeVisible();
    await check('connections');

    expect(found, `axe violations:\n${found.join('\n')}`).toEqual([]);
  });
}

test('axe finds no serious or critical violation on a fetch still arriving (light and dark)', async ({
  page,
  web,
  simulator,
}) => {
  await openSignedIn(page, web, simulator);
  simulator.setFault({ path: 'JobStats', type: 'stall', delayMs: 6000, times: 1 });
  await page.getByRole('button', { name: 'Fetch' }).click();
  await expect(page.getByTestId('fetch-preview')).toBeVisible();
  const found = await scan(page, 'fetch-preview (light)');
  await page.emulateMedia({ colorScheme: 'dark' });
  found.push(...(await scan(page, 'fetch-preview (dark)')));
  await screenshot(page, 'a11y-fetch-preview-dark');
  expect(found, `axe violations:\n${found.join('\n')}`).toEqual([]);
});

/** WCAG contrast of two `rgb(…)` colours as getComputedStyle gives them. */
function contrast(a: string, b: string): number {
  const luminance = (css: string) => {
    const [r, g, bl] = css
      .match(/[\d.]+/g)!
      .slice(0, 3)
      .map((c) => {
        const v = Number(c) / 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

for (const scheme of ['light', 'dark'] as const satisfies Scheme[]) {
  test(`placeholders are legible and every control shows a focus ring (${scheme})`, async ({
    page,
    web,
    simulator,
  }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(web.server.url);
    await page.getByRole('button', { name: 'Add connection' }).click();
    // Axe does not measure placeholders: 4.5:1 against the field, as for any text.
    const placeholders = await page.locator('input[placeholder]').evaluateAll((inputs) =>
      inputs.map((input) => ({
        text: (input as HTMLInputElement).placeholder,
        color: getComputedStyle(input, '::placeholder').color,
        background: getComputedStyle(input).backgroundColor,
      })),
    );
    expect(placeholders.length).toBeGreaterThan(2);
    for (const p of placeholders) {
      expect(contrast(p.color, p.background), `placeholder "${p.text}"`).toBeGreaterThanOrEqual(4.5);
    }
    await page.getByLabel('Name', { exact: true }).focus();
    await page.keyboard.press('Tab');
    await screenshot(page, `a11y-focus-form-${scheme}`);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await addConnectionAndSignIn(page, simulator);
    await expect(page.getByTestId('summary')).toBeVisible();
    await page.getByLabel('Auto-refresh while running').uncheck();

    // Tab through the Jobs screen from the first tab to the table: every stop draws a solid ring of at least 2 px,
    // 3:1 against the page.
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const stops: string[] = [];
    await tabs(page).getByRole('button').first().focus();
    // Back and forth from the keyboard, so the browser knows the keyboard is in use (as after any Tab).
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    // Past the table's own stop to its sort buttons, which sit inside it.
    const pastTable = () => stops.length - stops.findIndex((s) => s.includes('DR operations'));
    for (let i = 0; i < 60 && !(stops.some((s) => s.includes('DR operations')) && pastTable() > 3); i++) {
      if (i > 0) await page.keyboard.press('Tab');
      const ring = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const style = getComputedStyle(el);
        const name = el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 30) ?? '';
        return {
          what: `${el.tagName.toLowerCase()} "${name}"`,
          style: style.outlineStyle,
          width: style.outlineWidth,
          color: style.outlineColor,
        };
      });
      if (!ring) continue;
      stops.push(ring.what);
      expect(ring.style, `focus ring on ${ring.what}`).toBe('solid');
      expect(parseFloat(ring.width), `focus ring width on ${ring.what}`).toBeGreaterThanOrEqual(2);
      expect(contrast(ring.color, background), `focus ring contrast on ${ring.what}`).toBeGreaterThanOrEqual(3);
      if (i === 2) await screenshot(page, `a11y-focus-tab-${scheme}`);
      if (ring.what.includes('Time range')) await screenshot(page, `a11y-focus-jobs-${scheme}`);
      if (ring.what.startsWith('button "Job ID')) await screenshot(page, `a11y-focus-sort-${scheme}`);
    }
    // The walk reached the table, not just the top bar.
    expect(stops.some((s) => s.includes('DR operations'))).toBe(true);
  });
}

/**
 * Text in a table row that holds less than 4.5:1 (3:1 for large text) against what it is drawn on: the row's own
 * background (selected, hovered) or a badge's inside it. Axe cannot judge these rows (they are moved into place by a
 * transform), so it is measured here.
 */
async function faintText(row: Locator): Promise<string[]> {
  return row.evaluate((el) => {
    const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]: number[]) =>
      [r!, g!, b!]
        .map((c) => c / 255)
        .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
        .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i]!, 0);
    const opaque = (css: string) => {
      const parts = rgb(css);
      return parts.length >= 3 && (parts.length === 3 || parts[3]! > 0);
    };
    const out: string[] = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const holder = node.parentElement;
      if (!text || !holder || holder.closest('.visually-hidden')) continue;
      let back: Element | null = holder;
      while (back && back !== el.parentElement && !opaque(getComputedStyle(back).backgroundColor))
        back = back.parentElement;
      const style = getComputedStyle(holder);
      const [a, b] = [luminance(rgb(style.color)), luminance(rgb(getComputedStyle(back ?? el).backgroundColor))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) out.push(`"${text}" ${ratio.toFixed(2)}:1`);
    }
    return out;
  });
}

for (const scheme of ['light', 'dark'] as const satisfies Scheme[]) {
  test(`every verdict and count stays legible on the selected and the hovered row (${scheme})`, async ({
    page,
    web,
    simulator,
  }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openSignedIn(page, web, simulator);
    const grid = page.getByRole('treegrid', { name: 'DR operations' });
    const rows = grid.locator('[role=row][data-job-id]');
    await expect(rows.first()).toBeVisible();
    // Away from the rows: hover is checked on purpose below, not by where the last click left the pointer.
    await page.mouse.move(0, 0);
    await grid.focus();
    const found: string[] = [];
    const count = Math.min(await rows.count(), 14);
    for (let i = 0; i < count; i++) {
      if (i > 0) await page.keyboard.press('ArrowDown');
      const active = grid.locator('[role=row].active');
      await expect(active).toHaveCount(1);
      const job = await active.getAttribute('data-job-id');
      found.push(...(await faintText(active)).map((t) => `selected row ${job}: ${t}`));
    }
    for (let i = 1; i < count; i++) {
      const row = rows.nth(i);
      await row.hover();
      const job = await row.getAttribute('data-job-id');
      found.push(...(await faintText(row)).map((t) => `hovered row ${job}: ${t}`));
    }
    await screenshot(page, `a11y-selected-row-${scheme}`);
    expect(found, found.join('\n')).toEqual([]);
  });
}

test('switching screens puts focus on the new screen, never on <body> or the tab bar', async ({
  page,
  web,
  simulator,
}) => {
  await openSignedIn(page, web, simulator);
  const tab = (name: string) => tabs(page).getByRole('button', { name, exact: true });

  // From the keyboard: the heading takes focus and shows the ring.
  await tab('Overview').focus();
  await page.keyboard.press('Enter');
  const overview = page.getByRole('heading', { name: 'Compliance overview' });
  await expect(overview).toBeFocused();
  expect(await overview.evaluate((h) => getComputedStyle(h).outlineStyle)).toBe('solid');
  await screenshot(page, 'a11y-focus-screen-heading');

  // With the mouse too: the tab clicked does not keep focus.
  await tab('Insights').click();
  await expect(page.getByRole('heading', { name: 'Insights', exact: true })).toBeFocused();
  await tab('Runs').click();
  await expect(page.getByRole('heading', { name: 'Saved runs', exact: true })).toBeFocused();
  await tab('Compare').click();
  await expect(page.getByRole('heading', { name: 'Compare', exact: true })).toBeFocused();
  await tab('Connections').click();
  await expect(page.getByRole('heading', { name: 'Connections', exact: true })).toBeFocused();
  // The jobs table has no heading of its own: the main region takes focus.
  await tab('Jobs').click();
  await expect(page.getByRole('main')).toBeFocused();

  // A click-through that removes the button clicked: focus goes to the screen it opened.
  await tab('Overview').click();
  await page
    .getByRole('button', { name: /^Show .* jobs$/ })
    .first()
    .click();
  await expect(page.getByRole('main')).toBeFocused();
});

test('a job detail gives focus back to its row, and the evidence report to the button that opened it', async ({
  page,
  web,
  simulator,
}) => {
  await openSignedIn(page, web, simulator);
  const job = simulator.dataset.operations.filter((op) => !op.live).at(-3)!;
  await page.locator(`[role=row][data-job-id="${job.jobId}"]`).first().click();
  await expect(page.getByRole('heading', { name: `Job ${job.jobId}` })).toBeFocused();
  await page.getByRole('button', { name: 'Back to all jobs' }).click();
  const grid = page.getByRole('treegrid', { name: 'DR operations' });
  await expect(grid).toBeFocused();
  await expect(grid).toHaveAttribute('aria-activedescendant', `row-op-${job.jobId}`);

  // The report from the Jobs toolbar, closed with Back.
  const opener = page.getByRole('button', { name: 'DR test report' });
  await opener.click();
  await expect(page.getByRole('article', { name: 'DR test evidence report' })).toBeVisible();
  await page.getByRole('button', { name: '← Back' }).click();
  await expect(opener).toBeFocused();

  // The report from the Overview, opened and closed from the keyboard (Escape).
  await tabs(page).getByRole('button', { name: 'Overview' }).click();
  await opener.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('article', { name: 'DR test evidence report' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { name: 'Compliance overview' })).toBeVisible();
  await expect(opener).toBeFocused();
});

/** The canvases on the page without role img, a name, or an aria-describedby that points at text (there must be some). */
async function bareCharts(page: Page): Promise<string[]> {
  const canvases = page.locator('canvas');
  expect(await canvases.count()).toBeGreaterThan(0);
  return canvases.evaluateAll((all) =>
    all
      .filter((c) => {
        const ids = (c.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
        const described = ids.length > 0 && ids.every((id) => document.getElementById(id)?.textContent?.trim());
        return c.getAttribute('role') !== 'img' || !c.getAttribute('aria-label') || !described;
      })
      .map((c) => c.outerHTML.slice(0, 160)),
  );
}

test('every chart is an image with a name and a text alternative that says what it shows', async ({
  page,
  web,
  simulator,
}) => {
  await openSignedIn(page, web, simulator);
  const failedOp = simulator.dataset.operations
    .filter((op) => !op.live && op.vms.some((vm) => vm.phases.some((p) => p.failed)))
    .at(-1)!;
  await page.locator(`[role=row][data-job-id="${failedOp.jobId}"]`).first().click();
  const gantt = page.getByRole('img', { name: `Gantt chart of phases per VM for job ${failedOp.jobId}` });
  await expect(gantt).toBeVisible();
  const failedVm = failedOp.vms.find((vm) => vm.phases.some((p) => p.failed))!;
  await expect(gantt).toHaveAccessibleDescription(
    new RegExp(`Job ${failedOp.jobId}: \\d+ phases on ${failedOp.vms.length} VMs, from .* to `),
  );
  // What failed, and where: the words a sighted user reads off the hatched bars.
  await expect(gantt).toHaveAccessibleDescription(new RegExp(`Failed: [^.]* on ${failedVm.clientName}\\b`));
  expect(await bareCharts(page)).toEqual([]);

  await tabs(page).getByRole('button', { name: 'Insights' }).click();
  const trend = page.getByRole('img', { name: /^Recovery RTO over time for / });
  await expect(trend).toHaveAccessibleDescription(/finished recovery operations? from .* Median RTO/);
  const durations = page.getByRole('img', { name: 'Median and 95th percentile duration by phase, log scale' });
  await expect(durations).toHaveAccessibleDescription(
    /phases by duration \(finished phases only\), slowest 95th percentile first: \w.*, median \d.*, 95th percentile \d/,
  );

  expect(await bareCharts(page)).toEqual([]);
});
