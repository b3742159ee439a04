// `npm start`: the desktop app when the Electron runtime is available; otherwise it says why and starts the
// browser mode (the same app, served on 127.0.0.1), so the command always shows the app.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const root = dirname(dirname(new URL(import.meta.url).pathname));
const extra = process.argv.slice(2);

function run(command, args) {
  const child = spawn(command, args, { stdio: 'inherit', cwd: root, shell: process.platform === 'win32' });
  child.on('exit', (code) => process.exit(code ?? 0));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
}

/** The Electron binary's path if it is installed, trying its own download once if not. */
function electronBinary() {
  const packageDir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(packageDir, 'path.txt');
  const installed = () => existsSync(pathFile) && existsSync(join(packageDir, 'dist', readFileSync(pathFile, 'utf8')));
  if (installed()) return { path: join(packageDir, 'dist', readFileSync(pathFile, 'utf8')) };
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD)
    return { why: 'ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it was not downloaded' };
  console.log('The Electron runtime is not installed yet; trying to download it once…');
  const result = spawnSync(process.execPath, [join(packageDir, 'install.js')], { stdio: 'pipe', timeout: 120_000 });
  if (installed()) return { path: join(packageDir, 'dist', readFileSync(pathFile, 'utf8')) };
  const output = (result.stderr?.toString() ?? '') + (result.error?.message ?? '');
  const reason =
    output
      .split('\n')
      .find((line) => /error/i.test(line) && !/^\s+at /.test(line))
      ?.trim() ?? 'no details';
  return { why: `its one-time download from GitHub failed (${reason}); this machine may have no internet access` };
}

const build = spawnSync('npx', ['electron-vite', 'build'], {
  stdio: 'inherit',
  cwd: root,
  shell: process.platform === 'win32',
});
if (build.status !== 0) process.exit(build.status ?? 1);

const electron = electronBinary();
if (electron.path) {
  run(electron.path, ['.', ...extra]);
} else {
  console.log(
    [
      '',
      `The desktop window cannot open: the Electron runtime is not available on this machine — ${electron.why}.`,
      'Starting the browser mode instead: the same app and the same demo CommServe, served on 127.0.0.1.',
      '',
    ].join('\n'),
  );
  run(process.execPath, ['--import', 'tsx', 'electron/web/cli.ts', ...extra]);
}
