import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CONTENT_SECURITY_POLICY } from '../contract/security.js';

/** Sent with every answer of the browser mode, page and API alike. */
export const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
};

export function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-store', ...extra });
  res.end(body);
}

/** A refusal in words, for whoever looks at the network tab. */
export function refuse(res: ServerResponse, status: number, message: string): void {
  send(res, status, 'text/plain; charset=utf-8', message);
}

/**
 * Writes pieces as the socket takes them (Node's `pipeline` waits when it is full and stops if the page goes away;
 * the answer is already under way then, so there is nothing left to report).
 */
export async function stream(res: ServerResponse, type: string, pieces: Iterable<string | Uint8Array>): Promise<void> {
  res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-store' });
  await pipeline(Readable.from(pieces), res).catch(() => undefined);
}
