import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { normaliseJobStats } from '../electron/commvault/normaliseJobStats.js';
import type { RunContent } from '../electron/contract/run.js';
import { reportColumns, reportCsv, reportRows, type CsvContext } from '../electron/reports/csv.js';
import { buildDataset } from '../electron/simulator/dataset.js';
import { jobStatsBody } from '../electron/simulator/render.js';
import { sha256 } from '../electron/storage/runFile.js';
import { RunLibrary } from '../electron/storage/runLibrary.js';
import { compare, pairedSample, summarise, type Row, type Sample } from './measure.js';

const ANCHOR = 1_790_000_000;

/** The phases CSV of 100,000+ phases, beside csv-stringify alone on the very same rows. */
export function csvBenchmark(): Row {
  const dataset = buildDataset({ seed: 3, groups: 20, vms: 10, jobs: 2300, anchor: ANCHOR });
  const operations = normaliseJobStats(jobStatsBody(dataset, {}, ANCHOR));
  const context: CsvContext = {
    groupNames: {},
    rtoTargetSeconds: 3600,
    rtoTargetsByGroup: {},
    timeZone: 'Europe/Berlin',
    asOf: ANCHOR,
  };
  const rows = [...reportRows('phases', operations, context)];
  console.log(`CSV: ${rows.length} phases`);
  const options = { delimiter: ',' as const, bom: true };
  const times = compare(7, {
    ours: () => reportCsv('phases', operations, context, options),
    baseline: () =>
      stringify(rows, {
        delimiter: ',',
        bom: true,
        header: true,
        columns: [...reportColumns('phases')],
        quoted_string: true,
        record_delimiter: 'windows',
      }),
  });
  return {
    benchmark: `CSV export: ${rows.length} phases`,
    ours: times.ours!,
    baseline: times.baseline!,
    baselineName: 'csv-stringify alone',
    target: 1.5,
  };
}

/**
 * Warm listings of two libraries, interleaved, each sample a batch of listings (one takes microseconds: timed
 * alone, it is the clock's and the machine's noise), with the median of per-round paired ratios.
 */
async function timeListings(many: RunLibrary, few: RunLibrary, rounds: number, batch: number) {
  const times = { many: [] as number[], few: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    for (const [name, library] of [
      ['many', many],
      ['few', few],
    ] as const) {
      const start = performance.now();
      for (let i = 0; i < batch; i++) await library.list();
      times[name].push((performance.now() - start) / batch);
    }
  }
  return { many: pairedSample(times.many, times.few), few: summarise(times.few) };
}

/** Listing the runs library as the Runs screen does, with 5 and with 500 saved runs. */
export async function libraryBenchmark(): Promise<Row> {
  const dataset = buildDataset({ seed: 4, groups: 3, vms: 4, jobs: 8, anchor: ANCHOR });
  const rawBody = JSON.stringify(jobStatsBody(dataset, {}, ANCHOR));
  const content: RunContent = {
    server: { connectionName: 'Bench', webService: 'https://cs.example.com/commandcenter/api' },
    query: { filter: {}, format: 'json', endpoint: 'DR/JobStats', path: 'DR/JobStats' },
    fetchedAt: ANCHOR,
    appVersion: 'bench',
    contentType: 'application/json',
    rawBody,
    rawBodySha256: sha256(rawBody),
    groupNames: {},
    rtoTargetSeconds: null,
    rtoTargetsByGroup: {},
    operations: normaliseJobStats(JSON.parse(rawBody) as Record<string, unknown>),
  };
  const libraries: { library: RunLibrary; dir: string; cold: Sample }[] = [];
  for (const count of [5, 500]) {
    const dir = await mkdtemp(join(tmpdir(), 'drjs-bench-runs-'));
    const library = new RunLibrary(dir);
    for (let i = 0; i < count; i++) await library.save(content, `Run ${i}`);
    const cold: number[] = [];
    for (let i = 0; i < 15; i++) {
      const start = performance.now();
      await new RunLibrary(dir).list();
      cold.push(performance.now() - start);
    }
    cold.sort((a, b) => a - b);
    await library.list();
    libraries.push({ library, dir, cold: { median: cold[7]!, min: cold[0]! } });
  }
  const [five, many] = libraries as [(typeof libraries)[0], (typeof libraries)[0]];
  const warm = await timeListings(many.library, five.library, 15, 200);
  for (const { dir } of libraries) await rm(dir, { recursive: true, force: true });
  console.log(
    `Runs library, first listing after start (reads the index): 5 runs ${five.cold.median.toFixed(2)} ms, 500 runs ${many.cold.median.toFixed(2)} ms`,
  );
  return {
    benchmark: 'Runs library listing: 500 vs 5 runs',
    ours: warm.many,
    baseline: warm.few,
    baselineName: '5 runs',
    target: 1.5,
  };
}
