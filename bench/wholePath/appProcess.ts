import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { benchCore } from '../core.js';
import { SECRET_HEADER } from '../../electron/contract/ipc.js';
import { startWebServer } from '../../electron/web/server.js';

/**
 * The browser mode's core and server in a process of their own, signed in to the simulator at argv[2], as
 * `npm run web` runs it. It prints one line `READY {port, secret, connectionId}`; on the line `peak` it prints the
 * process's peak resident memory (`PEAK <bytes>`), which is what an admin's workstation must have free.
 */
const simulatorUrl = process.argv[2]!;
const { app, downloads, connectionId } = await benchCore(simulatorUrl);
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
