import { readFileSync } from 'node:fs';
import { EXIT } from './exitCodes.js';
import { exportCommand } from './exportCommand.js';
import { EXPORT_HELP } from './usage.js';

const version = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
const [command, ...rest] = process.argv.slice(2);

if (command === 'export') {
  process.exitCode = await exportCommand(rest, { appVersion: version });
} else if (command === '--version') {
  process.stdout.write(`${version}\n`);
} else {
  const help = `DR Job Stats ${version} — headless reports\n\n${EXPORT_HELP}`;
  if (command === undefined || command === '--help' || command === 'help') process.stdout.write(help);
  else {
    process.stderr.write(`dr-job-stats: unknown command "${command}"\n\n${help}`);
    process.exitCode = EXIT.usage;
  }
}
// The keychain may hold a call open on D-Bus; a scheduled job must end when its work is done.
setImmediate(() => process.exit());
