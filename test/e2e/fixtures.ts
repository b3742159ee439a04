import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test as base, type Page } from '@playwright/test';
import { probeCertificate } from '../../electron/commvault/nodeTransport.js';
import { DownloadSink } from '../../electron/sinks/downloadSink.js';
import { createCore, type Core } from '../../electron/bridge/core.js';
import { startDemoServer } from '../../electron/simulator/demoServer.js';
import { nodeFetchFor } from '../../electron/services/nodeFetch.js';
import { CommvaultSimulator } from '../../electron/simulator/server.js';
import { KeychainSecretStore, loadKeytar } from '../../electron/storage/secretStore.js';
import { startWebServer, type WebServer } from '../../electron/web/server.js';

export const STATIC_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url));
export const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots', import.meta.url));

interface Fixtures {
  simulator: CommvaultSimulator;
  /** The browser mode (same renderer, same contract) on a fresh data folder, without the demo server. */
  web: { app: Core; server: BrowserModeServer; dataDir: string };
}

/**
 * The browser mode's server as the tests open it: each read of `url` is a new one-time link, as pressing Enter in
 * `npm run web` gives one (a link opens the page once, and tests open it in more than one page).
 */
export interface BrowserModeServer {
  readonly url: string;
  /** The address without a link: opening it in a fresh tab must ask for one. */
  readonly address: string;
}

function withLinks(server: WebServer): BrowserModeServer {
  return {
    get url() {
      return server.newLink();
    },
    address: server.address,
  };
}

export const test = base.extend<Fixtures>({
  // Any uncaught error in the page fails the test: a broken render must not pass as a stale screen.
  page: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await use(page);
    if (errors.length) throw new Error(`Uncaught errors in the page:\n${errors.join('\n')}`);
  },
  simulator: async ({}, use) => {
    const simulator = await CommvaultSimulator.start({ seed: 11, groups: 4, vms: 5, jobs: 60, running: 2, speed: 0 });
    await use(simulator);
    await simulator.close();
  },
  web: async ({}, use) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'drjs-e2e-'));
    const browserMode = await startBrowserMode({ dataDir, demo: false });
    await use({ ...browserMode, dataDir });
    await browserMode.close();
    // The page may still be saving a preference as the server stops (its file appears as the folder is removed).
    await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
  },
});

/** The browser mode as `npm run web` starts it, on a given data folder, with or without the demo CommServe. */
export async function startBrowserMode(options: { dataDir: string; demo: boolean; locale?: string }) {
  const downloads = new DownloadSink();
  const app = await createCore({
    mode: 'browser',
    version: 'e2e',
    dataDir: options.dataDir,
    platform: process.platform,
    secretStore: new KeychainSecretStore(loadKeytar, { service: `DR Job Stats e2e ${process.pid}` }),
    createFetch: nodeFetchFor,
    probeCertificate,
    ...(options.demo ? { demo: startDemoServer } : {}),
    sink: downloads,
    locale: options.locale ?? 'en-US',
    // Tests need not wait 15 s to see a running job refresh.
    autoRefreshSeconds: 1,
  });
  const server = await startWebServer({ app, downloads, staticDir: STATIC_DIR });
  return {
    app,
    server: withLinks(server),
    close: async () => {
      await server.close();
      await app.close();
    },
  };
}

export { expect } from '@playwright/test';

/** Adds a connection to the simulator through the Connections screen and signs in. */
export async function addConnectionAndSignIn(
  page: Page,
  simulator: CommvaultSimulator,
  password = 'demo',
): Promise<void> {
  await page.getByRole('button', { name: 'Add connection' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Simulated CommServe');
  await page.getByLabel('Web service address').fill(simulator.url);
  await page.getByLabel('RTO target (minutes)').fill('60');
  await page.getByRole('button', { name: 'Save connection' }).click();
  await page.getByRole('button', { name: 'Sign in…' }).click();
  await page.getByLabel('User name').fill('demo');
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/**
 * The usual start of a test: the app open, signed in to the simulator, its jobs shown, and auto-refresh off so the
 * data holds still while the test looks at it.
 */
export async function openSignedIn(
  page: Page,
  web: { server: BrowserModeServer },
  simulator: CommvaultSimulator,
): Promise<void> {
  await page.goto(web.server.url);
  await addConnectionAndSignIn(page, simulator);
  await expect(page.getByTestId('summary')).toBeVisible();
  await page.getByLabel('Auto-refresh while running').uncheck();
}
