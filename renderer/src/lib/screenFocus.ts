import type { Screen } from './state.svelte';

/**
 * Where keyboard focus goes once a new screen is on the page (called after it rendered), so it is never left on
 * <body> or on a tab of the bar:
 * - back from the evidence report (its Back button or Escape): to the button that opened it, on the screen it
 *   returns to (the one marked `data-report-opener`);
 * - if the new screen already placed focus inside itself (a job's detail focuses its heading), it stays there;
 * - otherwise to the screen's first visible heading, or to the main region when it shows none (the jobs table).
 */
export function focusNewScreen(main: HTMLElement, from: Screen): void {
  const active = document.activeElement;
  const lost = active === null || active === document.body;
  if (from === 'report' && lost) {
    const opener = main.querySelector<HTMLButtonElement>('[data-report-opener]');
    if (opener && !opener.disabled) {
      opener.focus();
      return;
    }
  }
  if (active && active !== main && main.contains(active)) return;
  const heading = [...main.querySelectorAll<HTMLElement>('h1, h2, h3')].find((h) => h.getClientRects().length > 0);
  const target = heading ?? main;
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus();
}
