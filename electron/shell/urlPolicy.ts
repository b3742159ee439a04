/** The renderer is only ever loaded from here: the built files, or the dev server electron-vite gives us. */
export function isAppUrl(url: string, rendererUrl: string): boolean {
  try {
    const target = new URL(url);
    const app = new URL(rendererUrl);
    if (app.protocol === 'file:') return target.protocol === 'file:' && target.pathname === app.pathname;
    // Compared part by part: a custom scheme such as app:// has no origin (it is "null" for every such URL).
    return target.protocol === app.protocol && target.host === app.host;
  } catch {
    return false;
  }
}

/** Links the app may offer to open in the OS browser (documentation), after asking the user. */
export const EXTERNAL_ALLOW_LIST = ['documentation.commvault.com', 'api.commvault.com'];

export function isAllowedExternal(url: string): boolean {
  try {
    const target = new URL(url);
    return target.protocol === 'https:' && EXTERNAL_ALLOW_LIST.includes(target.hostname);
  } catch {
    return false;
  }
}
