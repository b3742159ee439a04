import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../electron/bridge/core.js';
import type { Result } from '../electron/contract/errors.js';
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
  const connectionId = await connectAndSignIn(app.dispatch, simulatorUrl, format);
  return { app, downloads, dataDir, connectionId };
}

/**
 * The simulator saved as a connection and signed in to as the demo user, through `invoke` (the core's dispatch, or the
 * browser mode's API from another process); returns the connection's id.
 */
export async function connectAndSignIn(
  invoke: (channel: string, payload: unknown) => Promise<Result<unknown>>,
  simulatorUrl: string,
  format: ResponseFormat,
): Promise<string> {
  const value = (result: Result<unknown>) => {
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };
  const saved = value(
    await invoke('connections:save', {
      name: 'Bench',
      webService: simulatorUrl,
      format,
      tls: { mode: 'system' },
      rtoTargetMinutes: null,
    }),
  ) as { id: string };
  value(
    await invoke('session:signIn', {
      connectionId: saved.id,
      username: 'demo',
      password: 'demo',
      domain: '',
      staySignedIn: false,
      rememberPassword: false,
    }),
  );
  return saved.id;
}
