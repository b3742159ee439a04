import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CommvaultClient } from '../../electron/commvault/client.js';
import { classifyNetworkError } from '../../electron/commvault/http.js';
import { parseWebServiceRoot } from '../../electron/commvault/webServiceRoot.js';
import { createNodeFetch } from '../../electron/commvault/nodeTransport.js';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { SERVER_ERROR_TEXT } from '../../electron/simulator/faults.js';
import { rejection, signedInClient, startSimulator } from '../helpers/commvault.js';

let sim: CommvaultSimulator;
beforeAll(async () => {
  sim = await startSimulator({ groups: 2, vms: 3, jobs: 20 });
});
afterAll(() => sim.close());
beforeEach(() => sim.clearFaults());

describe('server faults become typed errors', () => {
  it.each(['error-code', 'error-errlist', 'error-object', 'error-object-errlist', 'error-errors'] as const)(
    'HTTP 200 with the %s shape → server-error with code and text',
    async (type) => {
      for (const format of ['json', 'xml'] as const) {
        const client = await signedInClient(sim, { format });
        sim.setFault({ path: 'JobStats', type, times: 1 });
        const error = await rejection(client.getJobStats({}));
        expect(error, format).toMatchObject({
          kind: 'server-error',
          message: `The CommServe reported an error (code 2): ${SERVER_ERROR_TEXT}`,
          details: { status: 200, serverCode: 2, serverMessage: SERVER_ERROR_TEXT },
        });
      }
    },
  );

  it('HTTP 500 with a Commvault error body → server-error with the server text', async () => {
    const client = await signedInClient(sim);
    sim.setFault({ path: 'DRGroups', type: 'http-500', times: 1 });
    const error = await rejection(client.listDrGroups());
    expect(error.kind).toBe('server-error');
    expect(error.message).toBe(
      'The server could not complete the request: HTTP 500 Internal server error while processing the request.',
    );
    expect(error.details).toMatchObject({ status: 500, serverCode: 500 });
  });

  it('an HTML error page → unexpected-response naming its title and status (not a CommServe error), and the app can go on afterwards', async () => {
    const client = await signedInClient(sim);
    sim.setFault({ path: 'JobStats', type: 'html', times: 1 });
    const error = await rejection(client.getJobStats({}));
    expect(error.kind).toBe('unexpected-response');
    expect(error.message).toContain('"503 - Service Unavailable: CommServe web server is restarting"');
    expect(error.message).toContain('HTTP 503');
    expect(error.message).not.toMatch(/CommServe reported/);
    sim.setFault({ path: 'DRGroups', type: 'html', times: 1 });
    expect((await rejection(client.listDrGroups())).kind).toBe('unexpected-response');
    expect(error.details).toMatchObject({ status: 503, contentType: 'text/html; charset=utf-8' });
    await expect(client.getJobStats({})).resolves.toMatchObject({ vmRunCount: sim.dataset.vmRunCount });
  });

  it.each([
    ['malformed', 'json', /damaged JSON/],
    ['malformed', 'xml', /damaged XML/],
    ['truncated', 'json', /damaged JSON/],
    ['truncated', 'xml', /damaged XML/],
  ] as const)('a %s %s body → unexpected-response with an excerpt', async (type, format, message) => {
    const client = await signedInClient(sim, { format });
    sim.setFault({ path: 'JobStats', type, times: 1 });
    const error = await rejection(client.getJobStats({}));
    expect(error.kind).toBe('unexpected-response');
    expect(error.message).toMatch(message);
    expect(String(error.details.excerpt).length).toBeGreaterThan(10);
    expect(error.details.contentType).toContain(format);
  });

  it('a huge body → too-large, counted while streaming (no Content-Length)', async () => {
    const client = await signedInClient(sim, { maxBytes: 2 * 1024 * 1024 });
    sim.setFault({ path: 'JobStats', type: 'huge', sizeMb: 64, times: 1 });
    const progress: number[] = [];
    const error = await rejection(client.getJobStats({}, { onProgress: (bytes) => progress.push(bytes) }));
    expect(error.kind).toBe('too-large');
    expect(error.message).toMatch(/larger than the 2 MB limit/);
    expect(Math.max(...progress)).toBeLessThanOrEqual(2 * 1024 * 1024);
  });

  it('a reset connection → network error naming the host', async () => {
    const client = await signedInClient(sim);
    sim.setFault({ path: 'DRGroups', type: 'reset', times: 1 });
    const error = await rejection(client.listDrGroups());
    expect(error.kind).toBe('network');
    expect(error.message).toContain(`127.0.0.1:${sim.port}`);
  });

  it('a slow server → timeout after the configured time; a cancelled request → cancelled', async () => {
    // The limit also bounds the sign-in before it, so it leaves room for a loaded machine; the server waits 5 times as long.
    const client = await signedInClient(sim, { timeoutMs: 1000 });
    sim.setFault({ path: 'DRGroups', type: 'slow', delayMs: 5000, times: 1 });
    const slow = await rejection(client.listDrGroups());
    expect(slow).toMatchObject({ kind: 'timeout', details: { timeoutMs: 1000 } });

    // Cancelled in the middle of the answer: the CommServe has sent half and waits; the first bytes cancel it.
    const patient = await signedInClient(sim);
    sim.setFault({ path: 'JobStats', type: 'stall', delayMs: 5000, times: 1 });
    const controller = new AbortController();
    const pending = rejection(
      patient.getJobStats({}, { signal: controller.signal, onProgress: () => controller.abort() }),
    );
    expect((await pending).kind).toBe('cancelled');
  });

  it('a 404 on a path that exists on every server → not-found', async () => {
    const client = await signedInClient(sim);
    sim.setFault({ path: 'DRGroups', type: 'not-found', times: 1 });
    expect((await rejection(client.listDrGroups())).kind).toBe('not-found');
  });
});

