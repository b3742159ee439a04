import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ServerResponse } from 'node:http';
import { delay } from './delay.js';
import { numbersAsStrings, oldJson, singleObjects, type Fault } from './faults.js';
import { XML_ROOTS, type Format, type Reply } from './reply.js';
import { toXml } from './xml.js';

/** The reply's text in the client's format, reshaped as the body-changing faults ask. */
export function serialise(reply: Reply, format: Format, fault?: Fault): string {
  if (typeof reply.body === 'string') return reply.body;
  let body: unknown = reply.body;
  if (fault?.type === 'single-objects') body = singleObjects(body);
  if (fault?.type === 'strings') body = numbersAsStrings(body);
  if (format === 'xml') return toXml(reply.rootName ?? XML_ROOTS.generic, body as Record<string, unknown>);
  if (fault?.type === 'old-json') body = oldJson(reply.rootName ?? XML_ROOTS.generic, body);
  return JSON.stringify(body);
}

export function sendReply(res: ServerResponse, reply: Reply, format: Format, fault?: Fault): void {
  const text = serialise(reply, format, fault);
  const type = typeof reply.body === 'string' ? 'text/plain' : `application/${format}`;
  res.writeHead(reply.status, { 'content-type': `${type}; charset=utf-8`, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

export function sendHtml(res: ServerResponse, status: number, title: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`);
}

/** The web server's own 404 page, for paths outside the web service (IIS answers these, not Commvault). */
export function sendNotFoundPage(res: ServerResponse): void {
  sendHtml(res, 404, '404 - File or directory not found.');
}

/**
 * A JSON JobStats answer written as it is serialised, a batch of entries at a time (chunked, no length), as a
 * CommServe streams a large answer: the client can read the first entries while the rest is still being made.
 */
export async function streamJobList(res: ServerResponse, entries: readonly unknown[], stallMs = 0): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  await streamPieces(res, stallMs && entries.length > 1 ? stalledPieces(entries, stallMs) : jobListPieces(entries));
}

function* jobListPieces(entries: readonly unknown[], from = 0, to = entries.length): Generator<string> {
  const BATCH = 500;
  if (from === 0) yield '{"job":[';
  for (let at = from; at < to; at += BATCH) {
    const batch = JSON.stringify(entries.slice(at, Math.min(at + BATCH, to)));
    yield `${at === 0 ? '' : ','}${batch.slice(1, -1)}`;
  }
  if (to === entries.length) yield ']}';
}

/** A CommServe that sends half its answer, then stops for a while (a slow link, a busy server). */
async function* stalledPieces(entries: readonly unknown[], stallMs: number): AsyncGenerator<string> {
  const half = Math.ceil(entries.length / 2);
  yield* jobListPieces(entries, 0, half);
  await delay(stallMs);
  yield* jobListPieces(entries, half);
}

/** Writes pieces as the socket takes them, and stops when the client goes away (Node's `pipeline`). */
export function streamPieces(res: ServerResponse, pieces: Iterable<string> | AsyncIterable<string>): Promise<void> {
  return pipeline(Readable.from(pieces), res).catch(() => undefined);
}
