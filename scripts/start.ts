// `npm start`: the desktop app when the Electron runtime is available; otherwise it says why and starts the
// browser mode (the same app, served on 127.0.0.1), so the command always shows the app. It builds only when a source
// changed, quietly, and tries the runtime's one-time download once per machine (startPlan.ts).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIsFresh, downloadMarker, rememberedFailure, rememberFailure, whereToGetElectron } from './startPlan.js';

const require = createRequire(import.meta.url);
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const retryDownload = process.argv.includes('--retry-electron-download');
/** `npm run web`: the browser mode, whether or not Electron is there. */
const browserOnly = process.argv.includes('--browser');
const OWN_FLAGS = new Set(['--retry-electron-download', '--browser']);
const extra = process.argv.slice(2).filter((arg) => !OWN_FLAGS.has(arg));

function run(command: string, args: string[]): void {
  const child = spawn(command, args, { stdio: 'inherit', cwd: root, shell: process.platform === 'win32' });
  child.on('exit', (code) => process.exit(code ?? 0));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
}

/** The Electron binary's path if it is installed; else why not, having tried its download at most once. */
function electronBinary(): { path: string } | { why: string } {
  const packageDir = dirname(require.resolve('electron/package.json'));
  const version = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
  const pathFile = join(packageDir, 'path.txt');
  const binary = () => join(packageDir, 'dist', readFileSync(pathFile, 'utf8'));
  const installed = () => existsSync(pathFile) && existsSync(binary());
  if (installed()) return { path: binary() };
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD)
    return { why: 'ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it was not downloaded' };
  const marker = downloadMarker(version);
  if (retryDownload) rmSync(marker, { force: true });
  const failed = rememberedFailure(marker);
  if (failed) return { why: whereToGetElectron(version, failed) };
  console.log('The Electron runtime is not installed yet; trying its one-time download…');
  const result = spawnSync(process.execPath, [join(packageDir, 'install.js')], { stdio: 'pipe', timeout: 120_000 });
  if (installed()) return { path: binary() };
  const output = (result.stderr?.toString() ?? '') + (result.error?.message ?? '');
  const reason =
    output
      .split('\n')
      .find((line) => /error/i.test(line) && !/^\s+at /.test(line))
      ?.trim() ?? 'no details';
  rememberFailure(marker, reason);
  return { why: whereToGetElectron(version, rememberedFailure(marker)!) };
}

if (!buildIsFresh(root)) {
  console.log('Building the app…');
  // Warnings and errors only: a successful build prints nothing (its file list and timings are for `npm run build`).
  const build = spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'error'], {
    stdio: 'inherit',
    cwd: root,
    shell: process.platform === 'win32',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const electron = browserOnly ? undefined : electronBinary();
if (!electron) {
  run(process.execPath, ['out/main/web.js', ...extra]);
} else if ('path' in electron) {
  run(electron.path, ['.', ...extra]);
} else {
  console.log(
    [
      '',
      `The desktop window cannot open. ${electron.why}`,
      '',
      'Starting the browser mode instead: the same app and the same demo CommServe, served on 127.0.0.1.',
      '',
    ].join('\n'),
  );
  run(process.execPath, ['out/main/web.js', ...extra]);
}
