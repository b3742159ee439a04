import type { IncomingMessage } from 'node:http';

/**
 * True for a request a program on this machine sent to this port by a loopback name, and not one a browser sent
 * for a web page. The Host must be 127.0.0.1, localhost or [::1] with this port: a page under a name that resolves
 * to 127.0.0.1 (DNS rebinding) sends its own name. A page's request carries an Origin (any cross-origin POST does,
 * `null` from an opaque page), or a `Sec-Fetch-Site` saying it came from another site or another port of this one
 * (a port is the same site). Node's fetch, curl and Electron's `net.fetch` from the main process send no Origin,
 * and at most `Sec-Fetch-Site: none`.
 */
export function isLocalProgramRequest(req: IncomingMessage, port: number): boolean {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  if (!hosts.has(req.headers.host ?? '')) return false;
  if (req.headers.origin !== undefined) return false;
  const site = req.headers['sec-fetch-site'];
  return site === undefined || site === 'none' || site === 'same-origin';
}
