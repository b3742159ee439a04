import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../electron/bridge/core.js';
import type { ResponseFormat } from '../electron/contract/model.js';
import { DownloadSink } from '../electron/sinks/downloadSink.js';
import { nodeFetchFor } from '../electron/services/nodeFetch.js';
import { MemorySecretStore } from '../electron/storage/secretStore.js';

/**
 * The browser mode's core as `npm run web` builds it (checks by construction, as in the app), on a fresh data
 * folder, signed in to a simulator (answers in `format`). Secrets stay in memory: the benchmarks measure data, not the
 * keychain.
 */
export async function benchCore(
  simulatorUrl: string,
  format: ResponseFormat = 'json',
): Promise<{ app: Core; downloads: DownloadSink; dataDir: string; connectionId: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'drjs-bench-'));
  const downloads = new DownloadSink();
  const app = await createCore({
    mode: 'browser',
    version: 'bench',
    dataDir,
    platform: process.platform,
    secretStore: new MemorySecretStore(),
    createFetch: nodeFetchFor,
    sink: downloads,
    locale: 'en-US',
  });
  const saved = await app.dispatch('connections:save', {
    name: 'Bench',
    webService: simulatorUrl,
    format,
    tls: { mode: 'system' },
    rtoTargetMinutes: null,
  });
  if (!saved.ok) throw new Error(saved.error.message);
  const connectionId = (saved.value as { id: string }).id;
  const signedIn = await app.dispatch('session:signIn', {
    connectionId,
    username: 'demo',
    password: 'demo',
    domain: '',
    staySignedIn: false,
    rememberPassword: false,
  });
  if (!signedIn.ok) throw new Error(signedIn.error.message);
  return { app, downloads, dataDir, connectionId };
}
