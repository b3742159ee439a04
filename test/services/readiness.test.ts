import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/bridge/core.js';
import type { Channel, ChannelRequest } from '../../electron/contract/api.js';
import { READINESS_ENDPOINTS, type ReadinessReport } from '../../electron/contract/readiness.js';
import type { FaultType } from '../../electron/simulator/faults.js';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { connectToSimulator, dispatched, testApp, watchedFetch } from '../helpers/app.js';
import { startSimulator } from '../helpers/commvault.js';
import { ManualTimers } from '../helpers/manualTimers.js';

let sim: CommvaultSimulator;
let app: Core;
let dir: string;
let timers: ManualTimers;
let connectionId: string;
let watched: ReturnType<typeof watchedFetch>;

beforeEach(async () => {
  // The simulator's clock stands at ANCHOR, as the manual timers' does: lags are measured on one clock.
  sim = await startSimulator({ seed: 1, groups: 4, vms: 3, jobs: 60, running: 0 });
  dir = await mkdtemp(join(tmpdir(), 'drjs-ready-'));
  timers = new ManualTimers();
  watched = watchedFetch();
  app = await testApp(dir, { timers, createFetch: watched.createFetch });
  connectionId = await connectToSimulator(app, sim.url);
});
afterEach(async () => {
  await app.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

const call = <C extends Channel>(channel: C, request: ChannelRequest<C>) => dispatched(app, channel, request);

const readiness = (groupId?: number): Promise<ReadinessReport> =>
  call('readiness:get', { connectionId, ...(groupId ? { groupId } : {}) });
const check = (report: ReadinessReport, groupId: number, id: string) =>
  report.groups.find((g) => g.groupId === groupId)!.checks.find((c) => c.id === id)!;

describe('readiness between tests', () => {
  it('judges every DR group of the CommServe from what it says now, each check with its value and time', async () => {
    const report = await readiness();
    expect(report.groups.map((g) => g.groupId)).toEqual(
      [...sim.dataset.groups].sort((a, b) => a.name.localeCompare(b.name)).map((g) => g.vAppId),
    );
    expect(report.unavailable).toEqual([]);
    for (const group of report.groups) {
      expect(group.verdict).toBe('ready');
      expect(group.checks.map((c) => c.id)).toHaveLength(6);
      for (const c of group.checks) expect(c.at === null || c.at >= 1_790_000_000).toBe(true);
      expect(group.rpo.vms).toHaveLength(sim.dataset.groups.find((g) => g.vAppId === group.groupId)!.clients.length);
      expect(group.rpo.worstLagSeconds).toBeGreaterThan(0);
      expect(group.rpo.breach).toBe(false);
    }
    const periodic = report.groups.find((g) => g.groupId === sim.dataset.groups[0]!.vAppId)!;
    expect(periodic.rpo.targetSeconds).toBe(240 * 60);
    expect(periodic.rpo.vms.every((v) => v.lagSource === 'last-synced-job')).toBe(true);
    expect(periodic.nextTestBoot).toBeGreaterThan(report.readAt);
    expect(periodic.definition?.members.map((m) => m.name)).toEqual(
      sim.dataset.groups[0]!.clients.map((c) => c.clientName),
    );
    const continuous = report.groups.find((g) => g.groupId === sim.dataset.groups[1]!.vAppId)!;
    expect(continuous.rpo.targetSeconds).toBe(15 * 60);
    expect(continuous.rpo.vms.every((v) => v.lagSource === 'v4-monitor')).toBe(true);
    expect(check(report, sim.dataset.groups[1]!.vAppId, 'automatic-failover-monitoring').state).toBe('pass');
    expect(check(report, sim.dataset.groups[2]!.vAppId, 'destination-validation')).toMatchObject({
      state: 'warn',
      value: 'off',
    });
  });

  it('a group whose replication lags past its RPO is not ready, the others still are', async () => {
    const lagging = sim.dataset.groups[0]!;
    sim.setFault({ path: '*', type: 'lagging', groupId: lagging.vAppId, lagSeconds: 5 * 3600 });
    const report = await readiness();
    const group = report.groups.find((g) => g.groupId === lagging.vAppId)!;
    expect(group.verdict).toBe('not-ready');
    expect(group.rpo).toMatchObject({ breach: true, worstLagSeconds: 5 * 3600, targetSeconds: 4 * 3600 });
    expect(check(report, lagging.vAppId, 'rpo-within-target')).toMatchObject({ state: 'fail' });
    expect(check(report, lagging.vAppId, 'rpo-within-target').value).toMatch(/worst lag 5h 00m .* against 4h 00m/);
    expect(report.groups.filter((g) => g.verdict === 'ready')).toHaveLength(3);
  });

  it('lag in minutes from the older monitor where V4 has none, in seconds from V4', async () => {
    const group = sim.dataset.groups[1]!;
    sim.setFault({ path: '*', type: 'lagging', groupId: group.vAppId, lagSeconds: 1_250 });
    const v4 = (await readiness(group.vAppId)).groups[0]!;
    expect(v4.rpo.vms.map((v) => [v.lagSeconds, v.lagSource])).toEqual(group.clients.map(() => [1_250, 'v4-monitor']));
    sim.setFault({ path: 'V4/ReplicationMonitor/{pairId}', type: 'not-found' });
    const old = await readiness(group.vAppId);
    // 1,250 s is 20.8 minutes: the older monitor says 21, which is 1,260 s.
    expect(old.groups[0]!.rpo.vms.map((v) => [v.lagSeconds, v.lagSource])).toEqual(
      group.clients.map(() => [1_260, 'continuous-monitor']),
    );
    expect(old.groups[0]!.rpo.breach).toBe(true);
    expect(old.unavailable.map((u) => u.endpoint)).toEqual(['V4/ReplicationMonitor/{pairId}']);
  });

  const faults: FaultType[] = ['not-found', 'malformed', 'forbidden'];
  for (const type of faults) {
    it(`each endpoint ${type}: the reading, the fetch and the other checks go on, it is "not available"`, async () => {
      for (const endpoint of READINESS_ENDPOINTS) {
        sim.clearFaults();
        sim.setFault({ path: endpoint, type });
        const report = await readiness();
        expect(report.groups).toHaveLength(4);
        expect(report.unavailable.map((u) => u.endpoint)).toContain(endpoint);
        expect(report.unavailable.find((u) => u.endpoint === endpoint)!.note).toMatch(
          /^not available on this CommServe/,
        );
        const fetched = await call('jobs:fetch', { connectionId, filter: {}, requestId: `r-${endpoint}` });
        expect(fetched.operations.length).toBeGreaterThan(0);
      }
    });
  }

  it('nothing of it available: every check says so, the verdict is unknown, never an error', async () => {
    for (const path of READINESS_ENDPOINTS) sim.setFault({ path, type: 'not-found' });
    const report = await readiness();
    expect(report.groups.map((g) => g.name)).toEqual(
      [...sim.dataset.groups].map((g) => g.name).sort((a, b) => a.localeCompare(b)),
    );
    for (const group of report.groups) {
      expect(group.verdict).toBe('unknown');
      expect(group.checks.every((c) => c.state === 'unavailable')).toBe(true);
    }
  });

  it('a slow endpoint past the deadline is "did not answer in time"; what answered is kept', async () => {
    sim.setFault({ path: 'V4/FailoverGroups/{id}/TestFailoverMachines', type: 'slow', delayMs: 30_000, times: 1 });
    const sent = watched.sent(/TestFailoverMachines$/);
    const pending = readiness();
    await sent;
    await timers.whenPending(1);
    expect(timers.pending).toContain(60_000);
    while (timers.pending.length) timers.fire();
    const report = await pending;
    const first = report.groups[0]!;
    expect(first.reads.find((r) => r.endpoint === 'V4/FailoverGroups/{id}')!.available).toBe(true);
    expect(report.unavailable.find((u) => u.endpoint === 'V4/FailoverGroups/{id}/TestFailoverMachines')!.note).toMatch(
      /did not answer in time/,
    );
  });
});

describe('what was tested, kept with the data', () => {
  it('a fetch keeps each group definition under its hash; a saved run keeps it; the same definition, the same hash', async () => {
    const first = await call('jobs:fetch', { connectionId, filter: {}, requestId: 'd1' });
    const group = sim.dataset.groups[0]!;
    const kept = first.readiness!.definitions[String(group.vAppId)]!;
    expect(kept.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(kept.definition).toMatchObject({
      groupId: group.vAppId,
      priorityIntervalMinutes: 5,
      approvalRequired: true,
      rpoTargetSeconds: 240 * 60,
    });
    expect(kept.definition.members.map((m) => m.name).sort()).toEqual(group.clients.map((c) => c.clientName).sort());
    const saved = await call('runs:save', { fetchId: first.fetchId, name: 'with definitions', note: '' });
    const opened = await call('runs:open', { runId: saved.id });
    expect(opened.readiness?.definitions[String(group.vAppId)]).toEqual(kept);
    const again = await call('jobs:fetch', { connectionId, filter: {}, requestId: 'd2' });
    expect(again.readiness!.definitions[String(group.vAppId)]!.sha256).toBe(kept.sha256);
  });

  it('a fetch of every group asks the streaming monitor once, not once a group; one group asks for its own pairs', async () => {
    const streaming = () => sim.count('Replications/Monitors/streaming');
    const all = await call('jobs:fetch', { connectionId, filter: {}, requestId: 's1' });
    expect(streaming()).toBe(1);
    // The replication group (and so the RPO target) of every periodic group is still found from the one answer.
    for (const group of sim.dataset.groups)
      expect(all.readiness!.definitions[String(group.vAppId)]!.definition.rpoTargetSeconds).toBeGreaterThan(0);
    const group = sim.dataset.groups[0]!;
    const one = await call('jobs:fetch', { connectionId, filter: { drGroupId: group.vAppId }, requestId: 's2' });
    expect(streaming()).toBe(2);
    expect(one.readiness!.definitions[String(group.vAppId)]).toEqual(all.readiness!.definitions[String(group.vAppId)]);
  });

  it('a group whose detail lists no pairs: its replication group is found from its own streaming pairs', async () => {
    const group = sim.dataset.groups[0]!;
    const res = await fetch(`${sim.url}/V4/FailoverGroups/${group.vAppId}`, {
      headers: { authtoken: sim.issuedTokens().at(-1)!, accept: 'application/json' },
    });
    const body = (await res.json()) as Record<string, unknown>;
    sim.setFault({
      path: `V4/FailoverGroups/${group.vAppId}`,
      type: 'answer',
      body: JSON.stringify({ ...body, replicationPairs: [] }),
    });
    const fetched = await call('jobs:fetch', { connectionId, filter: {}, requestId: 's3' });
    const kept = fetched.readiness!.definitions[String(group.vAppId)]!.definition;
    // The definition is what the detail says (no members); the RPO target comes through the group's own pairs.
    expect(kept.members).toEqual([]);
    expect(kept.rpoTargetSeconds).toBe(240 * 60);
    // The shared answer, and this group's own.
    expect(sim.count('Replications/Monitors/streaming')).toBe(2);
  });

  it('a CommServe without the group detail: the fetch works and keeps no definition', async () => {
    sim.setFault({ path: 'V4/FailoverGroups/{id}', type: 'not-found' });
    const fetched = await call('jobs:fetch', { connectionId, filter: {}, requestId: 'd3' });
    expect(fetched.operations.length).toBeGreaterThan(0);
    expect(fetched.readiness!.definitions).toEqual({});
    expect(fetched.readiness!.unavailable.map((u) => u.endpoint)).toEqual(['V4/FailoverGroups/{id}']);
  });
});

describe('Compare: what changed in what was tested', () => {
  it('two runs of the same definitions: no change; a member added and a priority changed: said field by field', async () => {
    const before = await call('jobs:fetch', { connectionId, filter: {}, requestId: 'c1' });
    const same = await call('jobs:fetch', { connectionId, filter: {}, requestId: 'c2' });
    const unchanged = await call('compare:definitions', {
      left: { kind: 'live', fetchId: before.fetchId },
      right: { kind: 'live', fetchId: same.fetchId },
    });
    expect(unchanged).toEqual({ changes: [], unchanged: 4, note: '' });

    // The group as an admin changed it: a VM added (never tested yet) and the first member booting later.
    const group = sim.dataset.groups[0]!;
    const res = await fetch(`${sim.url}/V4/FailoverGroups/${group.vAppId}`, {
      headers: { authtoken: sim.issuedTokens().at(-1)!, accept: 'application/json' },
    });
    const body = (await res.json()) as { replicationPairs: Record<string, unknown>[] };
    body.replicationPairs[0]!.priority = 3;
    body.replicationPairs.push({ id: 999, sourceName: 'fina-new-01', destinationName: 'fina-new-01_DR', priority: 2 });
    sim.setFault({ path: `V4/FailoverGroups/${group.vAppId}`, type: 'answer', body: JSON.stringify(body) });
    const after = await call('jobs:fetch', { connectionId, filter: {}, requestId: 'c3' });
    const changed = await call('compare:definitions', {
      left: { kind: 'live', fetchId: before.fetchId },
      right: { kind: 'live', fetchId: after.fetchId },
    });
    expect(changed.unchanged).toBe(3);
    expect(changed.changes.map((c) => [c.field, c.left, c.right])).toEqual([
      ['member fina-new-01', 'not a member', 'added'],
      [`priority of ${group.clients[0]!.clientName}`, '1', '3'],
    ]);
  });
});
