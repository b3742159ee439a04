import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseXml } from '../../electron/commvault/decodeBody.js';
import { inferOperationType, OPERATION_TYPE_BY_CODE, operationTypeFromName } from '../../electron/contract/evidence.js';
import { buildDataset } from '../../electron/simulator/dataset.js';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { ANCHOR, startSimulator } from '../helpers/commvault.js';

describe('data set', () => {
  it('is the same for the same seed and different for another', () => {
    const options = { seed: 3, groups: 4, vms: 6, jobs: 50, anchor: ANCHOR };
    expect(buildDataset(options)).toEqual(buildDataset(options));
    expect(buildDataset({ ...options, seed: 4 })).not.toEqual(buildDataset(options));
  });

  it('has realistic variety: group types, operation types, durations from seconds to hours, ~5% failed phases with messages', () => {
    const data = buildDataset({ seed: 1, groups: 5, vms: 8, jobs: 400, anchor: ANCHOR });
    expect(new Set(data.groups.map((g) => g.operationType)).size).toBe(5);
    expect(new Set(data.operations.map((o) => o.type))).toEqual(new Set([7, 1, 3, 2, 6, 8, 4, 9]));
    const phases = data.operations.flatMap((o) => o.vms.flatMap((v) => v.phases));
    const durations = phases.map((p) => p.end - p.start);
    expect(Math.min(...durations)).toBeLessThan(5);
    expect(Math.max(...durations)).toBeGreaterThan(3600);
    const failed = phases.filter((p) => p.failed);
    expect(failed.length / phases.length).toBeGreaterThan(0.025);
    expect(failed.length / phases.length).toBeLessThan(0.075);
    expect(failed.every((p) => p.errorMessage && p.errorMessage.length > 20)).toBe(true);
    expect(data.operations.filter((o) => o.live).length).toBe(8);
  });

  it('plans phase sequences from which every operation type can be told apart', () => {
    const data = buildDataset({ seed: 1, groups: 5, vms: 8, jobs: 400, anchor: ANCHOR });
    for (const op of data.operations) {
      // Failed operations stop at the failing phase; the full plan is what the type is read from.
      if (op.vms.some((vm) => vm.phases.some((p) => p.failed))) continue;
      const codes = new Set(op.vms.flatMap((vm) => vm.phases.map((p) => p.code)));
      expect(inferOperationType(codes), `job ${op.jobId} (type ${op.type})`).toBe(OPERATION_TYPE_BY_CODE[op.type]);
    }
  });

  it('reaches 10,000 VM runs', () => {
    const data = buildDataset({ seed: 1, groups: 20, vms: 10, jobs: 1400, anchor: ANCHOR });
    expect(data.vmRunCount).toBeGreaterThanOrEqual(10_000);
  });

  it('keeps ids consistent: every VM run belongs to its group, replication pairs are unique', () => {
    const data = buildDataset({ seed: 2, groups: 6, vms: 5, jobs: 80, anchor: ANCHOR });
    const pairs = data.groups.flatMap((g) => g.clients.map((c) => c.replicationId));
    expect(new Set(pairs).size).toBe(pairs.length);
    for (const op of data.operations) {
      const group = data.groups.find((g) => g.vAppId === op.vAppId)!;
      expect(op.vms.map((v) => v.clientId)).toEqual(group.clients.map((c) => c.clientId));
    }
  });
});

