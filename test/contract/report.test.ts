import { describe, expect, it } from 'vitest';
import { cssString, evidenceReport, runningHeader, type EvidenceReportInput } from '../../electron/contract/report.js';
import { operation } from './evidenceOperations.js';

const input = (operations: EvidenceReportInput['operations']): EvidenceReportInput => ({
  operations,
  history: operations,
  scopeText: 'all DR groups · all time',
  groupNames: { '7': 'Finance' },
  targets: { rtoTargetSeconds: 3600, rtoTargetsByGroup: {} },
  intervals: null,
  asOf: 2_000_000,
  generatedAt: 2_000_100,
  server: { name: 'Prod "main"', address: 'https://cs/commandcenter/api' },
  savedRun: null,
  stale: null,
  app: { name: 'DR Job Stats', version: 'test' },
  dataSha256: 'a'.repeat(64),
  record: null,
});

describe('the evidence report model', () => {
  it('draws a timeline of every failed operation of any type, not only recoveries over target', () => {
    const failback = operation(11, [16, 1], { failedVms: 1 });
    const undo = operation(12, [49], { failedVms: 1 });
    const fine = operation(13, [15, 2]);
    expect(failback.operationType).toBe('failback');
    expect(undo.operationType).toBe('undo-failover');
    const model = evidenceReport(input([failback, undo, fine]));
    expect(model.timelines.map((r) => r.op.jobId)).toEqual([11, 12]);
  });

  it('heads every page with the CommServe, the scope and the evidence hash, safe as a CSS string', () => {
    const model = evidenceReport(input([operation(13, [15, 2])]));
    expect(runningHeader(model)).toBe(`Prod "main" · all DR groups · all time · answer SHA-256 ${'a'.repeat(64)}`);
    const recorded = { ...model, record: { evidenceSha256: 'b'.repeat(64) } as NonNullable<typeof model.record> };
    expect(runningHeader(recorded)).toMatch(/evidence SHA-256 b{64}$/);
    expect(cssString('a "b" \\ </style>\nnext')).toBe('"a \\"b\\" \\\\ \\3C /style> next"');
  });
});
