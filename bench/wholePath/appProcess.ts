import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { benchCore } from '../core.js';
import { LINK_EXCHANGE_PATH, LINK_FRAGMENT_KEY } from '../../electron/contract/browserLink.js';
import { SECRET_HEADER } from '../../electron/contract/ipc.js';
import { startWebServer } from '../../electron/web/server.js';

/**
 * The browser mode's core and server in a process of their own, signed in to the simulator at argv[2], as
 * `npm run web` runs it (answers in the format argv[3] names, JSON unless `xml`). It prints one line `READY {port, secret, connectionId}`; on the line `peak` it prints the
 * process's peak resident memory (`PEAK <bytes>`), which is what an admin's workstation must have free.
 */
const simulatorUrl = process.argv[2]!;
const { app, downloads, connectionId } = await benchCore(simulatorUrl, process.argv[3] === 'xml' ? 'xml' : 'json');
const server = await startWebServer({
  app,
  downloads,
  staticDir: fileURLToPath(new URL('../../out/renderer', import.meta.url)),
});
// The secret as the page gets it: a one-time link exchanged once.
const link = new URL(server.newLink());
const exchanged = await fetch(new URL(LINK_EXCHANGE_PATH, link), {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ link: new URLSearchParams(link.hash.slice(1)).get(LINK_FRAGMENT_KEY) }),
});
const { secret } = (await exchanged.json()) as { secret: string };
process.stdout.write(`READY ${JSON.stringify({ port: server.port, secret, connectionId, header: SECRET_HEADER })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'peak') process.stdout.write(`PEAK ${process.resourceUsage().maxRSS * 1024}\n`);
}
