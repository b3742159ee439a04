import { jobStatsBenchmarks, operationTypeBenchmark, xmlCheckBenchmark } from './jobstats.js';
import { printTable, type Row } from './measure.js';
import { firstRowsBenchmark, renderBenchmarks } from './render.js';
import { largeXmlBenchmarks } from './wholePath/largeXml.js';
import { wholePathBenchmarks } from './wholePath/wholePath.js';
import { csvBenchmark, libraryBenchmark } from './reports.js';
import { criticalPathBenchmark, forecastBenchmark, forecastQuality } from './forecast.js';

/** `npm run bench`: prints timings beside their baselines. Speed goals live here, never in the tests. */
const started = performance.now();
const rows: Row[] = [
  ...jobStatsBenchmarks(),
  xmlCheckBenchmark(),
  await operationTypeBenchmark(),
  csvBenchmark(),
  await libraryBenchmark(),
  ...(await renderBenchmarks()),
  ...(await wholePathBenchmarks()),
  ...(await largeXmlBenchmarks()),
  await firstRowsBenchmark(),
  criticalPathBenchmark(),
  forecastBenchmark(),
];
forecastQuality();
console.log('');
printTable(rows);
console.log(`\nAll benchmarks: ${((performance.now() - started) / 1000).toFixed(0)} s (goal: under 300 s)`);
