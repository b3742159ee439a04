import { BodyTextDecoder } from './bodyText.js';
import { CommvaultError } from './errors.js';
import { ExchangeTimeout, unlessAborted } from './timeLimit.js';
import type { FetchLike, HttpRequestInit, HttpResponse } from './transport.js';

export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 120_000;

export interface RawResponse {
  status: number;
  contentType: string;
  text: string;
  url: string;
  /** UTF-8 size of `text`, counted piece by piece (measuring a large rope would flatten it: a second copy). */
  textBytes?: number;
}

export interface SendOptions {
  method: HttpRequestInit['method'];
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
  /** Called with bytes received so far, for progress bars on large JobStats bodies. */
  onProgress?: (receivedBytes: number, totalBytes: number | undefined) => void;
  /**
   * Asked once per answer (after redirects), with its status and declared length: a sink that sees the body as it
   * arrives, each piece as text and as the bytes it came from, so it can be parsed alongside the transfer. The bytes
   * are the sink's (it may hand them to another thread); the whole text is still returned.
   */
  bodySink?: BodySinkFactory;
}

/**
 * A sink may answer a piece with a promise: the transfer waits for it (the reader is behind), and the time limit
 * stands still meanwhile (the server is not the one being slow).
 */
export type BodySinkFactory = (
  status: number,
  contentType: string,
  totalBytes: number | undefined,
) => ((text: string, bytes: Uint8Array) => Promise<void> | void) | undefined;

const NO_BYTES = new Uint8Array(0);

/**
 * A body's text is kept in flat pieces of at least this many characters. V8 makes a string this large in its
 * large-object space, which a young-generation collection never copies; pieces of one network read (64 KB) all
 * survived and were copied, up to 16 MB at a time, which held up a busy process for 100 ms and more while a large
 * answer arrived.
 */
const GATHER_CHARS = 256 * 1024;

/**
 * While a body is read, the event loop gets a turn once this many milliseconds have gone to reading it. Pieces already
 * received are read as microtasks, one after another: loopback or a fast LAN delivers a large answer faster than its
 * first megabytes are parsed here, and no request of the page was answered until the queue ran dry (200 ms and more).
 * Measured in time, not bytes: handing bytes to a worker costs next to nothing and needs no turns.
 */
const TURN_EVERY_MS = 10;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * One HTTP exchange with a size cap counted while streaming and a timeout covering the whole body (less the time its
 * reader had the transfer wait). Every failure leaves here as a CommvaultError; the caller decides what the body means.
 */
export async function send(fetch: FetchLike, url: string, options: SendOptions): Promise<RawResponse> {
  const limit = new ExchangeTimeout(options.timeoutMs);
  try {
    return await exchange(fetch, url, options, limit);
  } finally {
    limit.clear();
  }
}

