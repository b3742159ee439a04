import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DrStatsApi } from '../../electron/contract/api';
import { FRAME_CONTENT_TYPE } from '../../electron/contract/frame';
import { DrOperationSchema } from '../../electron/contract/model';
import { resultToWire } from '../../electron/contract/wire';
import { createApi, createHttpApi } from '../../renderer/src/lib/transport';
import { simulatedCommServe } from './simulated';
import { ok } from './standIn';

/**
 * The page's browser-mode transport against the real browser mode: `electron/web/cli.ts` (as `npm run web` starts
 * it, with its demo CommServe) in a process of its own. The page's relative addresses go to it: jsdom's page is
 * not served from there.
 */
// jsdom's modules have http: addresses: the checkout is where vitest runs.
const ROOT = process.cwd();
const LINK = /http:\/\/127\.0\.0\.1:(\d+)\/#open=(\S+)/g;
const nodeFetch = globalThis.fetch;

let dir: string;
let server: ChildProcessWithoutNullStreams;
let origin: string;
let output = '';
/** The content type of each answer, by address. */
const answered: { path: string; type: string | null }[] = [];

/** The next one-time link the app prints (Enter asks it for another). */
async function nextLink(): Promise<string> {
  const seen = [...output.matchAll(LINK)].length;
  if (seen > 0) server.stdin.write('\n');
  for (;;) {
    const links = [...output.matchAll(LINK)];
    if (links.length > seen || (seen === 0 && links.length > 0)) return links.at(-1)![2]!;
    await once(server.stdout, 'data');
  }
}

/** The page opened on a one-time link, as the browser opens it: the nonce is in the address's fragment. */
function openPageAt(nonce: string): void {
  history.replaceState(null, '', `/#open=${nonce}`);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drjs-page-'));
  server = spawn(
    process.execPath,
    ['--import', 'tsx', 'electron/web/cli.ts', '--port', '0', '--no-open', '--data-dir', join(dir, 'data')],
    { cwd: ROOT },
  );
  server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const nonce = await nextLink();
  origin = `http://127.0.0.1:${[...output.matchAll(LINK)][0]![1]}`;
  expect(nonce).toBeTruthy();
});

