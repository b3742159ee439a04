import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell } from 'electron';
import { probeCertificate } from '../commvault/nodeTransport.js';
import { IPC_EVENT, IPC_INVOKE } from '../contract/ipc.js';
import { eventToWire, resultToWire } from '../contract/wire.js';
import { CONTENT_SECURITY_POLICY } from '../contract/security.js';
import { toAppError } from '../services/errors.js';
import { createCore, type Core } from '../bridge/core.js';
import { startDemoServer } from '../simulator/demoServer.js';
import { KeychainSecretStore, loadKeytar } from '../storage/secretStore.js';
import { dialogSink } from './dialogSink.js';
import { electronFetchFor } from './electronFetch.js';
import { buildMenu } from './menu.js';
import { denyAllPermissions, hardenWebContents, isTrustedSender, windowOptions } from './security.js';
import { registerAppScheme, serveAppProtocol } from './appProtocol.js';
import { loadWindowState, trackWindowState } from './windowState.js';
import { isAllowedExternal } from '../shell/urlPolicy.js';
import { rendererUrlFor } from '../shell/rendererUrl.js';
import { exportArgsFrom } from '../shell/exportArgs.js';

const rendererUrl = rendererUrlFor(app.isPackaged, process.env);
const RENDERER_DIR = join(import.meta.dirname, '../renderer');

let mainWindow: BrowserWindow | null = null;

async function openExternal(url: string): Promise<void> {
  if (!isAllowedExternal(url)) return;
  const { response } = await dialog.showMessageBox({
    type: 'question',
    buttons: ['Open in browser', 'Cancel'],
    defaultId: 0,
    cancelId: 1,
    message: `Open ${new URL(url).hostname} in your browser?`,
    detail: url,
  });
  if (response === 0) await shell.openExternal(url);
}

async function createWindow(dataDir: string): Promise<BrowserWindow> {
  const state = await loadWindowState(dataDir);
  const window = new BrowserWindow({
    ...windowOptions(join(import.meta.dirname, '../preload/index.cjs')),
    ...(state ?? {}),
  });
  if (state?.maximized) window.maximize();
  hardenWebContents(window.webContents, { rendererUrl, openExternal: (url) => void openExternal(url) });
  trackWindowState(window, dataDir);
  window.once('ready-to-show', () => window.show());
  await window.loadURL(rendererUrl);
  return window;
}

function bridge(core: Core): void {
  ipcMain.handle(IPC_INVOKE, async (event, channel: unknown, payload: unknown) => {
    if (!isTrustedSender(event, mainWindow?.webContents ?? null, rendererUrl)) {
      return {
        ok: false,
        error: { kind: 'internal', message: 'Refused: the request did not come from the app window.', details: {} },
      };
    }
    const name = typeof channel === 'string' ? channel : '';
    return resultToWire(name, await core.dispatch(name, payload));
  });
  core.events.subscribe((name, payload) => {
    if (mainWindow && !mainWindow.isDestroyed())
      mainWindow.webContents.send(IPC_EVENT, name, eventToWire(name, payload));
  });
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  // No window of this app may embed or open anything else.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  await app.whenReady();
  serveAppProtocol(RENDERER_DIR);

  denyAllPermissions(session.defaultSession);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });

  const dataDir = app.getPath('userData');
  const core = await createCore({
    mode: 'electron',
    version: app.getVersion(),
    dataDir,
    platform: process.platform,
    secretStore: new KeychainSecretStore(loadKeytar),
    createFetch: electronFetchFor,
    probeCertificate,
    // `--no-demo`: start without the built-in demo CommServe (e.g. to review saved runs only).
    ...(process.argv.includes('--no-demo') ? {} : { demo: startDemoServer }),
    sink: dialogSink(() => mainWindow),
    locale: app.getSystemLocale() || app.getLocale(),
    printHtmlToPdf,
    printToPdf: async (options) => {
      if (!mainWindow) throw new Error('No window to print.');
      // The evidence report: portrait on the chosen paper, margins and page numbers from its own @page rules.
      if (options) return mainWindow.webContents.printToPDF({ printBackground: true, pageSize: options.pageSize });
      return mainWindow.webContents.printToPDF({ printBackground: true, pageSize: 'A4', landscape: true });
    },
  }).catch((error: unknown) => {
    // A data folder that cannot be written (read-only, full, blocked): say which and why, then quit cleanly.
    dialog.showErrorBox('DR Job Stats cannot start', toAppError(error).message);
    app.quit();
    return undefined;
  });
  if (!core) return;
  bridge(core);
  Menu.setApplicationMenu(
    buildMenu({
      send: (command) => core.events.emit('app:command', { command }),
      openExternal: (url) => void openExternal(url),
    }),
  );
  mainWindow = await createWindow(dataDir);
  mainWindow.on('closed', () => (mainWindow = null));

  app.on('window-all-closed', () => {
    void core.close().finally(() => app.quit());
  });
}

/**
 * The evidence report file printed to PDF by Chromium, as the report screen prints: the HTML (self-contained, no
 * script) loaded into a hidden, sandboxed window with JavaScript off, then printToPDF on its paper.
 */
async function printHtmlToPdf(html: string, options: { pageSize: 'A4' | 'Letter' }): Promise<Buffer> {
  await app.whenReady();
  const window = new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
  });
  try {
    window.webContents.on('will-navigate', (event) => event.preventDefault());
    await window.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html).toString('base64')}`);
    return await window.webContents.printToPDF({ printBackground: true, pageSize: options.pageSize });
  } finally {
    window.destroy();
  }
}

/**
 * Resolves once everything written so far has been handed to the OS (pipes may be asynchronous), or after a second
 * at most: a Windows app started without a console may have nowhere to write to.
 */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 1000);
    stream.write('', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * `"DR Job Stats" --export export …`: the headless export, for Task Scheduler, cron and launchd. It runs before
 * anything else: no window, no menu, no single-instance lock (a running app is left alone), no Dock icon, and it
 * exits with the export's own exit code.
 */
async function headlessExport(args: string[]): Promise<void> {
  app.dock?.hide();
  let code: number;
  try {
    const { runCli } = await import('../cli/run.js');
    code = await runCli(args, { version: app.getVersion(), core: { printHtmlToPdf } });
  } catch (error) {
    process.stderr.write(`dr-job-stats: error: ${error instanceof Error ? error.message : String(error)}\n`);
    code = 1;
  }
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  app.exit(code);
}

const exportArgs = exportArgsFrom(process.argv, app.isPackaged);
if (exportArgs) {
  void headlessExport(exportArgs);
} else {
  // Must happen before the app is ready: the app's own origin, `app://dr-job-stats`.
  registerAppScheme();
  void main();
}
