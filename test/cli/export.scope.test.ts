import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exitCodes.js';
import { exportCommand } from '../../electron/cli/exportCommand.js';
import { OPERATION_TYPE_BY_CODE, OPERATION_TYPE_LABELS } from '../../electron/contract/evidence.js';
import { ConnectionProfileSchema } from '../../electron/contract/connections.js';
import type { OperationType } from '../../electron/contract/model.js';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { parseRunFile } from '../../electron/storage/runFile.js';
import { SettingsStore } from '../../electron/storage/settingsStore.js';
import { signedInClient, startSimulator } from '../helpers/commvault.js';
import { BIN, BUILD_TIMEOUT, ensureBuilt } from './builtCli.js';

const run = promisify(execFile);
const DAY = 86_400;

let sim: CommvaultSimulator;
let bare: CommvaultSimulator;
let dir: string;

async function tokenFor(simulator: CommvaultSimulator): Promise<string> {
  let token = '';
  await signedInClient(simulator, { onTokenChange: (t) => t && (token = t) });
  return token;
}

async function connect(simulator: CommvaultSimulator, name = 'Prod CommServe'): Promise<void> {
  await new SettingsStore(dir).update((s) => ({
    ...s,
    connections: [
      ...s.connections,
      ConnectionProfileSchema.parse({ id: name, name, webService: simulator.url, rtoTargetMinutes: 30 }),
    ],
  }));
}

/** The export in-process, as the CLI runs it: exit code, its one line, and the CSV rows. */
async function exportCsv(
  args: string[],
  simulator: CommvaultSimulator = sim,
  name = 'Prod CommServe',
): Promise<{ code: number; lines: string[]; rows: Record<string, string>[] }> {
  const lines: string[] = [];
  const out = join(dir, `${Math.random().toString(36).slice(2)}.csv`);
  const code = await exportCommand(
    ['--connection', name, '--out', out, '--data-dir', dir, '--utc', '--delimiter', 'comma', ...args],
    { env: { DRJS_TOKEN: await tokenFor(simulator) }, out: (l) => lines.push(l), err: (l) => lines.push(l) },
  );
  const rows =
    code === EXIT.ok ? (parse(await readFile(out), { bom: true, columns: true }) as Record<string, string>[]) : [];
  return { code, lines, rows };
}

// `dr-job-stats` runs the built bundle (out/main/cli.js): build it first if any source is newer.
beforeAll(ensureBuilt, BUILD_TIMEOUT);
beforeAll(async () => {
  // Anchored at the wall clock: relative ranges count back from the fetch time, which is the real time.
  sim = await startSimulator({ seed: 1, anchor: Math.floor(Date.now() / 1000) });
  bare = await startSimulator({ seed: 1, groups: 2, vms: 2, jobs: 30, noJobEndpoint: true });
});
afterAll(async () => {
  await sim.close();
  await bare.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drjs-cli-scope-'));
  await connect(sim);
  return () => rm(dir, { recursive: true, force: true });
});

const UNDO_STYLE = new Set(
  ['undo-failover', 'revert-failover', 'failback', 'reverse-replication'].map(
    (t) => OPERATION_TYPE_LABELS[t as OperationType],
  ),
);

