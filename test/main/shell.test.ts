import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * The Electron shell's start-up with Electron replaced by recording fakes: what window it makes, which handlers
 * it installs, and how its IPC bridge treats senders. (The real binary is not available here.)
 */
const recorded = vi.hoisted(() => ({
  windows: [] as { options: Record<string, unknown>; contents: Record<string, unknown> }[],
  ipc: new Map<string, (...args: unknown[]) => unknown>(),
  headersHandler: undefined as undefined | ((details: unknown, callback: (r: unknown) => void) => void),
  permissionRequest: undefined as undefined | ((...args: unknown[]) => void),
  permissionCheck: undefined as undefined | ((...args: unknown[]) => boolean),
  menuTemplate: undefined as unknown,
  singleInstance: 0,
  dataDir: '',
  privilegedSchemes: [] as unknown[],
  protocolHandlers: new Map<string, (request: { url: string }) => Promise<Response>>(),
}));

// A packaged app must load only its own files, whatever this says (it is for `electron-vite dev` only).
vi.hoisted(() => {
  process.env.ELECTRON_RENDERER_URL = 'http://evil.example/';
});

vi.mock('electron', () => {
  class FakeContents {
    handlers = new Map<string, unknown>();
    mainFrame = { url: '' };
    sent: unknown[] = [];
    on(event: string, handler: unknown) {
      this.handlers.set(event, handler);
    }
    setWindowOpenHandler(handler: unknown) {
      this.handlers.set('window-open', handler);
    }
    send(...args: unknown[]) {
      this.sent.push(args);
    }
  }
  class BrowserWindow {
    webContents = new FakeContents();
    constructor(options: Record<string, unknown>) {
      recorded.windows.push({ options, contents: this.webContents as unknown as Record<string, unknown> });
    }
    once() {}
    on() {}
    maximize() {}
    isDestroyed() {
      return false;
    }
    loadURL(url: string) {
      this.webContents.mainFrame.url = url;
      return Promise.resolve();
    }
  }
  const session = {
    setPermissionRequestHandler: (h: (...args: unknown[]) => void) => (recorded.permissionRequest = h),
    setPermissionCheckHandler: (h: (...args: unknown[]) => boolean) => (recorded.permissionCheck = h),
    setDevicePermissionHandler: () => undefined,
    webRequest: { onHeadersReceived: (h: typeof recorded.headersHandler) => (recorded.headersHandler = h) },
  };
  return {
    app: {
      isPackaged: true,
      requestSingleInstanceLock: () => {
        recorded.singleInstance++;
        return true;
      },
      on: () => undefined,
      whenReady: () => Promise.resolve(),
      getPath: () => recorded.dataDir,
      getVersion: () => '0.0.0-test',
      getSystemLocale: () => 'de-DE',
      getLocale: () => 'de',
      quit: () => undefined,
    },
    BrowserWindow,
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => recorded.privilegedSchemes.push(...schemes),
      handle: (scheme: string, handler: (request: { url: string }) => Promise<Response>) =>
        recorded.protocolHandlers.set(scheme, handler),
    },
    ipcMain: {
      handle: (channel: string, handler: (...args: unknown[]) => unknown) => recorded.ipc.set(channel, handler),
    },
    Menu: {
      buildFromTemplate: (template: unknown) => {
        recorded.menuTemplate = template;
        return {};
      },
      setApplicationMenu: () => undefined,
    },
    dialog: { showMessageBox: () => Promise.resolve({ response: 1 }) },
    shell: { openExternal: () => Promise.resolve() },
    screen: { getAllDisplays: () => [] },
    // Each connection's session fetches like Electron's net would; here Node's fetch stands in for it.
    session: {
      defaultSession: session,
      fromPartition: () => ({
        setCertificateVerifyProc: () => undefined,
        fetch: (url: string, init: RequestInit) => fetch(url, init),
      }),
    },
  };
});

const rendererUrl = 'app://dr-job-stats/index.html';

beforeAll(async () => {
  recorded.dataDir = await mkdtemp(join(tmpdir(), 'drjs-shell-'));
  await import('../../electron/main/index.js');
  await vi.waitFor(() => expect(recorded.windows).toHaveLength(1), { timeout: 10_000 });
});
afterAll(() => rm(recorded.dataDir, { recursive: true, force: true }));

