// Saves a very large run into the library at argv[2], forever, so the parent can kill it mid-write.
import { RunLibrary } from '../../electron/storage/runLibrary.js';
import { sha256 } from '../../electron/storage/runFile.js';
import { HOSTILE_OPERATIONS } from '../reports/hostileData.js';

const rawBody = JSON.stringify({ job: [] }).padEnd(60 * 1024 * 1024, ' ');
const library = new RunLibrary(process.argv[2]!);
process.stdout.write('ready\n');
for (;;) {
  await library.save(
    {
      server: { connectionName: 'Big', webService: 'https://cs/commandcenter/api' },
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
    'Big run',
  );
}
