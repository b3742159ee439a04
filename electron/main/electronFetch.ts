import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { session as electronSession, type Certificate } from 'electron';
import type { FetchLike, HttpResponse } from '../commvault/transport.js';
import { normaliseFingerprint } from '../commvault/transport.js';
import { AppFailure, appError } from '../contract/errors.js';
import type { ConnectionProfile } from '../contract/connections.js';

/** Chromium's verification answers for setCertificateVerifyProc. */
const ACCEPT = 0;
const REJECT = -2;
const USE_CHROMIUM = -3;

function fingerprintOf(cert: Certificate): string | undefined {
  try {
    return new X509Certificate(cert.data).fingerprint256;
  } catch {
    return undefined;
  }
}

/** True when the chain the server presented ends in (or contains) a certificate signed by the given CA. */
function chainsTo(cert: Certificate, ca: X509Certificate, hostname: string): boolean {
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(cert.data);
  } catch {
    return false;
  }
  if (!leaf.checkHost(hostname) && !leaf.checkIP(hostname)) return false;
  const now = Date.now();
  let current: Certificate | undefined = cert;
  for (let depth = 0; current && depth < 6; depth++) {
    const x = new X509Certificate(current.data);
    if (now < Date.parse(x.validFrom) || now > Date.parse(x.validTo)) return false;
    if (x.fingerprint256 === ca.fingerprint256 || (x.checkIssued(ca) && x.verify(ca.publicKey))) return true;
    current = current.issuerCert;
  }
  return false;
}

/**
 * Electron's `net.fetch` (system proxy, OS trust store) for one connection. Each connection gets its own
 * in-memory session so its CA file or pin applies to its server only; verification is never switched off.
 */
export async function electronFetchFor(profile: ConnectionProfile): Promise<FetchLike> {
  const ses = electronSession.fromPartition(`drjs-connection-${profile.id}`, { cache: false });
  const tls = profile.tls;
  if (tls.mode === 'pinned') {
    const pin = normaliseFingerprint(tls.fingerprint256);
    ses.setCertificateVerifyProc((request, callback) =>
      callback(fingerprintOf(request.certificate) === pin ? ACCEPT : REJECT),
    );
  } else if (tls.mode === 'ca-file') {
    let ca: X509Certificate;
    const where = 'caPem' in tls ? tls.caName : tls.caFile;
    try {
      ca = new X509Certificate('caPem' in tls ? tls.caPem : await readFile(tls.caFile));
    } catch (error) {
      throw new AppFailure(
        appError('storage', `The CA file ${where} could not be read as a certificate (${(error as Error).message}).`),
      );
    }
    ses.setCertificateVerifyProc((request, callback) => {
      if (request.errorCode === 0) return callback(USE_CHROMIUM);
      callback(chainsTo(request.certificate, ca, request.hostname) ? ACCEPT : REJECT);
    });
  } else {
    ses.setCertificateVerifyProc(null);
  }
  return async (url, init) => (await ses.fetch(url, { ...init, redirect: 'error' })) as unknown as HttpResponse;
}
