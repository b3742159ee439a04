import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/bridge/core.js';
import { selfSignedCertificate } from '../../electron/simulator/certificate.js';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { startSimulator } from '../helpers/commvault.js';
import { testApp } from '../helpers/app.js';

let dir: string;
let app: Core;
let sim: CommvaultSimulator;
let cert: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drjs-ca-'));
  const tls = await selfSignedCertificate();
  cert = tls.cert;
  sim = await startSimulator({ groups: 1, vms: 1, jobs: 2, tls });
  app = await testApp(dir);
});
afterAll(async () => {
  await app.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

const draft = (tls: unknown) => ({
  name: 'HTTPS CommServe',
  webService: sim.url,
  format: 'json',
  tls,
  rtoTargetMinutes: null,
});

describe('CA files', () => {
  it('the page cannot name a file on this machine as a CA file (nor learn whether it exists)', async () => {
    for (const caFile of ['/etc/passwd', '/no/such/file.pem']) {
      const saved = await app.dispatch('connections:save', draft({ mode: 'ca-file', caFile }));
      expect(saved.ok).toBe(false);
      if (!saved.ok) {
        expect(saved.error.kind).toBe('invalid-input');
        expect(saved.error.message).not.toMatch(/exist|ENOENT|could not be read/i);
      }
    }
  });

  it('a CA certificate the user picked (its PEM, read by the page) is kept with the connection and trusted', async () => {
    const saved = await app.dispatch(
      'connections:save',
      draft({ mode: 'ca-file', caPem: cert, caName: 'commserve-ca.pem' }),
    );
    expect(saved.ok).toBe(true);
    const id = (saved as { ok: true; value: { id: string } }).value.id;
    const signedIn = await app.dispatch('session:signIn', {
      connectionId: id,
      username: 'demo',
      password: 'demo',
      staySignedIn: false,
      rememberPassword: false,
    });
    expect(signedIn).toMatchObject({ ok: true, value: { signedIn: true } });
  });

  it('refuses text that is not a PEM certificate', async () => {
    const saved = await app.dispatch('connections:save', draft({ mode: 'ca-file', caPem: 'hello', caName: 'x.pem' }));
    expect(saved).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
  });
});
