import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/bridge/core.js';
import type { Channel, ChannelRequest } from '../../electron/contract/api.js';
import { isRecoveryType } from '../../electron/contract/evidence.js';
import type { FetchJobsResult } from '../../electron/contract/jobs.js';
import type { Run } from '../../electron/contract/run.js';
import type { PackCheck } from '../../electron/contract/verify.js';
import { verifyCommand } from '../../electron/cli/verifyCommand.js';
import { EXIT } from '../../electron/cli/exitCodes.js';
import { dispatched, fetchedCore, type FetchedCore } from '../helpers/app.js';
import { withFailuresHidden } from '../helpers/tamper.js';

let app: Core;
let dir: string;
let fetched: FetchJobsResult;
let world: FetchedCore;

beforeEach(async () => {
  world = await fetchedCore({ seed: 6, groups: 2, vms: 3, jobs: 30 }, { dirPrefix: 'drjs-packs-' });
  ({ app, dir, fetched } = world);
});
afterEach(() => world.close());

const call = <C extends Channel>(channel: C, request: ChannelRequest<C>) => dispatched(app, channel, request);

const fileOf = (id: string) => join(dir, 'runs', `${id}.drrun.json`);

/** A saved run with one sign-off, finalized: its id and its file's text. */
async function signedPack(name: string): Promise<{ id: string; text: string }> {
  const saved = await call('runs:save', { fetchId: fetched.fetchId, name, note: '' });
  const op = fetched.operations.find((o) => isRecoveryType(o.operationType) && o.status === 'succeeded')!;
  await call('signoffs:add', {
    source: { kind: 'saved', runId: saved.id },
    draft: { jobId: op.jobId, verdict: 'passed', tester: 'Ana', reviewer: 'Ben', notes: 'apps answered' },
  });
  const summary = await call('runs:finalize', { runId: saved.id, retentionDays: 365 });
  expect(summary.pack).toMatchObject({ signed: false });
  return { id: saved.id, text: await readFile(fileOf(saved.id), 'utf8') };
}

const verdictOf = (text: string, previous?: string) =>
  call('runs:verify', { text, ...(previous !== undefined ? { previous } : {}) });
const check = (checks: PackCheck[], name: PackCheck['check']) => checks.find((c) => c.check === name)!;