describe('issue 7 "Done when": npx dr-job-stats export --report operations against the simulator (seed 1)', () => {
  it('has an operation-type column with at least three types, no failed operation within target, and no recovery RTO for undo-style operations', async () => {
    const out = join(dir, 'operations.csv');
    const { stdout, stderr } = await run(
      process.execPath,
      [
        BIN,
        'export',
        '--connection',
        'Prod CommServe',
        '--report',
        'operations',
        '--out',
        out,
        '--data-dir',
        dir,
        '--utc',
      ],
      { env: { ...process.env, DRJS_TOKEN: await tokenFor(sim) } },
    );
    expect(stderr).toBe('');
    expect(stdout).toMatch(
      /^Wrote 200 operations rows to .*operations\.csv\. Scope: all DR groups · all time · 200 of 200 operations\.\n$/,
    );
    const rows = parse(await readFile(out), { bom: true, columns: true, delimiter: [',', ';'] }) as Record<
      string,
      string
    >[];
    expect(rows).toHaveLength(200);
    const types = new Set(rows.map((r) => r.operation_type));
    expect(types.size).toBeGreaterThanOrEqual(3);
    expect(new Set(rows.map((r) => r.operation_type_source))).toEqual(new Set(['commserve']));
    for (const row of rows) {
      const simOp = sim.dataset.operations.find((o) => o.jobId === Number(row.job_id))!;
      expect(row.operation_type).toBe(OPERATION_TYPE_LABELS[OPERATION_TYPE_BY_CODE[simOp.type]!]);
    }
    const failed = rows.filter((r) => r.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    for (const row of failed) expect(row.rto_result, `job ${row.job_id}`).not.toMatch(/within/);
    const undoStyle = rows.filter((r) => UNDO_STYLE.has(r.operation_type!));
    expect(new Set(undoStyle.map((r) => r.operation_type)).size).toBe(4);
    for (const row of undoStyle) {
      expect(row.rto_seconds, `job ${row.job_id}`).toBe('');
      expect(row.rto_result).toMatch(/^no RTO/);
    }
  });

  it('infers the types (marked inferred) from a CommServe without Job/{id}, with no error', async () => {
    await connect(bare, 'Old CommServe');
    const { code, lines, rows } = await exportCsv(['--report', 'operations'], bare, 'Old CommServe');
    expect(lines.join('\n')).toMatch(/^Wrote 30 operations rows/);
    expect(code).toBe(EXIT.ok);
    expect(new Set(rows.map((r) => r.operation_type_source))).toEqual(new Set(['inferred']));
  });
});

describe('scope flags', () => {
  const finished = () => sim.dataset.operations.filter((o) => o.start <= sim.now());

  it('--range, --type, --status and --group-id: only matching operations, and the scope in words', async () => {
    const saved = join(dir, 'scoped.drrun.json');
    const { code, lines, rows } = await exportCsv([
      '--report',
      'operations',
      '--group-id',
      '31',
      '--range',
      '30d',
      '--type',
      'test-boot,planned-failover',
      '--status',
      'succeeded,failed',
      '--save-run',
      saved,
    ]);
    expect(code).toBe(EXIT.ok);
    const kept = parseRunFile(await readFile(saved, 'utf8'));
    const groupName = sim.dataset.groups.find((g) => g.vAppId === 31)!.name;
    // The same rule by hand, over everything the CommServe returns.
    const everything = (await exportCsv(['--report', 'operations'])).rows.filter((r) => r.dr_group_id === '31');
    const total = everything.length;
    const expected = everything.filter(
      (r) =>
        Number(r.start_epoch) >= kept.fetchedAt - 30 * DAY &&
        ['Test Boot', 'Planned Failover'].includes(r.operation_type!) &&
        ['succeeded', 'failed'].includes(r.status!),
    );
    expect(lines.join('\n')).toMatch(/^Wrote/);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.job_id)).toEqual(expected.map((r) => r.job_id));
    expect(new Set(rows.map((r) => r.operation_type))).toEqual(new Set(['Test Boot', 'Planned Failover']));
    expect(rows.every((r) => r.status === 'succeeded' || r.status === 'failed')).toBe(true);
    const text = `${groupName} · last 30 days · Test Boot, Planned Failover · succeeded, failed · ${rows.length} of ${total} operations`;
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Wrote ${rows.length} operations rows to .* and the run to .*scoped\\.drrun\\.json\\. Scope: ${text}\\.$`,
        ),
      ),
    ]);
    // --group-id asked the CommServe for group 31 (the JobStats filter); the scope itself has no group filter.
    expect(kept).toMatchObject({ scopeText: text, totalOperations: total, scope: { range: '30d', groupIds: [] } });
    expect(kept.query.filter).toEqual({ drGroupId: 31 });
    expect(kept.operations).toHaveLength(rows.length);
  });

  it('--rto: only the breaches (over target, not recovered, live breach), and the scope says so', async () => {
    const everything = (await exportCsv(['--report', 'operations'])).rows;
    const breaches = everything.filter((r) => /^(over by|not recovered|running — breached)/.test(r.rto_result!));
    expect(breaches.length).toBeGreaterThan(0);
    const { code, lines, rows } = await exportCsv([
      '--report',
      'operations',
      '--rto',
      'over,not-recovered,live-breach',
    ]);
    expect(code).toBe(EXIT.ok);
    expect(rows.map((r) => r.job_id)).toEqual(breaches.map((r) => r.job_id));
    const text = `all DR groups · all time · RTO over target, not recovered, live breach · ${rows.length} of ${everything.length} operations`;
    expect(new Set(rows.map((r) => r.scope))).toEqual(new Set([text]));
    expect(lines.join('\n')).toContain(`Scope: ${text}.`);
  });

  it('--from/--to (days, inclusive, in the report time zone) and --vm by name or id', async () => {
    const from = new Date((sim.now() - 40 * DAY) * 1000).toISOString().slice(0, 10);
    const to = new Date((sim.now() - 20 * DAY) * 1000).toISOString().slice(0, 10);
    const vm = sim.dataset.groups[0]!.clients[0]!;
    const byName = await exportCsv(['--report', 'operations', '--from', from, '--to', to, '--vm', vm.clientName]);
    expect(byName.code).toBe(EXIT.ok);
    const lo = Date.parse(`${from}T00:00:00Z`) / 1000;
    const hi = Date.parse(`${to}T23:59:59Z`) / 1000;
    const expected = finished().filter(
      (o) => o.start >= lo && o.start <= hi && o.vms.some((v) => v.clientName === vm.clientName),
    );
    expect(byName.rows.map((r) => Number(r.job_id)).sort()).toEqual(expected.map((o) => o.jobId).sort());
    expect(byName.lines[0]).toContain(
      `all DR groups · ${from} to ${to} · VM "${vm.clientName}" · ${expected.length} of ${finished().length} operations`,
    );
    const byId = await exportCsv(['--report', 'operations', '--from', from, '--to', to, '--vm', String(vm.clientId)]);
    expect(byId.rows.map((r) => r.job_id)).toEqual(byName.rows.map((r) => r.job_id));
  });

  it('a saved run exported offline with more flags narrows it further and says so', async () => {
    const saved = join(dir, 'all.drrun.json');
    await exportCsv(['--report', 'operations', '--save-run', saved]);
    const lines: string[] = [];
    const out = join(dir, 'offline.csv');
    const code = await exportCommand(
      ['--from-run', saved, '--report', 'operations', '--out', out, '--type', 'undo-failover', '--utc'],
      { out: (l) => lines.push(l), err: (l) => lines.push(l) },
    );
    expect(code).toBe(EXIT.ok);
    const rows = parse(await readFile(out), { bom: true, columns: true, delimiter: [',', ';'] }) as Record<
      string,
      string
    >[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.operation_type === 'Undo Failover' && r.rto_seconds === '')).toBe(true);
    // Worded as the app words a narrowed saved run.
    expect(lines[0]).toContain(
      `Scope: all DR groups · all time · Undo Failover · ${rows.length} of 200 operations (of a run saved as: all DR groups · all time · 200 of 200 operations).`,
    );
    expect(rows.every((r) => r.rto_result?.startsWith('no RTO'))).toBe(true);
  });

  it.each([
    [['--type', 'nope'], /--type takes test-boot, planned-failover, .*reverse-replication, unknown \(got "nope"\)/],
    [['--status', 'ok'], /--status takes succeeded, failed, running, unknown \(got "ok"\)/],
    [['--range', 'week'], /--range takes all, 24h, 7d, 30d, 90d, 365d \(got "week"\)/],
    [['--range', '30d', '--from', '2026-01-01'], /--range cannot be combined with --from\/--to/],
    [['--from', '2026-13-01'], /--from must be a date as YYYY-MM-DD \(got "2026-13-01"\)/],
    [['--from', '2026-02-01', '--to', '2026-01-01'], /--from must not be after --to/],
  ])('wrong scope flags %j → exit 2 with the reason', async (args, message) => {
    const { code, lines } = await exportCsv(['--report', 'operations', ...args]);
    expect(code).toBe(EXIT.usage);
    expect(lines.join('\n')).toMatch(message);
  });
});