describe('server', () => {
  let sim: CommvaultSimulator;
  let token: string;

  const signIn = async () => {
    const response = await fetch(`${sim.url}/Login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ username: 'demo', password: Buffer.from('demo').toString('base64') }),
    });
    return ((await response.json()) as { token: string }).token;
  };

  beforeAll(async () => {
    sim = await startSimulator({ groups: 3, vms: 3, jobs: 12 });
    token = await signIn();
  });
  afterAll(() => sim.close());

  const get = (path: string, accept = 'application/json') =>
    fetch(`${sim.url}/${path}`, { headers: { Accept: accept, Authtoken: token } });

  it('answers the original page sample request in XML with scalars as attributes under Api_VirtualAppJobDetailsResp', async () => {
    const vm = sim.dataset.operations[2]!.vms[1]!;
    const response = await get(
      `DRGroups/JobStats?jobId=${vm.jobId}&drGroupId=${vm.vAppId}&replicationId=${vm.replicationId}&clientId=${vm.clientId}`,
      'application/xml',
    );
    expect(response.headers.get('content-type')).toMatch(/application\/xml/);
    const text = await response.text();
    expect(text).toMatch(
      new RegExp(`<Api_VirtualAppJobDetailsResp>\\s*<job jobId="${vm.jobId}" replicationId="${vm.replicationId}">`),
    );
    expect(text).toMatch(/<phase phase="\d+" status="[01]">\s*<startTime _type_="55" time="\d+" \/>/);
    expect(text).toContain(`<client clientId="${vm.clientId}" clientName="${vm.clientName}" />`);
    expect(text).toContain(`<vapp vAppId="${vm.vAppId}" />`);
    expect(parseXml(text)).toBeTruthy();
  });

  it('answers the same request in JSON with the documented shape', async () => {
    const vm = sim.dataset.operations[2]!.vms[1]!;
    const body = (await (
      await get(
        `DRGroups/JobStats?jobId=${vm.jobId}&drGroupId=${vm.vAppId}&replicationId=${vm.replicationId}&clientId=${vm.clientId}`,
      )
    ).json()) as {
      job: {
        jobId: number;
        replicationId: number;
        phase: { phase: number; status: number; startTime: { _type_: number; time: number } }[];
        client: unknown;
        vapp: unknown;
      }[];
    };
    expect(body.job).toHaveLength(1);
    expect(body.job[0]).toMatchObject({
      jobId: vm.jobId,
      replicationId: vm.replicationId,
      client: { clientId: vm.clientId, clientName: vm.clientName },
      vapp: { vAppId: vm.vAppId },
    });
    expect(body.job[0]!.phase[0]!.startTime._type_).toBe(55);
  });

  it('treats clientId=0 as any client and refuses non-numeric filters with a Commvault error', async () => {
    const all = (await (await get('DRGroups/JobStats')).json()) as { job: unknown[] };
    const any = (await (await get('DRGroups/JobStats?clientId=0')).json()) as { job: unknown[] };
    expect(any.job.length).toBe(all.job.length);
    const bad = await get('DRGroups/JobStats?jobId=abc');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ errorCode: 2, errorMessage: 'Invalid value for parameter [jobId].' });
  });

  it('serves a job summary as Commvault does: Job/{id} names the operation, in JSON or XML', async () => {
    const op = sim.dataset.operations.find((o) => !o.live)!;
    const body = (await (await get(`Job/${op.jobId}`)).json()) as {
      totalRecordsWithoutPaging: number;
      jobs: { jobSummary: Record<string, unknown> }[];
    };
    expect(body.totalRecordsWithoutPaging).toBe(1);
    expect(body.jobs).toHaveLength(1);
    const summary = body.jobs[0]!.jobSummary;
    expect(summary).toMatchObject({ jobId: op.jobId, jobStartTime: op.start, percentComplete: 100 });
    expect(operationTypeFromName(String(summary.localizedOperationName))).toBe(OPERATION_TYPE_BY_CODE[op.type]);
    expect(['Completed', 'Failed', 'Completed w/ one or more errors']).toContain(summary.status);

    const xml = await (await get(`Job/${op.jobId}`, 'application/xml')).text();
    expect(xml).toMatch(/<jobs>\s*<jobSummary [^>]*localizedOperationName="[^"]+"/);
    expect(parseXml(xml)).toBeTruthy();

    const running = sim.dataset.operations.find((o) => o.live)!;
    const live = (await (await get(`Job/${running.jobId}`)).json()) as typeof body;
    expect(live.jobs[0]!.jobSummary).toMatchObject({ status: 'Running', jobEndTime: 0 });
    expect(live.jobs[0]!.jobSummary.percentComplete).toBeLessThan(100);
  });

  it('answers an unknown job id with no jobs (HTTP 200, totalRecordsWithoutPaging 0)', async () => {
    const response = await get('Job/1');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ totalRecordsWithoutPaging: 0 });
  });

  it('answers 401 without a valid token and Logout in plain text', async () => {
    expect((await fetch(`${sim.url}/DRGroups`)).status).toBe(401);
    // A token of its own: signing out must not end the session the other tests share, whatever their order.
    const own = await signIn();
    const out = await fetch(`${sim.url}/Logout`, { method: 'POST', headers: { Authtoken: own } });
    expect(out.headers.get('content-type')).toMatch(/text\/plain/);
    expect(await out.text()).toBe('User logged out');
    expect((await fetch(`${sim.url}/DRGroups`, { headers: { Authtoken: own } })).status).toBe(401);
    expect((await get('DRGroups')).status).toBe(200);
  });

  it('has no control endpoints unless asked for (the demo CommServe in the app runs without them)', async () => {
    const response = await fetch(`${sim.origin}/__sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ path: 'WhoAmI', type: 'html' }),
    });
    expect(response.status).toBe(404);
    expect((await fetch(`${sim.url}/WhoAmI`, { method: 'POST' })).status).not.toBe(503);
  });
});

