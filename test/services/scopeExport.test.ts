import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Channel, ChannelRequest, ChannelResult } from '../../electron/contract/api.js';
import { applyScope, describeScope, EMPTY_SCOPE, type Scope } from '../../electron/contract/scope.js';
import type { Core } from '../../electron/bridge/core.js';
import { DownloadSink } from '../../electron/sinks/downloadSink.js';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { connectToSimulator, dispatched, testApp } from '../helpers/app.js';
import { startSimulator } from '../helpers/commvault.js';

let sim: CommvaultSimulator;
let app: Core;
let dir: string;
let downloads: DownloadSink;

async function start(): Promise<Core> {
  downloads = new DownloadSink();
  return testApp(dir, {
    sink: downloads,
  });
}

beforeEach(async () => {
  sim = await startSimulator({ seed: 3, groups: 3, vms: 3, jobs: 30, running: 1 });
  dir = await mkdtemp(join(tmpdir(), 'drjs-scope-'));
  app = await start();
});
afterEach(async () => {
  await app.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

/** A channel's typed result, or the test fails with main's message. */
const call = <C extends Channel>(channel: C, request: ChannelRequest<C>) => dispatched(app, channel, request);

async function fetchAll(connectionId: string): Promise<ChannelResult<'jobs:fetch'>> {
  return call('jobs:fetch', { connectionId, filter: {}, requestId: `r-${Math.random()}` });
}

function downloaded(outcome: unknown): { name: string; rows: Record<string, string>[] } {
  const { token } = outcome as { kind: 'download'; token: string };
  const file = downloads.take(token)!;
  return { name: file.name, rows: parse(file.data, { bom: true, columns: true }) as Record<string, string>[] };
}

describe('the screen, a CSV and a saved run agree after a target is changed', () => {
  it('a new DR group target applies to the data already fetched: CSV and saved run use it, as the screen does', async () => {
    const connectionId = await connectToSimulator(app, sim.url);
    const data = await fetchAll(connectionId);
    const groupId = data.operations.find((op) => op.drGroupId !== null)!.drGroupId!;
    await call('connections:setGroupTarget', { connectionId, groupId, minutes: 7 });
    const outcome = await call('export:csv', {
      source: { kind: 'live', fetchId: data.fetchId },
      report: 'operations',
      options: { delimiter: ',', bom: true, utc: true },
    });
    const rows = downloaded(outcome).rows.filter((r) => r.dr_group_id === String(groupId));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.rto_target_seconds === '420')).toBe(true);
    const saved = await call('runs:save', { fetchId: data.fetchId, name: 'after target', note: '' });
    const opened = await call('runs:open', { runId: saved.id });
    expect(opened.rtoTargetsByGroup[String(groupId)]).toBe(420);
  });

  it('a saved run keeps the test intervals it was judged by, whatever the connection says later', async () => {
    const connectionId = await connectToSimulator(app, sim.url);
    const data = await fetchAll(connectionId);
    const groupId = data.operations.find((op) => op.drGroupId !== null)!.drGroupId!;
    await call('connections:setGroupInterval', { connectionId, groupId, days: 30 });
    const saved = await call('runs:save', { fetchId: data.fetchId, name: 'intervals', note: '' });
    await call('connections:setGroupInterval', { connectionId, groupId, days: 365 });
    const opened = await call('runs:open', { runId: saved.id });
    expect(opened.testIntervals?.testIntervalsByGroup[String(groupId)]).toBe(30);
  });
});

describe('the moment the data stands for', () => {
  it('is when the CommServe answered JobStats, not after the slower job-summary look-ups', async () => {
    const connectionId = await connectToSimulator(app, sim.url);
    sim.setFault({ path: 'Job/{id}', type: 'slow', delayMs: 400, times: 1000 });
    const before = Date.now() / 1000;
    const data = await fetchAll(connectionId);
    const after = Date.now() / 1000;
    // 30 operations, 6 look-ups at a time, 0.4 s each: the fetch takes seconds; its moment is at the start.
    expect(after - before).toBeGreaterThan(1.5);
    expect(data.fetchedAt - before).toBeLessThan(1);
  });
});

