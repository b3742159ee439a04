import { normaliseJobStats } from '../electron/commvault/normaliseJobStats.js';
import { backtestIgnoringGroups, criticalPath, forecastTable, pooledBacktest } from '../electron/contract/evidence.js';
import type { DrOperation } from '../electron/contract/model.js';
import { buildDataset } from '../electron/simulator/dataset.js';
import { jobStatsBody } from '../electron/simulator/render.js';
import { compare, type Row } from './measure.js';

const ANCHOR = 1_790_000_000;

function operationsOf(options: { seed: number; groups: number; vms: number; jobs: number }): {
  json: string;
  operations: DrOperation[];
} {
  const dataset = buildDataset({ ...options, anchor: ANCHOR });
  const json = JSON.stringify(jobStatsBody(dataset, {}, ANCHOR));
  return { json, operations: normaliseJobStats(JSON.parse(json)) };
}

/** The critical paths of every operation of a 100,000-VM-run fetch, beside that fetch's parse and normalise. */
export function criticalPathBenchmark(): Row {
  const { json, operations } = operationsOf({ seed: 5, groups: 40, vms: 10, jobs: 13_500 });
  const vmRuns = operations.reduce((n, op) => n + op.vms.length, 0);
  console.log(`Critical paths: ${operations.length} operations, ${vmRuns} VM runs`);
  const times = compare(5, {
    ours: () => {
      for (const op of operations) criticalPath(op);
    },
    baseline: () => normaliseJobStats(JSON.parse(json)),
  });
  return {
    benchmark: `Critical paths of a ${Math.round(vmRuns / 1000)}k-VM-run fetch`,
    ours: times.ours!,
    baseline: times.baseline!,
    baselineName: 'the fetch: JSON.parse + normalise',
    target: 0.2,
  };
}

/** Forecasts and back-tests of 50 groups × 200 recoveries each, beside one JSON.parse of those operations. */
export function forecastBenchmark(): Row {
  const operations: DrOperation[] = [];
  let jobId = 1;
  for (let group = 1; group <= 50; group++)
    for (let run = 0; run < 200; run++) {
      const start = ANCHOR - (200 - run) * 86_400;
      const rto = 600 + ((group * 7919 + run * 104_729) % 900);
      operations.push({
        jobId: jobId++,
        drGroupId: group,
        operationType: 'test-boot',
        operationTypeSource: 'commserve',
        vms: [
          {
            jobId: jobId - 1,
            replicationId: group,
            drGroupId: group,
            client: { id: group, name: `vm-${group}` },
            phases: [
              {
                code: 42,
                name: 'Clone VM',
                status: 'succeeded',
                rawStatus: 0,
                start,
                end: start + rto,
                duration: rto,
                machine: null,
                errorMessage: null,
                childJobId: null,
              },
            ],
            start,
            end: start + rto,
            status: 'succeeded',
            failedPhases: 0,
          },
        ],
        start,
        end: start + rto,
        duration: rto,
        rto,
        status: 'succeeded',
        failedPhases: 0,
        runningPhases: 0,
      });
    }
  const json = JSON.stringify(operations);
  const targets = { rtoTargetSeconds: 3600, rtoTargetsByGroup: {} };
  const times = compare(7, {
    ours: () => forecastTable(operations, targets),
    baseline: () => JSON.parse(json),
  });
  console.log(
    `Forecasts of 50 groups × 200 runs with their back-tests: ${times.ours!.median.toFixed(0)} ms (goal: under 500 ms)`,
  );
  return {
    benchmark: 'Forecasts + back-tests: 50 groups × 200 runs',
    ours: times.ours!,
    baseline: times.baseline!,
    baselineName: 'JSON.parse of them',
    target: 5,
  };
}

/** The forecast's back-test on two simulator seeds, beside a forecast that ignores each group's history. */
export function forecastQuality(): void {
  console.log(
    '\nForecast quality (back-test, rows with at least 10 runs; targets: P90 coverage 0.85–0.95, P50 error ≤ 0.25)',
  );
  for (const seed of [1, 2]) {
    const { operations } = operationsOf({ seed, groups: 5, vms: 8, jobs: 1000 });
    const rows = forecastTable(operations, { rtoTargetSeconds: 3600, rtoTargetsByGroup: {} }).filter(
      (r) => r.backtest.runs >= 10,
    );
    const own = pooledBacktest(rows.map((r) => r.backtest));
    const blind = backtestIgnoringGroups(operations);
    const ok = (b: typeof own) =>
      b.p90Coverage! >= 0.85 && b.p90Coverage! <= 0.95 && b.p50Error! <= 0.25 ? 'ok' : 'MISSES';
    const line = (name: string, b: typeof own) =>
      `  seed ${seed} ${name.padEnd(26)} runs ${String(b.runs).padStart(4)}  P90 coverage ${b.p90Coverage!.toFixed(3)}  P50 error ${b.p50Error!.toFixed(3)}  ${ok(b)}`;
    console.log(line('group history (ours)', own));
    console.log(line('ignoring group history', blind));
  }
}
