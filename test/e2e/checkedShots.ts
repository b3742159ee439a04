import AxeBuilder from '@axe-core/playwright';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';

/**
 * Screenshots at 1024×700 and 1440×900, light and dark, as `${name}-${width}-${scheme}.png` in `folder`, with `target`
 * scrolled into view; `atEach` runs after each one (named `${name} ${width} ${scheme}`). Ends in the light scheme.
 */
export async function shotsAtEverySize(
  page: Page,
  folder: string,
  name: string,
  { target, atEach }: { target?: Locator; atEach?: (at: string) => Promise<void> } = {},
): Promise<void> {
  await mkdir(folder, { recursive: true });
  for (const [width, height] of [
    [1024, 700],
    [1440, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await target?.scrollIntoViewIfNeeded();
      // Charts read the theme's colours when they draw: let them redraw for the new size and scheme.
      await page.waitForTimeout(250);
      await page.screenshot({ path: join(folder, `${name}-${width}-${colorScheme}.png`) });
      await atEach?.(`${name} ${width} ${colorScheme}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/**
 * Screenshots at both sizes, light and dark; at each, what goes wrong shows as a problem: a serious or critical axe
 * violation in the new parts (`scope`), or a page wider than the window.
 */
export async function checkedShots(
  page: Page,
  folder: string,
  name: string,
  target: Locator,
  scope: string,
  problems: string[],
): Promise<void> {
  await shotsAtEverySize(page, folder, name, {
    target,
    atEach: async (at) => {
      const { violations } = await new AxeBuilder({ page }).include(scope).analyze();
      for (const v of violations)
        if (v.impact === 'serious' || v.impact === 'critical')
          problems.push(`${at}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      const wide = await page.evaluate(() =>
        [document.scrollingElement, document.querySelector('main .page')].some(
          (el) => el !== null && el.scrollWidth > el.clientWidth + 1,
        ),
      );
      if (wide) problems.push(`${at}: the page scrolls sideways`);
    },
  });
}
