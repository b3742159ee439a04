import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LINK_EXCHANGE_PATH, LinkExchangeRequestSchema, type LinkExchangeAnswer } from '../contract/browserLink.js';
import { columnsAsArrays, encodeFrame, FRAME_CONTENT_TYPE } from '../contract/frame.js';
import { SECRET_HEADER } from '../contract/ipc.js';
import { carriesOperations, eventToWire, resultToWire } from '../contract/wire.js';
import type { DownloadSink } from '../sinks/downloadSink.js';
import type { Core } from './core.js';
import { refuse, SECURITY_HEADERS, send, stream } from './httpReplies.js';
import { jsonPieces } from './jsonPieces.js';

const MAX_REQUEST_BYTES = 1024 * 1024;
/** A link exchange is a nonce in a line of JSON. */
const MAX_EXCHANGE_BYTES = 1024;
/** Importing a run file and saving a chart image carry whole files. */
const LARGE_REQUESTS: Record<string, number> = { 'runs:import': 512 * 1024 * 1024, 'export:png': 64 * 1024 * 1024 };

export interface HttpApiOptions {
  core: Core;
  /** Files prepared by exports, handed out once at /api/download/<token>. */
  downloads: DownloadSink;
  /** The per-launch secret every call must carry in `SECRET_HEADER`. */
  secret: string;
  /** The origins the page may call from (the server's own address, as 127.0.0.1 and as localhost). */
  allowedOrigins: () => ReadonlySet<string>;
  /**
   * Uses up a one-time link's nonce (`contract/browserLink.ts`): accepted only the first time, within its lifetime;
   * otherwise the words that tell the user why and what to do.
   */
  redeemLink: (nonce: string) => { ok: true } | { ok: false; refusal: string };
  /** Told of each request that showed the secret or a valid link: its connection is the page's. */
  onTrusted?: (req: IncomingMessage) => void;
}

/**
 * The contract over HTTP, as IPC carries it in the desktop app: `POST /api/invoke/<channel>` answers the channel's
 * Result, `GET /api/events` streams the events, `GET /api/download/<token>` hands an export over once, and
 * `POST /api/session` exchanges a one-time link for the secret. A call from another origin or another site is
 * refused before anything else is read; every call but the exchange also needs the secret.
 */
export function createHttpApi(options: HttpApiOptions) {
  const secretBytes = Buffer.from(options.secret);
  const hasSecret = (req: IncomingMessage) => {
    const given = Buffer.from(String(req.headers[SECRET_HEADER] ?? ''));
    return given.length === secretBytes.length && timingSafeEqual(given, secretBytes);
  };

  return async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const origin = req.headers.origin;
    if (origin !== undefined && !options.allowedOrigins().has(origin))
      return refuse(res, 403, 'Cross-origin requests are refused.');
    if (req.headers['sec-fetch-site'] === 'cross-site') return refuse(res, 403, 'Cross-site requests are refused.');
    if (url.pathname === LINK_EXCHANGE_PATH && req.method === 'POST') return exchangeLink(options, req, res);
    if (!hasSecret(req))
      return refuse(
        res,
        401,
        'Missing or wrong session secret: press Enter in the terminal where `npm run web` runs for a new link.',
      );
    options.onTrusted?.(req);
    if (url.pathname === '/api/events' && req.method === 'GET') return streamEvents(options.core, req, res);
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
      const result = resultToWire(call[1]!, await options.core.dispatch(call[1]!, payload));
      if (result.ok && carriesOperations(call[1]!)) return sendFrame(res, result);
      return sendJson(res, result);
    }
    return refuse(res, 404, 'No such API.');
  };
}

/** The page's one-time link for the session secret: answered once, and the link is then worthless. */
async function exchangeLink(options: HttpApiOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return refuse(res, 415, 'Send JSON.');
  const body = await readBody(req, MAX_EXCHANGE_BYTES);
  if (body === undefined) return refuse(res, 413, 'The request is too large.');
  let parsed;
  try {
    parsed = LinkExchangeRequestSchema.safeParse(JSON.parse(body));
  } catch {
    return refuse(res, 400, 'The request is not valid JSON.');
  }
  if (!parsed.success) return refuse(res, 400, 'Send the link as {"link": "…"}.');
  const verdict = options.redeemLink(parsed.data.link);
  if (!verdict.ok) return refuse(res, 410, verdict.refusal);
  options.onTrusted?.(req);
  const answer: LinkExchangeAnswer = { secret: options.secret };
  send(res, 200, 'application/json; charset=utf-8', JSON.stringify(answer));
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

/** The core's events as server-sent events, packed as IPC packs them. */
function streamEvents(core: Core, req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
  });
  res.write(': connected\n\n');
  const unsubscribe = core.events.subscribe((event, payload) => {
    res.write(`event: ${event}\ndata: ${JSON.stringify(eventToWire(event, payload), columnsAsArrays)}\n\n`);
  });
  const heartbeat = setInterval(() => res.write(': ping\n\n'), 15_000);
  req.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}
