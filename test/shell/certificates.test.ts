import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCEPT,
  caFileVerdict,
  chainsTo,
  fingerprintOf,
  pinnedVerdict,
  readTrustedCa,
  REJECT,
  USE_CHROMIUM,
  type PresentedCertificate,
} from '../../electron/shell/certificates.js';

const HOST = 'cs.example.com';
const DAY = 86_400_000;

interface Issued {
  cert: string;
  key: string;
}

async function certificateAuthority(name: string): Promise<Issued> {
  const pems = await generate([{ name: 'commonName', value: name }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', keyCertSign: true, digitalSignature: true },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

async function serverCertificate(ca: Issued, validity: { from?: number; to?: number } = {}): Promise<Issued> {
  const pems = await generate([{ name: 'commonName', value: HOST }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ca,
    notBeforeDate: new Date(Date.now() + (validity.from ?? -DAY)),
    notAfterDate: new Date(Date.now() + (validity.to ?? 30 * DAY)),
    extensions: [
      { name: 'keyUsage', digitalSignature: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: HOST },
          { type: 7, ip: '10.0.0.5' },
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

/** What Chromium hands the verify proc: the server's certificate with the issuers it sent. */
const presented = (...chain: Issued[]): PresentedCertificate =>
  chain.reduceRight<PresentedCertificate | undefined>(
    (issuerCert, { cert }) => ({ data: cert, issuerCert }),
    undefined,
  )!;

let ca: Issued;
let otherCa: Issued;
let server: Issued;
let expired: Issued;
let notYetValid: Issued;
let caX509: X509Certificate;

beforeAll(async () => {
  [ca, otherCa] = await Promise.all([certificateAuthority('Company CA'), certificateAuthority('Someone else')]);
  [server, expired, notYetValid] = await Promise.all([
    serverCertificate(ca),
    serverCertificate(ca, { from: -30 * DAY, to: -DAY }),
    serverCertificate(ca, { from: DAY, to: 30 * DAY }),
  ]);
  caX509 = new X509Certificate(ca.cert);
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

describe('a chain to the connection’s CA', () => {
  it('is found when the CA signed the server certificate, by host name or IP address', () => {
    expect(chainsTo(presented(server), caX509, HOST)).toBe(true);
    expect(chainsTo(presented(server), caX509, '10.0.0.5')).toBe(true);
  });

  it('is found when the server sends the CA itself in its chain', () => {
    expect(chainsTo(presented(server, ca), caX509, HOST)).toBe(true);
  });

  it('is not found for a certificate from another CA', () => {
    expect(chainsTo(presented(server), new X509Certificate(otherCa.cert), HOST)).toBe(false);
    expect(chainsTo(presented(server, ca), new X509Certificate(otherCa.cert), HOST)).toBe(false);
  });

  it('is not found for another host name', () => {
    expect(chainsTo(presented(server), caX509, 'evil.example.com')).toBe(false);
    expect(chainsTo(presented(server), caX509, '10.0.0.6')).toBe(false);
  });

  it('is not found for an expired or not yet valid certificate', () => {
    expect(chainsTo(presented(expired), caX509, HOST)).toBe(false);
    expect(chainsTo(presented(notYetValid), caX509, HOST)).toBe(false);
  });

  it('is not found for data that is not a certificate', () => {
    expect(chainsTo({ data: 'garbage' }, caX509, HOST)).toBe(false);
    expect(
      chainsTo({ data: server.cert, issuerCert: { data: 'garbage' } }, new X509Certificate(otherCa.cert), HOST),
    ).toBe(false);
  });
});

describe('the verify procs', () => {
  const request = (certificate: PresentedCertificate, errorCode = -202) => ({ hostname: HOST, certificate, errorCode });

  it('accept a pinned connection only for the pinned certificate', () => {
    const pin = fingerprintOf({ data: server.cert });
    expect(pinnedVerdict(request(presented(server), 0), pin)).toBe(ACCEPT);
    expect(pinnedVerdict(request(presented(expired), 0), pin)).toBe(REJECT);
  });

  it('accept nothing when the pin is not a fingerprint, not even data that has none', () => {
    expect(pinnedVerdict(request({ data: 'not a certificate' }, 0), undefined)).toBe(REJECT);
    expect(pinnedVerdict(request(presented(server), 0), undefined)).toBe(REJECT);
  });

  it("leave what the OS trusts to Chromium, and accept otherwise only chains to the connection's CA", () => {
    expect(caFileVerdict(request(presented(server, otherCa), 0), caX509)).toBe(USE_CHROMIUM);
    expect(caFileVerdict(request(presented(server)), caX509)).toBe(ACCEPT);
    expect(caFileVerdict(request(presented(expired)), caX509)).toBe(REJECT);
    expect(caFileVerdict(request(presented(server)), new X509Certificate(otherCa.cert))).toBe(REJECT);
  });
});

describe("a connection's CA", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'drjs-ca-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is read from the PEM the page sent, or from the path early settings kept', async () => {
    const fromPem = await readTrustedCa({ mode: 'ca-file', caPem: ca.cert, caName: 'company-ca.pem' });
    expect(fromPem.fingerprint256).toBe(caX509.fingerprint256);
    const file = join(dir, 'ca.pem');
    await writeFile(file, ca.cert);
    expect((await readTrustedCa({ mode: 'ca-file', caFile: file })).fingerprint256).toBe(caX509.fingerprint256);
  });

  it('that is not a certificate, or not there, is a storage error naming the file', async () => {
    await expect(
      readTrustedCa({
        mode: 'ca-file',
        caPem: '-----BEGIN CERTIFICATE-----\nxx\n-----END CERTIFICATE-----',
        caName: 'bad.pem',
      }),
    ).rejects.toMatchObject({ error: { kind: 'storage', message: expect.stringContaining('bad.pem') } });
    const missing = join(dir, 'missing.pem');
    await expect(readTrustedCa({ mode: 'ca-file', caFile: missing })).rejects.toMatchObject({
      error: { kind: 'storage', message: expect.stringContaining(missing) },
    });
  });
});
