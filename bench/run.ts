import { jobStatsBenchmarks, operationTypeBenchmark } from './jobstats.js';
import { printTable, type Row } from './measure.js';
import { renderBenchmarks } from './render.js';
import { csvBenchmark, libraryBenchmark } from './reports.js';

/** `npm run bench`: prints timings beside their baselines. Speed goals live here, never in the tests. */
const rows: Row[] = [
  ...jobStatsBenchmarks(),
  await operationTypeBenchmark(),
  csvBenchmark(),
  await libraryBenchmark(),
  ...(await renderBenchmarks()),
];
console.log('');
printTable(rows);
