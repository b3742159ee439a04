// Saves three large runs into the library at argv[2] and exits 0, or prints the error and exits 1: another process
// (the test) lists the same folder meanwhile, as the desktop app, the browser mode and the CLI may.
import { RunLibrary } from '../../electron/storage/runLibrary.js';
import { sha256 } from '../../electron/storage/runFile.js';
import { HOSTILE_OPERATIONS } from '../reports/hostileData.js';

const rawBody = JSON.stringify({ job: [] }).padEnd(40 * 1024 * 1024, ' ');
const library = new RunLibrary(process.argv[2]!);
try {
  for (let i = 0; i < 3; i++) {
    await library.save(
      {
        server: { connectionName: 'Other process', webService: 'https://cs/commandcenter/api' },
        query: { filter: {}, format: 'json', endpoint: 'DR/JobStats', path: 'DR/JobStats' },
        fetchedAt: 1700000000,
        appVersion: 'test',
        contentType: 'application/json',
        rawBody,
        rawBodySha256: sha256(rawBody),
        groupNames: {},
        rtoTargetSeconds: null,
        rtoTargetsByGroup: {},
        operations: HOSTILE_OPERATIONS,
      },
      `Run ${i}`,
    );
  }
  process.exit(0);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
