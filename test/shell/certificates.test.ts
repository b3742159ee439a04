import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ACCEPT,
  fingerprintOf,
  pinnedVerdict,
  REJECT,
  type PresentedCertificate,
} from '../../electron/shell/certificates.js';
import { certificateAuthority, serverCertificate, type Issued } from '../helpers/pki.js';

const HOST = 'cs.example.com';

/** What Chromium hands the verify proc: the server's certificate with the issuers it sent. */
const presented = (...chain: Issued[]): PresentedCertificate =>
  chain.reduceRight<PresentedCertificate | undefined>(
    (issuerCert, { cert }) => ({ data: cert, issuerCert }),
    undefined,
  )!;

let ca: Issued;
let server: Issued;
let other: Issued;

beforeAll(async () => {
  ca = await certificateAuthority('Company CA');
  [server, other] = await Promise.all([serverCertificate([HOST], ca), serverCertificate([HOST], ca)]);
});

describe('a fingerprint', () => {
  it("is the certificate's SHA-256, in the colon-separated form pins are kept in", () => {
    expect(fingerprintOf({ data: server.cert })).toBe(new X509Certificate(server.cert).fingerprint256);
    expect(fingerprintOf({ data: server.cert })).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('is missing for data that is not a certificate', () => {
    expect(fingerprintOf({ data: 'not a certificate' })).toBeUndefined();
  });
});

describe("a pinned connection's verify proc", () => {
  const request = (certificate: PresentedCertificate) => ({ hostname: HOST, certificate, errorCode: -202 });

  it('accepts only the pinned certificate, whoever issued the others', () => {
    const pin = fingerprintOf({ data: server.cert });
    expect(pinnedVerdict(request(presented(server, ca)), pin)).toBe(ACCEPT);
    expect(pinnedVerdict(request(presented(other, ca)), pin)).toBe(REJECT);
  });

  it('accepts nothing when the pin is not a fingerprint, not even data that has none', () => {
    expect(pinnedVerdict(request({ data: 'not a certificate' }), undefined)).toBe(REJECT);
    expect(pinnedVerdict(request(presented(server)), undefined)).toBe(REJECT);
  });
});
