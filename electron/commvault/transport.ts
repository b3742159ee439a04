/**
 * The smallest surface of `fetch` the client needs. Node's undici fetch (tests, browser mode, CLI) and
 * Electron's `net.fetch` (the desktop app) both satisfy it, so the client never knows which one it has.
 */
export interface HttpResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly body: ReadableStream<Uint8Array> | null;
}

export interface HttpRequestInit {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

export type FetchLike = (url: string, init: HttpRequestInit) => Promise<HttpResponse>;

/** How a connection decides to trust the server's certificate. There is deliberately no "ignore" option. */
export type TlsTrust =
  { mode: 'system' } | { mode: 'ca-file'; caPem: string } | { mode: 'pinned'; fingerprint256: string };

/** Marks the error raised when a pinned connection meets a different certificate. */
export const PIN_MISMATCH_CODE = 'CERT_PIN_MISMATCH';

/** `aa bb:cc…` or bare hex → `AA:BB:CC:…` (64 hex digits), or undefined when it is not a SHA-256 fingerprint. */
export function normaliseFingerprint(input: string): string | undefined {
  const hex = input.replace(/[\s:]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return undefined;
  return hex.match(/../g)!.join(':');
}
