import type { Result } from '../../electron/contract/errors.js';
import { FRAME_CONTENT_TYPE } from '../../electron/contract/frame.js';
import { resultFromWire, resultToWire } from '../../electron/contract/wire.js';
import { benchCore } from '../core.js';
import { pairedSample, summarise, type Row } from '../measure.js';
import { startAppProcess, type AppProcess } from './appProcess.js';
import { signIn, startSimulatorProcess, type SimulatorProcess } from './simulatorProcess.js';
const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Rounds of a 10k whole-fetch row. The app collects its old generation about every fourth fetch (it holds the last
 * four), which adds 40–80 ms to that fetch; with 7 rounds, the median of a run came out 1.15–1.5 of the floor.
 */
const ROUNDS_10K = 15;

/** The floor: the same JobStats request sent straight to the simulator, then one `JSON.parse` (what any client pays). */
async function floor(sim: SimulatorProcess, token: string): Promise<{ ms: number; bytes: number }> {
  const start = performance.now();
  const response = await fetch(`${sim.url}/DR/JobStats`, { headers: { Authtoken: token, Accept: 'application/json' } });
  const text = await response.text();
  JSON.parse(text);
  return { ms: performance.now() - start, bytes: Buffer.byteLength(text) };
}

/** Only the raw body, unparsed: the yardstick for the time to the first rows. */
export async function rawBody(sim: SimulatorProcess, token: string): Promise<number> {
  const start = performance.now();
  const response = await fetch(`${sim.url}/DR/JobStats`, { headers: { Authtoken: token, Accept: 'application/json' } });
  await response.text();
  return performance.now() - start;
}

export function fetched(result: Result<unknown>): number {
  if (!result.ok) throw new Error(result.error.message);
  return (result.value as { vmRunCount: number }).vmRunCount;
}

/**
 * The path a user waits for, from outside: `jobs:fetch` through the browser mode (HTTP, then the page's parse and
 * unpack) and through the Electron IPC shape (the dispatcher's answer structured-cloned, as IPC does, then
 * unpacked), beside the floor, at 10,000 and at 100,000 VM runs. At 100,000 the app's peak memory is measured in a
 * fresh process and set against the body's size.
 */
export async function wholePathBenchmarks(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const { jobs, rounds, label } of [
    { jobs: 1400, rounds: ROUNDS_10K, label: '10k' },
    { jobs: 14000, rounds: 3, label: '100k' },
  ]) {
    const sim = await startSimulatorProcess(jobs);
    const app = await startAppProcess(sim.url);
    try {
      const token = await signIn(sim.url);
      const request = { connectionId: app.connectionId, filter: {}, requestId: 'bench' };
      let gap: number | undefined;
      const first = await app.invoke('jobs:fetch', request);
      const vmRuns = fetched(first);
      const body = await floor(sim, token);
      if (label === '100k') {
        const peak = await app.peakBytes();
        console.log(
          `Whole fetch of ${vmRuns} VM runs: body ${megabytes(body.bytes)}, app's peak memory ${megabytes(peak)}`,
        );
        rows.push(...peakRow(`Peak memory of a ${label} VM-run fetch (app process)`, peak, body.bytes));
        // The second fetch of the process, as for XML (later ones would also meet the garbage of every fetch before).
        gap = await longestGap(app, () => app.invokeUnread('jobs:fetch', request));
      }
      // Fill the operation-type cache first (400 look-ups a fetch) where that is quick: this row is the fetch.
      for (let warm = 0; warm < (label === '10k' ? 4 : 1); warm++) fetched(await app.invoke('jobs:fetch', request));
      const ours: number[] = [];
      const floors: number[] = [];
      for (let round = 0; round < rounds; round++) {
        gc?.();
        floors.push((await floor(sim, token)).ms);
        gc?.();
        const start = performance.now();
        fetched(await app.invoke('jobs:fetch', request));
        ours.push(performance.now() - start);
      }
      rows.push({
        benchmark: `Whole jobs:fetch, ${label} VM runs, browser mode`,
        ours: pairedSample(ours, floors),
        baseline: summarise(floors),
        baselineName: 'request + JSON.parse',
        target: 1.5,
      });
      if (gap !== undefined) rows.push(gapRow(`Longest unanswered gap during a ${label} VM-run JSON fetch`, gap));
    } finally {
      await app.close();
      await sim.close();
    }
  }
  rows.splice(1, 0, await ipcShape());
  return rows;
}

