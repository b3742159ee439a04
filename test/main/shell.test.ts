import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/contract/security.js';
import { isAllowedExternal } from '../../electron/shell/urlPolicy.js';

/**
 * The Electron shell's start-up with Electron replaced by recording fakes: what window it makes, which handlers
 * it installs, and how its IPC bridge treats senders. (The real binary is not available here.)
 */
const recorded = vi.hoisted(() => ({
  windows: [] as { options: Record<string, unknown>; contents: Record<string, unknown> }[],
  /** Resolved when the shell opens its window: start-up is asynchronous (app ready, settings, the core). */
  windowOpened: deferred(),
  ipc: new Map<string, (...args: unknown[]) => unknown>(),
  headersHandler: undefined as undefined | ((details: unknown, callback: (r: unknown) => void) => void),
  permissionRequest: undefined as undefined | ((...args: unknown[]) => void),
  permissionCheck: undefined as undefined | ((...args: unknown[]) => boolean),
  menuTemplate: undefined as unknown,
  singleInstance: 0,
  dataDir: '',
  privilegedSchemes: [] as unknown[],
  protocolHandlers: new Map<string, (request: { url: string }) => Promise<Response>>(),
  appHandlers: new Map<string, (...args: unknown[]) => unknown>(),
  exposed: new Map<string, unknown>(),
  /** The button the user presses in the next message box (0: the first, "Open in browser"). */
  dialogAnswer: 1,
  questions: [] as { message: string; detail?: string }[],
  opened: [] as string[],
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
      recorded.windowOpened.resolve();
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
      on: (event: string, handler: (...args: unknown[]) => unknown) => recorded.appHandlers.set(event, handler),
      whenReady: () => Promise.resolve(),
      getPath: () => recorded.dataDir,
      getVersion: () => '0.0.0-test',
      getSystemLocale: () => 'de-DE',
      getLocale: () => 'de',
      quit: () => undefined,
    },
    BrowserWindow,
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => recorded.exposed.set(key, api) },
    ipcRenderer: { on: () => undefined, invoke: () => Promise.resolve() },
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
    dialog: {
      showMessageBox: (options: { message: string; detail?: string }) => {
        recorded.questions.push(options);
        return Promise.resolve({ response: recorded.dialogAnswer });
      },
    },
    shell: {
      openExternal: (url: string) => {
        recorded.opened.push(url);
        return Promise.resolve();
      },
    },
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
  await recorded.windowOpened.promise;
  expect(recorded.windows).toHaveLength(1);
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

  it('installs a menu whose shortcuts send the right commands to the window', () => {
    type Item = { accelerator?: string; click?: () => void; submenu?: Item[] };
    const items = (recorded.menuTemplate as Item[]).flatMap((item) => item.submenu ?? []);
    const contents = recorded.windows[0]!.contents as unknown as { sent: unknown[][] };
    const commandOf = (accelerator: string) => {
      items.find((item) => item.accelerator === accelerator)!.click!();
      return (contents.sent.at(-1)![2] as { command: string }).command;
    };
    expect(
      [
        'CmdOrCtrl+1',
        'CmdOrCtrl+2',
        'CmdOrCtrl+3',
        'CmdOrCtrl+4',
        'CmdOrCtrl+5',
        'CmdOrCtrl+6',
        'F5',
        'CmdOrCtrl+U',
      ].map(commandOf),
    ).toEqual([
      'show-overview',
      'show-jobs',
      'show-insights',
      'show-runs',
      'show-compare',
      'show-connections',
      'refresh',
      'toggle-utc',
    ]);
  });
});

/**
 * Electron's security checklist (electronjs.org/docs/latest/tutorial/security), item by item. Items about
 * <webview> and remote content hold because the app has neither; those tests prove that it has neither.
 */
type Handler = (...args: unknown[]) => unknown;

