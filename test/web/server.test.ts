import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/bridge/core.js';
import { DownloadSink } from '../../electron/sinks/downloadSink.js';
import { SECRET_HEADER } from '../../electron/contract/ipc.js';
import { CONNECTION_LIMIT, startWebServer, type WebServer } from '../../electron/web/server.js';
import { testApp } from '../helpers/app.js';
import { raw as rawTo, secretFrom } from './rawHttp.js';

let dir: string;
let app: Core;
let server: WebServer;
let secret: string;
const downloads = new DownloadSink();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drjs-web-'));
  const staticDir = join(dir, 'renderer');
  await mkdir(join(staticDir, 'assets'), { recursive: true });
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>DR Job Stats</title>');
  await writeFile(join(dir, 'outside.txt'), 'not to be served');
  app = await testApp(join(dir, 'data'));
  server = await startWebServer({ app, downloads, staticDir });
  secret = await secretFrom(server.port, server.newLink());
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const raw = (path: string, options: Parameters<typeof rawTo>[2] = {}) => rawTo(server.port, path, options);

const invoke = (channel: string, headers: Record<string, string> = {}, body = '{}') =>
  raw(`/api/invoke/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SECRET_HEADER]: secret, ...headers },
    body,
  });

describe('the browser-mode gate', () => {
  it('answers a call with the secret', async () => {
    const answer = await invoke('app:info');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: true, value: { mode: 'browser' } });
  });

  it.each([
    ['no secret', { [SECRET_HEADER]: '' }, 401],
    ['a wrong secret', { [SECRET_HEADER]: 'x'.repeat(32) }, 401],
    ['a foreign Host (DNS rebinding)', { host: `evil.example:${0}` }, 421],
    ['a foreign Origin', { origin: 'https://evil.example' }, 403],
    ['a cross-site fetch', { 'sec-fetch-site': 'cross-site' }, 403],
    ['a form post (not JSON)', { 'content-type': 'text/plain' }, 415],
  ])('refuses %s', async (_what, headers, status) => {
    expect((await invoke('app:info', headers)).status).toBe(status);
  });

  it('refuses an oversize request and an unknown channel', async () => {
    expect((await invoke('app:info', {}, JSON.stringify({ pad: 'x'.repeat(1024 * 1024 + 10) }))).status).toBe(413);
    const unknown = await invoke('no:such');
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
  });

  it('serves the page but nothing outside the renderer folder', async () => {
    expect((await raw('/')).status).toBe(200);
    for (const path of ['/%2e%2e/outside.txt', '/..%2foutside.txt', '/assets/..%2f..%2foutside.txt']) {
      const answer = await raw(path);
      expect(answer.status, path).toBeGreaterThanOrEqual(400);
      expect(answer.body, path).not.toContain('not to be served');
    }
  });

  it('answers a malformed %-escape with 400, not 500', async () => {
    const answer = await raw('/assets/%E0%A4%A');
    expect(answer.status).toBe(400);
  });

  it('hands out a download once, and only with the secret', async () => {
    expect((await raw('/api/download/abc')).status).toBe(401);
    expect((await raw('/api/download/abc', { headers: { [SECRET_HEADER]: secret } })).status).toBe(404);
    const saved = await downloads.save('jobs.csv', [{ name: 'CSV', extensions: ['csv'] }], async (out) => {
      out.end('Job ID\n1\n');
    });
    if (saved.kind !== 'download') throw new Error(`expected a download, got ${saved.kind}`);
    const path = `/api/download/${saved.token}`;
    // Without the secret it is refused, and the refusal does not use it up.
    expect((await raw(path)).status).toBe(401);
    const first = await raw(path, { headers: { [SECRET_HEADER]: secret } });
    expect(first.status).toBe(200);
    expect(first.body).toBe('Job ID\n1\n');
    expect((await raw(path, { headers: { [SECRET_HEADER]: secret } })).status).toBe(404);
  });
});

describe('the browser-mode server under load', () => {
  it('has timeouts for slow or idle clients and a connection limit', () => {
    const http = server.server;
    expect(http.headersTimeout).toBeGreaterThan(0);
    expect(http.headersTimeout).toBeLessThanOrEqual(15_000);
    expect(http.requestTimeout).toBeGreaterThan(0);
    expect(http.keepAliveTimeout).toBeLessThanOrEqual(10_000);
  });
});

/** The test's idle connections in the order they were closed (by the server), and a wait for the next. */
const closedSockets: Socket[] = [];
let onClosed: () => void = () => undefined;
const nextClose = () => new Promise<void>((resolve) => (onClosed = resolve));

/** Opens `count` connections that never send a byte, resolving once the server has taken (or dropped) every one. */
async function idleSockets(count: number): Promise<Socket[]> {
  let seen = 0;
  const allSeen = new Promise<void>((resolve) => {
    const onConnection = () => {
      if (++seen < count) return;
      server.server.off('connection', onConnection).off('drop', onConnection);
      resolve();
    };
    server.server.on('connection', onConnection).on('drop', onConnection);
  });
  const sockets = Array.from({ length: count }, () => {
    const socket = connect(server.port, '127.0.0.1');
    // Read, so a close by the server is seen; never write.
    socket.resume();
    socket.on('error', () => undefined);
    socket.once('close', () => {
      closedSockets.push(socket);
      onClosed();
    });
    return socket;
  });
  await allSeen;
  return sockets;
}

describe('the browser-mode connection limit', () => {
  let held: Socket[] = [];
  afterEach(() => {
    for (const socket of held) socket.destroy();
    held = [];
  });

  it('cannot shut the page out: with the limit held by idle connections, the page’s calls all succeed', async () => {
    held = await idleSockets(CONNECTION_LIMIT);
    const answers = await Promise.all(Array.from({ length: 20 }, () => invoke('app:info')));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    // One at a time, too: each new connection of the page finds room.
    for (let i = 0; i < 10; i++) expect((await invoke('app:info')).status).toBe(200);
  });

  it('never lets more than the limit in: the idle connections are the ones closed', async () => {
    held = await idleSockets(CONNECTION_LIMIT);
    closedSockets.length = 0;
    const closing = nextClose();
    held.push(...(await idleSockets(6)));
    await closing;
    // The oldest idle connections make room, not the newcomers (one of which could be the page).
    expect(held.indexOf(closedSockets[0]!)).toBeLessThan(CONNECTION_LIMIT);
    const open = await new Promise<number>((resolve, reject) =>
      server.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
    );
    expect(open).toBeLessThanOrEqual(CONNECTION_LIMIT);
  });

  it('keeps the page’s own connections (its event stream) open when idle ones crowd in', async () => {
    const events = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          path: '/api/events',
          agent: false,
          headers: { host: `127.0.0.1:${server.port}`, [SECRET_HEADER]: secret },
        },
        resolve,
      );
      req.on('error', reject);
      req.end();
    });
    expect(events.statusCode).toBe(200);
    events.resume();
    let streamClosed = false;
    events.socket.once('close', () => (streamClosed = true));
    held = await idleSockets(CONNECTION_LIMIT + 6);
    expect((await invoke('app:info')).status).toBe(200);
    expect(streamClosed).toBe(false);
    events.destroy();
  });
});
