import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Where the window loads the app from. `ELECTRON_RENDERER_URL` is electron-vite's dev server and counts only in
 * an unpackaged app: a packaged one loads its own files, so nothing in the environment can point it at a foreign
 * page that would then be answered over IPC.
 */
export function rendererUrlFor(isPackaged: boolean, env: NodeJS.ProcessEnv, mainDir: string): string {
  const dev = env.ELECTRON_RENDERER_URL;
  if (!isPackaged && dev) return dev;
  return pathToFileURL(join(mainDir, '../renderer/index.html')).href;
}