async function exchange(
  fetch: FetchLike,
  url: string,
  options: SendOptions,
  limit: ExchangeTimeout,
): Promise<RawResponse> {
  const timeout = limit.signal;
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const aborted = () => abortError(options, timeout, url);
  let response: HttpResponse;
  let current = url;
  for (let hop = 0; ; hop++) {
    try {
      response = await fetch(current, {
        method: options.method,
        headers: options.headers,
        ...(options.body === undefined ? {} : { body: options.body }),
        signal,
      });
    } catch (error) {
      if (signal.aborted) throw aborted();
      throw classifyNetworkError(error, current);
    }
    if (!isRedirect(response.status)) break;
    await response.body?.cancel().catch(() => undefined);
    current = redirectTarget(current, response, hop);
  }
  url = current;
  const contentType = response.headers.get('content-type') ?? '';
  const declared = Number(response.headers.get('content-length') ?? NaN);
  const total = Number.isFinite(declared) ? declared : undefined;
  if (total !== undefined && total > options.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(options.maxBytes, url);
  }
  // The body's text: a rope of flat pieces of at least GATHER_CHARS (see there), and the pieces still gathering.
  let text = '';
  let gathering: string[] = [];
  let gatheredChars = 0;
  let textBytes = 0;
  if (response.body) {
    const reader = response.body.getReader();
    const decoder = new BodyTextDecoder();
    const sink = options.bodySink?.(response.status, contentType, total);
    let received = 0;
    let lastTurn = performance.now();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        received += value.byteLength;
        if (received > options.maxBytes) {
          await reader.cancel().catch(() => undefined);
          throw tooLarge(options.maxBytes, url);
        }
        const part = decoder.write(value);
        // Appended to the rope as it grows, not joined at the end, so the body is never held twice (pieces plus a
        // joined copy) while a large answer is being read.
        gathering.push(part);
        gatheredChars += part.length;
        if (gatheredChars >= GATHER_CHARS) {
          text += gathering.join('');
          gathering = [];
          gatheredChars = 0;
        }
        textBytes += Buffer.byteLength(part);
        // Last use of `value` here: the sink may hand its memory to another thread.
        const waiting = sink?.(part, value);
        options.onProgress?.(received, total);
        if (waiting) {
          limit.pause();
          await unlessAborted(waiting, signal);
          limit.resume();
        } else if (performance.now() - lastTurn >= TURN_EVERY_MS) {
          await nextTurn();
          lastTurn = performance.now();
        }
      }
    } catch (error) {
      if (error instanceof CommvaultError) {
        await reader.cancel().catch(() => undefined);
        throw error;
      }
      if (signal.aborted) throw aborted();
      throw new CommvaultError(
        'network',
        'The connection broke before the whole response arrived. Try again; if it keeps happening, a proxy or the web server may be cutting large responses.',
        { url, code: networkCode(error) ?? 'TRUNCATED', status: response.status },
      );
    }
    const last = decoder.end();
    gathering.push(last);
    text += gathering.join('');
    textBytes += Buffer.byteLength(last);
    await sink?.(last, NO_BYTES);
  }
  return { status: response.status, contentType, text, url, textBytes };
}

const MAX_REDIRECTS = 5;

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/**
 * Where a redirect may be followed: only on the same origin (scheme, host and port), where the token and the
 * sign-in body already go; e.g. Web Console forwarding to Command Center on the same server. A redirect to any
 * other host, or from https down to http, would hand the Authtoken (or the password) to whoever the server or a
 * proxy names, and its answer would be taken as the CommServe's: it is refused, naming the target.
 */
function redirectTarget(from: string, response: HttpResponse, hop: number): string {
  const location = response.headers.get('location');
  let target: URL | undefined;
  try {
    target = location ? new URL(location, from) : undefined;
  } catch {
    target = undefined;
  }
  const details = { url: from, status: response.status, code: 'REDIRECT' };
  if (!target) {
    throw new CommvaultError(
      'unexpected-response',
      `The server answered with a redirect (HTTP ${response.status}) to nowhere.`,
      details,
    );
  }
  const source = new URL(from);
  if (target.origin !== source.origin) {
    throw new CommvaultError(
      'unexpected-response',
      `The server sent the request on to ${target.protocol}//${target.host}${target.pathname}. DR Job Stats never sends your token or password to another address. If that is the right web service, use it as the connection's address.`,
      { ...details, location: `${target.protocol}//${target.host}${target.pathname}` },
    );
  }
  if (hop >= MAX_REDIRECTS) {
    throw new CommvaultError(
      'unexpected-response',
      `The server redirected the request more than ${MAX_REDIRECTS} times.`,
      details,
    );
  }
  return target.href;
}

function abortError(options: SendOptions, timeout: AbortSignal, url: string): CommvaultError {
  if (timeout.aborted && !options.signal?.aborted) {
    return new CommvaultError(
      'timeout',
      `The server did not answer within ${Math.round(options.timeoutMs / 1000)} seconds.`,
      { url, timeoutMs: options.timeoutMs },
    );
  }
  return new CommvaultError('cancelled', 'The request was cancelled.', { url });
}