/** The Electron IPC shape at 10k: the core in this process, its packed answer structured-cloned and unpacked. */
async function ipcShape(): Promise<Row> {
  const sim = await startSimulatorProcess(1400);
  const { app: core, connectionId } = await benchCore(sim.url);
  try {
    const token = await signIn(sim.url);
    const request = { connectionId, filter: {}, requestId: 'bench' };
    const invoke = async () =>
      fetched(
        resultFromWire(
          'jobs:fetch',
          structuredClone(resultToWire('jobs:fetch', await core.dispatch('jobs:fetch', request))),
        ),
      );
    for (let warm = 0; warm < 4; warm++) await invoke();
    const ours: number[] = [];
    const floors: number[] = [];
    for (let round = 0; round < ROUNDS_10K; round++) {
      gc?.();
      floors.push((await floor(sim, token)).ms);
      gc?.();
      const start = performance.now();
      await invoke();
      ours.push(performance.now() - start);
    }
    return {
      benchmark: 'Whole jobs:fetch, 10k VM runs, IPC shape',
      ours: pairedSample(ours, floors),
      baseline: summarise(floors),
      baselineName: 'request + JSON.parse',
      target: 1.5,
    };
  } finally {
    await core.close();
    await sim.close();
  }
}

export function megabytes(bytes: number | undefined): string {
  return bytes === undefined ? 'not known here (read from /proc on Linux)' : `${(bytes / 1e6).toFixed(0)} MB`;
}

/** The app's peak memory against the body's size; no row where the system does not tell the peak. */
export function peakRow(benchmark: string, peak: number | undefined, bodyBytes: number): Row[] {
  if (peak === undefined) return [];
  return [
    {
      benchmark,
      unit: 'MB',
      ours: { median: peak / 1e6, min: peak / 1e6 },
      baseline: { median: bodyBytes / 1e6, min: bodyBytes / 1e6 },
      baselineName: 'body size',
      target: 5,
    },
  ];
}

/** What the page asks while it waits: the app must keep answering this within the goal. */
export const GAP_GOAL_MS = 200;

/**
 * While `fetch` runs, the page's other calls are sent one after another (`app:info`, the smallest); the longest any
 * of them waited for its answer is the longest the page went unanswered. The fetch's own answer is received but not
 * read here: reading it is the page's work, in another process, and would hold up this one's measuring.
 */
export async function longestGap(
  app: AppProcess,
  fetch: () => Promise<{ type: string; bytes: number }>,
): Promise<number> {
  let done = false;
  const fetching = fetch().finally(() => (done = true));
  let longest = 0;
  while (!done) {
    const start = performance.now();
    const info = await app.invoke('app:info', {});
    if (!info.ok) throw new Error(info.error.message);
    longest = Math.max(longest, performance.now() - start);
  }
  const answer = await fetching;
  // A fetch answers with operations as a binary frame; an error is JSON.
  if (answer.type !== FRAME_CONTENT_TYPE) throw new Error(`the fetch failed (${answer.type}, ${answer.bytes} bytes)`);
  return longest;
}

export function gapRow(benchmark: string, gap: number): Row {
  return {
    benchmark,
    ours: { median: gap, min: gap },
    baseline: { median: GAP_GOAL_MS, min: GAP_GOAL_MS },
    baselineName: 'the goal',
    target: 1,
  };
}
