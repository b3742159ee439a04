import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** The layers (docs/architecture.md): each rule says where the import belongs instead. */
const ELECTRON_ONLY_IN_SHELL = {
  name: 'electron',
  message:
    'Electron is reached only from electron/main and electron/preload; everything else runs in Node and in the browser mode too.',
};
/** For `files`: no Electron, and none of the imports `patterns` names (each message says where to go instead). */
const restrict = (files, patterns = [], ignores = []) => ({
  files,
  ignores,
  rules: { 'no-restricted-imports': ['error', { paths: [ELECTRON_ONLY_IN_SHELL], patterns }] },
});

const ONLY_CONTRACT = '^\\.\\./(?!contract/)';

const layers = [
  restrict(['electron/**/*.ts'], [], ['electron/main/**', 'electron/preload/**']),
  restrict(
    ['renderer/**/*.{ts,svelte}'],
    [
      {
        regex: '(^|/)electron/(?!contract/)',
        message: 'The renderer reaches main only through the contract (electron/contract) and the bridge it describes.',
      },
      {
        regex: '^(\\.\\./)+electron/contract/',
        message: "Import the contract through its alias: '$contract/…' (one spelling wherever the file sits).",
      },
      { regex: '^node:', message: 'No Node in the renderer: ask main through a contract channel.' },
    ],
  ),
  restrict(
    ['electron/commvault/**/*.ts'],
    [
      {
        regex: ONLY_CONTRACT,
        message:
          'The Commvault client depends only on the contract (electron/contract); give it what it needs as options instead.',
      },
    ],
  ),
  restrict(
    ['electron/services/**/*.ts', 'electron/sinks/**/*.ts'],
    [
      {
        regex: '^\\.\\./bridge/',
        message:
          'Services never import the bridge: errors are in contract/errors.ts and services/errors.ts, events in services/events.ts.',
      },
    ],
  ),
  restrict(
    ['electron/cli/**/*.ts'],
    [
      {
        regex: '^\\.\\./(commvault|storage|services|reports)/',
        message:
          "The headless export builds the core (bridge/nodeCore.ts) and calls its channels: no client, store, service or report of its own, so every answer is the app's.",
      },
    ],
  ),
  restrict(
    ['electron/render/**/*.ts'],
    [
      {
        regex: '^\\.\\./(?!contract/|\\.\\./renderer/src/(components/report/|app\\.css))',
        message:
          "The server renderer draws the report from its model (contract/report.ts) with the renderer's report components: nothing else.",
      },
    ],
  ),
  restrict(
    ['electron/storage/**/*.ts', 'electron/reports/**/*.ts'],
    [
      {
        regex: ONLY_CONTRACT,
        message:
          'Storage and reports depend only on the contract (electron/contract): move a shared rule or type there, or have the caller pass it in.',
      },
    ],
  ),
];

const CLOCK_MESSAGE =
  'Read the time from the injected clock (Timers.now in main, lib/clock.ts in the page), so tests set the moment instead of racing the real one.';
/** One wall clock: contract/timers.ts reads it; the simulator keeps its own (it plays the CommServe). */
const oneClock = {
  files: ['electron/**/*.ts', 'renderer/**/*.{ts,svelte}'],
  ignores: ['electron/contract/timers.ts', 'electron/simulator/**'],
  rules: {
    'no-restricted-syntax': [
      'error',
      { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: CLOCK_MESSAGE },
      { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: CLOCK_MESSAGE },
    ],
  },
};

export default tseslint.config(
  { ignores: ['.scratch/', 'out/', 'dist/', 'release/', 'node_modules/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,svelte}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Playwright's fixture API takes its dependencies as a destructured first argument, often none.
    files: ['test/e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  ...layers,
  oneClock,
);
