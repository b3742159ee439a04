import { rootCertificates, connect as tlsConnect, type PeerCertificate, type TLSSocket } from 'node:tls';
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';
import {
  normaliseFingerprint,
  PIN_MISMATCH_CODE,
  type FetchLike,
  type HttpResponse,
  type TlsTrust,
} from './transport.js';
import { CommvaultError } from './errors.js';

function agentFor(trust: TlsTrust): Agent {
  if (trust.mode === 'system') return new Agent();
  if (trust.mode === 'ca-file') {
    // The CA file is trusted in addition to the system roots: internal CAs sign CommServes next to public ones.
    return new Agent({ connect: { ca: [...rootCertificates, trust.caPem] } });
  }
  const pin = normaliseFingerprint(trust.fingerprint256);
  if (!pin) throw new Error('The pinned fingerprint is not a SHA-256 fingerprint (64 hex digits).');
  // Pinning is the trust decision: the exact certificate the admin approved is accepted and any other is
  // refused before a single byte of the request is sent. The chain check is replaced by the pin, which is
  // what lets a CommServe's default self-signed certificate be trusted without turning verification off.
  // No TLS session resumption: a resumed session presents no certificate to check, so every connection must show
  // its certificate in full (found when a second connection to a pinned server failed as "presented none").
  const base = buildConnector({ rejectUnauthorized: false, maxCachedSessions: 0 });
  return new Agent({
    connect(options, callback) {
      base(options, (error, socket) => {
        if (error || !socket) return callback(error ?? new Error('No socket'), null);
        const presented = (socket as TLSSocket).getPeerCertificate?.()?.fingerprint256;
        if (presented && presented.toUpperCase() === pin) return callback(null, socket);
        socket.destroy();
        callback(
          new CommvaultError('tls', `The server presented certificate ${presented ?? 'none'}, not the pinned one.`, {
            code: PIN_MISMATCH_CODE,
            ...(presented ? { fingerprint256: presented } : {}),
          }),
          null,
        );
      });
    },
  });
}

/**
 * Node's fetch (undici) with a connection's certificate trust applied. Redirects are handed back, never followed
 * here: `send` decides (same origin only), so the Authtoken cannot leave for another host.
 */
export function createNodeFetch(trust: TlsTrust = { mode: 'system' }): FetchLike {
  const dispatcher = agentFor(trust);
  return async (url, init) =>
    (await undiciFetch(url, { ...init, dispatcher, redirect: 'manual' })) as unknown as HttpResponse;
}

/**
 * Reads the certificate a server presents, only to show its fingerprint in a TLS error so the admin can
 * compare it and pin it. Nothing is sent on this connection and nothing it returns is trusted.
 */
export function probeCertificate(url: string, timeoutMs = 5000): Promise<string | undefined> {
  const target = new URL(url);
  if (target.protocol !== 'https:') return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const socket = tlsConnect({
      host: target.hostname,
      port: Number(target.port || 443),
      servername: /^[\d.]+$|:/.test(target.hostname) ? undefined : target.hostname,
      rejectUnauthorized: false,
    });
    const finish = (value: string | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    socket.once('secureConnect', () => {
      const cert: PeerCertificate = socket.getPeerCertificate();
      finish(cert?.fingerprint256 || undefined);
    });
    socket.once('error', () => finish(undefined));
  });
}
