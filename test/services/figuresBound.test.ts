import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/bridge/core.js';
import type { Channel, ChannelRequest } from '../../electron/contract/api.js';
import type { AppError } from '../../electron/contract/errors.js';
import type { FetchJobsResult } from '../../electron/contract/jobs.js';
import type { Run } from '../../electron/contract/run.js';
import { sha256 } from '../../electron/storage/runFile.js';
import { dispatched, fetchedCore, type FetchedCore } from '../helpers/app.js';
import { withFailuresHidden } from '../helpers/tamper.js';

/**
 * A run's figures are bound to the CommServe's answer it carries: opened, imported or exported from, its operations
 * are derived again from that answer (and the job summaries kept with it), and a run whose figures do not follow is
 * refused as damaged, naming the first difference.
 */
let app: Core;
let dir: string;
let fetched: FetchJobsResult;
let world: FetchedCore;

beforeEach(async () => {
  world = await fetchedCore({ seed: 4, groups: 3, vms: 3, jobs: 60 }, { dirPrefix: 'drjs-figures-' });
  ({ app, dir, fetched } = world);
});
afterEach(() => world.close());

const call = <C extends Channel>(channel: C, request: ChannelRequest<C>) => dispatched(app, channel, request);

async function failure<C extends Channel>(channel: C, request: ChannelRequest<C>): Promise<AppError> {
  const result = await app.dispatch(channel, request);
  if (result.ok) throw new Error(`${channel} was accepted`);
  return result.error;
}

async function savedRun(scope?: ChannelRequest<'runs:save'>['scope']): Promise<{ id: string; path: string; run: Run }> {
  const summary = await call('runs:save', {
    fetchId: fetched.fetchId,
    name: 'Monthly test',
    note: '',
    ...(scope ? { scope } : {}),
  });
  const path = join(dir, 'runs', `${summary.id}.drrun.json`);
  return { id: summary.id, path, run: JSON.parse(await readFile(path, 'utf8')) as Run };
}

/** A run file whose failed phases were all set to succeeded, with its operations' counts made to agree. */
function withFailuresHiddenText(run: Run): { text: string; jobId: number } {
  const { run: changed, jobId } = withFailuresHidden(run);
  return { text: JSON.stringify(changed), jobId };
}

describe('figures bound to the answer', () => {
  it('a saved run, whole or scoped, opens, exports and imports as it was', async () => {
    const whole = await savedRun();
    expect((await call('runs:open', { runId: whole.id })).operations).toHaveLength(fetched.operations.length);
    const groupId = fetched.operations[0]!.drGroupId!;
    const scoped = await savedRun({
      ...(await import('../../electron/contract/scope.js')).EMPTY_SCOPE,
      groupIds: [groupId],
    });
    const opened = await call('runs:open', { runId: scoped.id });
    expect(opened.operations.length).toBeGreaterThan(0);
    expect(opened.operations.every((op) => op.drGroupId === groupId)).toBe(true);
    expect((await call('runs:import', { content: await readFile(scoped.path, 'utf8') })).imported).not.toBeNull();
  });

  it('an import whose failed phases were set to succeeded is refused, naming the job and what differs', async () => {
    const { run } = await savedRun();
    const { text, jobId } = withFailuresHiddenText(run);
    const error = await failure('runs:import', { content: text });
    expect(error.kind).toBe('storage');
    expect(error.message).toMatch(new RegExp(`do not follow from the CommServe's answer.*job ${jobId}.*status`, 's'));
    expect((await call('runs:list', {})).length).toBe(1);
  });

  it('a run edited on disk is refused on open and as an export source; so is a run file given to export', async () => {
    const { id, path, run } = await savedRun();
    const { text, jobId } = withFailuresHiddenText(run);
    await writeFile(path, text);
    expect((await failure('runs:open', { runId: id })).message).toMatch(`job ${jobId}`);
    const exported = await failure('export:csv', {
      source: { kind: 'saved', runId: id },
      report: 'operations',
      options: {},
    });
    expect(exported.message).toMatch(`job ${jobId}`);
    const fromFile = await failure('export:csv', {
      source: { kind: 'run-file', text },
      report: 'operations',
      options: {},
    });
    expect(fromFile.message).toMatch(`job ${jobId}`);
  });

  it('a run whose answer was replaced (its SHA-256 made to match) is refused: its operations do not follow from it', async () => {
    const { run } = await savedRun();
    const body = JSON.parse(run.rawBody) as { job: unknown[] };
    body.job = body.job.slice(1);
    run.rawBody = JSON.stringify(body);
    run.rawBodySha256 = sha256(run.rawBody);
    const error = await failure('runs:import', { content: JSON.stringify(run) });
    expect(error.message).toMatch(/do not follow from the CommServe's answer/);
  });

  it('a changed type or starter is a difference too; a run saved before job facts were kept takes its stored types', async () => {
    const { run } = await savedRun();
    const recovery = run.operations.find((op) => op.operationTypeSource === 'commserve')!;
    const retyped = structuredClone(run);
    retyped.operations.find((op) => op.jobId === recovery.jobId)!.initiatedBy = 'someone-else';
    expect((await failure('runs:import', { content: JSON.stringify(retyped) })).message).toMatch(
      new RegExp(`job ${recovery.jobId}.*initiatedBy`, 's'),
    );
    const older = structuredClone(run) as Partial<Run>;
    delete older.jobFacts;
    expect((await call('runs:import', { content: JSON.stringify(older) })).imported).not.toBeNull();
  });
});
