import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { Core } from '../bridge/core.js';
import { createHttpApi } from '../bridge/httpApi.js';
import { refuse, send } from '../bridge/httpReplies.js';
import { LINK_FRAGMENT_KEY } from '../contract/browserLink.js';
import { staticType } from '../contract/staticFiles.js';
import type { DownloadSink } from '../sinks/downloadSink.js';
import { capConnections } from './connectionCap.js';
import { OpenLinks, refusalFor } from './openLinks.js';

/** How long a one-time link opens the page: enough to copy it into a browser, short for a leaked one. */
export const LINK_LIFETIME_MS = 2 * 60_000;
/** Connections at once: far more than a page and a few tabs use, few enough that nothing can tie the process up. */
export const CONNECTION_LIMIT = 64;

export interface WebServerOptions {
  app: Core;
  /** Files prepared by exports, handed out once at /api/download/<token>. */
  downloads: DownloadSink;
  /** The built renderer (out/renderer). */
  staticDir: string;
  port?: number;
  /** The clock links expire by, in milliseconds (tests move it instead of waiting; default the real one). */
  now?: () => number;
}

export interface WebServer {
  /** The server's address, with nothing secret in it (opening it without a link asks for one). */
  address: string;
  /**
   * A new one-time link that opens the page: `address#open=<nonce>`, accepted once within `LINK_LIFETIME_MS`. The
   * page exchanges it for the per-launch secret, which is never in any address, command line or printout.
   */
  newLink(): string;
  port: number;
  /** The HTTP server itself (its limits are asserted by tests). */
  server: Server;
  close(): Promise<void>;
}

/**
 * The browser mode: the built renderer and the contract's HTTP transport (`bridge/httpApi.ts`) on 127.0.0.1 only.
 * A foreign Host (DNS rebinding) is refused for everything; the API also checks Origin and the per-launch secret,
 * which a page gets only by exchanging a one-time link (`contract/browserLink.ts`).
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const secret = randomBytes(24).toString('base64url');
  const links = new OpenLinks(LINK_LIFETIME_MS, options.now ?? Date.now);
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
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
  server.maxHeadersCount = 100;
  const cap = capConnections(server, CONNECTION_LIMIT);

  const api = createHttpApi({
    core: options.app,
    downloads: options.downloads,
    secret,
    allowedOrigins: () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]),
    redeemLink: (nonce) => {
      const verdict = links.redeem(nonce);
      return verdict === 'ok' ? { ok: true } : { ok: false, refusal: refusalFor(verdict, LINK_LIFETIME_MS) };
    },
    onTrusted: (req) => cap.trust(req.socket),
  });

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    if (!allowedHosts().has(req.headers.host ?? '')) return refuse(res, 421, 'This server only answers on 127.0.0.1.');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname.startsWith('/api/')) return api(req, res, url);
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed.');
    return serveStatic(options.staticDir, url.pathname, res);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const address = `http://127.0.0.1:${port}/`;
  return {
    address,
    newLink: () => `${address}#${LINK_FRAGMENT_KEY}=${links.issue()}`,
    port,
    server,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
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