function tooLarge(limit: number, url: string): CommvaultError {
  return new CommvaultError(
    'too-large',
    `The response is larger than the ${Math.round(limit / (1024 * 1024))} MB limit. Narrow the request with a DR group, job or client filter.`,
    { url, limitBytes: limit },
  );
}

/** The first `code` on an error or its causes (undici wraps the socket error in `cause`). */
function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (typeof current === 'object' && current !== null) {
      const code = (current as { code?: unknown }).code;
      if (typeof code === 'string') return code;
      current = (current as { cause?: unknown }).cause;
    } else break;
  }
  return undefined;
}

function messages(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    parts.push(current.message);
    current = current.cause;
  }
  return parts.join(' | ');
}

const TLS_CODE = /CERT|SSL|TLS|EPROTO|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|HOSTNAME|ALTNAME/;

/** The CommvaultError a transport raised inside the failure (undici wraps it in `cause`), if any. */
function ownFailure(error: unknown): CommvaultError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof CommvaultError) return current;
    current = current.cause;
  }
  return undefined;
}

/** Node (undici) and Electron (`net::ERR_…`) network failures → the kinds an admin can act on. */
export function classifyNetworkError(error: unknown, url: string): CommvaultError {
  // A transport that already said what failed (a pinned certificate that does not match) is taken at its word.
  const own = ownFailure(error);
  if (own) return new CommvaultError(own.kind, own.message, { url, ...own.details });
  const code = networkCode(error);
  const text = messages(error);
  const host = safeHost(url);
  const details = { url, ...(code ? { code } : {}) };
  const is = (...needles: string[]) => needles.some((n) => code === n || text.includes(n));

  if (/redirect/i.test(text)) {
    return new CommvaultError(
      'unexpected-response',
      `${host} redirected the request to another address. DR Job Stats never sends your token or password there. If the web service moved, use its new address as the connection's address.`,
      { ...details, code: 'REDIRECT' },
    );
  }
  if (is('ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'ERR_NAME_NOT_RESOLVED', 'ERR_NAME_RESOLUTION_FAILED')) {
    return new CommvaultError(
      'dns',
      `The host name ${host} could not be found. Check the address and your DNS or VPN.`,
      details,
    );
  }
  if (is('ECONNREFUSED', 'ERR_CONNECTION_REFUSED')) {
    return new CommvaultError(
      'refused',
      `${host} refused the connection. Check the port and that the web service is running.`,
      details,
    );
  }
  if (is('ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ERR_TIMED_OUT', 'ERR_CONNECTION_TIMED_OUT')) {
    return new CommvaultError('timeout', `Connecting to ${host} timed out.`, details);
  }
  // A plain-HTTP server answering a TLS hello: most often an address typed without a scheme (tried as https).
  if (
    url.startsWith('https:') &&
    is('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number', 'ERR_SSL_PROTOCOL_ERROR')
  ) {
    return new CommvaultError('tls', `${host} does not speak HTTPS; did you mean http://${host}?`, details);
  }
  if ((code && TLS_CODE.test(code)) || /ERR_CERT|ERR_SSL|certificate/i.test(text)) {
    return new CommvaultError('tls', `The certificate of ${host} is not trusted (${code ?? 'TLS error'}).`, details);
  }
  if (
    is(
      'ECONNRESET',
      'EPIPE',
      'UND_ERR_SOCKET',
      'ERR_CONNECTION_RESET',
      'ERR_CONNECTION_CLOSED',
      'ERR_EMPTY_RESPONSE',
      'other side closed',
    )
  ) {
    return new CommvaultError('network', `${host} closed the connection unexpectedly.`, details);
  }
  return new CommvaultError('network', `Could not reach ${host}: ${text || 'unknown network error'}.`, details);
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
