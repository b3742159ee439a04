import type { BrowserWindowConstructorOptions, IpcMainInvokeEvent, Session, WebContents } from 'electron';
import { isAllowedExternal, isAppUrl } from '../shell/urlPolicy.js';

/** Hardened window options: isolated, sandboxed, no Node in the page, nothing remote. */
export function windowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1320,
    height: 860,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'DR Job Stats',
    backgroundColor: '#0f1216',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  };
}

export interface HardenOptions {
  rendererUrl: string;
  /** Asks the user, then opens an allow-listed https link in the OS browser. */
  openExternal: (url: string) => void;
}

/**
 * The page can neither navigate away nor open windows; allow-listed https links go to the OS browser after a
 * question, anything else is dropped.
 */
export function hardenWebContents(contents: WebContents, options: HardenOptions): void {
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url, options.rendererUrl)) return;
    event.preventDefault();
    if (isAllowedExternal(url)) options.openExternal(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, options.rendererUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url)) options.openExternal(url);
    return { action: 'deny' };
  });
}

/** Every permission (camera, notifications, geolocation, …) is refused, asked or checked. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/** An IPC call counts only from our window's main frame showing our page; anything else is refused. */
export function isTrustedSender(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  expected: WebContents | null,
  rendererUrl: string,
): boolean {
  const frame = event.senderFrame;
  if (!expected || event.sender !== expected || !frame) return false;
  if (frame !== expected.mainFrame) return false;
  return isAppUrl(frame.url, rendererUrl);
}
