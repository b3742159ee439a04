import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CommvaultClient } from '../../electron/commvault/client.js';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { rejection, signedInClient, startSimulator } from '../helpers/commvault.js';

let sim: CommvaultSimulator;
let json: CommvaultClient;
let xml: CommvaultClient;

beforeAll(async () => {
  sim = await startSimulator({ seed: 1, groups: 4, vms: 3, jobs: 60, running: 0 });
  json = await signedInClient(sim);
  xml = await signedInClient(sim, { format: 'xml' });
});
afterAll(() => sim.close());
beforeEach(() => sim.clearFaults());

const periodic = () => sim.dataset.groups[0]!;
const continuous = () => sim.dataset.groups[1]!;

describe('V4 failover groups', () => {
  it('lists the same groups as DRGroups, from the twice-nested list, in JSON whatever Accept asks', async () => {
    const listed = await json.listFailoverGroups();
    const classic = await json.listDrGroups();
    expect(listed.map((g) => [g.id, g.name])).toEqual(classic.map((g) => [g.id, g.name]));
    expect(listed[0]!.virtualMachines).toBe(sim.dataset.groups.find((g) => g.vAppId === listed[0]!.id)!.clients.length);
    expect(await xml.listFailoverGroups()).toEqual(listed);
  });

  it('reads a flat list of summaries, and a list of one sent as an object', async () => {
    const flat = JSON.stringify({
      failoverGroups: [{ id: 26, name: 'FG-Payroll', source: 'REPLICATION', numberOfVirtualMachines: '3' }],
    });
    sim.setFault({ path: 'V4/FailoverGroups', type: 'answer', body: flat, times: 1 });
    expect(await json.listFailoverGroups()).toEqual([
      { id: 26, name: 'FG-Payroll', source: 'REPLICATION', virtualMachines: 3 },
    ]);
    sim.setFault({ path: 'V4/FailoverGroups', type: 'single-objects', times: 1 });
    expect((await json.listFailoverGroups()).length).toBe(4);
  });

  it('needs a token: GET V4/FailoverGroups without one is 401', async () => {
    const res = await fetch(`${sim.url}/V4/FailoverGroups`, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(401);
  });

  it('gives a group its members (the JobStats VMs), priorities, scripts and schedules', async () => {
    const group = periodic();
    const detail = await json.getFailoverGroupDetail(group.vAppId);
    expect(detail.replicationPairs.map((p) => [p.id, p.sourceName])).toEqual(
      group.clients.map((c) => [c.replicationId, c.clientName]),
    );
    expect(detail.replicationPairs[0]!.preFailoverScript?.path).toMatch(/pre-failover/);
    expect(detail.testBootSchedules[0]!.schedulePattern?.scheduleFrequencyType).toBe('MONTHLY');
    expect(detail.automaticFailover?.monitoringStatus).toBe('NOT_CONFIGURED');
    expect((await rejection(json.getFailoverGroupDetail(9999))).kind).toBe('not-found');
  });
});

describe('replication: lag in seconds on V4, in minutes on the older monitor', () => {
  it('a continuous pair: V4 replicationLag (s) and the continuous monitor lagTime (min) agree', async () => {
    const pair = continuous().clients[0]!;
    sim.setFault({ type: 'lagging', path: '*', groupId: continuous().vAppId, lagSeconds: 7_250 });
    const v4 = await json.getReplicationMonitor(pair.replicationId);
    expect(v4.summary?.replicationLag).toBe(7_250);
    const old = (await json.getContinuousPairs()).find((p) => p.id === pair.replicationId)!;
    expect(old.lagTime).toBe(121);
  });

  it('a periodic pair: the streaming monitor names the backup job it is synced to, whose end is its lag', async () => {
    const group = periodic();
    const pairs = await json.getStreamingPairs(group.vAppId);
    expect(pairs.map((p) => p.replicationId)).toEqual(group.clients.map((c) => c.replicationId));
    expect(pairs[0]!.replicationGroup?.replicationGroupId).toBeGreaterThan(0);
    const synced = await json.getJobSummary(pairs[0]!.lastSyncedBkpJob!);
    expect(synced!.end).toBeLessThan(sim.now());
    expect((await rejection(json.getReplicationMonitor(group.clients[0]!.replicationId))).kind).toBe('not-found');
  });

  it('the replication group gives the RPO target in minutes', async () => {
    const id = (await json.getStreamingPairs(periodic().vAppId))[0]!.replicationGroup!.replicationGroupId!;
    expect((await json.getReplicationGroup(id)).rpo?.replicationFrequency).toBe(240);
  });
});

describe('every DR endpoint can be missing, damaged or refused', () => {
  const calls: [string, () => Promise<unknown>][] = [
    ['V4/FailoverGroups', () => json.listFailoverGroups()],
    ['V4/FailoverGroups/{id}', () => json.getFailoverGroupDetail(periodic().vAppId)],
    ['V4/FailoverGroups/{id}/TestFailoverMachines', () => json.getTestFailoverMachines(periodic().vAppId)],
    ['V4/ReplicationGroup/{id}', () => json.getReplicationGroup(200)],
    ['V4/ReplicationMonitor/{pairId}', () => json.getReplicationMonitor(continuous().clients[0]!.replicationId)],
    ['Replications/Monitors/streaming', () => json.getStreamingPairs(periodic().vAppId)],
    ['Replications/Monitors/continuous', () => json.getContinuousPairs()],
  ];
  it.each(calls)('%s', async (path, call) => {
    await expect(call()).resolves.toBeDefined();
    sim.setFault({ path, type: 'not-found', times: 1 });
    expect((await rejection(call())).kind).toBe('not-found');
    sim.setFault({ path, type: 'malformed', times: 1 });
    expect((await rejection(call())).kind).toBe('unexpected-response');
    sim.setFault({ path, type: 'forbidden', times: 1 });
    expect((await rejection(call())).details.status).toBe(403);
    sim.setFault({ path, type: 'slow', delayMs: 5, times: 1 });
    await expect(call()).resolves.toBeDefined();
  });

  it('a body in another shape is an unexpected response, never a half-read', async () => {
    sim.setFault({
      path: 'V4/ReplicationGroup/{id}',
      type: 'answer',
      body: '{"rpo": {"replicationFrequency": "soon"}, "id": []}',
      times: 1,
    });
    expect((await rejection(json.getReplicationGroup(200))).kind).toBe('unexpected-response');
  });
});
