import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CommvaultClient } from '../../electron/commvault/client.js';
import type { JobStatsReading } from '../../electron/commvault/jobStatsIntake.js';
import { JobStatsReader } from '../../electron/commvault/jobStatsReader.js';
import { createNodeFetch } from '../../electron/commvault/nodeTransport.js';
import { buildDataset } from '../../electron/simulator/dataset.js';
import { jobStatsBody } from '../../electron/simulator/render.js';
import { toXml } from '../../electron/simulator/xml.js';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { tellingBodyEnd } from '../helpers/bodyEnd.js';
import { ANCHOR, rejection, signedInClient, startSimulator } from '../helpers/commvault.js';

/** A plain HTTP round trip to the simulator (its answer needs this process's event loop, as any other request). */
function roundTrip(sim: CommvaultSimulator): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${sim.url}/WhoAmI`, { method: 'POST', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

let sim: CommvaultSimulator;
beforeAll(async () => {
  // About 25 MB of XML: long to parse, which the process that answers the page must not do itself.
  sim = await startSimulator({ seed: 11, groups: 20, vms: 10, jobs: 2500, running: 0 });
});
afterAll(() => sim.close());

describe('a large JobStats answer is read off the thread that receives it', () => {
  it('while a large XML answer is read, the process answers other requests', async () => {
    const events: string[] = [];
    let side: Promise<void> | undefined;
    const client = await signedInClient(sim, {
      format: 'xml',
      fetch: tellingBodyEnd(createNodeFetch(), () => {
        events.push('body in');
        side = roundTrip(sim).then((status) => void events.push(`other request answered (${status})`));
      }),
    });
    const result = await client.getJobStats({});
    events.push('answer read');
    await side;
    expect(result.vmRunCount).toBe(sim.dataset.vmRunCount);
    expect(result.rawBodyBytes).toBeGreaterThan(20_000_000);
    // Read on this thread, the answer blocks everything from its last byte until it is read.
    expect(events).toEqual(['body in', 'other request answered (401)', 'answer read']);
  });

  it('a scope that answered large is read in a worker from its first piece the next time', async () => {
    // What this thread reads itself (the worker has its own copy of the reader).
    const pushed = vi.spyOn(JobStatsReader.prototype, 'push');
    const charsReadHere = () => pushed.mock.calls.reduce((sum, [text]) => sum + text.length, 0);
    try {
      const client = await signedInClient(sim, {
        format: 'json',
        jobStatsReading: { workerFromBytes: { json: 1024 * 1024, xml: 1024 * 1024 } },
      });
      const first = await client.getJobStats({});
      expect(first.rawBodyBytes).toBeGreaterThan(5_000_000);
      // Unknown the first time (the answer is chunked, without a length): its first megabyte is read here.
      expect(charsReadHere()).toBeGreaterThanOrEqual(1024 * 1024);
      pushed.mockClear();
      const again = await client.getJobStats({});
      // Only its first piece, which tells JSON from XML.
      expect(charsReadHere()).toBeLessThan(256 * 1024);
      expect(again.rawBodySha256).toBe(first.rawBodySha256);
      expect(again.operations).toEqual(first.operations);
      // Another scope is not known to be large.
      pushed.mockClear();
      const job = await client.getJobStats({ jobId: first.operations[0]!.jobId });
      expect(job.vmRunCount).toBe(first.operations[0]!.vms.length);
      expect(charsReadHere()).toBe(job.rawBody.length);
    } finally {
      pushed.mockRestore();
    }
  });

  it('a cancel once the answer has arrived ends the fetch instead of waiting for it to be read', async () => {
    const controller = new AbortController();
    const client = await signedInClient(sim, {
      format: 'xml',
      fetch: tellingBodyEnd(createNodeFetch(), () => controller.abort()),
    });
    const error = await rejection(client.getJobStats({}, { signal: controller.signal }));
    expect(error).toMatchObject({ kind: 'cancelled', message: 'The request was cancelled.' });
    // The client is fine afterwards.
    await expect(client.getJobStats({ jobId: sim.dataset.operations[0]!.jobId })).resolves.toMatchObject({
      vmRunCount: sim.dataset.operations[0]!.vms.length,
    });
  });
});

/** A server that sends one body in pieces of `size` bytes, each written on its own (chunked, no length). */
async function serveInPieces(
  body: Buffer,
  contentType: string,
  size: number,
): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    // Signing in with a pasted token checks it with WhoAmI first.
    if (req.url?.endsWith('/WhoAmI')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ user: { userName: 'admin' } }));
      return;
    }
    res.writeHead(200, { 'content-type': contentType });
    for (let at = 0; at < body.length; at += size) {
      res.write(body.subarray(at, at + size));
      if (at % (size * 16) === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webconsole/api`, server };
}

