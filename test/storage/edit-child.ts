// One edit of a shared data folder, made the moment the parent says "go" on stdin, so that edits from many processes
// meet: argv[2] is the data folder, then `connection NAME…` (adds each connection to settings.json) or `run ID name|note
// TEXT` (renames or annotates a saved run). Prints "ready" once loaded; exits 0 when the edit is done, or prints the
// error and exits 1.
import { createInterface } from 'node:readline';
import { ConnectionProfileSchema } from '../../electron/contract/connections.js';
import { RunLibrary } from '../../electron/storage/runLibrary.js';
import { SettingsStore } from '../../electron/storage/settingsStore.js';

const [dir, kind, ...rest] = process.argv.slice(2) as [string, string, ...string[]];

async function edit(): Promise<void> {
  if (kind === 'connection') {
    // Each through a store of its own, all at once: as two windows of one app, or the app and its browser mode.
    await Promise.all(
      rest.map((name) => {
        const profile = ConnectionProfileSchema.parse({ id: `id-${name}`, name, webService: 'https://cs/api' });
        return new SettingsStore(dir).update((s) => ({ ...s, connections: [...s.connections, profile] }));
      }),
    );
  } else {
    const [id, field, text] = rest as [string, 'name' | 'note', string];
    await new RunLibrary(dir).update(id, { [field]: text });
  }
}

const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
lines.once('line', () => {
  edit().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exit(1);
    },
  );
});
