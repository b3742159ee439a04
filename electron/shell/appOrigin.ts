import { staticType } from '../contract/staticFiles.js';
import { extname, join, normalize, sep } from 'node:path';

/**
 * The app's own scheme. A standard, secure scheme gives the renderer a real origin (`app://dr-job-stats`) that
 * only this app serves, instead of `file://`, where every local file shares one origin.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'dr-job-stats';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const;

/**
 * The file an `app://` request may read: inside the renderer folder, on this app's host, or nothing. Encoded
 * separators and `..` are resolved before the check, so no request can climb out of the folder.
 */
export function appFileFor(requestUrl: string, rendererDir: string): { file: string; type: string } | null {
  let url: URL;
  let path: string;
  try {
    url = new URL(requestUrl);
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  const root = normalize(rendererDir);
  const file = normalize(join(root, path === '/' ? 'index.html' : path));
  if (!file.startsWith(root + sep)) return null;
  return { file, type: staticType(extname(file)) };
}
