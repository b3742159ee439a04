import { generate } from 'selfsigned';

export interface KeyAndCertificate {
  key: string;
  cert: string;
}

/**
 * A self-signed certificate like the one Web Console and Command Center ship with, for loopback names. It is
 * for the simulator and tests only: the client must be told to trust it (CA file or pin).
 */
export async function selfSignedCertificate(commonName = 'localhost'): Promise<KeyAndCertificate> {
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
