import { X509Certificate } from 'node:crypto';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import { createNodeFetch } from '../../electron/commvault/nodeTransport.js';
import { selfSignedCertificate } from '../../electron/simulator/certificate.js';

it('a pinned connection checks the certificate again on every new connection (no TLS session resumption)', async () => {
  const { key, cert } = await selfSignedCertificate();
  // Every answer closes its connection, so each request needs a new TLS handshake.
  const server = createServer({ key, cert }, (_req, res) => {
    res.writeHead(200, { connection: 'close' });
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fetch = createNodeFetch({ mode: 'pinned', fingerprint256: new X509Certificate(cert).fingerprint256 });
  try {
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`https://127.0.0.1:${port}/`, {
        method: 'GET',
        headers: {},
        signal: AbortSignal.timeout(5000),
      });
      expect(response.status).toBe(200);
      await response.body?.cancel();
    }
  } finally {
    server.close();
  }
});
