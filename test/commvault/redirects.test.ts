import { X509Certificate } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CommvaultClient } from '../../electron/commvault/client.js';
import { createNodeFetch } from '../../electron/commvault/nodeTransport.js';
import type { ConnectionProfile } from '../../electron/contract/connections.js';
import { nodeFetchFor } from '../../electron/services/nodeFetch.js';
import { selfSignedCertificate } from '../../electron/simulator/certificate.js';
import { rejection } from '../helpers/commvault.js';

/** What a loopback server saw: every request's path and headers. */
interface Seen {
  url: string;
  headers: IncomingHttpHeaders;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listen(
  host: string,
  handler: (url: string, respond: (status: number, headers: Record<string, string>, body?: string) => void) => void,
) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    // Signing in with a pasted token checks it with WhoAmI first; answer that plainly.
    if (req.url?.endsWith('/WhoAmI')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ user: { userName: 'admin' } }));
      return;
    }
    seen.push({ url: req.url ?? '', headers: req.headers });
    handler(req.url ?? '', (status, headers, body = '') => {
      res.writeHead(status, headers);
      res.end(body);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return { seen, origin: `http://${host}:${port}` };
}

const JOBSTATS = JSON.stringify({ job: [] });
const TOKEN = 'QSDK 1234567890abcdef';

async function client(webService: string, fetch = createNodeFetch()) {
  const c = new CommvaultClient({ webService, fetch, format: 'json', deviceId: 'redirect-test' });
  await c.useToken(TOKEN);
  return c;
}

describe('redirects never carry credentials to another host', () => {
  it('refuses a redirect to another host: the token is not sent there and its data is not accepted', async () => {
    const other = await listen('127.0.0.2', (_url, respond) =>
      respond(200, { 'content-type': 'application/json' }, JSON.stringify({ job: [{ jobId: 666, phase: [] }] })),
    );
    const commserve = await listen('127.0.0.1', (url, respond) => respond(302, { location: `${other.origin}${url}` }));
    const error = await rejection((await client(`${commserve.origin}/commandcenter/api`)).getJobStats({}));
    expect(error.kind).toBe('unexpected-response');
    expect(error.message).toContain('127.0.0.2');
    expect(error.details).toMatchObject({ status: 302, code: 'REDIRECT' });
    expect(other.seen).toEqual([]);
    expect(commserve.seen.length).toBeGreaterThan(0);
  });

  it('refuses a redirect from https down to plain http on the same host, through a pinned connection fetch', async () => {
    const plain = await listen('127.0.0.1', (_url, respond) =>
      respond(200, { 'content-type': 'application/json' }, JOBSTATS),
    );
    const { key, cert } = await selfSignedCertificate();
    const secure = createHttpsServer({ key, cert }, (req, res) => {
      if (req.url?.endsWith('/WhoAmI')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ user: { userName: 'admin' } }));
      } else {
        res.writeHead(302, { location: `${plain.origin}${req.url ?? '/'}` });
        res.end();
      }
    });
    servers.push(secure);
    await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
    const { port } = secure.address() as AddressInfo;
    const profile = {
      tls: { mode: 'pinned', fingerprint256: new X509Certificate(cert).fingerprint256 },
    } as ConnectionProfile;
    const https = await client(`https://127.0.0.1:${port}/commandcenter/api`, await nodeFetchFor(profile));
    const error = await rejection(https.getJobStats({}));
    expect(error).toMatchObject({ kind: 'unexpected-response', details: { status: 302, code: 'REDIRECT' } });
    expect(error.message).toContain('http://127.0.0.1');
    expect(plain.seen).toEqual([]);
  });

  it('refuses a redirect to the same host and port with only the scheme changed (https → http): no token in clear text', async () => {
    const { key, cert } = await selfSignedCertificate();
    let port = 0;
    const secure = createHttpsServer({ key, cert }, (req, res) => {
      if (req.url?.endsWith('/WhoAmI')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ user: { userName: 'admin' } }));
      } else {
        // The same host and port, plain http: a host-only comparison would call this "the same server".
        res.writeHead(302, { location: `http://127.0.0.1:${port}${req.url ?? '/'}` });
        res.end();
      }
    });
    servers.push(secure);
    await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
    port = (secure.address() as AddressInfo).port;
    const profile = {
      tls: { mode: 'pinned', fingerprint256: new X509Certificate(cert).fingerprint256 },
    } as ConnectionProfile;
    // Every request the client makes, as it leaves: one over plain http would carry the token in clear text.
    const pinned = await nodeFetchFor(profile);
    const sent: string[] = [];
    const https = await client(`https://127.0.0.1:${port}/commandcenter/api`, (url, init) => {
      sent.push(url);
      return pinned(url, init);
    });
    const error = await rejection(https.getJobStats({}));
    expect(error).toMatchObject({ kind: 'unexpected-response', details: { status: 302, code: 'REDIRECT' } });
    expect(error.message).toContain(`http://127.0.0.1:${port}`);
    expect(sent.filter((url) => url.startsWith('http:'))).toEqual([]);
  });

  it('follows a redirect on the same origin (webconsole → commandcenter), keeping the token there only', async () => {
    const commserve = await listen('127.0.0.1', (url, respond) => {
      if (url.startsWith('/webconsole/')) respond(301, { location: url.replace('/webconsole/', '/commandcenter/') });
      else respond(200, { 'content-type': 'application/json' }, JOBSTATS);
    });
    await expect((await client(`${commserve.origin}/webconsole/api`)).getJobStats({})).resolves.toMatchObject({
      operations: [],
    });
    const final = commserve.seen.at(-1)!;
    expect(final.url).toMatch(/^\/commandcenter\/api\/DR\/JobStats/);
    expect(final.headers.authtoken).toBe(TOKEN);
  });

  it('stops after a few hops instead of looping', async () => {
    const commserve = await listen('127.0.0.1', (url, respond) => respond(302, { location: url }));
    const error = await rejection((await client(`${commserve.origin}/commandcenter/api`)).getJobStats({}));
    expect(error).toMatchObject({ kind: 'unexpected-response', details: { code: 'REDIRECT' } });
    expect(commserve.seen.length).toBeLessThanOrEqual(6);
  });
});
