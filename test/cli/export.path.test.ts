import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exitCodes.js';
import { exportCommand } from '../../electron/cli/exportCommand.js';
import { ConnectionProfileSchema } from '../../electron/contract/connections.js';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { SettingsStore } from '../../electron/storage/settingsStore.js';
import { signedInClient, startSimulator } from '../helpers/commvault.js';

let sim: CommvaultSimulator;
let dir: string;
let token = '';

/** The export in-process, as the CLI runs it, against the simulator over loopback: the CSV's rows. */
async function exportRows(report: string): Promise<Record<string, string>[]> {
  const out = join(dir, `${report}.csv`);
  const lines: string[] = [];
  const code = await exportCommand(
    ['--connection', 'Prod CommServe', '--out', out, '--data-dir', dir, '--utc', '--report', report],
    { env: { DRJS_TOKEN: token }, out: (l) => lines.push(l), err: (l) => lines.push(l) },
  );
  expect(lines.join('\n')).toMatch(/^Wrote /);
  expect(code).toBe(EXIT.ok);
  return parse(await readFile(out), { bom: true, columns: true }) as Record<string, string>[];
}

beforeAll(async () => {
  sim = await startSimulator({ seed: 1, jobs: 1000 });
  await signedInClient(sim, { onTokenChange: (t) => t && (token = t) });
});
afterAll(() => sim.close());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drjs-cli-path-'));
  await new SettingsStore(dir).update((s) => ({
    ...s,
    connections: [
      ConnectionProfileSchema.parse({ id: 'prod', name: 'Prod CommServe', webService: sim.url, rtoTargetMinutes: 120 }),
    ],
  }));
  return () => rm(dir, { recursive: true, force: true });
});

describe('dr-job-stats export --report critical-path and forecast (--seed 1 --jobs 1000)', () => {
  it('writes for every operation with an RTO the segments that add up to it exactly, and none for the others', async () => {
    const operations = await exportRows('operations');
    const segments = await exportRows('critical-path');
    expect(Object.keys(segments[0]!)).toEqual([
      'job_id',
      'dr_group',
      'segment',
      'vm',
      'phase_or_wait',
      'start',
      'end',
      'time_zone',
      'seconds',
      'share',
      'scope',
    ]);
    const sums = new Map<string, number>();
    for (const row of segments) sums.set(row.job_id!, (sums.get(row.job_id!) ?? 0) + Number(row.seconds));
    const withRto = operations.filter((op) => op.rto_seconds !== '');
    expect(withRto.length).toBeGreaterThan(300);
    for (const op of withRto) expect([op.job_id, sums.get(op.job_id!)]).toEqual([op.job_id, Number(op.rto_seconds)]);
    // A running or failed recovery has no RTO and so no path.
    const without = new Set(operations.filter((op) => op.rto_seconds === '').map((op) => op.job_id));
    expect(operations.some((op) => op.status === 'running')).toBe(true);
    expect(segments.filter((row) => without.has(row.job_id))).toEqual([]);
    const kinds = new Set(segments.map((row) => row.phase_or_wait));
    expect(kinds).toContain('waiting for approval');
    expect(kinds).toContain('priority interval');
  });

  it('forecasts each group’s next RTO with a back-test whose P90 covers 85–95 % of the actual RTOs', async () => {
    const rows = await exportRows('forecast');
    expect(Object.keys(rows[0]!)).toEqual([
      'dr_group',
      'operation_type',
      'runs',
      'p50_seconds',
      'p90_seconds',
      'target_seconds',
      'backtest_runs',
      'backtest_p90_coverage',
      'backtest_p50_error',
      'scope',
    ]);
    for (const row of rows)
      if (Number(row.runs) < 5) expect([row.p50_seconds, row.p90_seconds]).toEqual(['', '']);
      else expect(Number(row.p90_seconds)).toBeGreaterThanOrEqual(Number(row.p50_seconds));
    const tested = rows.filter((row) => Number(row.backtest_runs) >= 10);
    expect(tested.length).toBeGreaterThanOrEqual(5);
    const runs = tested.reduce((n, row) => n + Number(row.backtest_runs), 0);
    const covered = tested.reduce((n, row) => n + Number(row.backtest_p90_coverage) * Number(row.backtest_runs), 0);
    expect(covered / runs).toBeGreaterThanOrEqual(0.85);
    expect(covered / runs).toBeLessThanOrEqual(0.95);
    expect(new Set(rows.map((row) => row.target_seconds))).toEqual(new Set(['7200']));
  });
});
