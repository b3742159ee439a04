import { session as electronSession } from 'electron';
import type { FetchLike, HttpResponse } from '../commvault/transport.js';
import { normaliseFingerprint } from '../commvault/transport.js';
import type { ConnectionProfile } from '../contract/connections.js';
import { nodeFetchFor } from '../services/nodeFetch.js';
import { pinnedVerdict } from '../shell/certificates.js';

/**
 * The fetch of one connection in the desktop app. System-trust and pinned connections use Electron's `net.fetch`
 * (system proxy, OS trust store), each in its own in-memory session so a pin applies to its server only.
 *
 * A CA-file connection uses Node's TLS stack instead, as the browser mode and the CLI do: the CA is added to the
 * trust store and OpenSSL validates the whole chain (each certificate signed by the next, names, dates, CA
 * constraints). Chromium has no way to add one CA to one session, and checking a chain by hand in a verify proc is
 * exactly what must not be done (an earlier version accepted a self-signed leaf followed by the CA's certificate).
 * What it gives up: the OS proxy settings, which internal CommServes signed by a company CA rarely sit behind.
 */
export async function electronFetchFor(profile: ConnectionProfile): Promise<FetchLike> {
  const tls = profile.tls;
  if (tls.mode === 'ca-file') return nodeFetchFor(profile);
  const ses = electronSession.fromPartition(`drjs-connection-${profile.id}`, { cache: false });
  if (tls.mode === 'pinned') {
    const pin = normaliseFingerprint(tls.fingerprint256);
    ses.setCertificateVerifyProc((request, callback) => callback(pinnedVerdict(request, pin)));
  } else {
    ses.setCertificateVerifyProc(null);
  }
  return async (url, init) => (await ses.fetch(url, { ...init, redirect: 'error' })) as unknown as HttpResponse;
}
