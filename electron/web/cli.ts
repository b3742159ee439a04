import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { probeCertificate } from '../commvault/nodeTransport.js';
import { toAppError } from '../services/errors.js';
import { createCore } from '../bridge/core.js';
import { DownloadSink } from '../sinks/downloadSink.js';
import { nodeFetchFor } from '../services/nodeFetch.js';
import { defaultDataDir } from '../storage/dataDir.js';
import { KeychainSecretStore, loadKeytar } from '../storage/secretStore.js';
import { openInBrowser } from './openBrowser.js';
import { startWebServer } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'data-dir': { type: 'string' },
    'no-demo': { type: 'boolean', default: false },
    /** Only print the address (the browser is opened where there is a display). */
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
const app = await createCore({
  mode: 'browser',
  version,
  dataDir,
  platform: process.platform,
  secretStore: new KeychainSecretStore(loadKeytar),
  createFetch: nodeFetchFor,
  probeCertificate,
  demo: !values['no-demo'],
  sink: downloads,
  locale: Intl.DateTimeFormat().resolvedOptions().locale,
}).catch((error: unknown) => {
  // One line an admin can act on (which folder, why), never a stack trace.
  process.stderr.write(`DR Job Stats cannot start: ${toAppError(error).message}\n`);
  process.exit(1);
});
const server = await startWebServer({ app, downloads, staticDir: fileURLToPath(new URL('out/renderer', root)), port });

const opened = !values['no-open'] && openInBrowser(server.url);
process.stdout.write(
  [
    opened
      ? 'DR Job Stats (browser mode) is running, opened in your browser. Its address, if you need it again:'
      : 'DR Job Stats (browser mode) is running. Open this address in your browser:',
    '',
    `  ${server.url}`,
    '',
    `Data folder: ${dataDir}`,
    'It listens on 127.0.0.1 only; the secret in the address is new at every start. Ctrl+C stops it.',
    '',
  ].join('\n'),
);

const stop = () => {
  void Promise.all([server.close(), app.close()]).then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