describe('exports and saved runs hold exactly the scope', () => {
  it('an operations CSV with a scope holds only the operations in it, and states the scope in each row and the name', async () => {
    const connectionId = await connectToSimulator(app, sim.url);
    const data = await fetchAll(connectionId);
    const groupName = Object.values(data.groupNames)[0]!;
    const scope: Scope = { ...EMPTY_SCOPE, search: groupName };
    const expected = applyScope(data.operations, scope, {
      groupNames: data.groupNames,
      asOf: data.fetchedAt,
      targets: { rtoTargetSeconds: data.rtoTargetSeconds, rtoTargetsByGroup: data.rtoTargetsByGroup },
    });
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(data.operations.length);

    const outcome = await call('export:csv', {
      source: { kind: 'live', fetchId: data.fetchId },
      report: 'operations',
      options: {},
      scope,
    });
    const { name, rows } = downloaded(outcome);
    expect(rows.map((r) => Number(r.job_id)).sort()).toEqual(expected.map((op) => op.jobId).sort());
    const text = describeScope(scope, {
      groupNames: data.groupNames,
      shown: expected.length,
      total: data.operations.length,
      timeZone: 'UTC',
    });
    expect(text).toContain(`of ${data.operations.length} operations`);
    for (const row of rows) expect(row.scope).toBe(text);
    expect(name).toContain(`matching '${groupName}'`);
    expect(name).toContain(`${expected.length} of ${data.operations.length}`);
  });

  it('without a scope the export is everything fetched, and says so', async () => {
    const connectionId = await connectToSimulator(app, sim.url);
    const data = await fetchAll(connectionId);
    const outcome = await call('export:csv', {
      source: { kind: 'live', fetchId: data.fetchId },
      report: 'vm-runs',
      options: {},
    });
    const { name, rows } = downloaded(outcome);
    expect(new Set(rows.map((r) => r.job_id)).size).toBe(data.operations.length);
    expect(rows[0]!.scope).toBe(
      `all DR groups · all time · ${data.operations.length} of ${data.operations.length} operations`,
    );
    expect(name).toMatch(/vm-runs - all operations\.csv$/);
  });

  it('a scope that is not a scope is refused by main', async () => {
    const connectionId = await connectToSimulator(app, sim.url);
    const data = await fetchAll(connectionId);
    const result = await app.dispatch('export:csv', {
      source: { kind: 'live', fetchId: data.fetchId },
      report: 'operations',
      options: {},
      scope: { statuses: ['exploded'] } as unknown as Scope,
    });
    expect(result.ok).toBe(false);
  });

  it('a saved run keeps the scoped operations, the scope, its words and the total; its default name says the scope', async () => {
    const connectionId = await connectToSimulator(app, sim.url);
    const data = await fetchAll(connectionId);
    const scope: Scope = { ...EMPTY_SCOPE, statuses: ['failed'] };
    const failed = data.operations.filter((op) => op.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    const summary = await call('runs:save', { fetchId: data.fetchId, name: '', note: '', scope });
    expect(summary.operationCount).toBe(failed.length);
    expect(summary.scopeText).toBe(
      describeScope(scope, {
        groupNames: data.groupNames,
        shown: failed.length,
        total: data.operations.length,
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      }),
    );
    expect(summary.name).toContain(`failed, ${failed.length} of ${data.operations.length}`);

    const opened = await call('runs:open', { runId: summary.id });
    expect(opened.operations.map((op) => op.jobId)).toEqual(failed.map((op) => op.jobId));
    expect(opened.totalOperations).toBe(data.operations.length);
    expect(opened.savedScopeText).toBe(summary.scopeText);
    expect(opened.savedScope).toEqual(scope);

    // Exporting the saved run in its own scope states the same words; narrowing it further says what it came from.
    const same = downloaded(
      await call('export:csv', {
        source: { kind: 'saved', runId: summary.id },
        report: 'operations',
        options: {},
        scope,
      }),
    );
    expect(same.rows[0]!.scope).toBe(summary.scopeText);
    const narrower: Scope = { ...scope, search: String(failed[0]!.jobId) };
    const narrowed = downloaded(
      await call('export:csv', {
        source: { kind: 'saved', runId: summary.id },
        report: 'operations',
        options: {},
        scope: narrower,
      }),
    );
    expect(narrowed.rows.length).toBeGreaterThan(0);
    expect(narrowed.rows[0]!.scope).toContain(
      `of ${failed.length} operations (of a run saved as: ${summary.scopeText})`,
    );
  });
});

describe('no stale evidence: main refuses what a failed fetch made out of date', () => {
  it('after a good fetch, a failed one blocks exporting and saving the old data; a new good fetch is fresh', async () => {
    const connectionId = await connectToSimulator(app, sim.url);
    const good = await fetchAll(connectionId);
    const source = { kind: 'live' as const, fetchId: good.fetchId };
    expect((await app.dispatch('export:csv', { source, report: 'operations', options: {} })).ok).toBe(true);

    sim.setFault({ path: 'JobStats', type: 'http-500' });
    const failed = await app.dispatch('jobs:fetch', { connectionId, filter: {}, requestId: 'bad' });
    expect(failed.ok).toBe(false);

    const exported = await app.dispatch('export:csv', { source, report: 'operations', options: {} });
    expect(exported.ok).toBe(false);
    if (!exported.ok) {
      expect(exported.error.message).toMatch(/out of date/);
      expect(exported.error.details.stale).toBe(true);
    }
    const saved = await app.dispatch('runs:save', { fetchId: good.fetchId, name: 'x', note: '' });
    expect(saved.ok).toBe(false);

    sim.clearFaults();
    const again = await fetchAll(connectionId);
    expect(
      (
        await app.dispatch('export:csv', {
          source: { kind: 'live', fetchId: again.fetchId },
          report: 'operations',
          options: {},
        })
      ).ok,
    ).toBe(true);
    // The old fetch stays out of date: it is not the current answer, whatever happened since.
    expect((await app.dispatch('runs:save', { fetchId: good.fetchId, name: 'x', note: '' })).ok).toBe(false);
  });

  it('a cancelled fetch does not make the shown data stale', async () => {
    const connectionId = await connectToSimulator(app, sim.url);
    const good = await fetchAll(connectionId);
    // The CommServe sends half its answer and waits: the fetch is cancelled once its first bytes are in.
    sim.setFault({ path: 'JobStats', type: 'stall', delayMs: 5000, times: 1 });
    const arriving = new Promise<void>((resolve) =>
      app.events.subscribe((name, payload) => {
        if (name === 'jobs:progress' && (payload as { requestId: string }).requestId === 'slow') resolve();
      }),
    );
    const pending = app.dispatch('jobs:fetch', { connectionId, filter: {}, requestId: 'slow' });
    await arriving;
    await app.dispatch('jobs:cancel', { requestId: 'slow' });
    const result = await pending;
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.kind).toBe('cancelled');
    expect((await app.dispatch('runs:save', { fetchId: good.fetchId, name: 'x', note: '' })).ok).toBe(true);
  });
});

