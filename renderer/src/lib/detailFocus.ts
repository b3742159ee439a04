import { tick } from 'svelte';

/**
 * Where keyboard focus goes when the job detail closes: back to the jobs list, not to <body>. The detail records the
 * job it showed; the jobs table (which remounts when the detail closes) may take it to make that job's row its
 * active row. Until it does, focus lands on the grid, with the row scrolled into view when it is rendered.
 */
let returnJobId: number | null = null;

/** The job the last closed detail showed, once (null when there is none, or it was already taken). */
export function takeReturnJob(): number | null {
  const jobId = returnJobId;
  returnJobId = null;
  return jobId;
}

export async function returnFocusTo(jobId: number): Promise<void> {
  returnJobId = jobId;
  await tick();
  const row = document.querySelector<HTMLElement>(`[role=row][data-job-id="${jobId}"]`);
  const grid = row?.closest<HTMLElement>('[role=treegrid]') ?? document.querySelector<HTMLElement>('[role=treegrid]');
  row?.scrollIntoView({ block: 'nearest' });
  grid?.focus({ preventScroll: true });
}
