import { fetch as undiciFetch, Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { send } from '../../electron/commvault/http.js';
import type { FetchLike } from '../../electron/commvault/transport.js';
import type { ConnectionProfile } from '../../electron/contract/connections.js';
import { nodeFetchFor } from '../../electron/services/nodeFetch.js';
import { certificateAuthority, serverCertificate, tlsServer, type Issued } from '../helpers/pki.js';

/**
 * The desktop app's sessions, played by Chromium's part in them: a certificate verify proc registered on the session
 * is asked about every chain the OS trust store does not accept (none of these test CAs is in it), with the chain as
 * the server sent it; the request goes on only if the proc accepts.
 */
type Proc = (
  request: { hostname: string; certificate: Presented; errorCode: number },
  callback: (verdict: number) => void,
) => void;
interface Presented {
  data: string;
  issuerCert?: Presented | undefined;
}

const procs = new Map<string, Proc | null>();
/** Requests Chromium's stack made: a CA-file connection must make none (it goes through Node's TLS stack). */
let chromiumRequests = 0;

/** What each test server sends, leaf first, by its address: Electron links `issuerCert` in the order sent. */
const sentChains = new Map<string, string[]>();

function presentedChain(sent: string[]): Presented {
  return sent.reduceRight<Presented | undefined>((issuerCert, data) => ({ data, issuerCert }), undefined)!;
}

function chromiumFetch(partition: string) {
  return async (url: string, init: RequestInit) => {
    chromiumRequests++;
    const target = new URL(url);
    const proc = procs.get(partition);
    const sent = sentChains.get(target.origin) ?? [];
    // ERR_CERT_AUTHORITY_INVALID: the OS trust store does not know these CAs.
    const verdict = proc
      ? await new Promise<number>((resolve) =>
          proc({ hostname: target.hostname, certificate: presentedChain(sent), errorCode: -202 }, resolve),
        )
      : -202;
    if (verdict !== 0) throw new TypeError('net::ERR_CERT_AUTHORITY_INVALID');
    return undiciFetch(url, {
      ...(init as object),
      dispatcher: new Agent({ connect: { rejectUnauthorized: false } }),
    } as never);
  };
}

vi.mock('electron', () => ({
  session: {
    fromPartition: (partition: string) => ({
      setCertificateVerifyProc: (proc: Proc | null) => procs.set(partition, proc),
      fetch: chromiumFetch(partition),
    }),
  },
}));

const { electronFetchFor } = await import('../../electron/main/electronFetch.js');

const HOST = '127.0.0.1';
let companyCa: Issued;
let intermediate: Issued;
let lookAlikeCa: Issued;
let genuine: Issued;
let otherIssued: Issued;
let forgedLeaf: Issued;
let wrongName: Issued;
let lookAlikeLeaf: Issued;

beforeAll(async () => {
  companyCa = await certificateAuthority('Company Root CA');
  [intermediate, lookAlikeCa] = await Promise.all([
    certificateAuthority('Company Issuing CA', companyCa),
    certificateAuthority('Company Root CA'),
  ]);
  [genuine, otherIssued, forgedLeaf, wrongName, lookAlikeLeaf] = await Promise.all([
    serverCertificate([HOST, 'commserve.example.com'], intermediate),
    serverCertificate(['intranet.example.com'], companyCa),
    serverCertificate([HOST]),
    serverCertificate(['elsewhere.example.com'], intermediate),
    serverCertificate([HOST], lookAlikeCa),
  ]);
});

const profile = (id: string): ConnectionProfile =>
  ({
    id,
    name: 'CA file',
    webService: 'https://127.0.0.1/commandcenter/api',
    tls: { mode: 'ca-file', caPem: companyCa.cert, caName: 'company-root.pem' },
  }) as ConnectionProfile;

const roads: [string, (id: string) => Promise<FetchLike>][] = [
  ['the desktop app', (id) => electronFetchFor(profile(id))],
  ['the browser mode and the CLI', (id) => nodeFetchFor(profile(id))],
];

async function outcome(fetch: FetchLike, leaf: Issued, chain: string[]): Promise<string> {
  const server = await tlsServer(leaf, chain);
  sentChains.set(new URL(server.url).origin, [leaf.cert, ...chain]);
  try {
    const answer = await send(fetch, server.url, { method: 'GET', headers: {}, timeoutMs: 10_000, maxBytes: 1000 });
    return `answered ${answer.status}`;
  } catch (error) {
    return `refused (${(error as { kind?: string }).kind ?? String(error)})`;
  } finally {
    await server.close();
  }
}

const servers = () => ({
  'a genuine chain through an intermediate': { leaf: genuine, chain: [intermediate.cert], accepted: true },
  'a self-signed leaf followed by the company CA': { leaf: forgedLeaf, chain: [companyCa.cert], accepted: false },
  'a self-signed leaf followed by a certificate the CA issued': {
    leaf: forgedLeaf,
    chain: [otherIssued.cert, intermediate.cert],
    accepted: false,
  },
  "a self-signed leaf followed by the real server's certificate": {
    leaf: forgedLeaf,
    chain: [genuine.cert, intermediate.cert],
    accepted: false,
  },
  'a chain from a look-alike CA (same name, another key)': {
    leaf: lookAlikeLeaf,
    chain: [lookAlikeCa.cert],
    accepted: false,
  },
  'a genuine chain for another host name': { leaf: wrongName, chain: [intermediate.cert], accepted: false },
});

const SCENARIOS = [
  'a genuine chain through an intermediate',
  'a self-signed leaf followed by the company CA',
  'a self-signed leaf followed by a certificate the CA issued',
  "a self-signed leaf followed by the real server's certificate",
  'a chain from a look-alike CA (same name, another key)',
  'a genuine chain for another host name',
] as const;

describe.each(roads)('a CA-file connection on %s', (_road, fetchFor) => {
  let n = 0;
  afterAll(() => procs.clear());
  it.each(SCENARIOS)('%s', async (name) => {
    const { leaf, chain, accepted } = servers()[name];
    const fetch = await fetchFor(`conn-${++n}`);
    expect(await outcome(fetch, leaf, chain)).toBe(accepted ? 'answered 200' : 'refused (tls)');
    expect(chromiumRequests).toBe(0);
  });
});
