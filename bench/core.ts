import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../electron/bridge/core.js';
import { DownloadSink } from '../electron/sinks/downloadSink.js';
import { nodeFetchFor } from '../electron/services/nodeFetch.js';
import { MemorySecretStore } from '../electron/storage/secretStore.js';
import { connectToSimulator } from '../test/helpers/app.js';

/**
 * The browser mode's core as `npm run web` builds it (checks by construction, as in the app), on a fresh data
 * folder, signed in to a simulator. Secrets stay in memory: the benchmarks measure data, not the keychain.
 */
export async function benchCore(
  simulatorUrl: string,
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
  const connectionId = await connectToSimulator(app, simulatorUrl, 'Bench');
  return { app, downloads, dataDir, connectionId };
}
