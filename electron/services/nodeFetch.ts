import { readFile } from 'node:fs/promises';
import { createNodeFetch } from '../commvault/nodeTransport.js';
import type { FetchLike } from '../commvault/transport.js';
import { AppFailure, appError } from '../contract/errors.js';
import type { ConnectionProfile } from '../contract/connections.js';

/** Node's fetch for a connection (browser mode, CLI, tests), with its CA file read or its pin applied. */
export async function nodeFetchFor(profile: ConnectionProfile): Promise<FetchLike> {
  if (profile.tls.mode === 'ca-file' && 'caPem' in profile.tls) {
    return createNodeFetch({ mode: 'ca-file', caPem: profile.tls.caPem });
  }
  if (profile.tls.mode === 'ca-file') {
    let caPem: string;
    try {
      caPem = await readFile(profile.tls.caFile, 'utf8');
    } catch (error) {
      throw new AppFailure(
        appError(
          'storage',
          `The CA file ${profile.tls.caFile} could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
        ),
      );
    }
    if (!caPem.includes('-----BEGIN CERTIFICATE-----')) {
      throw new AppFailure(appError('invalid-input', `${profile.tls.caFile} is not a PEM certificate file.`));
    }
    return createNodeFetch({ mode: 'ca-file', caPem });
  }
  if (profile.tls.mode === 'pinned')
    return createNodeFetch({ mode: 'pinned', fingerprint256: profile.tls.fingerprint256 });
  return createNodeFetch({ mode: 'system' });
}
