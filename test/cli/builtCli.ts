import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const ROOT = join(import.meta.dirname, '../..');
/** The CLI as electron-vite builds it, which `bin/dr-job-stats.mjs` and the installed app run. */
export const BUILT_CLI = join(ROOT, 'out/main/cli.js');
export const BIN = join(ROOT, 'bin/dr-job-stats.mjs');
/** For a `beforeAll` that may have to build: electron-vite takes about 15 s, longer on a busy machine. */
export const BUILD_TIMEOUT = 240_000;

/** What the main build is made of: a newer file here than the bundle means the bundle is stale. */
const SOURCES = ['electron', 'electron.vite.config.ts', 'package.json'];

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path);
  const times = await Promise.all(entries.map((entry) => newestMtime(join(path, entry))));
  return Math.max(info.mtimeMs, ...times);
}

async function isFresh(): Promise<boolean> {
  const built = await stat(BUILT_CLI).catch(() => null);
  if (!built) return false;
  const sources = await Promise.all(SOURCES.map((source) => newestMtime(join(ROOT, source))));
  return built.mtimeMs >= Math.max(...sources);
}

/**
 * Builds the app (`npx electron-vite build`, the same build that is packaged) unless out/ is newer than every
 * source, so the CLI tests always run the current code through the built bundle. Test files run in parallel
 * processes: one builds while the others wait on a lock folder, then find the bundle fresh.
 */
/**
 * Builds the bundles when a source is newer than the built CLI. It runs once, before any test file, as the node
 * project's global setup (test/cli/buildOnce.ts), so test files never race each other to build; their own
 * `beforeAll(ensureBuilt)` then finds the bundle fresh.
 */
export async function ensureBuilt(): Promise<void> {
  if (await isFresh()) return;
  await run('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  if (!(await stat(BUILT_CLI).catch(() => null)))
    throw new Error(`npx electron-vite build did not write ${BUILT_CLI}.`);
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end, as cron would: its exit code and what it printed. */
export async function runCommand(file: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(file, args, { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
