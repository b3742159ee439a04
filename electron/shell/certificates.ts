import { X509Certificate } from 'node:crypto';

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
export type Verdict = typeof ACCEPT | typeof REJECT;

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

/** A pinned connection trusts exactly the certificate with that fingerprint, whatever the OS trust store says. */
export function pinnedVerdict(request: VerifyRequest, pin: string | undefined): Verdict {
  // Without the guard, a missing pin would equal the missing fingerprint of data that is not a certificate.
  if (pin === undefined) return REJECT;
  return fingerprintOf(request.certificate) === pin ? ACCEPT : REJECT;
}
