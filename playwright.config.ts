import { defineConfig } from '@playwright/test';

/**
 * Debian's Chromium (never a downloaded browser; DRJS_CHROMIUM points elsewhere), without the background
 * services that would try to reach the internet. Shared by the tests, the benchmark and the icon script.
 */
export const CHROMIUM_LAUNCH = {
  executablePath: process.env.DRJS_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1400, height: 860 },
    launchOptions: CHROMIUM_LAUNCH,
    trace: 'retain-on-failure',
  },
});
