import { describe, expect, it, vi } from 'vitest';
import type { Session, WebContents } from 'electron';
import { denyAllPermissions, hardenWebContents, isTrustedSender, windowOptions } from '../../electron/main/security.js';

const RENDERER = 'file:///opt/DR%20Job%20Stats/resources/app.asar/out/renderer/index.html';

/** A stand-in for WebContents that records the handlers the shell installs. */
function fakeContents() {
  const handlers = new Map<string, (...args: unknown[]) => void>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    mainFrame: { url: RENDERER },
    on: (event: string, handler: (...args: unknown[]) => void) => handlers.set(event, handler),
    setWindowOpenHandler: (handler: typeof openHandler) => (openHandler = handler),
  };
  const fire = (event: string, url: string) => {
    const preventDefault = vi.fn();
    handlers.get(event)!({ preventDefault }, url);
    return preventDefault;
  };
  return { contents: contents as unknown as WebContents, fire, open: (url: string) => openHandler!({ url }) };
}

describe('window options', () => {
  it('isolate, sandbox and keep Node out of every kind of frame', () => {
    const prefs = windowOptions('/app/preload/index.cjs').webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/app/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

describe('navigation and new windows', () => {
  it('stays on the app page, refusing every other navigation and redirect', () => {
    const openExternal = vi.fn();
    const { contents, fire } = fakeContents();
    hardenWebContents(contents, { rendererUrl: RENDERER, openExternal });
    expect(fire('will-navigate', RENDERER)).not.toHaveBeenCalled();
    expect(fire('will-navigate', 'https://evil.example.com/')).toHaveBeenCalled();
    expect(fire('will-navigate', 'file:///etc/passwd')).toHaveBeenCalled();
    expect(fire('will-redirect', 'https://evil.example.com/')).toHaveBeenCalled();
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('denies every new window, handing only allow-listed https links to the OS browser (which asks first)', () => {
    const openExternal = vi.fn();
    const { contents, open, fire } = fakeContents();
    hardenWebContents(contents, { rendererUrl: RENDERER, openExternal });
    expect(open('https://evil.example.com/')).toEqual({ action: 'deny' });
    expect(open('http://documentation.commvault.com/')).toEqual({ action: 'deny' });
    expect(openExternal).not.toHaveBeenCalled();
    expect(open('https://documentation.commvault.com/2024/essential/')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://documentation.commvault.com/2024/essential/');
    expect(fire('will-navigate', 'https://documentation.commvault.com/x')).toHaveBeenCalled();
    expect(openExternal).toHaveBeenCalledTimes(2);
  });
});

describe('permissions', () => {
  it('refuses every request and check', () => {
    const installed: Record<string, (...args: unknown[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (h: (...args: unknown[]) => unknown) => (installed.request = h),
      setPermissionCheckHandler: (h: (...args: unknown[]) => unknown) => (installed.check = h),
      setDevicePermissionHandler: (h: (...args: unknown[]) => unknown) => (installed.device = h),
    } as unknown as Session;
    denyAllPermissions(session);
    const callback = vi.fn();
    installed.request!({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(installed.check!({}, 'notifications')).toBe(false);
    expect(installed.device!({})).toBe(false);
  });
});

describe('IPC sender check', () => {
  const window = { mainFrame: { url: RENDERER } } as unknown as WebContents;

  it('accepts only the main frame of the app window showing the app page', () => {
    expect(isTrustedSender({ sender: window, senderFrame: window.mainFrame }, window, RENDERER)).toBe(true);
    const otherContents = { mainFrame: { url: RENDERER } } as unknown as WebContents;
    expect(isTrustedSender({ sender: otherContents, senderFrame: otherContents.mainFrame }, window, RENDERER)).toBe(
      false,
    );
    const subFrame = { url: RENDERER } as WebContents['mainFrame'];
    expect(isTrustedSender({ sender: window, senderFrame: subFrame }, window, RENDERER)).toBe(false);
    const navigated = { mainFrame: { url: 'https://evil.example.com/' } } as unknown as WebContents;
    expect(isTrustedSender({ sender: navigated, senderFrame: navigated.mainFrame }, navigated, RENDERER)).toBe(false);
    expect(isTrustedSender({ sender: window, senderFrame: null }, window, RENDERER)).toBe(false);
    expect(isTrustedSender({ sender: window, senderFrame: window.mainFrame }, null, RENDERER)).toBe(false);
  });
});
