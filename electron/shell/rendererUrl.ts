import { APP_INDEX_URL } from './appOrigin.js';

/**
 * Where the window loads the app from: its own `app://` scheme. `ELECTRON_RENDERER_URL` is electron-vite's dev
 * server and counts only in an unpackaged app: a packaged one loads its own files, so nothing in the environment
 * can point it at a foreign page that would then be answered over IPC.
 */
export function rendererUrlFor(isPackaged: boolean, env: NodeJS.ProcessEnv): string {
  const dev = env.ELECTRON_RENDERER_URL;
  if (!isPackaged && dev) return dev;
  return APP_INDEX_URL;
}
