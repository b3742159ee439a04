import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createApp } from '../../electron/services/app.js';
import { DownloadSink } from '../../electron/services/fileSinks.js';
import { nodeFetchFor } from '../../electron/services/nodeFetch.js';
import { MemorySecretStore } from '../../electron/storage/secretStore.js';
import { startWebServer, SECRET_HEADER } from '../../electron/web/server.js';
import { connectToSimulator } from '../../test/helpers/app.js';

/**
 * The browser mode's core and server in a process of their own, signed in to the simulator at argv[2], as
 * `npm run web` runs it. It prints one line `READY {port, secret, connectionId}`; on the line `peak` it prints the
 * process's peak resident memory (`PEAK <bytes>`), which is what an admin's workstation must have free.
 */
const simulatorUrl = process.argv[2]!;
const downloads = new DownloadSink();
const app = await createApp({
  mode: 'browser',
  version: 'bench',
  dataDir: await mkdtemp(join(tmpdir(), 'drjs-bench-')),
  platform: process.platform,
  secretStore: new MemorySecretStore(),
  createFetch: nodeFetchFor,
  demo: false,
  sink: downloads,
  locale: 'en-US',
});
const connectionId = await connectToSimulator(app, simulatorUrl, 'Bench');
const server = await startWebServer({
  app,
  downloads,
  staticDir: fileURLToPath(new URL('../../out/renderer', import.meta.url)),
});
const secret = new URL(server.url).hash.replace('#secret=', '');
process.stdout.write(`READY ${JSON.stringify({ port: server.port, secret, connectionId, header: SECRET_HEADER })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'peak') process.stdout.write(`PEAK ${process.resourceUsage().maxRSS * 1024}\n`);
}
