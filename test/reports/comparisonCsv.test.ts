import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ComparisonSchema } from '../../electron/contract/compare.js';
import { comparisonCsv } from '../../electron/reports/comparisonCsv.js';

const COMPARISON = ComparisonSchema.parse({
  mode: 'runs',
  leftLabel: '=Monday, "Tier 1"',
  rightLabel: 'Tuesday',
  leftRto: 600,
  rightRto: null,
  rightRtoLabel: 'not recovered (1 of 2 VMs)',
  scopeWarning: null,
  regressions: 1,
  rows: [
    {
      level: 'phase',
      vm: '-vm01',
      phase: 'Power On',
      left: 30,
      right: 90,
      delta: 60,
      deltaPercent: 200,
      presence: 'both',
      regression: true,
      reason: 'slower',
    },
    {
      level: 'vm',
      vm: '',
      phase: null,
      left: null,
      right: 5,
      delta: null,
      deltaPercent: null,
      presence: 'right-only',
      regression: false,
    },
  ],
});

describe('the comparison CSV', () => {
  it('names each column and states both sides on every row, neutralised', () => {
    const csv = comparisonCsv(COMPARISON, { delimiter: ',', bom: false });
    const [header, first, second] = csv.split('\r\n');
    expect(header).toBe(
      [
        'level',
        'vm',
        'phase',
        'left_seconds',
        'right_seconds',
        'delta_seconds',
        'delta_percent',
        'presence',
        'regression',
        'regression_reason',
        'left',
        'right',
        'left_rto_seconds',
        'right_rto_seconds',
        'left_rto_result',
        'right_rto_result',
        'scope_warning',
        'improvement',
        'left_failures',
        'left_runs',
        'left_failure_percent',
        'right_failures',
        'right_runs',
        'right_failure_percent',
        'left_not_recovered',
        'left_recoveries',
        'right_not_recovered',
        'right_recoveries',
        'left_live_breaches',
        'right_live_breaches',
      ]
        .map((name) => `"${name}"`)
        .join(','),
    );
    expect(first).toBe(
      `"phase","'-vm01","Power On",30,90,60,200,"both","yes","slower",` +
        `"'=Monday, ""Tier 1""","Tuesday",600,,"recovered","not recovered (1 of 2 VMs)",,` +
        // No improvement; no failures and no rates (this hand-made row counts no runs); nothing not recovered or live.
        `,0,0,,0,0,,0,0,0,0,0,0`,
    );
    // An empty name is an empty quoted text, unlike a missing one.
    expect(second!.startsWith('"vm","",,,5,,,"right-only","no",,')).toBe(true);
    const records = parse(csv, { columns: true }) as Record<string, string>[];
    expect(records.map((r) => r.left)).toEqual([`'=Monday, "Tier 1"`, `'=Monday, "Tier 1"`]);
  });

  it('states the direction and the failure rates of runs of different sizes, and live breaches', () => {
    const runs = ComparisonSchema.parse({
      ...COMPARISON,
      leftNotRecovered: 1,
      leftRecoveries: 2,
      rightNotRecovered: 2,
      rightRecoveries: 20,
      rightLiveBreaches: 1,
      regressions: 0,
      improvements: 1,
      rows: [
        {
          level: 'phase',
          vm: null,
          phase: 'Power On',
          left: 100,
          right: 100,
          delta: 0,
          deltaPercent: 0,
          presence: 'both',
          regression: false,
          improvement: 'fewer-failures',
          leftFailures: 1,
          leftRuns: 2,
          rightFailures: 2,
          rightRuns: 20,
        },
      ],
    });
    const [record] = parse(comparisonCsv(runs, { delimiter: ',', bom: false }), { columns: true }) as Record<
      string,
      string
    >[];
    expect(record).toMatchObject({
      regression: 'no',
      improvement: 'fewer-failures',
      left_failures: '1',
      left_runs: '2',
      left_failure_percent: '50',
      right_failures: '2',
      right_runs: '20',
      right_failure_percent: '10',
      left_not_recovered: '1',
      left_recoveries: '2',
      right_not_recovered: '2',
      right_recoveries: '20',
      left_live_breaches: '0',
      right_live_breaches: '1',
    });
  });
});
