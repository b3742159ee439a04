import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DrOperation } from '../../electron/contract/model.js';
import type { CommvaultClient } from '../../electron/commvault/client.js';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { rejection, signedInClient, startSimulator } from '../helpers/commvault.js';

let sim: CommvaultSimulator;
let json: CommvaultClient;
let xml: CommvaultClient;

beforeAll(async () => {
  sim = await startSimulator({ seed: 7, groups: 4, vms: 5, jobs: 60 });
  json = await signedInClient(sim);
  xml = await signedInClient(sim, { format: 'xml' });
});
afterAll(() => sim.close());
beforeEach(() => sim.clearFaults());

const vmRuns = (ops: DrOperation[]) => ops.flatMap((op) => op.vms);

describe('DR groups', () => {
  it('lists the groups with names, types and clients, the same in JSON and XML', async () => {
    const groups = await json.listDrGroups();
    expect(groups.map((g) => g.id).sort()).toEqual(sim.dataset.groups.map((g) => g.vAppId).sort());
    const finance = groups.find((g) => g.name === 'Finance Tier 1');
    expect(finance).toMatchObject({ id: 30, operationType: 16, operationTypeName: 'Failover', isVirtualLab: false });
    expect(finance!.clients.length).toBe(sim.dataset.groups[0]!.clients.length);
    expect(await xml.listDrGroups()).toEqual(groups);
  });

  it('reads one group with its replication pairs, whose ids match JobStats', async () => {
    const group = await json.getDrGroup(31);
    const simGroup = sim.dataset.groups.find((g) => g.vAppId === 31)!;
    expect(group.replicationPairs.map((p) => p.replicationId)).toEqual(simGroup.clients.map((c) => c.replicationId));
    expect(group.replicationPairs[0]).toMatchObject({
      sourceName: simGroup.clients[0]!.clientName,
      destinationName: `${simGroup.clients[0]!.clientName}_DR`,
    });
    expect(await xml.getDrGroup(31)).toEqual(group);
    expect((await rejection(json.getDrGroup(999))).kind).toBe('not-found');
    expect(await rejection(json.getDrGroup(-1))).toMatchObject({
      kind: 'invalid-input',
      message: 'DR group must be a whole number greater than 0 (an id).',
    });
  });
});

