import { session as electronSession } from 'electron';
import type { FetchLike, HttpResponse } from '../commvault/transport.js';
import { normaliseFingerprint } from '../commvault/transport.js';
import type { ConnectionProfile } from '../contract/connections.js';
import { caFileVerdict, pinnedVerdict, readTrustedCa } from '../shell/certificates.js';

/**
 * Electron's `net.fetch` (system proxy, OS trust store) for one connection. Each connection gets its own
 * in-memory session so its CA file or pin applies to its server only; verification is never switched off.
 */
export async function electronFetchFor(profile: ConnectionProfile): Promise<FetchLike> {
  const ses = electronSession.fromPartition(`drjs-connection-${profile.id}`, { cache: false });
  const tls = profile.tls;
  if (tls.mode === 'pinned') {
    const pin = normaliseFingerprint(tls.fingerprint256);
    ses.setCertificateVerifyProc((request, callback) => callback(pinnedVerdict(request, pin)));
  } else if (tls.mode === 'ca-file') {
    const ca = await readTrustedCa(tls);
    ses.setCertificateVerifyProc((request, callback) => callback(caFileVerdict(request, ca)));
  } else {
    ses.setCertificateVerifyProc(null);
  }
  return async (url, init) => (await ses.fetch(url, { ...init, redirect: 'error' })) as unknown as HttpResponse;
}