describe('network failures', () => {
  it('a closed port → refused', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    const client = new CommvaultClient({
      webService: `http://127.0.0.1:${port}/commandcenter/api`,
      fetch: createNodeFetch(),
      format: 'json',
      deviceId: 'd',
    });
    const error = await rejection(client.login({ username: 'demo', password: 'demo' }));
    expect(error).toMatchObject({ kind: 'refused', details: { code: 'ECONNREFUSED' } });
    expect(error.message).toBe(
      `127.0.0.1:${port} refused the connection. Check the port and that the web service is running.`,
    );
  });

  it('an address typed without a scheme is tried as https; a plain-HTTP server is then named as such, with the http address to use', async () => {
    const { host } = new URL(sim.url);
    const root = parseWebServiceRoot(host);
    expect(root.url).toBe(`https://${host}/commandcenter/api`);
    const client = new CommvaultClient({
      webService: root.url,
      fetch: createNodeFetch(),
      format: 'json',
      deviceId: 'd',
    });
    const error = await rejection(client.login({ username: 'demo', password: 'demo' }));
    expect(error.kind).toBe('tls');
    expect(error.message).toBe(`${host} does not speak HTTPS; did you mean http://${host}?`);
    // Electron's network stack names the same failure differently.
    expect(classifyNetworkError(new Error('net::ERR_SSL_PROTOCOL_ERROR'), `https://${host}/x`).message).toBe(
      `${host} does not speak HTTPS; did you mean http://${host}?`,
    );
  });

  it('classifies Node and Electron failure shapes the same way', () => {
    const nodeError = (code: string) =>
      new TypeError('fetch failed', { cause: Object.assign(new Error(`getaddrinfo ${code} cs`), { code }) });
    const url = 'https://cs.example.com/commandcenter/api/Login';
    expect(classifyNetworkError(nodeError('ENOTFOUND'), url).kind).toBe('dns');
    expect(classifyNetworkError(nodeError('EAI_AGAIN'), url).kind).toBe('dns');
    expect(classifyNetworkError(nodeError('ECONNRESET'), url).kind).toBe('network');
    expect(classifyNetworkError(nodeError('UND_ERR_CONNECT_TIMEOUT'), url).kind).toBe('timeout');
    expect(classifyNetworkError(nodeError('CERT_HAS_EXPIRED'), url).kind).toBe('tls');
    expect(classifyNetworkError(new Error('net::ERR_NAME_NOT_RESOLVED'), url).kind).toBe('dns');
    expect(classifyNetworkError(new Error('net::ERR_CONNECTION_REFUSED'), url).kind).toBe('refused');
    expect(classifyNetworkError(new Error('net::ERR_CERT_AUTHORITY_INVALID'), url).kind).toBe('tls');
    expect(classifyNetworkError(new Error('net::ERR_CONNECTION_RESET'), url).kind).toBe('network');
    expect(classifyNetworkError(nodeError('ENOTFOUND'), url).message).toBe(
      'The host name cs.example.com could not be found. Check the address and your DNS or VPN.',
    );
  });
});

describe('serialised errors', () => {
  it('carry kind, message and details as plain data', async () => {
    const error = await rejection(
      new CommvaultClient({ webService: sim.url, fetch: createNodeFetch(), format: 'json', deviceId: 'd' }).login({
        username: 'demo',
        password: 'nope',
      }),
    );
    const plain = JSON.parse(JSON.stringify(error)) as unknown;
    expect(plain).toEqual({
      kind: 'bad-credentials',
      message: 'The CommServe did not accept the user name or password: Invalid Username or Password.',
      details: { status: 200, serverCode: 5, serverMessage: 'Invalid Username or Password' },
    });
  });
});
