import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseFingerprint } from '../../electron/commvault/transport.js';
import { selfSignedCertificate, type KeyAndCertificate } from '../../electron/simulator/certificate.js';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { clientFor, rejection, startSimulator } from '../helpers/commvault.js';

let sim: CommvaultSimulator;
let pems: KeyAndCertificate;
let otherCert: KeyAndCertificate;

beforeAll(async () => {
  // Made in the test: a self-signed certificate like the one a CommServe ships with.
  [pems, otherCert] = await Promise.all([selfSignedCertificate(), selfSignedCertificate()]);
  sim = await startSimulator({ groups: 2, vms: 2, jobs: 5, tls: pems });
});
afterAll(() => sim.close());

describe('HTTPS with a self-signed certificate', () => {
  it('is refused with system trust, and the error shows the presented fingerprint for pinning', async () => {
    const error = await rejection(clientFor(sim).login({ username: 'demo', password: 'demo' }));
    expect(error.kind).toBe('tls');
    expect(error.details.fingerprint256).toBe(sim.fingerprint256);
    expect(error.message).toContain(sim.fingerprint256);
    expect(error.message).toMatch(/pin it or add its CA file/);
  });

  it('works when the connection trusts the certificate as a CA file', async () => {
    const client = clientFor(sim, { trust: { mode: 'ca-file', caPem: pems.cert } });
    await client.login({ username: 'demo', password: 'demo' });
    expect((await client.getJobStats({})).operations).toHaveLength(5);
  });

  it('is refused with a CA file of a different authority', async () => {
    const error = await rejection(
      clientFor(sim, { trust: { mode: 'ca-file', caPem: otherCert.cert } }).login({
        username: 'demo',
        password: 'demo',
      }),
    );
    expect(error.kind).toBe('tls');
    expect(error.details.fingerprint256).toBe(sim.fingerprint256);
  });

  it('works with the correct pinned fingerprint, in any common spelling', async () => {
    const spelled = sim.fingerprint256!.replaceAll(':', '').toLowerCase();
    const client = clientFor(sim, { trust: { mode: 'pinned', fingerprint256: spelled } });
    await expect(client.login({ username: 'demo', password: 'demo' })).resolves.toEqual({ userName: 'demo' });
  });

  it('refuses a wrong pin before sending the request, showing the presented fingerprint', async () => {
    const wrong = normaliseFingerprint('AB'.repeat(32))!;
    const before = sim.count('Login');
    // The pinning transport saw the certificate: what it presented comes with the error, no second look needed.
    const probed: string[] = [];
    const probeCertificate = (url: string) => {
      probed.push(url);
      return Promise.resolve(undefined);
    };
    const error = await rejection(
      clientFor(sim, { trust: { mode: 'pinned', fingerprint256: wrong }, probeCertificate }).login({
        username: 'demo',
        password: 'demo',
      }),
    );
    expect(error.kind).toBe('tls');
    expect(error.details).toMatchObject({ code: 'CERT_PIN_MISMATCH', fingerprint256: sim.fingerprint256 });
    expect(probed).toEqual([]);
    expect(error.message).toContain(`Presented: ${sim.fingerprint256}`);
    expect(sim.count('Login')).toBe(before);
  });

  it('normalises fingerprints and rejects ones that are not SHA-256', () => {
    expect(normaliseFingerprint('ab'.repeat(32))).toBe(Array(32).fill('AB').join(':'));
    expect(normaliseFingerprint('AB:CD')).toBeUndefined();
    expect(() => clientFor(sim, { trust: { mode: 'pinned', fingerprint256: 'nope' } })).toThrow(
      /not a SHA-256 fingerprint/,
    );
  });
});
