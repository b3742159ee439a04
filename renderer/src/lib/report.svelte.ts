import { app, type Screen } from './state.svelte';

export type PaperSize = 'A4' | 'Letter';

/** Where the evidence report was opened from (its Back button returns there) and the paper it is laid out for. */
export const reportState = $state<{ returnTo: Screen; paper: PaperSize }>({ returnTo: 'overview', paper: 'A4' });

/**
 * Opens the DR test evidence report for the current scope: one click from the overview or the jobs toolbar
 * (`ReportButton.svelte` wraps this for any toolbar).
 */
export function openEvidenceReport(): void {
  if (app.screen !== 'report') reportState.returnTo = app.screen;
  app.selectedJobId = null;
  app.screen = 'report';
}

export function closeEvidenceReport(): void {
  app.screen = reportState.returnTo === 'report' ? 'overview' : reportState.returnTo;
}
