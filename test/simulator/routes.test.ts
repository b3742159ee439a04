import { describe, expect, it } from 'vitest';
import { SimulatorAuth } from '../../electron/simulator/auth.js';
import { buildDataset } from '../../electron/simulator/dataset.js';
import { answer, type MissingEndpoints, type RouteContext } from '../../electron/simulator/routes.js';
import { TokenStore } from '../../electron/simulator/tokens.js';
import { ANCHOR, startSimulator } from '../helpers/commvault.js';

const NONE_MISSING: MissingEndpoints = { oldPathsOnly: false, noJobEndpoint: false, noGroupDetail: false };

function context(missing: Partial<MissingEndpoints> = {}): RouteContext {
  return {
    dataset: buildDataset({ seed: 1, groups: 2, vms: 2, jobs: 4, anchor: ANCHOR }),
    auth: new SimulatorAuth(
      { user: 'demo', password: 'demo', lockAfter: 5, lockSeconds: 900 },
      new TokenStore(1800, () => 0),
    ),
    missing: { ...NONE_MISSING, ...missing },
    now: () => ANCHOR,
  };
}

function signIn(sim: RouteContext): string {
  const body = JSON.stringify({ username: 'demo', password: Buffer.from('demo').toString('base64') });
  const reply = answer(sim, { method: 'POST', route: 'Login', query: new URLSearchParams(), body, token: undefined });
  return (reply.body as { token: string }).token;
}

/** The status a signed-in (or, with `token: undefined`, signed-out) request is answered with. */
function statusOf(sim: RouteContext, method: string, route: string, token: string | undefined): number {
  return answer(sim, { method, route, query: new URLSearchParams(), body: '', token }).status;
}

describe('the route table', () => {
  it('answers only the sign-in calls without a token, whatever the route', () => {
    const sim = context();
    expect(signIn(sim)).toMatch(/^QSDK /);
    for (const [method, route] of [
      ['GET', 'DRGroups'],
      ['GET', 'Login'],
      ['GET', 'No/Such/Route'],
      ['POST', 'No/Such/Route'],
      ['POST', 'WhoAmI'],
    ] as const) {
      expect(statusOf(sim, method, route, undefined), `${method} ${route}`).toBe(401);
    }
  });

  it('with a token: an unknown route is 404 to a GET and 405 to anything else, a known one in the wrong method too', () => {
    const sim = context();
    const token = signIn(sim);
    expect(answer(sim, { method: 'GET', route: 'No/Such', query: new URLSearchParams(), body: '', token })).toEqual({
      status: 404,
      body: '404 - Not Found',
    });
    expect(statusOf(sim, 'POST', 'No/Such', token)).toBe(405);
    expect(statusOf(sim, 'POST', 'DRGroups', token)).toBe(405);
    expect(statusOf(sim, 'GET', 'Logout', token)).toBe(404);
    expect(statusOf(sim, 'PUT', 'Logout', token)).toBe(405);
    expect(statusOf(sim, 'GET', 'Login', token)).toBe(404);
    // Routes are exact and case-sensitive once the root is removed.
    expect(statusOf(sim, 'GET', 'drgroups', token)).toBe(404);
    expect(statusOf(sim, 'GET', 'DRGroups/JobStats/1', token)).toBe(404);
  });

  it('answers WhoAmI in any method, and the data routes to a GET', () => {
    const sim = context();
    const token = signIn(sim);
    expect(statusOf(sim, 'GET', 'WhoAmI', token)).toBe(200);
    expect(statusOf(sim, 'POST', 'WhoAmI', token)).toBe(200);
    const group = sim.dataset.groups[0]!.vAppId;
    const job = sim.dataset.operations[0]!.jobId;
    for (const route of ['DRGroups', `DRGroups/${group}`, 'DRGroups/JobStats', 'DR/JobStats', `Job/${job}`]) {
      expect(statusOf(sim, 'GET', route, token), route).toBe(200);
    }
  });

  it('leaves out what an older CommServe lacks: 404 to a GET, still 405 to anything else', () => {
    const sim = context({ oldPathsOnly: true, noJobEndpoint: true, noGroupDetail: true });
    const token = signIn(sim);
    const group = sim.dataset.groups[0]!.vAppId;
    const job = sim.dataset.operations[0]!.jobId;
    for (const route of ['DR/JobStats', `DRGroups/${group}`, `Job/${job}`]) {
      expect(statusOf(sim, 'GET', route, token), route).toBe(404);
      expect(statusOf(sim, 'POST', route, token), route).toBe(405);
    }
    expect(statusOf(sim, 'GET', 'DRGroups/JobStats', token)).toBe(200);
  });

  it('signs out: the token is then refused', () => {
    const sim = context();
    const token = signIn(sim);
    expect(answer(sim, { method: 'POST', route: 'Logout', query: new URLSearchParams(), body: '', token })).toEqual({
      status: 200,
      body: 'User logged out',
    });
    expect(statusOf(sim, 'GET', 'DRGroups', token)).toBe(401);
  });
});

describe('paths outside the web service', () => {
  it('get the web server’s own 404 page, and the roots are found case-insensitively with trailing slashes', async () => {
    const sim = await startSimulator({ groups: 1, vms: 1, jobs: 2 });
    try {
      for (const path of ['/', '/api/DRGroups', '/commandcenter/DRGroups', '/__sim/stats']) {
        const response = await fetch(`${sim.origin}${path}`);
        expect(response.status, path).toBe(404);
        expect(response.headers.get('content-type'), path).toMatch(/text\/html/);
        expect(await response.text(), path).toContain('<title>404 - File or directory not found.</title>');
      }
      for (const path of [
        '/CommandCenter/API/DRGroups/',
        '/webconsole/api/DRGroups',
        '/SearchSvc/CVWebService.svc/DRGroups',
      ]) {
        expect((await fetch(`${sim.origin}${path}`)).status, path).toBe(401);
      }
      expect(sim.count('DRGroups')).toBe(3);
    } finally {
      await sim.close();
    }
  });
});