afterAll(async () => {
  if (server.exitCode === null && server.signalCode === null) {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
  sessionStorage.clear();
  history.replaceState(null, '', '/');
  await rm(dir, { recursive: true, force: true });
});

/** The page's fetch, as the browser resolves its relative addresses: to the app that served it. */
function servedFromTheApp(): void {
  vi.stubGlobal('fetch', async (input: string, init?: RequestInit) => {
    const response = await nodeFetch(new URL(input, origin), init);
    answered.push({ path: input, type: response.headers.get('content-type') });
    return response;
  });
}

/** A tab that came in through a fresh one-time link. */
async function signedInTab(): Promise<DrStatsApi> {
  sessionStorage.clear();
  openPageAt(await nextLink());
  const api = createHttpApi();
  expect(await api.invoke('app:info', {})).toMatchObject({ ok: true });
  return api;
}

describe('the browser-mode transport, against the browser mode', () => {
  it('trades the one-time link for the tab’s secret and takes it out of the address', async () => {
    servedFromTheApp();
    sessionStorage.clear();
    openPageAt(await nextLink());
    const api = createHttpApi();
    const info = await api.invoke('app:info', {});
    expect(info).toMatchObject({ ok: true, value: { mode: 'browser', name: 'DR Job Stats' } });
    expect(location.hash).toBe('');
    expect(sessionStorage.getItem('drjs-secret')).toMatch(/^\S{16,}$/);
    // A reload (no link any more) keeps working with the secret kept in the tab.
    expect(await createHttpApi().invoke('app:info', {})).toMatchObject({ ok: true });
  });

  it('brings a fetch of the demo CommServe as a binary frame, with its progress as events', async () => {
    servedFromTheApp();
    const api = await signedInTab();
    const listed = await api.invoke('connections:list', {});
    if (!listed.ok) throw new Error(listed.error.message);
    const demo = listed.value.find((c) => c.demo)!;
    expect(demo.session.signedIn).toBe(true);
    const progress = new Promise<number>((resolve) =>
      api.on('jobs:progress', (p) => {
        if (p.requestId === 'page-1') resolve(p.receivedBytes);
      }),
    );
    const fetched = await api.invoke('jobs:fetch', { connectionId: demo.id, filter: {}, requestId: 'page-1' });
    if (!fetched.ok) throw new Error(fetched.error.message);
    expect(answered.find((a) => a.path === '/api/invoke/jobs:fetch')?.type).toBe(FRAME_CONTENT_TYPE);
    expect(fetched.value.operations.length).toBeGreaterThan(10);
    for (const op of fetched.value.operations) DrOperationSchema.parse(op);
    expect(await progress).toBeGreaterThan(0);
  });

  it('hands an exported file to the browser as a download', async () => {
    servedFromTheApp();
    const api = await signedInTab();
    const listed = await api.invoke('connections:list', {});
    const demo = listed.ok ? listed.value.find((c) => c.demo)! : undefined;
    const fetched = await api.invoke('jobs:fetch', { connectionId: demo!.id, filter: {}, requestId: 'page-2' });
    if (!fetched.ok) throw new Error(fetched.error.message);
    const exported = await api.invoke('export:csv', {
      source: { kind: 'live', fetchId: fetched.value.fetchId },
      report: 'operations',
      options: { delimiter: ',', bom: true, utc: true },
    });
    if (!exported.ok || exported.value.kind !== 'download') throw new Error(JSON.stringify(exported));
    const blobs: Blob[] = [];
    const links: HTMLAnchorElement[] = [];
    const urls = URL as unknown as { createObjectURL?: (blob: Blob) => string; revokeObjectURL?: () => void };
    urls.createObjectURL = (blob) => {
      blobs.push(blob);
      return 'blob:drjs-test';
    };
    urls.revokeObjectURL = () => undefined;
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      links.push(this);
    });
    try {
      await api.download!(exported.value.token, exported.value.fileName);
    } finally {
      delete urls.createObjectURL;
      delete urls.revokeObjectURL;
      clicked.mockRestore();
    }
    expect(links.map((a) => a.download)).toEqual([exported.value.fileName]);
    // The bytes as saved: UTF-8 with the BOM Excel needs (decoding as text would drop it).
    const bytes = new Uint8Array(await blobs[0]!.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = await blobs[0]!.text();
    expect(text.split('\n').length).toBeGreaterThan(fetched.value.operations.length);
    // Handed over once: the same token is not a second download.
    await expect(api.download!(exported.value.token, exported.value.fileName)).rejects.toThrow();
  });

  it('refuses a link used before, unless the tab is already in', async () => {
    servedFromTheApp();
    sessionStorage.clear();
    const nonce = await nextLink();
    openPageAt(nonce);
    expect(await createHttpApi().invoke('app:info', {})).toMatchObject({ ok: true });
    // The same link in the same tab (pasted again): the tab keeps working with its secret.
    openPageAt(nonce);
    expect(await createHttpApi().invoke('app:info', {})).toMatchObject({ ok: true });
    // In another tab, the used link gets nothing, and says so.
    sessionStorage.clear();
    openPageAt(nonce);
    const refused = await createHttpApi().invoke('app:info', {});
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringMatching(/already (been )?used/i) } });
  });

  it('says the app is not running any more once it has stopped', async () => {
    servedFromTheApp();
    const api = await signedInTab();
    server.kill('SIGTERM');
    await once(server, 'exit');
    expect(await api.invoke('app:info', {})).toEqual({
      ok: false,
      error: {
        kind: 'network',
        message: 'DR Job Stats (browser mode) is not running any more. Start it again and reload.',
        details: {},
      },
    });
  });
});

describe('the desktop transport', () => {
  it('unpacks what main packed for the crossing, and turns a failed crossing into a failure', async () => {
    const result = { ...simulatedCommServe().fetch(), requestId: 'r', fetchId: 'f' };
    vi.stubGlobal('drJobStats', {
      invoke: (channel: string) =>
        channel === 'jobs:fetch'
          ? Promise.resolve(resultToWire('jobs:fetch', ok(result)))
          : Promise.reject(new Error('An object could not be cloned.')),
      on: () => () => undefined,
    });
    const api = createApi();
    expect(await api.invoke('jobs:fetch', { connectionId: 'c', filter: {}, requestId: 'r' })).toEqual(ok(result));
    expect(await api.invoke('app:info', {})).toEqual({
      ok: false,
      error: { kind: 'internal', message: 'An object could not be cloned.', details: {} },
    });
  });
});