describe('JobStats filters', () => {
  it('returns every operation without filters, grouped by job with one VM run per replication pair', async () => {
    const result = await json.getJobStats({});
    expect(result.operations).toHaveLength(sim.dataset.operations.length);
    expect(result.vmRunCount).toBe(sim.dataset.vmRunCount);
    expect(result.endpoint).toBe('DR/JobStats');
    const simOp = sim.dataset.operations[10]!;
    const op = result.operations.find((o) => o.jobId === simOp.jobId)!;
    expect(op.vms.map((v) => v.replicationId)).toEqual(simOp.vms.map((v) => v.replicationId));
    expect(op.drGroupId).toBe(simOp.vAppId);
  });

  it('honours each filter and every combination exactly', async () => {
    const all = vmRuns((await json.getJobStats({})).operations);
    const sample = all[Math.floor(all.length / 2)]!;
    const filters = {
      jobId: sample.jobId,
      drGroupId: sample.drGroupId!,
      replicationId: sample.replicationId!,
      clientId: sample.client.id!,
    };
    const keys = Object.keys(filters) as (keyof typeof filters)[];
    for (let mask = 1; mask < 16; mask++) {
      const filter = Object.fromEntries(keys.filter((_, i) => mask & (1 << i)).map((k) => [k, filters[k]]));
      const got = vmRuns((await json.getJobStats(filter)).operations);
      const expected = all.filter(
        (vm) =>
          (filter.jobId === undefined || vm.jobId === filter.jobId) &&
          (filter.drGroupId === undefined || vm.drGroupId === filter.drGroupId) &&
          (filter.replicationId === undefined || vm.replicationId === filter.replicationId) &&
          (filter.clientId === undefined || vm.client.id === filter.clientId),
      );
      expect(expected.length, JSON.stringify(filter)).toBeGreaterThan(0);
      expect(got.map((v) => `${v.jobId}/${v.replicationId}`).sort(), JSON.stringify(filter)).toEqual(
        expected.map((v) => `${v.jobId}/${v.replicationId}`).sort(),
      );
    }
  });

  it('answers the original page sample request shape (all four filters) with the matching VM run', async () => {
    const simOp = sim.dataset.operations[5]!;
    const vm = simOp.vms[0]!;
    const result = await json.getJobStats({
      jobId: vm.jobId,
      drGroupId: vm.vAppId,
      replicationId: vm.replicationId,
      clientId: vm.clientId,
    });
    expect(result.path).toBe(
      `DR/JobStats?jobId=${vm.jobId}&failoverGroupId=${vm.vAppId}&replicationId=${vm.replicationId}&clientId=${vm.clientId}`,
    );
    expect(vmRuns(result.operations)).toHaveLength(1);
    expect(vmRuns(result.operations)[0]!.phases.map((p) => p.code)).toEqual(vm.phases.map((p) => p.code));
  });

  it('rejects a filter that is not a positive whole number before sending anything', async () => {
    const before = sim.count('DR/JobStats');
    const cases = [
      [{ jobId: 0 }, 'Job ID'],
      [{ drGroupId: -3 }, 'DR group'],
      [{ replicationId: 1.5 }, 'Replication pair'],
      [{ clientId: Number.NaN }, 'Client'],
    ] as const;
    for (const [filter, label] of cases) {
      const error = await rejection(json.getJobStats(filter));
      expect(error.kind).toBe('invalid-input');
      expect(error.message).toBe(`${label} must be a whole number greater than 0 (an id).`);
    }
    expect(sim.count('DR/JobStats')).toBe(before);
  });

  it('normalises JSON and XML answers to identical operations', async () => {
    const [fromJson, fromXml] = await Promise.all([json.getJobStats({}), xml.getJobStats({})]);
    expect(fromXml.rawBody.startsWith('<?xml')).toBe(true);
    expect(fromXml.operations).toEqual(fromJson.operations);
  });

  it('reads lists sent as single objects, numbers sent as strings and old @-prefixed JSON the same way', async () => {
    const simOp = sim.dataset.operations[3]!;
    const filter = { jobId: simOp.jobId, replicationId: simOp.vms[0]!.replicationId };
    const plain = (await json.getJobStats(filter)).operations;
    for (const type of ['single-objects', 'strings', 'old-json'] as const) {
      sim.setFault({ path: 'JobStats', type, times: 2 });
      expect((await json.getJobStats(filter)).operations, type).toEqual(plain);
      expect((await xml.getJobStats(filter)).operations, type).toEqual(plain);
      sim.clearFaults();
    }
  });
});

describe('JobStats endpoint choice', () => {
  it('falls back to DRGroups/JobStats on an older CommServe and remembers it for that server', async () => {
    const old = await startSimulator({ groups: 2, vms: 2, jobs: 5, oldPathsOnly: true });
    try {
      const memory = new Map();
      const client = await signedInClient(old, { endpointMemory: memory });
      const group = old.dataset.operations[0]!.vAppId;
      const first = await client.getJobStats({ drGroupId: group });
      expect(first.endpoint).toBe('DRGroups/JobStats');
      expect(first.path).toBe(`DRGroups/JobStats?drGroupId=${group}`);
      expect(old.count('DR/JobStats')).toBe(1);
      const again = await signedInClient(old, { endpointMemory: memory });
      await again.getJobStats({});
      await again.getJobStats({ jobId: first.operations[0]!.jobId });
      expect(old.count('DR/JobStats')).toBe(1);
      expect(old.count('DRGroups/JobStats')).toBe(3);
    } finally {
      await old.close();
    }
  });
});

describe('running operations', () => {
  it('shows running phases without an end and completes them as simulated time passes', async () => {
    const live = await startSimulator({ groups: 2, vms: 3, jobs: 10, running: 2 });
    try {
      const client = await signedInClient(live);
      const before = (await client.getJobStats({})).operations.filter((op) => op.status === 'running');
      expect(before.length).toBeGreaterThanOrEqual(1);
      expect(
        before.every((op) => op.end === null && op.duration === null && op.rto === null && op.runningPhases > 0),
      ).toBe(true);
      live.advance(4 * 3600);
      const after = await client.getJobStats({});
      for (const op of before) {
        const done = after.operations.find((o) => o.jobId === op.jobId)!;
        expect(done.status).not.toBe('running');
        expect(done.duration).toBeGreaterThan(0);
        expect(done.vms.flatMap((v) => v.phases).length).toBeGreaterThan(op.vms.flatMap((v) => v.phases).length);
      }
    } finally {
      await live.close();
    }
  });
});
