import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { toAppError } from '../services/errors.js';
import { createNodeCore } from '../bridge/nodeCore.js';
import { startDemoServer } from '../simulator/demoServer.js';
import { DownloadSink } from '../sinks/downloadSink.js';
import { defaultDataDir } from '../storage/dataDir.js';
import { openInBrowser } from './openBrowser.js';
import { LINK_LIFETIME_MS, startWebServer } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'data-dir': { type: 'string' },
    'no-demo': { type: 'boolean', default: false },
    /** Only print a link to open (the browser is opened where there is a display). */
    'no-open': { type: 'boolean', default: false },
  },
});

const root = new URL('../../', import.meta.url);
const version = (JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string }).version;
const dataDir = values['data-dir'] ?? defaultDataDir();
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`--port must be a port number (got "${values.port}")\n`);
  process.exit(2);
}

const downloads = new DownloadSink();
const app = await createNodeCore({
  mode: 'browser',
  version,
  dataDir,
  platform: process.platform,
  ...(values['no-demo'] ? {} : { demo: startDemoServer }),
  sink: downloads,
  locale: Intl.DateTimeFormat().resolvedOptions().locale,
}).catch((error: unknown) => {
  // One line an admin can act on (which folder, why), never a stack trace.
  process.stderr.write(`DR Job Stats cannot start: ${toAppError(error).message}\n`);
  process.exit(1);
});
const server = await startWebServer({ app, downloads, staticDir: fileURLToPath(new URL('out/renderer', root)), port });

// Links, never the secret: the opener's command line is readable by every local user while the browser starts, and
// what is printed may end up in a shared log. Each link opens the page once, within minutes (server.ts).
const minutes = Math.round(LINK_LIFETIME_MS / 60_000);
const opened = !values['no-open'] && openInBrowser(server.newLink());
process.stdout.write(
  [
    ...(opened
      ? [
          `DR Job Stats (browser mode) is running, opened in your browser at ${server.address}`,
          'For another browser or tab (or if none opened), press Enter here for a new link.',
        ]
      : [
          `DR Job Stats (browser mode) is running. Open this link in your browser (it works once, within ${minutes} minutes;`,
          'press Enter here for a new one):',
          '',
          `  ${server.newLink()}`,
        ]),
    '',
    `Data folder: ${dataDir}`,
    'It listens on 127.0.0.1 only. Ctrl+C stops it.',
    '',
  ].join('\n'),
);
// A user who closed the tab (a reload keeps working) gets back in with a new link, not a restart.
createInterface({ input: process.stdin }).on('line', () => {
  process.stdout.write(`A new link (it works once, within ${minutes} minutes):\n\n  ${server.newLink()}\n\n`);
});

const stop = () => {
  void Promise.all([server.close(), app.close()]).then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
