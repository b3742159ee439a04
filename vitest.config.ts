import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Two files at a time even on a 2-core machine (vitest's default leaves one core idle): most files wait on
    // sockets, child processes or the keychain, not the CPU. Measured: 106 s with one worker, 72 s with two.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/renderer/**'],
          environment: 'node',
          // The CLI tests run the built bundle: it is built (or found fresh) once, before any file.
          globalSetup: ['test/cli/buildOnce.ts'],
        },
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
