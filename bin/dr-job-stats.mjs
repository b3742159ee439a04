#!/usr/bin/env node
// Headless exports for scheduled reports from a checkout: `npx dr-job-stats export --connection NAME --report phases
// --out FILE.csv`. It runs the CLI that electron-vite builds (out/main/cli.js), the same code the installed app runs
// with `--export`; nothing here needs TypeScript at run time.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(cli)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  process.stderr.write(
    `dr-job-stats: the command is not built yet (${fileURLToPath(cli)} is missing). Run "npm run build" in ${root} first.\n`,
  );
  process.exit(2);
}
await import(cli.href);