describe("Electron's security checklist", () => {
  const prefs = () => recorded.windows[0]!.options.webPreferences as Record<string, unknown>;
  const contents = () =>
    recorded.windows[0]!.contents as unknown as { mainFrame: { url: string }; handlers: Map<string, Handler> };

  it('1. loads only secure content: its own app:// page, and a CSP that allows nothing remote', () => {
    expect(contents().mainFrame.url.startsWith('app://')).toBe(true);
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*/);
  });

  it('2–4, 6, 8–10. no Node integration anywhere, context isolation, sandbox, web security, no insecure content, no experimental or Blink features', () => {
    expect(prefs()).toMatchObject({
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      contextIsolation: true,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
    expect(prefs().experimentalFeatures).toBeFalsy();
    expect(prefs().enableBlinkFeatures).toBeUndefined();
  });

  it('5. denies every permission request and check', () => {
    const callback = vi.fn();
    recorded.permissionRequest!({}, 'notifications', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(recorded.permissionCheck!({}, 'media')).toBe(false);
  });

  it('7. sets the CSP on every response, including every answer of its own protocol', async () => {
    let headers: Record<string, string[]> = {};
    recorded.headersHandler!({ responseHeaders: {} }, (r) => {
      headers = (r as { responseHeaders: Record<string, string[]> }).responseHeaders;
    });
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    // app:// answers, a page and a miss alike (the <meta> in the built page is checked in test/shell/builtPage.test.ts).
    const { serveAppProtocol } = await import('../../electron/main/appProtocol.js');
    const renderer = join(recorded.dataDir, 'renderer');
    await mkdir(renderer, { recursive: true });
    await writeFile(join(renderer, 'index.html'), '<!doctype html><title>x</title>');
    serveAppProtocol(renderer);
    const handler = recorded.protocolHandlers.get('app')!;
    for (const url of [
      'app://dr-job-stats/index.html',
      'app://dr-job-stats/missing.js',
      'app://elsewhere/index.html',
    ]) {
      const response = await handler({ url });
      expect(response.headers.get('Content-Security-Policy'), url).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('11–12. allows no <webview>: the tag is off and any attach is prevented', () => {
    expect(prefs().webviewTag).toBe(false);
    const created = recorded.appHandlers.get('web-contents-created')!;
    const handlers = new Map<string, Handler>();
    let openHandler: (() => unknown) | undefined;
    created(
      {},
      {
        on: (event: string, handler: Handler) => handlers.set(event, handler),
        setWindowOpenHandler: (handler: () => unknown) => (openHandler = handler),
      },
    );
    const event = { preventDefault: vi.fn() };
    handlers.get('will-attach-webview')!(event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(openHandler!()).toEqual({ action: 'deny' });
  });

  it('13–14. limits navigation to the app page and denies new windows', () => {
    const navigate = { preventDefault: vi.fn() };
    contents().handlers.get('will-navigate')!(navigate, 'https://evil.example/');
    expect(navigate.preventDefault).toHaveBeenCalled();
    expect(contents().handlers.get('window-open')!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('15. hands the OS browser only allow-listed https documentation links, and only after asking', async () => {
    expect(isAllowedExternal('https://documentation.commvault.com/x')).toBe(true);
    expect(isAllowedExternal('file:///etc/passwd')).toBe(false);
    expect(isAllowedExternal('https://evil.example/')).toBe(false);
    const open = (url: string) => contents().handlers.get('window-open')!({ url });
    const asked = () => new Promise((resolve) => setImmediate(resolve));
    recorded.questions.length = 0;
    recorded.opened.length = 0;

    // A link nobody allowed: not even a question.
    expect(open('https://evil.example/')).toEqual({ action: 'deny' });
    await asked();
    expect(recorded.questions).toEqual([]);

    // An allowed link the user declines: asked, naming it, and not opened.
    recorded.dialogAnswer = 1;
    expect(open('https://documentation.commvault.com/v11/x.html')).toEqual({ action: 'deny' });
    await asked();
    expect(recorded.questions).toEqual([
      expect.objectContaining({ detail: 'https://documentation.commvault.com/v11/x.html' }),
    ]);
    expect(recorded.opened).toEqual([]);

    // The same link, confirmed: opened in the OS browser, never in the app's window.
    recorded.dialogAnswer = 0;
    contents().handlers.get('will-navigate')!(
      { preventDefault: vi.fn() },
      'https://documentation.commvault.com/v11/x.html',
    );
    await asked();
    expect(recorded.opened).toEqual(['https://documentation.commvault.com/v11/x.html']);
  });

  it('16. uses a current Electron', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    expect(Number(pkg.devDependencies.electron!.split('.')[0])).toBeGreaterThanOrEqual(40);
  });

  it('17. validates the sender of every IPC message', async () => {
    const handler = recorded.ipc.get('drjs:invoke')!;
    const stranger = { mainFrame: { url: 'https://evil.example/' } };
    const answer = (await handler({ sender: stranger, senderFrame: stranger.mainFrame }, 'app:info', {})) as {
      ok: boolean;
    };
    expect(answer.ok).toBe(false);
  });

  it('18. serves its files from a custom protocol, not file://', () => {
    expect(recorded.privilegedSchemes).toContainEqual(expect.objectContaining({ scheme: 'app' }));
    expect(recorded.protocolHandlers.has('app')).toBe(true);
  });

  it('19. sets every fuse in packaging', async () => {
    const yml = await readFile(new URL('../../electron-builder.yml', import.meta.url), 'utf8');
    const block = /^electronFuses:\n((?: {2}\w+: \w+\n)+)/m.exec(yml)![1]!;
    const fuses = Object.fromEntries(
      block
        .trim()
        .split('\n')
        .map((line) => line.trim().split(': ') as [string, string]),
    );
    expect(fuses).toEqual({
      runAsNode: 'false',
      enableCookieEncryption: 'true',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
      loadBrowserProcessSpecificV8Snapshot: 'false',
      grantFileProtocolExtraPrivileges: 'false',
    });
  });

  it('20. exposes no Electron API to the page: the preload hands over invoke and on, nothing else', async () => {
    await import('../../electron/preload/index.js');
    const [api] = [...recorded.exposed.values()] as Record<string, unknown>[];
    expect([...recorded.exposed.keys()]).toHaveLength(1);
    expect(Object.keys(api!).sort()).toEqual(['invoke', 'on']);
  });
});

/** A promise and its resolver (a function declaration, so the hoisted mock above can call it). */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}
