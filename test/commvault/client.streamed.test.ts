import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CommvaultClient } from '../../electron/commvault/client.js';
import { normaliseJobStats } from '../../electron/commvault/normaliseJobStats.js';
import { createNodeFetch } from '../../electron/commvault/nodeTransport.js';
import { buildDataset } from '../../electron/simulator/dataset.js';
import { jobStatsBody } from '../../electron/simulator/render.js';
import { ANCHOR } from '../helpers/commvault.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A server that sends a JobStats body in pieces of `size` bytes, each written on its own (chunked). */
async function serveInPieces(body: Buffer, size: number): Promise<string> {
  const server = createServer(async (req, res) => {
    // Signing in with a pasted token checks it with WhoAmI first.
    if (req.url?.endsWith('/WhoAmI')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ user: { userName: 'admin' } }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    for (let at = 0; at < body.length; at += size) {
      res.write(body.subarray(at, at + size));
      if (at % (size * 64) === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    res.end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/webconsole/api`;
}

async function fetchFrom(webService: string) {
  const client = new CommvaultClient({ webService, fetch: createNodeFetch(), format: 'json', deviceId: 't' });
  await client.useToken('QSDK 0123456789abcdef');
  return client.getJobStats({});
}

describe('a JobStats answer read while it arrives', () => {
  const body = jobStatsBody(buildDataset({ seed: 4, groups: 3, vms: 4, jobs: 30, anchor: ANCHOR }), {}, ANCHOR);
  // Names with multi-byte characters, so pieces split inside a character.
  const named = JSON.stringify(body).replaceAll('"clientName":"', '"clientName":"Ünïcødé-虚拟机-');

  it.each([1, 7, 4096])(
    'in %i-byte pieces: the same operations, raw body and digest as the whole text',
    async (size) => {
      const bytes = Buffer.from(named);
      const result = await fetchFrom(await serveInPieces(bytes, size));
      expect(result.operations).toEqual(normaliseJobStats(JSON.parse(named)));
      expect(result.operations.some((op) => op.vms.some((vm) => vm.client.name.startsWith('Ünïcødé-虚拟机-')))).toBe(
        true,
      );
      expect(result.rawBody).toBe(named);
      expect(result.rawBodyBytes).toBe(Buffer.byteLength(named));
      expect(result.rawBodySha256).toBe(createHash('sha256').update(named, 'utf8').digest('hex'));
    },
  );

  it('a web page is reported as one, even when its text looks like JobStats', async () => {
    const server = createServer((req, res) => {
      if (req.url?.endsWith('/WhoAmI')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ user: { userName: 'admin' } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('{"job":[]}');
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const webService = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webconsole/api`;
    await expect(fetchFrom(webService)).rejects.toMatchObject({ kind: 'unexpected-response', message: /web page/ });
  });

  it('a byte-order mark before the JSON is not part of the text', async () => {
    const result = await fetchFrom(
      await serveInPieces(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(named)]), 2),
    );
    expect(result.rawBody).toBe(named);
    expect(result.rawBodyBytes).toBe(Buffer.byteLength(named));
    expect(result.operations).toEqual(normaliseJobStats(JSON.parse(named)));
  });
});
