import type { CoreContext } from '../bridge/core.js';
import { EXIT } from './exitCodes.js';
import { exportCommand } from './exportCommand.js';
import { READINESS_HELP, readinessCommand } from './readinessCommand.js';
import { VERIFY_HELP, verifyCommand } from './verifyCommand.js';
import { EXPORT_HELP } from './usage.js';

export interface CliContext {
  /** The app's version, for `--version`, the help text and the runs it saves. */
  version: string;
  /** What the shell adds to the core (the installed app: printing the evidence report to PDF). */
  core?: Partial<CoreContext>;
}

/**
 * The `dr-job-stats` command line (`export …`, `--version`, `--help`) → its exit code. One function for both ways it
 * runs: the Node entry (`out/main/cli.js`, `bin/dr-job-stats.mjs`) and the installed app started with `--export`.
 */
export async function runCli(argv: readonly string[], { version, core }: CliContext): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'export') return exportCommand(rest, { appVersion: version, ...(core ? { core } : {}) });
  if (command === 'verify') return verifyCommand(rest, { version });
  if (command === 'readiness') return readinessCommand(rest, { version, ...(core ? { core } : {}) });
  if (command === '--version') {
    process.stdout.write(`${version}\n`);
    return EXIT.ok;
  }
  const help = `DR Job Stats ${version} — headless reports\n\n${EXPORT_HELP}\n${VERIFY_HELP}\n${READINESS_HELP}`;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(help);
    return EXIT.ok;
  }
  process.stderr.write(`dr-job-stats: unknown command "${command}"\n\n${help}`);
  return EXIT.usage;
}