describe('the Electron shell', () => {
  it('serves the renderer from its own privileged app:// origin, not file://', async () => {
    expect(recorded.privilegedSchemes).toContainEqual({
      scheme: 'app',
      privileges: expect.objectContaining({ standard: true, secure: true }),
    });
    const handler = recorded.protocolHandlers.get('app')!;
    expect(handler).toBeTypeOf('function');
    expect((await handler({ url: 'app://other-host/index.html' })).status).toBe(404);
    expect((await handler({ url: 'app://dr-job-stats/..%2f..%2fpackage.json' })).status).toBe(404);
  });

  it('asks for a single instance and opens one hardened window on the app page', () => {
    expect(recorded.singleInstance).toBe(1);
    const prefs = recorded.windows[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.cjs$/);
    const contents = recorded.windows[0]!.contents as { mainFrame: { url: string }; handlers: Map<string, unknown> };
    expect(contents.mainFrame.url).toBe(rendererUrl);
    expect([...contents.handlers.keys()]).toEqual(
      expect.arrayContaining(['will-navigate', 'will-redirect', 'window-open']),
    );
  });

  it('adds the CSP to every response and denies every permission', () => {
    let headers: Record<string, string[]> = {};
    recorded.headersHandler!(
      { responseHeaders: { 'X-Test': ['1'] } },
      (r) => (headers = (r as { responseHeaders: Record<string, string[]> }).responseHeaders),
    );
    expect(headers['Content-Security-Policy']![0]).toContain("script-src 'self'");
    expect(headers['X-Test']).toEqual(['1']);
    const callback = vi.fn();
    recorded.permissionRequest!({}, 'geolocation', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(recorded.permissionCheck!({}, 'clipboard-read')).toBe(false);
  });

  it('answers IPC from its window through the contract and refuses any other sender', async () => {
    const handler = recorded.ipc.get('drjs:invoke')!;
    const contents = recorded.windows[0]!.contents as { mainFrame: { url: string } };
    const ok = (await handler({ sender: contents, senderFrame: contents.mainFrame }, 'app:info', {})) as {
      ok: boolean;
      value: { mode: string };
    };
    expect(ok).toMatchObject({ ok: true, value: { mode: 'electron', version: '0.0.0-test' } });

    const stranger = { mainFrame: { url: rendererUrl } };
    const refused = (await handler({ sender: stranger, senderFrame: stranger.mainFrame }, 'app:info', {})) as {
      ok: boolean;
      error: { message: string };
    };
    expect(refused).toMatchObject({
      ok: false,
      error: { message: 'Refused: the request did not come from the app window.' },
    });

    const badRequest = (await handler({ sender: contents, senderFrame: contents.mainFrame }, 'jobs:fetch', {
      connectionId: 5,
    })) as { ok: boolean; error: { kind: string } };
    expect(badRequest).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    const unknown = (await handler({ sender: contents, senderFrame: contents.mainFrame }, 'fs:readFile', {})) as {
      ok: boolean;
      error: { kind: string };
    };
    expect(unknown).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
  });

  it('offers the demo CommServe on first start', async () => {
    const handler = recorded.ipc.get('drjs:invoke')!;
    const contents = recorded.windows[0]!.contents as { mainFrame: { url: string } };
    const list = (await handler({ sender: contents, senderFrame: contents.mainFrame }, 'connections:list', {})) as {
      value: { name: string; demo: boolean; session: { signedIn: boolean } }[];
    };
    expect(list.value).toEqual([
      expect.objectContaining({
        name: 'Demo CommServe',
        demo: true,
        session: expect.objectContaining({ signedIn: true }),
      }),
    ]);
  });

  it('installs a menu with keyboard shortcuts for the screens', () => {
    const flat = JSON.stringify(recorded.menuTemplate);
    for (const accelerator of ['CmdOrCtrl+1', 'CmdOrCtrl+2', 'CmdOrCtrl+3', 'F5', 'CmdOrCtrl+U'])
      expect(flat).toContain(accelerator);
  });
});