describe('UI preferences survive a restart', () => {
  it('sort, scope, columns and the active connection come back from the settings file', async () => {
    const connectionId = await connectToSimulator(app, sim.url);
    const fresh = await call('ui:get', {});
    expect(fresh.sort).toEqual({ key: 'jobId', descending: true });
    expect(fresh.scope).toEqual(EMPTY_SCOPE);

    const scope: Scope = { ...EMPTY_SCOPE, range: '30d', search: 'Finance', statuses: ['failed', 'running'] };
    await call('ui:set', { sort: { key: 'rto', descending: false }, scope });
    await call('ui:set', { columns: ['type', 'target'], activeConnectionId: connectionId });
    await app.close();

    app = await start();
    const back = await call('ui:get', {});
    expect(back).toEqual({
      sort: { key: 'rto', descending: false },
      scope,
      columns: ['type', 'target'],
      activeConnectionId: connectionId,
    });
  });

  it('refuses nonsense, and a damaged UI section falls back to defaults without losing the connections', async () => {
    const connectionId = await connectToSimulator(app, sim.url);
    expect((await app.dispatch('ui:set', { sort: { key: 'password', descending: true } } as never)).ok).toBe(false);
    expect((await app.dispatch('ui:set', { token: 'x' } as never)).ok).toBe(false);
    await app.close();

    const path = join(dir, 'settings.json');
    const settings = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    await writeFile(path, JSON.stringify({ ...settings, ui: { sort: 'sideways' } }));
    app = await start();
    const back = await call('ui:get', {});
    expect(back.sort).toEqual({ key: 'jobId', descending: true });
    const list = await call('connections:list', {});
    expect(list.map((c) => c.id)).toContain(connectionId);
  });
});
