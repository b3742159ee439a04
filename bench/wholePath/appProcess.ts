import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LINK_EXCHANGE_PATH, LINK_FRAGMENT_KEY } from '../../electron/contract/browserLink.js';
import type { Result } from '../../electron/contract/errors.js';
import { decodeFrame, FRAME_CONTENT_TYPE } from '../../electron/contract/frame.js';
import { SECRET_HEADER } from '../../electron/contract/ipc.js';
import { resultFromWire } from '../../electron/contract/wire.js';
import { connectAndSignIn } from '../core.js';

/** The browser mode as `npm run web` runs it: the built bundle in plain Node (the bench builds it first). */
const WEB_ENTRY = fileURLToPath(new URL('../../out/main/web.js', import.meta.url));

export interface AppProcess {
  invoke(channel: string, payload: unknown): Promise<Result<unknown>>;
  /** The answer's bytes only, not read (so measuring other calls meanwhile sees the app, not this process's work). */
  invokeUnread(channel: string, payload: unknown): Promise<{ type: string; bytes: number }>;
  connectionId: string;
  /** The process's peak resident memory so far; undefined where the system does not say (read from /proc on Linux). */
  peakBytes(): Promise<number | undefined>;
  close(): Promise<void>;
}

/**
 * The browser mode in its own process, exactly as an admin starts it (`out/main/web.js`, no demo, a fresh data folder),
 * signed in to the simulator at `simulatorUrl` through its own API, as the page does. Not the sources through tsx: the
 * TypeScript loader's threads and caches (about 50 MB, and more in the worker) are not the app's memory.
 */
export async function startAppProcess(simulatorUrl: string, format: 'json' | 'xml' = 'json'): Promise<AppProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'drjs-bench-web-'));
  const child = spawn(process.execPath, [WEB_ENTRY, '--no-demo', '--no-open', '--port', '0', '--data-dir', dataDir], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const link = await new Promise<URL>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/#\S+)/.exec(out);
      if (match) resolve(new URL(match[1]!));
    });
    child.once('exit', (code) => reject(new Error(`the browser mode exited (${code}): ${out}`)));
  });
  // The secret as the page gets it: the one-time link exchanged once.
  const exchanged = await fetch(new URL(LINK_EXCHANGE_PATH, link), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ link: new URLSearchParams(link.hash.slice(1)).get(LINK_FRAGMENT_KEY) }),
  });
  const { secret } = (await exchanged.json()) as { secret: string };
  const api = (channel: string, payload: unknown) =>
    post(new URL(`/api/invoke/${channel}`, link).href, JSON.stringify(payload), { [SECRET_HEADER]: secret });
  const invoke = async (channel: string, payload: unknown): Promise<Result<unknown>> => {
    const { type, body } = await api(channel, payload).whole();
    // What the page's transport does with each kind of answer.
    const value =
      type === FRAME_CONTENT_TYPE
        ? decodeFrame(body.buffer.slice(body.byteOffset, body.byteOffset + body.length) as ArrayBuffer)
        : JSON.parse(body.toString('utf8'));
    return resultFromWire(channel, value as Result<unknown>);
  };
  const connectionId = await connectAndSignIn(invoke, simulatorUrl, format);
  return {
    connectionId,
    invoke,
    invokeUnread: (channel, payload) => api(channel, payload).counted(),
    async peakBytes() {
      if (process.platform !== 'linux') return undefined;
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      const kb = /^VmHWM:\s+(\d+) kB/m.exec(status);
      return kb ? Number(kb[1]) * 1024 : undefined;
    },
    async close() {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill();
      });
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

interface Posted {
  /** The answer's body kept whole. */
  whole(): Promise<{ type: string; body: Buffer }>;
  /**
   * The answer's bytes counted as they arrive and let go: the measuring process then does no work of its own that
   * grows with the answer (keeping 100 MB and joining it stalled it for 200 ms, which `longestGap` counted as the app's).
   */
  counted(): Promise<{ type: string; bytes: number }>;
}

/** A POST on a connection of its own (the floor's requests leave the server's keep-alive window idle). */
function post(url: string, body: string, headers: Record<string, string>): Posted {
  const answer = new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      agent: false,
      headers: { ...headers, 'Content-Type': 'application/json' },
    });
    req.on('response', resolve);
    req.on('error', reject);
    req.end(body);
  });
  return {
    whole: async () => {
      const res = await answer;
      const parts: Buffer[] = [];
      for await (const part of res) parts.push(part as Buffer);
      return { type: String(res.headers['content-type']), body: Buffer.concat(parts) };
    },
    counted: async () => {
      const res = await answer;
      let bytes = 0;
      for await (const part of res) bytes += (part as Buffer).length;
      return { type: String(res.headers['content-type']), bytes };
    },
  };
}
