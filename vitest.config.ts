import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

/** Test files that mock the 'electron' module (vi.mock), which must not leak into files that share a module cache. */
const FAKE_ELECTRON = ['test/main/**/*.test.ts', 'test/cli/appExport.test.ts'];

export default defineConfig({
  test: {
    // Only a bound for a hang, never a speed goal (those are benchmarks): files that start child processes, a D-Bus
    // session or a keyring need room on a loaded two-core CI machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time even on a 2-core machine (vitest's default leaves one core idle): most files wait on
    // sockets, child processes or the keychain, not the CPU. Measured: 106 s with one worker, 72 s with two.
    maxWorkers: 2,
    // With --coverage (npm run test:coverage, which `npm test` runs: measured, it adds under a tenth to the run).
    coverage: {
      provider: 'v8',
      include: ['electron/**', 'renderer/src/**'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'coverage',
      // The page's floor (issue 18): every screen has component tests. A run of some files only falls below it.
      thresholds: { 'renderer/src/**': { lines: 70 } },
    },
    projects: [
      {
        extends: true,
        // The server renderer (electron/render) compiles the report's Svelte component for the server, styles in.
        plugins: [svelte({ configFile: false, compilerOptions: { css: 'injected' } })],
        resolve: { alias: { $contract: fileURLToPath(new URL('./electron/contract', import.meta.url)) } },
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/renderer/**', ...FAKE_ELECTRON],
          environment: 'node',
          // The CLI tests run the built bundle: it is built (or found fresh) once, before any file.
          globalSetup: ['test/cli/buildOnce.ts'],
          // Files share a worker's module cache instead of importing the same modules again for each file (the
          // imports were 28 s of the suite). Nothing here is module state a test changes: services, stores and
          // servers are made per test, time is injected, and files pass in any order (`--sequence.shuffle`).
          isolate: false,
        },
      },
      {
        extends: true,
        // These replace the 'electron' module with a fake, so each gets a module cache of its own.
        test: { name: 'fake-electron', include: FAKE_ELECTRON, environment: 'node' },
      },
      {
        extends: true,
        // Svelte components mount with the browser build of Svelte, in jsdom.
        plugins: [svelte({ configFile: false, compilerOptions: { dev: true } })],
        resolve: {
          conditions: ['browser'],
          alias: { $contract: fileURLToPath(new URL('./electron/contract', import.meta.url)) },
        },
        test: {
          name: 'renderer',
          include: ['test/renderer/**/*.test.ts'],
          environment: 'jsdom',
          setupFiles: ['test/renderer/setup.ts'],
          // One jsdom per worker, not one per file: building it and loading the DOM matchers cost seconds a file,
          // more than most of these files' tests. So a file that sets the app state or spies on a global puts it
          // back after itself; the files pass in any order (`--sequence.shuffle`). A group of their own, so vitest hands
          // a worker all of them at once instead of interleaving node files (each switch would build a new jsdom).
          isolate: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