describe('evidence packs', () => {
  it('a finalized pack verifies without the app’s data: file, figures, evidence, pack and chain', async () => {
    const first = await signedPack('June test');
    const verdict = await verdictOf(first.text);
    expect(verdict.ok).toBe(true);
    expect(verdict.checks.map((c) => [c.check, c.ok])).toEqual([
      ['file', true],
      ['figures', true],
      ['evidence', true],
      ['pack', true],
      ['chain', true],
      ['signature', null],
    ]);
    const run = JSON.parse(first.text) as Run;
    expect(run.signOffs).toHaveLength(1);
  });

  it('a changed figure fails the figures check; a removed sign-off fails the evidence check', async () => {
    const { text } = await signedPack('June test');
    const { run: changed, jobId } = withFailuresHidden(JSON.parse(text) as Run);
    const figures = check((await verdictOf(JSON.stringify(changed))).checks, 'figures');
    expect(figures.ok).toBe(false);
    expect(figures.detail).toMatch(`job ${jobId}`);

    const unsigned = JSON.parse(text) as Run;
    unsigned.signOffs = [];
    const verdict = await verdictOf(JSON.stringify(unsigned));
    expect(verdict.ok).toBe(false);
    expect(check(verdict.checks, 'evidence')).toMatchObject({ ok: false });
    expect(check(verdict.checks, 'evidence').detail).toMatch(/sign-offs: 0 now/);
  });

  it('a pack names the one before it; the earlier pack changed afterwards breaks the chain', async () => {
    const first = await signedPack('June test');
    const second = await signedPack('July test');
    expect((await verdictOf(second.text, first.text)).ok).toBe(true);
    const edited = JSON.parse(first.text) as Run;
    edited.note = 'nothing to see';
    const chain = check((await verdictOf(second.text, JSON.stringify(edited))).checks, 'chain');
    expect(chain).toMatchObject({ ok: false });
    expect(chain.detail).toMatch(/“June test” was changed after this one named it/);
  });

  it('the command line says so: exit 0 for a pack that verifies, 7 for one that does not, one line per check', async () => {
    const { text } = await signedPack('June test');
    const folder = await mkdtemp(join(tmpdir(), 'drjs-verify-cli-'));
    try {
      const good = join(folder, 'june.drrun.json');
      await writeFile(good, text);
      const lines: string[] = [];
      expect(await verifyCommand([good], { out: (l) => lines.push(l), err: (l) => lines.push(l) })).toBe(EXIT.ok);
      expect(lines).toContain('june.drrun.json: verified.');
      expect(lines.some((l) => l.startsWith('✓ figures:'))).toBe(true);

      const bad = JSON.parse(text) as Run;
      bad.signOffs = [];
      const tampered = join(folder, 'june-edited.drrun.json');
      await writeFile(tampered, JSON.stringify(bad));
      const badLines: string[] = [];
      const code = await verifyCommand([tampered], { out: (l) => badLines.push(l), err: (l) => badLines.push(l) });
      expect(code).toBe(EXIT.notVerified);
      expect(badLines.some((l) => l.startsWith('✕ evidence:'))).toBe(true);
      expect(badLines).toContain('june-edited.drrun.json: NOT verified.');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('the report names the pack’s evidence hash, its sign-offs, findings and note; a later sign-off is an addendum', async () => {
    const { id, text } = await signedPack('June test');
    const pack = (JSON.parse(text) as Run).pack!;
    const record = await call('report:record', { source: { kind: 'saved', runId: id } });
    expect(record.evidenceSha256).toBe(pack.evidenceSha256);
    expect(record.signOffs).toHaveLength(1);
    expect(record.signOffs[0]!.current).toMatchObject({ tester: 'Ana', reviewer: 'Ben' });
    expect(record.findings.length).toBe(
      (await call('findings:list', { source: { kind: 'saved', runId: id } })).findings.length,
    );
    expect(record.pack).toMatchObject({ packSha256: pack.packSha256, addenda: 0, signed: false });
    const other = fetched.operations.find(
      (o) => isRecoveryType(o.operationType) && o.jobId !== record.signOffs[0]!.jobId && o.status !== 'running',
    )!;
    await call('signoffs:add', {
      source: { kind: 'saved', runId: id },
      draft: { jobId: other.jobId, verdict: 'failed', tester: 'Ana', notes: 'late' },
    });
    const later = await call('report:record', { source: { kind: 'saved', runId: id } });
    expect(later.pack!.addenda).toBe(1);
    expect(later.evidenceSha256).not.toBe(pack.evidenceSha256);
  });

  it('deleting a pack before its retention date needs a second confirmation, and is recorded', async () => {
    const { id } = await signedPack('June test');
    const first = await app.dispatch('runs:delete', { runId: id });
    expect(first.ok).toBe(false);
    if (first.ok) return;
    expect(first.error.kind).toBe('invalid-input');
    expect(first.error.details).toMatchObject({ needsConfirmation: true });
    expect(first.error.message).toMatch(/kept until \d{4}-\d\d-\d\d/);
    expect((await call('runs:list', {})).map((r) => r.id)).toEqual([id]);
    await call('runs:delete', { runId: id, beforeRetention: true });
    expect(await call('runs:list', {})).toEqual([]);
    const log = await call('audit:list', {});
    expect(log.entries.at(-1)).toMatchObject({ action: 'delete-run' });
    expect(log.entries.at(-1)!.detail).toMatch(/before its retention date/);
  });
});
