import { probeCertificate } from '../commvault/nodeTransport.js';
import { nodeFetchFor } from '../services/nodeFetch.js';
import { KeychainSecretStore, loadKeytar } from '../storage/secretStore.js';
import { createCore, type Core, type CoreContext } from './core.js';

/** The app's data folder on this machine (the desktop app's own), for the shells that run in Node. */
export { defaultDataDir } from '../storage/dataDir.js';

/**
 * The core as the shells that run in plain Node build it (the browser mode and the headless export): the OS
 * keychain through keytar, and Node's fetch with each connection's certificate trust. The shells name only what
 * differs between them, so neither builds a client, a keychain or a store of its own.
 */
export function createNodeCore(
  context: Omit<CoreContext, 'secretStore' | 'createFetch' | 'probeCertificate'> & Partial<CoreContext>,
): Promise<Core> {
  return createCore({
    secretStore: new KeychainSecretStore(loadKeytar),
    createFetch: nodeFetchFor,
    probeCertificate,
    ...context,
  });
}
