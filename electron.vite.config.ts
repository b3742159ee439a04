import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './electron/contract/security.js';

/** One CSP for every way the renderer is loaded: injected into index.html from the shared contract. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'drjs-csp',
    transformIndexHtml: (html) =>
      html.replace(
        '<!-- CSP -->',
        `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY.replace(/; frame-ancestors [^;]*/, '')}" />`,
      ),
  };
}

/** The report's document component, compiled for the server with its styles in the rendered head (electron/render). */
const serverSvelte = () =>
  svelte({ configFile: resolve(import.meta.dirname, 'svelte.config.js'), compilerOptions: { css: 'injected' } });
const contractAlias = { $contract: resolve(import.meta.dirname, 'electron/contract') };

export default defineConfig({
  main: {
    plugins: [serverSvelte()],
    resolve: { alias: contractAlias },
    build: {
      outDir: 'out/main',
      // The app's main process, and the headless export as its own entry (`node out/main/cli.js`, `bin/dr-job-stats.mjs`).
      // Code both use lands in shared chunks; packages stay external and come from node_modules (or the app's asar).
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'electron/main/index.ts'),
          cli: resolve(import.meta.dirname, 'electron/cli/main.ts'),
          // The browser mode, built like the others so it runs the same bundle (its evidence report file included).
          web: resolve(import.meta.dirname, 'electron/web/cli.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require packages: everything it uses is bundled, and it must be CommonJS.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    // The renderer's one way to main: the shared contract (ESLint refuses any other part of electron/).
    resolve: { alias: contractAlias },
    plugins: [svelte({ configFile: resolve(import.meta.dirname, 'svelte.config.js') }), contentSecurityPolicy()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      rollupOptions: { input: resolve(import.meta.dirname, 'renderer/index.html') },
    },
  },
});
