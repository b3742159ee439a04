// The headless export's Node entry, built by electron-vite to out/main/cli.js (`node out/main/cli.js export …`,
// `bin/dr-job-stats.mjs`). The installed app runs the same `runCli` from its main process (`--export`).
import { readFileSync } from 'node:fs';
import { runCli } from './run.js';

// From out/main/cli.js and from this file alike, the package's own package.json is two folders up.
const version = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

process.exitCode = await runCli(process.argv.slice(2), { version });
// The keychain may hold a call open on D-Bus; a scheduled job must end when its work is done, but only once what it
// wrote has been handed to the OS (a report on standard output through a pipe is written asynchronously on Windows
// and macOS).
await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((done) => stream.write('', done))));
setImmediate(() => process.exit());