/** What a fetch of `body` came to when read where `reading` says: everything it returns, or its error. */
async function outcome(body: Buffer, contentType: string, reading: JobStatsReading) {
  const { url, server } = await serveInPieces(body, contentType, 4096);
  try {
    const client = new CommvaultClient({
      webService: url,
      fetch: createNodeFetch(),
      format: contentType.includes('xml') ? 'xml' : 'json',
      deviceId: 't',
      jobStatsReading: reading,
    });
    await client.useToken('QSDK 0123456789abcdef');
    const { operations, rawBody, rawBodyBytes, rawBodySha256, vmRunCount } = await client.getJobStats({});
    return { operations, rawBody, rawBodyBytes, rawBodySha256, vmRunCount };
  } catch (error) {
    const { kind, message, details } = error as { kind: string; message: string; details: Record<string, unknown> };
    return { kind, message, details: { ...details, url: undefined } };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

const HERE: JobStatsReading = { workerFromBytes: { json: Infinity, xml: Infinity } };
const IN_A_WORKER: JobStatsReading = { workerFromBytes: { json: 0, xml: 0 } };
/** Read here at first, handed to a worker part way (the answers below are 60 to 200 KB). */
const PART_WAY: JobStatsReading = { workerFromBytes: { json: 20_000, xml: 20_000 } };

describe('a worker reads every answer as the thread it arrives on does', () => {
  const body = jobStatsBody(buildDataset({ seed: 4, groups: 3, vms: 4, jobs: 30, anchor: ANCHOR }), {}, ANCHOR);
  // Names with multi-byte characters, so pieces split inside a character.
  const json = JSON.stringify(body).replaceAll('"clientName":"', '"clientName":"Ünïcødé-虚拟机-');
  const xml = toXml('Api_VirtualAppJobDetailsResp', body).replaceAll(
    'clientName="',
    'clientName="Ünïcødé-虚拟机-&amp;',
  );
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);
  const answers: [string, Buffer, string][] = [
    ['JSON', Buffer.from(json), 'application/json'],
    ['XML', Buffer.from(xml), 'application/xml'],
    ['XML after a byte-order mark', Buffer.concat([bom, Buffer.from(xml)]), 'application/xml'],
    [
      'XML of another shape (read whole)',
      Buffer.from(xml.replace('<Api_VirtualAppJobDetailsResp>', '<Api_VirtualAppJobDetailsResp a="1">')),
      'application/xml',
    ],
    ['JSON of another shape (read whole)', Buffer.from(`{"Api_VirtualAppJobDetailsResp":${json}}`), 'application/json'],
    ['damaged XML', Buffer.from(xml.replace('</phase>', '</phasee>')), 'application/xml'],
    ['damaged JSON', Buffer.from(json.slice(0, -3)), 'application/json'],
    [
      'a CommServe error',
      Buffer.from(`{"errorCode":5,"errorMessage":"${'No such group. '.repeat(3000)}"}`),
      'application/json',
    ],
    ['nothing', Buffer.from('   '), 'application/json'],
  ];

  it.each(answers)('%s: the same operations, raw body and digest, or the same error', async (_name, bytes, type) => {
    const here = await outcome(bytes, type, HERE);
    expect(await outcome(bytes, type, IN_A_WORKER)).toEqual(here);
    expect(await outcome(bytes, type, PART_WAY)).toEqual(here);
  });

  it('finds the VM runs, names and digest the whole text has', async () => {
    const read = await outcome(Buffer.from(xml), 'application/xml', IN_A_WORKER);
    expect(read).toMatchObject({ rawBody: xml, rawBodyBytes: Buffer.byteLength(xml) });
    expect('vmRunCount' in read && read.vmRunCount).toBe(body.job.length);
    expect(JSON.stringify(read)).toContain('Ünïcødé-虚拟机-&');
  });
});

describe('an answer too large to hold, read in a worker', () => {
  it.each(['json', 'xml'] as const)(
    '%s: more VM runs than a fetch holds → the same too-large error',
    async (format) => {
      // One tiny VM run every ~110 bytes: 250,000 are in long before 48 MB.
      sim.setFault({ path: 'JobStats', type: 'huge', sizeMb: 48, times: 1 });
      const client = await signedInClient(sim, { format });
      const error = await rejection(client.getJobStats({}));
      expect(error).toMatchObject({ kind: 'too-large', details: { code: 'TOO_MANY_VM_RUNS' } });
      expect(error.message).toMatch(/more than 250,000 VM runs.*Narrow the filter/);
    },
  );
});
