import { request } from 'node:http';
import { SECRET_HEADER } from '../../electron/contract/ipc.js';

export interface RawAnswer {
  status: number;
  body: string;
}

/** A raw HTTP request to the browser mode on 127.0.0.1, so Host, Origin and odd paths go out exactly as written. */
export function raw(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        // A new connection each time: a test that holds the server's connections must not be helped by a kept one.
        agent: false,
        headers: { host: `127.0.0.1:${port}`, ...options.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The nonce a one-time link carries in its fragment (`#open=…`). */
export function nonceOf(link: string): string {
  return new URLSearchParams(new URL(link).hash.slice(1)).get('open') ?? '';
}

/** What the page does with a one-time link: posts its nonce and gets the session secret back. */
export function exchange(port: number, link: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return raw(port, '/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ link: nonceOf(link) }),
  });
}

/** The session secret a one-time link is exchanged for (the test fails if the exchange is refused). */
export async function secretFrom(port: number, link: string): Promise<string> {
  const answer = await exchange(port, link);
  if (answer.status !== 200) throw new Error(`the link was refused: HTTP ${answer.status} ${answer.body}`);
  return (JSON.parse(answer.body) as { secret: string }).secret;
}

/** `app:info` called with this value as the session secret: its HTTP status (200 when the value is the secret). */
export async function callWithSecret(port: number, secret: string): Promise<number> {
  const answer = await raw(port, '/api/invoke/app:info', {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SECRET_HEADER]: secret },
    body: '{}',
  });
  return answer.status;
}
