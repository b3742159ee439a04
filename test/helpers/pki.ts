import { once } from 'node:events';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';

/** A certificate with its private key, both PEM. */
export interface Issued {
  cert: string;
  key: string;
}

const DAY = 86_400_000;

/** A CA (root or intermediate): signs certificates; issued by `parent` when given, else self-signed. */
export async function certificateAuthority(name: string, parent?: Issued): Promise<Issued> {
  const pems = await generate([{ name: 'commonName', value: name }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - DAY),
    notAfterDate: new Date(Date.now() + 365 * DAY),
    ...(parent ? { ca: parent } : {}),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

/**
 * A server certificate for `hosts` (names or IP addresses), issued by `issuer` or, without one, self-signed: the
 * certificate a man in the middle can make for any name.
 */
export async function serverCertificate(hosts: string[], issuer?: Issued): Promise<Issued> {
  const pems = await generate([{ name: 'commonName', value: hosts[0]! }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - DAY),
    notAfterDate: new Date(Date.now() + 30 * DAY),
    ...(issuer ? { ca: issuer } : {}),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: hosts.map((host) => (/^[\d.]+$/.test(host) ? { type: 7, ip: host } : { type: 2, value: host })),
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

/** An HTTPS server on 127.0.0.1 presenting `leaf` followed by `chain`, in that order, as a real server would send them. */
export async function tlsServer(leaf: Issued, chain: string[] = []): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer({ key: leaf.key, cert: [leaf.cert, ...chain].join('\n') }, (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"ok":true}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
