import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { CHROMIUM_LAUNCH } from '../playwright.config.js';
import { CommvaultSimulator } from '../electron/simulator/server.js';
import { startWebServer } from '../electron/web/server.js';
import { benchCore } from './core.js';
import { summarise, type Row, type Sample } from './measure.js';
import { rawBody } from './wholePath/wholePath.js';
import { signIn, startSimulatorProcess } from './wholePath/simulatorProcess.js';

const STATIC_DIR = fileURLToPath(new URL('../out/renderer', import.meta.url));

/** The app's browser mode on a simulator, and a Chromium to drive it; `close` tears all of it down. */
async function browserModeRig(simulatorUrl: string) {
  const { app, downloads, dataDir } = await benchCore(simulatorUrl);
  const server = await startWebServer({ app, downloads, staticDir: STATIC_DIR });
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  return {
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Data arrival → the jobs table on screen, and → Svelte having applied it (`rendered`, the work that grows with the
 * data; the rest is a wait for the next frame).
 */
async function timeTablePaint(
  jobs: number,
  rounds: number,
): Promise<{ painted: Sample; rendered: Sample; vmRuns: number }> {
  const simulator = await CommvaultSimulator.start({ seed: 1, groups: 20, vms: 10, jobs, running: 0 });
  const rig = await browserModeRig(simulator.url);
  const { server, browser } = rig;
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    await page.goto(server.newLink());
    await page.getByTestId('summary').waitFor();
    const painted: number[] = [];
    const rendered: number[] = [];
    for (let round = 0; round < rounds + 1; round++) {
      await page.evaluate(() => performance.clearMarks());
      await page.getByRole('button', { name: 'Fetch' }).click();
      // No function inside the page's function: the bench's TypeScript loader would name it with a helper the page lacks.
      const spans = await page.waitForFunction(() => {
        const [arrived, done, shown] = ['drjs:data-arrived', 'drjs:table-rendered', 'drjs:table-painted'].map(
          (name) => performance.getEntriesByName(name)[0]?.startTime,
        );
        return arrived !== undefined && done !== undefined && shown !== undefined
          ? [shown - arrived, done - arrived]
          : null;
      });
      const [shown, done] = (await spans.jsonValue()) as [number, number];
      if (round > 0) {
        painted.push(shown);
        rendered.push(done);
      }
    }
    return { painted: summarise(painted), rendered: summarise(rendered), vmRuns: simulator.dataset.vmRunCount };
  } finally {
    await rig.close();
    await simulator.close();
  }
}

/**
 * Paints per size. Each paint waits for the next frame, up to 16.7 ms at 60 Hz, as long as the whole paint of the
 * small table: with 9 rounds its median, and so the row, came out 0.8–1.64.
 */
const PAINT_ROUNDS = 21;

/** Data arrival → jobs table painted, 100 vs 10,000 VM runs, in Chromium through the browser mode. */
export async function renderBenchmarks(): Promise<Row[]> {
  const small = await timeTablePaint(14, PAINT_ROUNDS);
  const large = await timeTablePaint(1400, PAINT_ROUNDS);
  const ms = (s: Sample) => `${s.median.toFixed(1)} ms`;
  console.log(
    `Table paint: ${small.vmRuns} VM runs vs ${large.vmRuns} VM runs; applied by Svelte after ${ms(small.rendered)} vs ${ms(large.rendered)} (sorting and judging every operation), on screen after ${ms(small.painted)} vs ${ms(large.painted)}`,
  );
  return [
    {
      benchmark: `Jobs table paint: ${large.vmRuns} vs ${small.vmRuns} VM runs`,
      ours: large.painted,
      baseline: small.painted,
      baselineName: `${small.vmRuns} VM runs`,
      target: 1.5,
    },
  ];
}

/**
 * Click Fetch → the first rows painted, for 10,000 VM runs in Chromium through the browser mode, beside the time to
 * fetch the raw JobStats body alone from the same simulator (run in its own process, as a CommServe is). The first
 * rows are the fetch's preview (its first jobs, shown while the rest arrives), or the table if that came first.
 */
export async function firstRowsBenchmark(): Promise<Row> {
  const simulator = await startSimulatorProcess(1400);
  const rig = await browserModeRig(simulator.url);
  const { server, browser } = rig;
  try {
    const token = await signIn(simulator.url);
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    await page.goto(server.newLink());
    await page.getByTestId('summary').waitFor();
    await page.getByLabel('Auto-refresh while running').uncheck();
    const ours: number[] = [];
    const arrivals: number[] = [];
    const raw: number[] = [];
    // The first fetches fill the operation-type cache (400 look-ups each); the row is the fetch after that.
    for (let round = 0; round < 4 + 5; round++) {
      raw.push(await rawBody(simulator, token));
      await page.evaluate(() => performance.clearMarks());
      await page.getByRole('button', { name: 'Fetch' }).click();
      const ms = await page.waitForFunction(() => {
        const started = performance.getEntriesByName('drjs:fetch-started')[0];
        const arrived = performance.getEntriesByName('drjs:data-arrived')[0];
        const painted = performance.getEntriesByName('drjs:first-rows-painted')[0];
        return started && arrived && painted
          ? [painted.startTime - started.startTime, arrived.startTime - started.startTime]
          : null;
      });
      const [total, arrival] = (await ms.jsonValue()) as [number, number];
      if (round >= 4) {
        ours.push(total);
        arrivals.push(arrival);
      }
    }
    console.log(
      `First rows: painted after ${summarise(ours).median.toFixed(0)} ms; the whole answer reaches the page after ${summarise(arrivals).median.toFixed(0)} ms`,
    );
    return {
      benchmark: 'Fetch → first rows painted, 10k VM runs',
      ours: summarise(ours),
      baseline: summarise(raw.slice(4)),
      baselineName: 'raw body fetch',
      target: 1.2,
    };
  } finally {
    await rig.close();
    await simulator.close();
  }
}