describe('the control endpoints (for tools in another process)', () => {
  let controlled: CommvaultSimulator;
  beforeAll(async () => {
    controlled = await startSimulator({ groups: 1, vms: 1, jobs: 2, controlSecret: 'per-start-secret' });
  });
  afterAll(() => controlled.close());

  const control = (path: string, body?: unknown, method = 'POST', headers: Record<string, string> = {}) =>
    fetch(`${controlled.origin}/__sim/${path}`, {
      method,
      headers: { 'x-sim-secret': 'per-start-secret', ...headers },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  it('take faults and time with the per-start secret', async () => {
    expect((await control('faults', { path: 'WhoAmI', type: 'html', times: 1 })).status).toBe(200);
    expect((await fetch(`${controlled.url}/WhoAmI`, { method: 'POST' })).status).toBe(503);
    expect((await control('faults', { path: 'WhoAmI', type: 'no-such-fault' })).status).toBe(400);
    const before = ((await (await control('stats', undefined, 'GET')).json()) as { now: number }).now;
    await control('advance', { seconds: 3600 });
    const after = ((await (await control('stats', undefined, 'GET')).json()) as { now: number }).now;
    expect(after - before).toBeGreaterThanOrEqual(3600);
  });

  it('refuse a missing or wrong secret, another web site and a rebound host name', async () => {
    expect((await control('revoke-tokens', undefined, 'POST', { 'x-sim-secret': '' })).status).toBe(403);
    expect((await control('revoke-tokens', undefined, 'POST', { 'x-sim-secret': 'guess' })).status).toBe(403);
    // A web page's no-cors POST carries its Origin (and never the secret).
    expect((await control('revoke-tokens', undefined, 'POST', { origin: 'https://evil.example' })).status).toBe(403);
    const rebound = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: new URL(controlled.origin).port,
          path: '/__sim/revoke-tokens',
          method: 'POST',
          headers: { host: 'evil.example', 'x-sim-secret': 'per-start-secret' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(rebound).toBe(403);
  });
});

describe('older CommServes', () => {
  it('can lack the Job endpoint and DRGroups/{id} (404), for testing fallbacks', async () => {
    const sim = await startSimulator({ groups: 2, vms: 2, jobs: 4, noJobEndpoint: true, noGroupDetail: true });
    try {
      const login = await fetch(`${sim.url}/Login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ username: 'demo', password: Buffer.from('demo').toString('base64') }),
      });
      const { token } = (await login.json()) as { token: string };
      const get = (path: string) =>
        fetch(`${sim.url}/${path}`, { headers: { Accept: 'application/json', Authtoken: token } });
      expect((await get(`Job/${sim.dataset.operations[0]!.jobId}`)).status).toBe(404);
      expect((await get(`DRGroups/${sim.dataset.groups[0]!.vAppId}`)).status).toBe(404);
      expect((await get('DRGroups')).status).toBe(200);
      expect((await get('DRGroups/JobStats')).status).toBe(200);
    } finally {
      await sim.close();
    }
  });
});
