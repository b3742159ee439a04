import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exitCodes.js';
import { ConnectionProfileSchema } from '../../electron/contract/connections.js';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { SettingsStore } from '../../electron/storage/settingsStore.js';
import { signedInClient, startSimulator } from '../helpers/commvault.js';
import { BUILD_TIMEOUT, BUILT_CLI, ensureBuilt, ROOT, runCommand } from './builtCli.js';

const WORKER = join(ROOT, 'out/main/jobStatsWorker.mjs');

let sim: CommvaultSimulator;
let dir: string;

beforeAll(ensureBuilt, BUILD_TIMEOUT);
beforeAll(async () => {
  // About 3 MB of XML: read in the worker thread (from 1 MB on).
  sim = await startSimulator({ seed: 3, groups: 6, vms: 10, jobs: 300, running: 0 });
  dir = await mkdtemp(join(tmpdir(), 'drjs-built-worker-'));
  await new SettingsStore(dir).update((s) => ({
    ...s,
    connections: [
      ConnectionProfileSchema.parse({ id: 'xml', name: 'XML CommServe', webService: sim.url, format: 'xml' }),
    ],
  }));
});
afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the built JobStats worker (out/main/jobStatsWorker.mjs)', () => {
  it('is one file that needs nothing but Node (so a packaged app can unpack just it)', async () => {
    const code = await readFile(WORKER, 'utf8');
    const imported = [...code.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*"([^"]+)"/gm)].map((m) => m[1]!);
    expect(imported.length).toBeGreaterThan(0);
    expect(imported.filter((spec) => !builtinModules.includes(spec.replace(/^node:/, '')))).toEqual([]);
    // No import of code at run time either (its comments mention some).
    expect(code).not.toMatch(/^[^*/\n]*\bimport\(\s*["'`]/m);
  });

  it('reads a large XML answer for the built CLI, which finds it beside itself', async () => {
    let token = '';
    await signedInClient(sim, { format: 'xml', onTokenChange: (t) => t && (token = t) });
    const out = join(dir, 'vm-runs.csv');
    const result = await runCommand(
      process.execPath,
      [BUILT_CLI, 'export', '--connection', 'XML CommServe', '--report', 'vm-runs', '--out', out, '--data-dir', dir],
      { DRJS_TOKEN: token },
    );
    // Nothing said: a worker that could not start would say it read the answer on the calling thread instead.
    expect(result).toMatchObject({ code: EXIT.ok, stderr: '' });
    const rows = parse(await readFile(out), { bom: true, columns: true, delimiter: [',', ';'] }) as unknown[];
    expect(rows).toHaveLength(sim.dataset.vmRunCount);
  });
});
