import { describe, expect, it } from 'vitest';
import {
  backtest,
  forecastBand,
  forecastRto,
  forecastTable,
  MIN_FORECAST_RUNS,
  pooledBacktest,
} from '../../electron/contract/evidence.js';
import { timedOperation } from './pathOperations.js';

const T = 1_700_000_000;
const DAY = 86_400;

describe('the RTO forecast', () => {
  it('is not made from fewer than 5 runs', () => {
    expect(MIN_FORECAST_RUNS).toBe(5);
    expect(forecastRto([100, 200, 300, 400])).toBeNull();
    expect(forecastRto([100, 200, 300, 400, 500])).toMatchObject({ runs: 5 });
  });

  it('gives the steady RTO of a group that always takes as long', () => {
    expect(forecastRto(Array(12).fill(600))).toEqual({ runs: 12, p50: 600, p90: 600 });
  });

  it('follows a group whose recoveries got slower, weighting recent runs more', () => {
    const slower = [...Array<number>(20).fill(600), ...Array<number>(10).fill(1200)];
    const forecast = forecastRto(slower)!;
    expect(forecast.p50).toBe(1200);
    expect(forecast.p90).toBe(1200);
    // An unweighted median of the same runs would still say 600.
  });

  it('has a P90 at or above its P50', () => {
    const rtos = [300, 900, 450, 1200, 700, 640, 800, 560, 1000, 410];
    const f = forecastRto(rtos)!;
    expect(f.p90).toBeGreaterThanOrEqual(f.p50);
    expect(rtos).toContain(f.p50);
  });
});

describe('the back-test', () => {
  it('forecasts each run only from the runs strictly before it', () => {
    const rtos = [100, 150, 120, 130, 140, 110, 5000];
    const test = backtest(rtos);
    // Runs 6 and 7 are forecast (5 before each); the outlier is the second and is missed.
    expect(test.runs).toBe(2);
    expect(test.hits).toBe(1);
    expect(test.p90Coverage).toBe(0.5);
    // Changing the last run changes only its own forecast's score, never an earlier one's.
    const changed = backtest([...rtos.slice(0, -1), 100]);
    expect(changed.errors[0]).toBe(test.errors[0]);
  });

  it('pools several back-tests into the overall figures', () => {
    const a = backtest([10, 10, 10, 10, 10, 10, 10]);
    const b = backtest([10, 10, 10, 10, 10, 50]);
    const all = pooledBacktest([a, b]);
    expect(all.runs).toBe(3);
    expect(all.p90Coverage).toBeCloseTo(2 / 3);
    expect(all.p50Error).toBe(0);
  });
});

describe('the forecast table', () => {
  const ops = [
    ...Array.from({ length: 7 }, (_, i) =>
      timedOperation(100 + i, { 'a-01': [[7, T + i * DAY, T + i * DAY + 600 + i]] }, { group: 7 }),
    ),
    ...Array.from({ length: 3 }, (_, i) =>
      timedOperation(200 + i, { 'b-01': [[7, T + i * DAY, T + i * DAY + 60]] }, { group: 8 }),
    ),
    timedOperation(
      300,
      {
        'a-01': [
          [7, T, T + 10],
          [1, T + 10, T + 20, 'failed'],
        ],
      },
      { group: 7 },
    ),
    timedOperation(301, { 'a-01': [[49, T, T + 10]] }, { group: 7, type: 'undo-failover' }),
  ];

  it('has a row per group and recovery type, from that group’s recoveries with an RTO only', () => {
    const rows = forecastTable(ops, { rtoTargetSeconds: 3600, rtoTargetsByGroup: { '7': 300 } });
    expect(rows.map((r) => [r.groupId, r.operationType, r.runs])).toEqual([
      [7, 'test-boot', 7],
      [8, 'test-boot', 3],
    ]);
    expect(rows[0]!.forecast).toMatchObject({ runs: 7 });
    expect(rows[0]!.target).toBe(300);
    expect(rows[0]!.backtest.runs).toBe(2);
    expect(rows[1]!.forecast).toBeNull();
  });

  it('says a band over the target is at risk', () => {
    expect(forecastBand({ runs: 9, p50: 6000, p90: 7800 }, 7200).words).toBe('P90 2h 10m > target 2h 00m: at risk');
    expect(forecastBand({ runs: 9, p50: 600, p90: 700 }, 7200)).toMatchObject({ kind: 'on-track' });
    expect(forecastBand({ runs: 9, p50: 600, p90: 700 }, null)).toMatchObject({ kind: 'no-target' });
  });
});
