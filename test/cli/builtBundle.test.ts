import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exitCodes.js';
import { ConnectionProfileSchema } from '../../electron/contract/connections.js';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { SettingsStore } from '../../electron/storage/settingsStore.js';
import { signedInClient, startSimulator } from '../helpers/commvault.js';
import { BIN, BUILD_TIMEOUT, BUILT_CLI, ensureBuilt, ROOT, runCommand } from './builtCli.js';

const NO_KEYTAR = join(import.meta.dirname, 'fixtures/no-keytar.mjs');
const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
  optionalDependencies?: Record<string, string>;
};

let sim: CommvaultSimulator;
let dir: string;

beforeAll(ensureBuilt, BUILD_TIMEOUT);
beforeAll(async () => {
  sim = await startSimulator({ groups: 2, vms: 2, jobs: 10 });
});
afterAll(() => sim.close());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drjs-built-cli-'));
  await new SettingsStore(dir).update((s) => ({
    ...s,
    connections: [
      ConnectionProfileSchema.parse({ id: 'prod', name: 'Prod CommServe', webService: sim.url, staySignedIn: true }),
    ],
  }));
  return () => rm(dir, { recursive: true, force: true });
});

async function token(): Promise<string> {
  let issued = '';
  await signedInClient(sim, { onTokenChange: (t) => t && (issued = t) });
  return issued;
}

describe('the built CLI (out/main/cli.js) in plain Node', () => {
  it('answers --version and --help', async () => {
    expect(await runCommand(process.execPath, [BUILT_CLI, '--version'])).toEqual({
      code: EXIT.ok,
      stdout: `${pkg.version}\n`,
      stderr: '',
    });
    const help = await runCommand(process.execPath, [BUILT_CLI, 'export', '--help']);
    expect(help.code).toBe(EXIT.ok);
    expect(help.stdout).toMatch(
      /^Usage: dr-job-stats export --report operations\|vm-runs\|phases\|findings\|critical-path\|forecast\|groups --out FILE\.csv/,
    );
    const unknown = await runCommand(process.execPath, [BUILT_CLI, 'exprot']);
    expect(unknown.code).toBe(EXIT.usage);
    expect(unknown.stderr).toMatch(/^dr-job-stats: unknown command "exprot"/);
  });

  it('needs nothing at run time but Node and the production dependencies (no tsx, no TypeScript)', async () => {
    const allowed = new Set([
      ...builtinModules,
      ...Object.keys(pkg.dependencies),
      ...Object.keys(pkg.optionalDependencies ?? {}),
    ]);
    // The CLI and the chunks it shares with the app's main process (beside the entries), and the JobStats worker.
    const files = (await readdir(join(ROOT, 'out/main')))
      .filter((f) => /\.m?js$/.test(f) && f !== 'index.js')
      .map((f) => join(ROOT, 'out/main', f));
    const imported = new Set<string>();
    for (const file of files) {
      const code = await readFile(file, 'utf8');
      const specs = [
        ...code.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*"([^"]+)"/gm),
        ...code.matchAll(/^import\s*"([^"]+)"/gm),
        ...code.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g),
      ].map((match) => match[1]!);
      for (const spec of specs) if (!spec.startsWith('.')) imported.add(spec.replace(/^node:/, ''));
    }
    const packages = [...imported].map((spec) =>
      spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!,
    );
    // The chunks shared with the app's main process must not reach Electron either.
    expect(packages.filter((name) => !allowed.has(name))).toEqual([]);
    expect(packages).toContain('zod');
    // keytar is optional: required on first use, never imported up front.
    expect(packages).not.toContain('keytar');
    expect(await readFile(BIN, 'utf8')).not.toMatch(/tsx/);
  });

  it('exports with the token from DRJS_TOKEN where the optional keytar is not installed', async () => {
    // The stand-in really hides keytar.
    const hidden = await runCommand(process.execPath, [
      '--import',
      NO_KEYTAR,
      '--input-type=commonjs',
      '-e',
      "require('keytar')",
    ]);
    expect(hidden.stderr).toMatch(/Cannot find module 'keytar'/);

    const out = join(dir, 'operations.csv');
    const args = ['export', '--connection', 'Prod CommServe', '--report', 'operations', '--out', out];
    const ok = await runCommand(process.execPath, ['--import', NO_KEYTAR, BUILT_CLI, ...args, '--data-dir', dir], {
      DRJS_TOKEN: await token(),
    });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(EXIT.ok);
    const rows = parse(await readFile(out), { bom: true, columns: true, delimiter: [',', ';'] }) as unknown[];
    expect(rows).toHaveLength(10);

    // No keychain and no token: says what to do, exit 3 (not a crash).
    const none = await runCommand(process.execPath, ['--import', NO_KEYTAR, BUILT_CLI, ...args, '--data-dir', dir], {
      DRJS_TOKEN: '',
      DRJS_NO_KEYTAR_LOG: join(dir, 'refused.log'),
    });
    expect(none.code).toBe(EXIT.auth);
    expect(none.stderr).toMatch(/cannot sign in to "Prod CommServe": no token is kept/);
    expect(await readFile(join(dir, 'refused.log'), 'utf8')).toMatch(/^keytar refused\n/);
  });
});

describe('bin/dr-job-stats.mjs', () => {
  it('in a checkout that was not built, says to run npm run build (exit 2)', async () => {
    await mkdir(join(dir, 'checkout/bin'), { recursive: true });
    await copyFile(BIN, join(dir, 'checkout/bin/dr-job-stats.mjs'));
    const result = await runCommand(process.execPath, [join(dir, 'checkout/bin/dr-job-stats.mjs'), 'export']);
    expect(result.code).toBe(EXIT.usage);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^dr-job-stats: the command is not built yet \(.*out\/main\/cli\.js is missing\)\. Run "npm run build" in .*checkout.* first\.\n$/,
    );
  });
});
