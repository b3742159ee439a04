import { EXIT, EXIT_BY_KIND, fail } from './exitCodes.js';
import { parseExportArgs } from './parseArgs.js';
import { runExport, type RunExportDeps } from './runExport.js';
import { EXPORT_HELP } from './usage.js';

export interface ExportDeps extends Partial<RunExportDeps> {
  out?: (line: string) => void;
  err?: (line: string) => void;
}

/** `dr-job-stats export …`: returns the exit code; prints one line of result or one line of error. */
export async function exportCommand(argv: string[], deps: ExportDeps = {}): Promise<number> {
  const out = deps.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = deps.err ?? ((line: string) => process.stderr.write(`dr-job-stats: ${line}\n`));
  try {
    const parsed = parseExportArgs(argv);
    if (!parsed.ok) {
      err(`${parsed.error.message}\n${EXPORT_HELP}`);
      return EXIT_BY_KIND[parsed.error.kind];
    }
    if (parsed.value.kind === 'help') {
      out(EXPORT_HELP);
      return EXIT.ok;
    }
    const done = await runExport(parsed.value.options, {
      ...(deps.core ? { core: deps.core } : {}),
      env: deps.env ?? process.env,
      appVersion: deps.appVersion,
      ...(deps.stdout ? { stdout: deps.stdout } : {}),
    });
    // With `--out -` the report itself is on standard output: the summary must not end up inside it.
    if (parsed.value.options.out === '-') err(done);
    else out(done);
    return EXIT.ok;
  } catch (error) {
    return fail(error, err);
  }
}
