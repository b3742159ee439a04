import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/bridge/core.js';
import type { Channel, ChannelRequest } from '../../electron/contract/api.js';
import { isRecoveryType, rtoVerdict, targetFor } from '../../electron/contract/evidence.js';
import type { FetchJobsResult } from '../../electron/contract/jobs.js';
import type { DrOperation } from '../../electron/contract/model.js';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { dispatched, fetchedCore, type FetchedCore } from '../helpers/app.js';

let sim: CommvaultSimulator;
let app: Core;
let dir: string;
let fetched: FetchJobsResult;
let world: FetchedCore;

beforeEach(async () => {
  world = await fetchedCore(
    { seed: 4, groups: 3, vms: 3, jobs: 60 },
    { dirPrefix: 'drjs-signoff-', rtoTargetMinutes: 60 },
  );
  ({ sim, app, dir, fetched } = world);
});
afterEach(() => world.close());

const call = <C extends Channel>(channel: C, request: ChannelRequest<C>) => dispatched(app, channel, request);

const source = () => ({ kind: 'live' as const, fetchId: fetched.fetchId });
const recoveries = () => fetched.operations.filter((op) => isRecoveryType(op.operationType) && op.status !== 'running');
const verdictOf = (op: DrOperation) => rtoVerdict(op, targetFor(op, fetched), fetched.fetchedAt).kind;

describe('sign-off of a recovery operation', () => {
  it('is append-only: an amendment names what it replaces, and the reviewer signs by amending', async () => {
    const op = recoveries()[0]!;
    const first = await call('signoffs:add', {
      source: source(),
      draft: { jobId: op.jobId, verdict: 'passed', tester: 'Ana', notes: 'all apps answered' },
    });
    expect(first.current).toMatchObject({ verdict: 'passed', tester: 'Ana', reviewer: null, replaces: null });
    const reviewed = await call('signoffs:add', {
      source: source(),
      draft: {
        jobId: op.jobId,
        verdict: 'passed-with-deviations',
        deviations: ['DNS of the DR site pointed at production for 10 minutes'],
        tester: 'Ana',
        reviewer: 'Ben',
        replaces: first.current.id,
      },
    });
    expect(reviewed.current).toMatchObject({
      verdict: 'passed-with-deviations',
      reviewer: 'Ben',
      replaces: first.current.id,
    });
    expect(reviewed.history.map((e) => e.id)).toEqual([first.current.id, reviewed.current.id]);
    // The file only grows: both entries are there, as written.
    const file = (await readFile(join(dir, 'sign-offs', await signOffFile()), 'utf8')).trim().split('\n');
    expect(file).toHaveLength(2);
    // What the audit log says, chained.
    const audit = await call('audit:list', {});
    expect(audit.broken).toBeNull();
    expect(audit.entries.filter((e) => e.action === 'sign-off').map((e) => e.subject)).toEqual([
      `job ${op.jobId} on ${sim.url}`,
      `job ${op.jobId} on ${sim.url}`,
    ]);
  });

  it('refuses "passed with deviations" without a deviation, and an amendment of another job', async () => {
    const [a, b] = recoveries();
    const bare = await app.dispatch('signoffs:add', {
      source: source(),
      draft: { jobId: a!.jobId, verdict: 'passed-with-deviations', tester: 'Ana' },
    });
    expect(bare).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    const first = await call('signoffs:add', {
      source: source(),
      draft: { jobId: a!.jobId, verdict: 'passed', tester: 'Ana' },
    });
    const wrong = await app.dispatch('signoffs:add', {
      source: source(),
      draft: { jobId: b!.jobId, verdict: 'failed', tester: 'Ana', replaces: first.current.id },
    });
    expect(wrong).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
  });
});

describe('findings', () => {
  it('opens one per failed or over-target recovery, closed by a later success of the group', async () => {
    const { findings } = await call('findings:list', { source: source() });
    const bad = recoveries().filter((op) => ['not-recovered', 'over'].includes(verdictOf(op)));
    expect(bad.length).toBeGreaterThan(0);
    expect(findings.map((f) => f.openedByJobId).sort()).toEqual(bad.map((op) => op.jobId).sort());
    for (const finding of findings) {
      const opener = fetched.operations.find((op) => op.jobId === finding.openedByJobId)!;
      const later = recoveries().filter(
        (op) =>
          op.drGroupId === opener.drGroupId &&
          op.start! > opener.start! &&
          ['within', 'no-target'].includes(verdictOf(op)),
      );
      if (later.length === 0) expect(finding).toMatchObject({ status: 'open', closedByJobId: null });
      else {
        const first = later.sort((x, y) => x.start! - y.start!)[0]!;
        expect(finding).toMatchObject({ status: 'closed', closedHow: 'later-success', closedByJobId: first.jobId });
      }
    }
  });

  it('a deviation signed off opens a finding; a reviewer accepting the risk closes it', async () => {
    // The last successful recovery of a group: nothing after it could close its deviation.
    const op = recoveries()
      .filter((o) => verdictOf(o) === 'within')
      .find((o) => !recoveries().some((later) => later.drGroupId === o.drGroupId && later.start! > o.start!))!;
    await call('signoffs:add', {
      source: source(),
      draft: {
        jobId: op.jobId,
        verdict: 'passed-with-deviations',
        deviations: ['Runbook step 4 skipped'],
        tester: 'Ana',
      },
    });
    const opened = (await call('findings:list', { source: source() })).findings.find(
      (f) => f.id === `F-${op.jobId}-D1`,
    );
    expect(opened).toMatchObject({
      kind: 'deviation',
      title: 'Runbook step 4 skipped',
      severity: 'low',
      status: 'open',
    });
    await call('findings:update', {
      source: source(),
      update: { findingId: `F-${op.jobId}-D1`, owner: 'Ops team', severity: 'medium', note: 'Runbook to be fixed' },
    });
    const accepted = await call('findings:update', {
      source: source(),
      update: { findingId: `F-${op.jobId}-D1`, acceptedRisk: { reviewer: 'Ben', reason: 'Step 4 is obsolete' } },
    });
    expect(accepted).toMatchObject({
      status: 'closed',
      closedHow: 'accepted-risk',
      acceptedRisk: { reviewer: 'Ben', reason: 'Step 4 is obsolete' },
    });
    expect(accepted).toMatchObject({ owner: 'Ops team', severity: 'medium', notes: [{ text: 'Runbook to be fixed' }] });
  });
});

describe('the audit log', () => {
  it('says where its chain breaks when a line is changed', async () => {
    const op = recoveries()[0]!;
    await call('signoffs:add', { source: source(), draft: { jobId: op.jobId, verdict: 'passed', tester: 'Ana' } });
    await call('signoffs:add', { source: source(), draft: { jobId: op.jobId, verdict: 'failed', tester: 'Ana' } });
    const path = join(dir, 'audit.log');
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    await writeFile(path, `${[lines[0]!.replace('"passed', '"failed'), ...lines.slice(1)].join('\n')}\n`);
    expect((await call('audit:list', {})).broken).toBe('entry 1 was changed after it was written.');
    await writeFile(path, `${lines.slice(1).join('\n')}\n`);
    expect((await call('audit:list', {})).broken).toBe('entry 1 is numbered 2: a line is missing or was added.');
  });
});

async function signOffFile(): Promise<string> {
  const { readdir } = await import('node:fs/promises');
  return (await readdir(join(dir, 'sign-offs')))[0]!;
}
