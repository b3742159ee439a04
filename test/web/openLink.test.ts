import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/bridge/core.js';
import { DownloadSink } from '../../electron/sinks/downloadSink.js';
import { LINK_LIFETIME_MS, startWebServer, type WebServer } from '../../electron/web/server.js';
import { testApp } from '../helpers/app.js';
import { callWithSecret, exchange, nonceOf, raw, secretFrom } from './rawHttp.js';

let dir: string;
let app: Core;
let server: WebServer;
/** The server's clock, moved by the tests instead of waiting for a link to expire. */
let now = 1_800_000_000_000;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drjs-link-'));
  const staticDir = join(dir, 'renderer');
  await mkdir(staticDir, { recursive: true });
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>DR Job Stats</title>');
  app = await testApp(join(dir, 'data'));
  server = await startWebServer({ app, downloads: new DownloadSink(), staticDir, now: () => now });
});
afterAll(async () => {
  await server.close();
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the one-time link that opens the browser mode', () => {
  it('is exchanged once for the session secret, which then works for /api/invoke', async () => {
    const link = server.newLink();
    expect(link).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/#open=[\\w-]{20,}$`));
    const secret = await secretFrom(server.port, link);
    expect(await callWithSecret(server.port, secret)).toBe(200);
    expect(link).not.toContain(secret);

    const again = await exchange(server.port, link);
    expect(again.status).toBe(410);
    expect(again.body).toMatch(/already used/);
    expect(again.body).not.toContain(secret);
  });

  it('carries nothing that works as the session secret', async () => {
    const link = server.newLink();
    expect(await callWithSecret(server.port, nonceOf(link))).toBe(401);
    // Presenting it as the secret did not use it up.
    const secret = await secretFrom(server.port, link);
    expect(await callWithSecret(server.port, secret)).toBe(200);
  });

  it('is refused once its lifetime has passed, however it was not used', async () => {
    const link = server.newLink();
    now += LINK_LIFETIME_MS + 1;
    const late = await exchange(server.port, link);
    expect(late.status).toBe(410);
    expect(late.body).toMatch(/expired/);
    expect(late.body).not.toMatch(/"secret"/);
  });

  it('still opens the app just before its lifetime ends', async () => {
    const link = server.newLink();
    now += LINK_LIFETIME_MS - 1;
    expect(await callWithSecret(server.port, await secretFrom(server.port, link))).toBe(200);
  });

  it('refuses a link this run never made, saying how to get one', async () => {
    const answer = await exchange(server.port, 'http://127.0.0.1:1/#open=' + 'A'.repeat(32));
    expect(answer.status).toBe(410);
    expect(answer.body).toMatch(/press Enter/i);
  });

  it.each([
    ['a foreign Origin', { origin: 'https://evil.example' }, 403],
    ['a cross-site fetch', { 'sec-fetch-site': 'cross-site' }, 403],
    ['a foreign Host (DNS rebinding)', { host: 'evil.example' }, 421],
    ['a form post (not JSON)', { 'content-type': 'application/x-www-form-urlencoded' }, 415],
  ])('refuses an exchange from %s without using the link up', async (_what, headers, status) => {
    const link = server.newLink();
    expect((await exchange(server.port, link, headers)).status).toBe(status);
    expect(await callWithSecret(server.port, await secretFrom(server.port, link))).toBe(200);
  });

  it('answers a malformed exchange with 400 and nothing else', async () => {
    for (const body of ['{', '{"link":42}', '[]', JSON.stringify({ link: 'x'.repeat(10_000) })]) {
      const answer = await raw(server.port, '/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(answer.status, body.slice(0, 20)).toBeGreaterThanOrEqual(400);
      expect(answer.status, body.slice(0, 20)).toBeLessThan(500);
    }
  });

  it('gives the server address without any secret or link', () => {
    expect(server.address).toBe(`http://127.0.0.1:${server.port}/`);
  });
});
