import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layers hold because lint refuses the imports that would cross them. Each case lints a one-line fixture as if
 * it were a file in that folder, with the project's own configuration.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function importProblems(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const used = value;\n`, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layers enforced by lint', () => {
  it.each([
    [
      'electron/services/x.ts',
      "import { app as value } from 'electron';",
      /only from electron\/main and electron\/preload/,
    ],
    ['electron/commvault/x.ts', "import { app as value } from 'electron';", /only from electron\/main/],
    [
      'renderer/src/lib/x.ts',
      "import { value } from '../../../electron/services/jobs.js';",
      /only through the contract/,
    ],
    ['renderer/src/lib/x.ts', "import { readFile as value } from 'node:fs';", /No Node in the renderer/],
    ['renderer/src/lib/x.ts', "import { value } from '../../../electron/contract/api.js';", /through its alias/],
    ['electron/commvault/x.ts', "import { value } from '../storage/runFile.js';", /depends only on the contract/],
    ['electron/commvault/x.ts', "import { value } from '../services/jobs.js';", /depends only on the contract/],
    ['electron/services/x.ts', "import { value } from '../bridge/dispatch.js';", /Services never import the bridge/],
    ['electron/reports/x.ts', "import { value } from '../bridge/core.js';", /depend only on the contract/],
    ['electron/storage/x.ts', "import { value } from '../bridge/core.js';", /depend only on the contract/],
    ['electron/storage/x.ts', "import { value } from '../services/jobs.js';", /depend only on the contract/],
    [
      'electron/storage/x.ts',
      "import { value } from '../commvault/normaliseJobStats.js';",
      /depend only on the contract/,
    ],
    ['electron/reports/x.ts', "import { app as value } from 'electron';", /only from electron\/main/],
    ['electron/sinks/x.ts', "import { value } from '../bridge/core.js';", /never import the bridge/],
    ['electron/cli/x.ts', "import { value } from '../commvault/client.js';", /builds the core .* calls its channels/],
    ['electron/cli/x.ts', "import { value } from '../storage/settingsStore.js';", /builds the core/],
    ['electron/cli/x.ts', "import { value } from '../services/jobs.js';", /builds the core/],
    ['electron/cli/x.ts', "import { value } from '../reports/csv.js';", /builds the core/],
    ['electron/render/x.ts', "import { value } from '../services/jobs.js';", /draws the report from its model/],
    [
      'electron/render/x.ts',
      "import { value } from '../../renderer/src/lib/state.svelte.js';",
      /draws the report from its model/,
    ],
  ])('%s: %s is refused, saying where to go', async (file, source, why) => {
    const problems = await importProblems(file, source);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(why);
  });

  it.each([
    ['electron/main/x.ts', "import { app as value } from 'electron';"],
    ['electron/preload/x.ts', "import { ipcRenderer as value } from 'electron';"],
    ['renderer/src/lib/x.ts', "import { value } from '$contract/api';"],
    ['electron/commvault/x.ts', "import { value } from '../contract/model.js';"],
    ['electron/commvault/x.ts', "import { value } from './loose.js';"],
    ['electron/bridge/x.ts', "import { value } from '../services/jobs.js';"],
    ['electron/storage/x.ts', "import { value } from '../contract/timers.js';"],
    ['electron/sinks/x.ts', "import { value } from '../storage/atomicFile.js';"],
    ['electron/cli/x.ts', "import { value } from '../bridge/nodeCore.js';"],
    ['electron/cli/x.ts', "import { value } from '../contract/api.js';"],
    ['electron/render/x.ts', "import value from '../../renderer/src/components/report/ReportDocument.svelte';"],
  ])('%s: %s is allowed', async (file, source) => {
    expect(await importProblems(file, source)).toEqual([]);
  });
});

async function clockProblems(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`export const value = ${source};\n`, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

describe('one wall clock', () => {
  it.each([
    ['electron/services/x.ts', 'Date.now()'],
    ['electron/storage/x.ts', 'new Date()'],
    ['electron/bridge/x.ts', 'Date.now() + 1'],
    ['renderer/src/lib/x.ts', 'Math.floor(Date.now() / 1000)'],
    ['renderer/src/lib/x.svelte.ts', 'new Date().toISOString()'],
  ])('%s: %s is refused, naming the injected clock', async (file, source) => {
    const problems = await clockProblems(file, source);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/injected clock/);
  });

  it.each([
    ['electron/contract/timers.ts', 'Date.now()'],
    ['electron/simulator/x.ts', 'Date.now()'],
    ['electron/services/x.ts', 'new Date(0)'],
    ['renderer/src/lib/x.ts', 'new Date(1_790_000_000_000).getUTCFullYear()'],
  ])('%s: %s is allowed', async (file, source) => {
    expect(await clockProblems(file, source)).toEqual([]);
  });
});
