import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeFetch, probeCertificate } from '../../electron/commvault/nodeTransport.js';
import { CommvaultClient } from '../../electron/commvault/client.js';
import { startDemoServer } from '../../electron/simulator/demoServer.js';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { startSimulator } from '../helpers/commvault.js';

/** A raw request, so Host, Origin and Sec-Fetch-Site go out exactly as a web page's browser would send them. */
function post(
  simulator: CommvaultSimulator,
  route: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: simulator.port,
        path: `/commandcenter/api/${route}`,
        method: 'POST',
        agent: false,
        headers: {
          host: `127.0.0.1:${simulator.port}`,
          'content-type': 'application/json',
          accept: 'application/json',
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const login = (password: string) => ({ username: 'demo', password: Buffer.from(password).toString('base64') });
const tokenOf = (answer: { body: string }) => {
  try {
    return (JSON.parse(answer.body) as { token?: string }).token;
  } catch {
    return undefined;
  }
};

describe('the demo CommServe (the app’s built-in web service)', () => {
  let demo: CommvaultSimulator;
  beforeAll(async () => {
    demo = await startDemoServer();
  });
  afterAll(() => demo.close());

  it('cannot be locked by a web page: cross-origin sign-ins are refused before they count', async () => {
    for (let i = 0; i < 6; i++) {
      const attempt = await post(demo, 'Login', login('wrong'), { origin: 'https://evil.example' });
      expect(attempt.status).toBe(403);
    }
    // The app still signs in: the account was never locked.
    const signedIn = await post(demo, 'Login', login('demo'));
    expect(signedIn.status).toBe(200);
    expect(tokenOf(signedIn)).toMatch(/^QSDK /);
  });

  it.each([
    ['a page under a name that resolves to 127.0.0.1 (DNS rebinding)', { host: 'rebind.example' }],
    ['the same, with its port', { host: 'rebind.example:80' }],
    ['a page on this machine’s other port (same site, its Origin)', { origin: 'http://127.0.0.1:8080' }],
    ['a cross-site fetch that sends no Origin', { 'sec-fetch-site': 'cross-site' }],
    ['a same-site fetch that sends no Origin', { 'sec-fetch-site': 'same-site' }],
    ['an opaque page (Origin: null)', { origin: 'null' }],
  ])('refuses %s, even with the right password', async (_what, headers) => {
    const answer = await post(demo, 'Login', login('demo'), headers);
    expect(answer.status).toBe(403);
    expect(tokenOf(answer)).toBeUndefined();
  });

  it('answers the app’s own client, by 127.0.0.1 and by localhost', async () => {
    for (const host of ['127.0.0.1', 'localhost']) {
      const client = new CommvaultClient({
        webService: `http://${host}:${demo.port}/commandcenter/api`,
        fetch: createNodeFetch(),
        probeCertificate,
        format: 'json',
        deviceId: 'demo-test',
      });
      await client.login({ username: 'demo', password: 'demo' });
      expect((await client.listDrGroups()).length).toBeGreaterThan(0);
    }
  });
});

describe('the standalone simulator', () => {
  it('still answers any Host (it can listen on another interface, for curl on another machine)', async () => {
    const simulator = await startSimulator();
    try {
      const answer = await post(simulator, 'Login', login('demo'), { host: 'build-server.example:8400' });
      expect(tokenOf(answer)).toMatch(/^QSDK /);
    } finally {
      await simulator.close();
    }
  });
});
