// What `npm start` must do before it opens the app: build only when a source is newer than the build, and try the
// Electron runtime's one-time download once per machine (a machine without internet access would otherwise wait
// for it at every start). The decisions are here, apart from scripts/start.ts which acts on them, so they are tested.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** What the build is made from: any of these newer than the built files means the build is stale. */
export const BUILD_SOURCES = [
  'electron',
  'renderer',
  'docs/evidence.md',
  'electron.vite.config.ts',
  'svelte.config.js',
  'package.json',
  'package-lock.json',
];
/** One file of each built target: the oldest of them is when the build last finished. */
export const BUILD_OUTPUTS = [
  'out/main/index.js',
  'out/main/cli.js',
  'out/main/web.js',
  'out/preload/index.cjs',
  'out/renderer/index.html',
];

function newestMtime(path: string): number {
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when every built target exists and is newer than every source. */
export function buildIsFresh(root: string): boolean {
  const outputs = BUILD_OUTPUTS.map((file) => statSync(join(root, file), { throwIfNoEntry: false })?.mtimeMs);
  if (outputs.some((mtime) => mtime === undefined)) return false;
  const built = Math.min(...(outputs as number[]));
  return BUILD_SOURCES.every((source) => newestMtime(join(root, source)) <= built);
}

/** Where this machine remembers a failed Electron download (per Electron version), outside any checkout. */
export function downloadMarker(version: string, env: NodeJS.ProcessEnv = process.env): string {
  const cache =
    process.platform === 'win32'
      ? (env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'))
      : (env.XDG_CACHE_HOME ?? join(homedir(), '.cache'));
  return join(cache, 'dr-job-stats', `electron-${version}-download-failed.json`);
}

export interface FailedDownload {
  at: string;
  reason: string;
}

/** The failed download this machine remembers for that Electron version, if any. */
export function rememberedFailure(marker: string): FailedDownload | undefined {
  try {
    return JSON.parse(readFileSync(marker, 'utf8')) as FailedDownload;
  } catch {
    return undefined;
  }
}

export function rememberFailure(marker: string, reason: string, now = new Date()): void {
  mkdirSync(dirname(marker), { recursive: true });
  writeFileSync(marker, JSON.stringify({ at: now.toISOString(), reason } satisfies FailedDownload));
}

/** Where to get the runtime by hand, said once per start after the one attempt failed. */
export function whereToGetElectron(version: string, failure: FailedDownload): string {
  return [
    `The Electron ${version} runtime is not installed: its one-time download failed on ${failure.at.slice(0, 10)} (${failure.reason}).`,
    'To get it: on a machine with internet access run `node node_modules/electron/install.js` in this folder, or set',
    'ELECTRON_MIRROR to a mirror you can reach (https://www.electronjs.org/docs/latest/tutorial/installation), then',
    '`npm start -- --retry-electron-download`.',
  ].join('\n');
}
