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
      ]
        .map((name) => `"${name}"`)
        .join(','),
    );
    expect(first).toBe(
      `"phase","'-vm01","Power On",30,90,60,200,"both","yes","slower",` +
        `"'=Monday, ""Tier 1""","Tuesday",600,,"recovered","not recovered (1 of 2 VMs)",`,
    );
    // An empty name is an empty quoted text, unlike a missing one.
    expect(second!.startsWith('"vm","",,,5,,,"right-only","no",,')).toBe(true);
    const records = parse(csv, { columns: true }) as Record<string, string>[];
    expect(records.map((r) => r.left)).toEqual([`'=Monday, "Tier 1"`, `'=Monday, "Tier 1"`]);
  });
});
