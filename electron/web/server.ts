import { staticType } from '../contract/staticFiles.js';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Core } from '../bridge/core.js';
import type { DownloadSink } from '../sinks/downloadSink.js';
import { CONTENT_SECURITY_POLICY } from '../contract/security.js';
import { SECRET_HEADER } from '../contract/ipc.js';
import { columnsAsArrays, encodeFrame, FRAME_CONTENT_TYPE } from '../contract/frame.js';
import { carriesOperations, eventToWire, resultToWire } from '../contract/wire.js';
import { jsonPieces } from './jsonPieces.js';

export interface WebServerOptions {
  app: Core;
  /** Files prepared by exports, handed out once at /api/download/<token>. */
  downloads: DownloadSink;
  /** The built renderer (out/renderer). */
  staticDir: string;
  port?: number;
}

export interface WebServer {
  /** Open this in a browser: it carries the per-launch secret in its fragment (never sent in requests' URLs). */
  url: string;
  port: number;
  /** The HTTP server itself (its limits are asserted by tests). */
  server: Server;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
};

const MAX_REQUEST_BYTES = 1024 * 1024;
/** Importing a run file and saving a chart image carry whole files. */
const LARGE_REQUESTS: Record<string, number> = { 'runs:import': 512 * 1024 * 1024, 'export:png': 64 * 1024 * 1024 };

/**
 * The browser mode: the built renderer and the same contract over HTTP on 127.0.0.1 only. Every API call must
 * carry the per-launch secret; a foreign Host (DNS rebinding) or Origin (another site) is refused.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const secret = randomBytes(24).toString('base64url');
  const secretBytes = Buffer.from(secret);
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const hasSecret = (req: IncomingMessage) => {
    const given = Buffer.from(String(req.headers[SECRET_HEADER] ?? ''));
    return given.length === secretBytes.length && timingSafeEqual(given, secretBytes);
  };

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    if (!allowedHosts().has(req.headers.host ?? '')) return refuse(res, 421, 'This server only answers on 127.0.0.1.');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname.startsWith('/api/')) {
      const origin = req.headers.origin;
      if (origin !== undefined && !allowedOrigins().has(origin))
        return refuse(res, 403, 'Cross-origin requests are refused.');
      if (req.headers['sec-fetch-site'] === 'cross-site') return refuse(res, 403, 'Cross-site requests are refused.');
      if (!hasSecret(req))
        return refuse(res, 401, 'Missing or wrong session secret: open the URL printed at start-up.');
      if (url.pathname === '/api/events' && req.method === 'GET') return streamEvents(options.app, req, res);
      const download = /^\/api\/download\/([\w-]+)$/.exec(url.pathname);
      if (download && req.method === 'GET') {
        const file = options.downloads.take(download[1]!);
        if (!file) return refuse(res, 404, 'This download has expired; export again.');
        return send(res, 200, file.type, file.data, {
          'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        });
      }
      const call = /^\/api\/invoke\/([\w:.-]+)$/.exec(url.pathname);
      if (call && req.method === 'POST') {
        if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return refuse(res, 415, 'Send JSON.');
        const body = await readBody(req, LARGE_REQUESTS[call[1]!] ?? MAX_REQUEST_BYTES);
        if (body === undefined) return refuse(res, 413, 'The request is too large.');
        let payload: unknown;
        try {
          payload = body === '' ? {} : JSON.parse(body);
        } catch {
          return refuse(res, 400, 'The request is not valid JSON.');
        }
        const result = resultToWire(call[1]!, await options.app.dispatch(call[1]!, payload));
        if (result.ok && carriesOperations(call[1]!)) return sendFrame(res, result);
        return sendJson(res, result);
      }
      return refuse(res, 404, 'No such API.');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed.');
    return serveStatic(options.staticDir, url.pathname, res);
  };

  const server: Server = createServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      if (!res.headersSent) refuse(res, 500, `Internal error: ${(error as Error).message}`);
      else res.destroy();
    });
  });
  // A local page has no reason for slow or piled-up connections: bound them, so nothing can tie the process up.
  server.headersTimeout = 10_000;
  // Whole request bodies (a run file of up to 512 MB over loopback) get minutes, not forever.
  server.requestTimeout = 5 * 60_000;
  server.keepAliveTimeout = 5_000;
  server.maxConnections = 64;
  server.maxHeadersCount = 100;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/#secret=${secret}`,
    port,
    server,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  extra: Record<string, string> = {},
) {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-store', ...extra });
  res.end(body);
}

/**
 * Writes pieces as the socket takes them (Node's `pipeline` waits when it is full and stops if the page goes away;
 * the answer is already under way then, so there is nothing left to report).
 */
async function stream(res: ServerResponse, type: string, pieces: Iterable<string | Uint8Array>): Promise<void> {
  res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-store' });
  await pipeline(Readable.from(pieces), res).catch(() => undefined);
}

/** An answer with binary columns (`contract/frame.ts`): a small JSON head, then the columns' bytes. */
function sendFrame(res: ServerResponse, value: unknown): Promise<void> {
  return stream(res, FRAME_CONTENT_TYPE, encodeFrame(value));
}

/** A JSON answer written as it is serialised, in pieces of about 256 KB. */
function sendJson(res: ServerResponse, value: unknown): Promise<void> {
  return stream(res, 'application/json; charset=utf-8', joinedPieces(jsonPieces(value), 256 * 1024));
}

function* joinedPieces(pieces: Iterable<string>, size: number): Generator<string> {
  let buffered = '';
  for (const piece of pieces) {
    buffered += piece;
    if (buffered.length < size) continue;
    yield buffered;
    buffered = '';
  }
  if (buffered) yield buffered;
}

function refuse(res: ServerResponse, status: number, message: string) {
  send(res, status, 'text/plain; charset=utf-8', message);
}

async function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function serveStatic(root: string, pathname: string, res: ServerResponse) {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return refuse(res, 400, 'Bad request: the address has a malformed %-escape.');
  }
  const relative = pathname === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const file = normalize(join(root, relative));
  if (!file.startsWith(normalize(root) + sep)) return refuse(res, 403, 'Forbidden.');
  try {
    const body = await readFile(file);
    const type = staticType(extname(file));
    // Hashed assets never change; the page itself is always fetched fresh.
    const cache = relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-store';
    send(res, 200, type, body, { 'Cache-Control': cache });
  } catch {
    refuse(res, 404, 'Not found. Was the renderer built (npm run build)?');
  }
}

function streamEvents(app: Core, req: IncomingMessage, res: ServerResponse) {
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
  });
  res.write(': connected\n\n');
  const unsubscribe = app.events.subscribe((event, payload) => {
    res.write(`event: ${event}\ndata: ${JSON.stringify(eventToWire(event, payload), columnsAsArrays)}\n\n`);
  });
  const heartbeat = setInterval(() => res.write(': ping\n\n'), 15_000);
  req.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}
