import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { AppFailure, appError } from '../contract/errors.js';
import type { StoredTlsSetting } from '../contract/connections.js';

/**
 * The parts of Electron's `Certificate` these checks read: its PEM and the issuer the server sent with it.
 * Declared here so the checks run in Node without Electron; Electron's own type satisfies it.
 */
export interface PresentedCertificate {
  readonly data: string;
  readonly issuerCert?: PresentedCertificate | undefined;
}

/** What Chromium asks a certificate verify proc about one connection. */
export interface VerifyRequest {
  readonly hostname: string;
  readonly certificate: PresentedCertificate;
  /** Chromium's own verdict: 0 when the OS trust store accepted the chain. */
  readonly errorCode: number;
}

/** Chromium's verification answers for setCertificateVerifyProc. */
export const ACCEPT = 0;
export const REJECT = -2;
export const USE_CHROMIUM = -3;
export type Verdict = typeof ACCEPT | typeof REJECT | typeof USE_CHROMIUM;

/** How deep a presented chain is followed before giving up on finding the CA in it. */
const MAX_CHAIN_DEPTH = 6;

/** Chromium hands over what the server sent, which need not be a certificate at all. */
function parsed(cert: PresentedCertificate): X509Certificate | undefined {
  try {
    return new X509Certificate(cert.data);
  } catch {
    return undefined;
  }
}

export function fingerprintOf(cert: PresentedCertificate): string | undefined {
  return parsed(cert)?.fingerprint256;
}

/** True when the chain the server presented ends in (or contains) a certificate signed by the given CA. */
export function chainsTo(cert: PresentedCertificate, ca: X509Certificate, hostname: string): boolean {
  const leaf = parsed(cert);
  if (!leaf) return false;
  // checkIP throws for anything that is not an IP address, so a host name is only ever matched by checkHost.
  if (!leaf.checkHost(hostname) && !(isIP(hostname) && leaf.checkIP(hostname))) return false;
  const now = Date.now();
  let current: PresentedCertificate | undefined = cert;
  for (let depth = 0; current && depth < MAX_CHAIN_DEPTH; depth++) {
    const x = parsed(current);
    if (!x) return false;
    if (now < Date.parse(x.validFrom) || now > Date.parse(x.validTo)) return false;
    if (x.fingerprint256 === ca.fingerprint256 || (x.checkIssued(ca) && x.verify(ca.publicKey))) return true;
    current = current.issuerCert;
  }
  return false;
}

/** A pinned connection trusts exactly the certificate with that fingerprint, whatever the OS trust store says. */
export function pinnedVerdict(request: VerifyRequest, pin: string | undefined): Verdict {
  // Without the guard, a missing pin would equal the missing fingerprint of data that is not a certificate.
  if (pin === undefined) return REJECT;
  return fingerprintOf(request.certificate) === pin ? ACCEPT : REJECT;
}

/**
 * A CA-file connection keeps everything the OS already trusts, and adds chains that reach its own CA, checked by
 * host name and validity dates like Chromium would.
 */
export function caFileVerdict(request: VerifyRequest, ca: X509Certificate): Verdict {
  if (request.errorCode === 0) return USE_CHROMIUM;
  return chainsTo(request.certificate, ca, request.hostname) ? ACCEPT : REJECT;
}

/** The CA a `ca-file` connection trusts: the PEM the page sent, or the path an early version's settings kept. */
export async function readTrustedCa(tls: Extract<StoredTlsSetting, { mode: 'ca-file' }>): Promise<X509Certificate> {
  const where = 'caPem' in tls ? tls.caName : tls.caFile;
  try {
    return new X509Certificate('caPem' in tls ? tls.caPem : await readFile(tls.caFile));
  } catch (error) {
    throw new AppFailure(
      appError('storage', `The CA file ${where} could not be read as a certificate (${(error as Error).message}).`),
    );
  }
}
