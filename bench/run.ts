import { jobStatsBenchmarks } from './jobstats.js';
import { printTable, type Row } from './measure.js';

/** `npm run bench`: prints timings beside their baselines. Speed goals live here, never in the tests. */
const rows: Row[] = [...jobStatsBenchmarks()];
console.log('');
printTable(rows);
