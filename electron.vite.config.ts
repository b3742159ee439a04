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
const JOBSTATS_WORKER = resolve(import.meta.dirname, 'electron/commvault/jobStatsWorker.ts');

/**
 * The worker thread that reads large JobStats answers, as one self-contained file beside the main bundle
 * (`out/main/jobStatsWorker.mjs`): its packages are bundled in and it shares no chunk, so a packaged app can unpack
 * just this file from the asar (electron-builder.yml) and any Node worker can load it from disk.
 */
function jobStatsWorker(): Plugin {
  return {
    name: 'drjs-jobstats-worker',
    apply: 'build',
    async generateBundle() {
      const { build } = await import('vite');
      const built = await build({
        configFile: false,
        logLevel: 'warn',
        ssr: { noExternal: true, target: 'node' },
        build: {
          ssr: JOBSTATS_WORKER,
          write: false,
          minify: false,
          target: 'node22',
          rollupOptions: { output: { format: 'es', entryFileNames: 'jobStatsWorker.mjs' } },
        },
      });
      const output = (Array.isArray(built) ? built : [built]).flatMap((result) =>
        'output' in result ? result.output : [],
      );
      const chunk = output.find((file) => file.type === 'chunk' && file.isEntry);
      if (!chunk || chunk.type !== 'chunk') throw new Error('The JobStats worker was not built.');
      this.emitFile({ type: 'asset', fileName: 'jobStatsWorker.mjs', source: chunk.code });
    },
  };
}

export default defineConfig({
  main: {
    plugins: [serverSvelte(), jobStatsWorker()],
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
        // Chunks beside the entries, not in a folder of their own: the code that starts the JobStats worker finds its
        // file beside itself (`./jobStatsWorker.mjs`), whichever file it lands in.
        output: { chunkFileNames: '[name]-[hash].js' },
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
