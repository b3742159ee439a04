import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { clientFor, rejection, signedInClient, startSimulator } from '../helpers/commvault.js';

let sim: CommvaultSimulator;
beforeAll(async () => {
  sim = await startSimulator({ groups: 3, vms: 4, jobs: 30, lockAfter: 3, lockSeconds: 600 });
});
afterAll(() => sim.close());
beforeEach(() => sim.clearFaults());

describe('sign in', () => {
  it('logs in with the Base64 password, then WhoAmI and DR groups work with the token', async () => {
    const tokens: (string | null)[] = [];
    const client = clientFor(sim, { onTokenChange: (t) => tokens.push(t) });
    await expect(client.login({ username: 'demo', password: 'demo' })).resolves.toEqual({ userName: 'demo' });
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatch(/^QSDK [0-9a-f]{192}$/);
    await expect(client.whoAmI()).resolves.toEqual({ userName: 'demo' });
  });

  it.each(['error-code', 'error-errlist', 'error-object', 'error-object-errlist', 'error-errors'] as const)(
    'refuses a token that WhoAmI answers with a Commvault error (%s, HTTP 200), never "signed in as unknown user"',
    async (type) => {
      const tokens: string[] = [];
      await signedInClient(sim, { onTokenChange: (t) => t && tokens.push(t) });
      const token = tokens[0]!;
      sim.setFault({ path: 'WhoAmI', type });
      const error = await rejection(clientFor(sim).useToken(token));
      expect(error).toMatchObject({
        kind: 'server-error',
        message: expect.stringMatching(/^The CommServe did not confirm the session \(code 2\): /) as string,
      });
    },
  );

  it('turns the HTTP-200 errList of a wrong password into bad-credentials with the server text', async () => {
    const error = await rejection(clientFor(sim).login({ username: 'demo', password: 'wrong' }));
    expect(error).toMatchObject({
      kind: 'bad-credentials',
      message: 'The CommServe did not accept the user name or password: Invalid Username or Password.',
      details: { status: 200, serverCode: 5, serverMessage: 'Invalid Username or Password' },
    });
  });

  it('reports a locked account with the time left', async () => {
    for (let i = 0; i < 3; i++) await rejection(clientFor(sim).login({ username: 'locky', password: 'x' }));
    const error = await rejection(clientFor(sim).login({ username: 'locky', password: 'x' }));
    expect(error.kind).toBe('bad-credentials');
    expect(error.message).toMatch(
      /^The account is locked for 10 more minutes\. The server said: User account is locked/,
    );
    expect(error.details.lockedForSeconds).toBeGreaterThan(590);
  });

  it('checks empty fields before sending anything', async () => {
    const before = sim.count('Login');
    expect((await rejection(clientFor(sim).login({ username: ' ', password: 'x' }))).kind).toBe('invalid-input');
    expect((await rejection(clientFor(sim).login({ username: 'demo', password: '' }))).kind).toBe('invalid-input');
    expect(sim.count('Login')).toBe(before);
  });

  it('uses a pasted token (bare, wrapped over lines) and refuses a bad one as an expired session', async () => {
    const tokens: string[] = [];
    await clientFor(sim, { onTokenChange: (t) => t && tokens.push(t) }).login({ username: 'demo', password: 'demo' });
    const bare = tokens[0]!.slice('QSDK '.length);
    const wrapped = `${bare.slice(0, 60)}\n${bare.slice(60)}`;
    await expect(clientFor(sim).useToken(wrapped)).resolves.toEqual({ userName: 'demo' });
    const bad = clientFor(sim);
    expect((await rejection(bad.useToken('QSDK deadbeef'))).kind).toBe('session-expired');
    expect(bad.signedIn).toBe(false);
  });

  it('logs out (plain-text reply) and the token stops working', async () => {
    const tokens: (string | null)[] = [];
    const client = await signedInClient(sim, { onTokenChange: (t) => tokens.push(t) });
    const token = tokens[0]!;
    await client.logout();
    expect(tokens.at(-1)).toBeNull();
    expect(client.signedIn).toBe(false);
    expect((await rejection(clientFor(sim).useToken(token))).kind).toBe('session-expired');
  });

  it('works against all three web service roots', async () => {
    for (const root of ['/commandcenter/api/', '/webconsole/api', '/SearchSvc/CVWebService.svc']) {
      const client = clientFor(sim, { webService: `${sim.origin}${root}` });
      await client.login({ username: 'demo', password: 'demo' });
      expect((await client.listDrGroups()).length).toBe(3);
    }
  });
});

describe('expiry and renewal', () => {
  it('renews once for many calls in flight after expiry, and each call retries once', async () => {
    const tokens: (string | null)[] = [];
    const client = await signedInClient(sim, { onTokenChange: (t) => tokens.push(t) });
    sim.expireTokens();
    const renewalsBefore = sim.count('RenewLoginToken');
    const groupsBefore = sim.count('DRGroups');
    const results = await Promise.all(Array.from({ length: 8 }, () => client.listDrGroups()));
    expect(results.every((groups) => groups.length === 3)).toBe(true);
    expect(sim.count('RenewLoginToken') - renewalsBefore).toBe(1);
    expect(sim.count('DRGroups') - groupsBefore).toBe(16);
    expect(tokens).toHaveLength(2);
    expect(tokens[1]).not.toBe(tokens[0]);
  });

  it('ends in session-expired, without looping, when renewal fails and no password is remembered', async () => {
    const tokens: (string | null)[] = [];
    const client = await signedInClient(sim, { onTokenChange: (t) => tokens.push(t) });
    sim.revokeTokens();
    const renewalsBefore = sim.count('RenewLoginToken');
    const errors = await Promise.all(Array.from({ length: 4 }, () => rejection(client.listDrGroups())));
    expect(errors.map((e) => e.kind)).toEqual(Array(4).fill('session-expired'));
    expect(sim.count('RenewLoginToken') - renewalsBefore).toBe(1);
    expect(client.signedIn).toBe(false);
    expect(tokens.at(-1)).toBeNull();
  });

  it('signs in again with remembered credentials when renewal fails', async () => {
    let asked = 0;
    const client = await signedInClient(sim, {
      reloginCredentials: () => {
        asked++;
        return Promise.resolve({ username: 'demo', password: 'demo' });
      },
    });
    sim.revokeTokens();
    const loginsBefore = sim.count('Login');
    await expect(client.listDrGroups()).resolves.toHaveLength(3);
    expect(asked).toBe(1);
    expect(sim.count('Login') - loginsBefore).toBe(1);
  });

  it('gives up after one retry when the server keeps answering 401', async () => {
    const client = await signedInClient(sim);
    sim.setFault({ path: 'DRGroups', type: 'unauthorized', times: 2 });
    const renewalsBefore = sim.count('RenewLoginToken');
    expect((await rejection(client.listDrGroups())).kind).toBe('session-expired');
    expect(sim.count('RenewLoginToken') - renewalsBefore).toBe(1);
  });

  it('renews expired tokens with an idle time-out measured by the server', async () => {
    let nowMs = Date.now();
    const short = await startSimulator({ groups: 1, vms: 1, jobs: 1, tokenTtlSeconds: 1, tokenClock: () => nowMs });
    try {
      const client = await signedInClient(short);
      await expect(client.listDrGroups()).resolves.toHaveLength(1);
      expect(short.count('RenewLoginToken')).toBe(0);
      nowMs += 1300;
      await expect(client.listDrGroups()).resolves.toHaveLength(1);
      expect(short.count('RenewLoginToken')).toBe(1);
    } finally {
      await short.close();
    }
  });
});
