import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exitCodes.js';
import { exportCommand } from '../../electron/cli/exportCommand.js';
import { verifyCommand } from '../../electron/cli/verifyCommand.js';
import { ConnectionProfileSchema } from '../../electron/contract/connections.js';
import { isRecoveryType, rtoVerdict, targetFor } from '../../electron/contract/evidence.js';
import type { Run } from '../../electron/contract/run.js';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { SettingsStore } from '../../electron/storage/settingsStore.js';
import { startSimulator } from '../helpers/commvault.js';
import { withFailuresHidden } from '../helpers/tamper.js';

/** Evidence packs written by the headless export, and checked as an auditor would, without the app. */
let sim: CommvaultSimulator;
let dir: string;
let token: string;

beforeAll(async () => {
  sim = await startSimulator({ seed: 3, groups: 3, vms: 3, jobs: 60 });
  dir = await mkdtemp(join(tmpdir(), 'drjs-cli-pack-'));
  await new SettingsStore(dir).update((s) => ({
    ...s,
    connections: [
      ConnectionProfileSchema.parse({ id: 'prod', name: 'Prod CommServe', webService: sim.url, rtoTargetMinutes: 30 }),
    ],
  }));
  const before = sim.issuedTokens();
  const login = await fetch(`${sim.url}/Login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ username: 'demo', password: Buffer.from('demo').toString('base64') }),
  });
  expect(login.status).toBe(200);
  token = sim.issuedTokens().find((t) => !before.includes(t))!;
});
afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

async function exported(args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await exportCommand([...args, '--data-dir', dir, '--utc'], {
    env: { DRJS_TOKEN: token },
    out: (l) => lines.push(l),
    err: (l) => lines.push(l),
  });
  return { code, lines };
}

async function verified(args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await verifyCommand(args, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
  return { code, lines };
}

const csv = async (path: string) =>
  parse(await readFile(path), { bom: true, columns: true }) as Record<string, string>[];

describe('packs from the command line', () => {
  it('verify passes on packs the CLI just wrote, and exits 7 for a changed figure, a sign-off slipped in (removal: test/services/packs.test.ts) or a changed predecessor', async () => {
    const first = join(dir, 'june.drrun.json');
    const second = join(dir, 'july.drrun.json');
    for (const [path, name] of [
      [first, 'june.csv'],
      [second, 'july.csv'],
    ] as const) {
      const { code, lines } = await exported([
        '--connection',
        'Prod CommServe',
        '--report',
        'operations',
        '--out',
        join(dir, name),
        '--save-run',
        path,
        '--finalize',
        '--retention-days',
        '365',
      ]);
      expect(code, lines.join('\n')).toBe(EXIT.ok);
    }
    expect((await verified([first])).code).toBe(EXIT.ok);
    const ok = await verified([second, '--previous', first]);
    expect(ok.code, ok.lines.join('\n')).toBe(EXIT.ok);
    expect(ok.lines).toContain('july.drrun.json: verified.');

    const run = JSON.parse(await readFile(second, 'utf8')) as Run;
    const changed = join(dir, 'changed.drrun.json');
    await writeFile(changed, JSON.stringify(withFailuresHidden(run).run));
    const figure = await verified([changed, '--previous', first]);
    expect(figure.code).toBe(EXIT.notVerified);
    expect(figure.lines.find((l) => l.startsWith('✕ figures:'))).toMatch(/job \d+/);

    const signed = structuredClone(run);
    signed.signOffs = [
      {
        id: 'a1',
        jobId: run.operations[0]!.jobId,
        verdict: 'passed',
        deviations: [],
        notes: '',
        tester: 'x',
        reviewer: null,
        replaces: null,
        recordedAt: run.savedAt,
        recordedBy: 'x',
      },
    ];
    const added = join(dir, 'added.drrun.json');
    await writeFile(added, JSON.stringify(signed));
    expect((await verified([added, '--previous', first])).lines.some((l) => l.startsWith('✕ evidence:'))).toBe(true);

    const earlier = JSON.parse(await readFile(first, 'utf8')) as Run;
    earlier.note = 'changed afterwards';
    const forged = join(dir, 'june-forged.drrun.json');
    await writeFile(forged, JSON.stringify(earlier));
    const chain = await verified([second, '--previous', forged]);
    expect(chain.code).toBe(EXIT.notVerified);
    expect(chain.lines.some((l) => l.startsWith('✕ chain:'))).toBe(true);
  });

  it('--from-run refuses a run whose figures were changed (exit 5), naming the job; its operations CSV names who started each job', async () => {
    const path = join(dir, 'plain.drrun.json');
    const out = join(dir, 'ops.csv');
    const saved = await exported([
      '--connection',
      'Prod CommServe',
      '--report',
      'operations',
      '--out',
      out,
      '--save-run',
      path,
    ]);
    expect(saved.code, saved.lines.join('\n')).toBe(EXIT.ok);
    const rows = await csv(out);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.initiated_by !== '' && r.initiated_by !== 'not reported')).toBe(true);

    const { run, jobId } = withFailuresHidden(JSON.parse(await readFile(path, 'utf8')) as Run);
    const tampered = join(dir, 'tampered.drrun.json');
    await writeFile(tampered, JSON.stringify(run));
    const refused = await exported(['--from-run', tampered, '--report', 'operations', '--out', join(dir, 'x.csv')]);
    expect(refused.code).toBe(EXIT.file);
    expect(refused.lines.join('\n')).toMatch(
      new RegExp(`do not follow from the CommServe's answer.*job ${jobId}`, 's'),
    );
  });

  it('--report findings lists a finding for each failed or over-target recovery, closed where a later success of its group exists', async () => {
    const path = join(dir, 'for-findings.drrun.json');
    const out = join(dir, 'findings.csv');
    const done = await exported([
      '--connection',
      'Prod CommServe',
      '--report',
      'findings',
      '--out',
      out,
      '--save-run',
      path,
    ]);
    expect(done.code, done.lines.join('\n')).toBe(EXIT.ok);
    const run = JSON.parse(await readFile(path, 'utf8')) as Run;
    const judged = run.operations.filter((op) => isRecoveryType(op.operationType) && op.status !== 'running');
    const bad = judged.filter((op) =>
      ['not-recovered', 'over'].includes(rtoVerdict(op, targetFor(op, run), run.fetchedAt).kind),
    );
    expect(bad.length).toBeGreaterThan(0);
    const rows = await csv(out);
    expect(rows.map((r) => Number(r.opened_by_job_id)).sort()).toEqual(bad.map((op) => op.jobId).sort());
    for (const row of rows) {
      const op = bad.find((o) => o.jobId === Number(row.opened_by_job_id))!;
      const later = judged.some(
        (o) =>
          o.drGroupId === op.drGroupId &&
          o.start! > op.start! &&
          ['within', 'no-target'].includes(rtoVerdict(o, targetFor(o, run), run.fetchedAt).kind),
      );
      expect(row.status, `finding of job ${op.jobId}`).toBe(later ? 'closed' : 'open');
      if (later) expect(Number(row.closed_by_job_id)).toBeGreaterThan(0);
    }
  });
});
