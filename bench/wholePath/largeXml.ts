import type { Row } from '../measure.js';
import { signIn, startSimulatorProcess } from './simulatorProcess.js';
import { startAppProcess } from './appProcess.js';
import { fetched, gapRow, longestGap, megabytes, peakRow } from './wholePath.js';

/** Jobs of the benchmark data set (10 VMs each) whose XML answer is about 100 MB. */
const JOBS_FOR_100_MB = 10_000;

/**
 * A 100 MB XML answer through the browser mode's process, as a page sees it: the app must keep answering while it
 * reads the answer (longest gap), in memory bounded by the answer (a fresh process's peak against the body's size).
 * Before, XML was parsed whole on the process that answers the page: 147 MB took 43 s with nothing answered and
 * 1.45 GB.
 */
export async function largeXmlBenchmarks(): Promise<Row[]> {
  const sim = await startSimulatorProcess(JOBS_FOR_100_MB);
  const app = await startAppProcess(sim.url, 'xml');
  try {
    const token = await signIn(sim.url);
    const response = await fetch(`${sim.url}/DR/JobStats`, {
      headers: { Authtoken: token, Accept: 'application/xml' },
    });
    const bytes = (await response.arrayBuffer()).byteLength;
    const request = { connectionId: app.connectionId, filter: {}, requestId: 'bench-xml' };
    // The first fetch of a fresh process, nothing else asked: its peak is what the fetch needs (as for JSON above).
    fetched(await app.invoke('jobs:fetch', request));
    const peak = await app.peakBytes();
    // Then the page asking all the while (far more often than a page does, so its garbage is not the fetch's).
    const gap = await longestGap(app, () => app.invokeUnread('jobs:fetch', request));
    console.log(
      `Whole fetch of a ${megabytes(bytes)} XML answer: app's peak memory ${megabytes(peak)}, longest gap ${gap.toFixed(0)} ms`,
    );
    return [
      ...peakRow(`Peak memory of a ${megabytes(bytes)} XML fetch (app process)`, peak, bytes),
      gapRow(`Longest unanswered gap during a ${(bytes / 1e6).toFixed(0)} MB XML fetch`, gap),
    ];
  } finally {
    await app.close();
    await sim.close();
  }
}
