import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exitCodes.js';
import { ConnectionProfileSchema } from '../../electron/contract/connections.js';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { SettingsStore } from '../../electron/storage/settingsStore.js';
import { signedInClient, startSimulator } from '../helpers/commvault.js';
import { BUILD_TIMEOUT, ensureBuilt, ROOT, runCommand } from './builtCli.js';

const run = promisify(execFile);
const LAUNCHER = join(ROOT, 'build/linux/dr-job-stats');
const FIXTURES = join(import.meta.dirname, 'fixtures');
const HEADLESS = ['--ozone-platform=headless', '--disable-gpu', '--export', '--'];

let dir: string;
/** /usr/bin/dr-job-stats in a deb/rpm install: a link to the launcher, which finds the app two folders up. */
let onPath: string;
let argvFile: string;

/** The installed layout (electron-builder.yml: `extraResources` to bin/, `executableName`), in a folder with a space. */
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drjs-launcher-'));
  const opt = join(dir, 'opt/DR Job Stats');
  await mkdir(join(opt, 'resources/bin'), { recursive: true });
  await mkdir(join(dir, 'usr/bin'), { recursive: true });
  await copyFile(LAUNCHER, join(opt, 'resources/bin/dr-job-stats'));
  await copyFile(join(FIXTURES, 'fake-app'), join(opt, 'dr-job-stats'));
  await chmod(join(opt, 'resources/bin/dr-job-stats'), 0o755);
  await chmod(join(opt, 'dr-job-stats'), 0o755);
  onPath = join(dir, 'usr/bin/dr-job-stats');
  await symlink(join(opt, 'resources/bin/dr-job-stats'), onPath);
  argvFile = join(dir, 'argv');
  return () => rm(dir, { recursive: true, force: true });
});

/** What the (fake) app binary was started with. */
async function appArgv(): Promise<string[]> {
  return (await readFile(argvFile, 'utf8')).split('\0').slice(0, -1);
}

describe('the dr-job-stats launcher (build/linux/dr-job-stats)', () => {
  it('runs `dr-job-stats export …` in the app, headless, with every argument as given', async () => {
    const args = ['export', '--connection', 'Prod CommServe', '--report', 'phases', '--out', 'f.csv'];
    const odd = ['--search', 'SAP "prod" & $HOME `x` *', '--vm', '', '--type=test-boot', 'line\nbreak'];
    const result = await runCommand(onPath, [...args, ...odd], { DRJS_FAKE_ARGV: argvFile });
    expect(result.code).toBe(0);
    expect(await appArgv()).toEqual([...HEADLESS, ...args, ...odd]);
  });

  it("passes the export's exit code on, for cron", async () => {
    for (const code of [EXIT.usage, EXIT.auth, EXIT.server, EXIT.file, EXIT.failure]) {
      const result = await runCommand(onPath, ['export', '--report', 'phases'], {
        DRJS_FAKE_ARGV: argvFile,
        DRJS_FAKE_EXIT: String(code),
      });
      expect(result.code).toBe(code);
    }
  });

  it('sends --version and --help to the export command, and anything else to the desktop app', async () => {
    for (const first of ['--version', '--help', '-h', 'help']) {
      await runCommand(onPath, [first], { DRJS_FAKE_ARGV: argvFile });
      expect(await appArgv()).toEqual([...HEADLESS, first]);
    }
    await runCommand(onPath, [], { DRJS_FAKE_ARGV: argvFile });
    expect(await appArgv()).toEqual([]);
    await runCommand(onPath, ['--no-demo'], { DRJS_FAKE_ARGV: argvFile });
    expect(await appArgv()).toEqual(['--no-demo']);
  });

  it('says so when the app binary is not where it should be', async () => {
    const result = await runCommand(onPath, ['export'], { DRJS_APP_BINARY: join(dir, 'nowhere') });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(join(dir, 'nowhere'));
  });

  describe('through to the export (the app main process emulated in Node: fixtures/fakeAppMain.ts)', () => {
    let sim: CommvaultSimulator;
    beforeAll(ensureBuilt, BUILD_TIMEOUT);
    beforeAll(async () => {
      sim = await startSimulator({ groups: 2, vms: 2, jobs: 12 });
    });
    afterAll(() => sim.close());

    it('writes the report and ends with the export exit codes', async () => {
      await new SettingsStore(dir).update((s) => ({
        ...s,
        connections: [ConnectionProfileSchema.parse({ id: 'prod', name: 'Prod CommServe', webService: sim.url })],
      }));
      const env = { DRJS_FAKE_MAIN: join(FIXTURES, 'fakeAppMain.ts'), DRJS_TEST_NODE: process.execPath };
      const out = join(dir, 'phases.csv');
      const args = ['export', '--connection', 'Prod CommServe', '--report', 'phases', '--out', out, '--data-dir', dir];
      let token = '';
      await signedInClient(sim, { onTokenChange: (t) => t && (token = t) });
      const ok = await runCommand(onPath, args, { ...env, DRJS_TOKEN: token });
      expect(ok.stderr).toBe('');
      expect(ok.code).toBe(EXIT.ok);
      expect(ok.stdout).toMatch(
        /^Wrote \d+ phases rows to .*phases\.csv\. Scope: all DR groups · all time · \d+ of \d+ operations\.\n$/,
      );
      const rows = parse(await readFile(out), { bom: true, columns: true, delimiter: [',', ';'] }) as unknown[];
      expect(rows.length).toBeGreaterThan(0);

      const rejected = await runCommand(onPath, args, { ...env, DRJS_TOKEN: 'QSDK deadbeef' });
      expect(rejected.code).toBe(EXIT.auth);
      expect(rejected.stderr).toMatch(/rejected the token in DRJS_TOKEN/);
      expect((await runCommand(onPath, ['export', '--report', 'nope'], env)).code).toBe(EXIT.usage);
    });
  });
});

describe('the deb/rpm scripts (build/linux/*.tpl) that put the launcher on the PATH', () => {
  /** What electron-builder 26 fills in (FpmTarget.writeConfigFile): an unknown ${name} fails the build. */
  function render(template: string): string {
    const names: Record<string, string> = {
      executable: 'dr-job-stats',
      sanitizedProductName: 'DR Job Stats',
      productFilename: 'DR Job Stats',
    };
    return template.replace(/\${([a-zA-Z]+)}/g, (_match, name: string) => {
      if (!(name in names)) throw new Error(`Macro ${name} is not defined`);
      return names[name]!;
    });
  }

  /** Runs a rendered script with stand-ins for the commands that change the system, and returns what it asked. */
  async function runScript(name: string, args: string[]): Promise<string[]> {
    const stubs = join(dir, 'stubs');
    await mkdir(stubs, { recursive: true });
    const log = join(dir, 'calls.log');
    await writeFile(log, '');
    for (const command of ['update-alternatives', 'chmod', 'ln', 'rm', 'cp']) {
      await writeFile(join(stubs, command), `#!/bin/sh\necho "${command} $*" >> '${log}'\n`, { mode: 0o755 });
    }
    const script = join(dir, name);
    await writeFile(script, render(await readFile(join(ROOT, 'build/linux', `${name}.tpl`), 'utf8')));
    await run('/bin/bash', [script, ...args], { env: { PATH: stubs } });
    return (await readFile(log, 'utf8')).split('\n').filter(Boolean);
  }

  it('render with only the names electron-builder fills in, as valid bash', async () => {
    for (const name of ['after-install', 'after-remove']) {
      const script = join(dir, `${name}.sh`);
      await writeFile(script, render(await readFile(join(ROOT, 'build/linux', `${name}.tpl`), 'utf8')));
      await run('/bin/bash', ['-n', script]);
    }
  });

  it('install links /usr/bin/dr-job-stats to the launcher, replacing the app binary of older versions', async () => {
    const calls = await runScript('after-install', ['configure']);
    const launcher = '/opt/DR Job Stats/resources/bin/dr-job-stats';
    expect(calls).toContain(`chmod 0755 ${launcher}`);
    expect(calls).toContain('update-alternatives --remove dr-job-stats /opt/DR Job Stats/dr-job-stats');
    expect(calls).toContain(`update-alternatives --install /usr/bin/dr-job-stats dr-job-stats ${launcher} 100`);
    // The rest of electron-builder's own script is kept: the Chromium sandbox helper.
    expect(calls.some((c) => c.startsWith('chmod') && c.endsWith('/opt/DR Job Stats/chrome-sandbox'))).toBe(true);
  });

  it('removal unlinks it; an upgrade (deb "upgrade", rpm 1+) keeps it', async () => {
    const launcher = '/opt/DR Job Stats/resources/bin/dr-job-stats';
    for (const arg of ['remove', 'purge', '0'])
      expect(await runScript('after-remove', [arg])).toEqual([`update-alternatives --remove dr-job-stats ${launcher}`]);
    for (const arg of ['upgrade', '1', '2']) expect(await runScript('after-remove', [arg])).toEqual([]);
  });

  it('electron-builder.yml installs the launcher where the scripts link it', async () => {
    const config = await readFile(join(ROOT, 'electron-builder.yml'), 'utf8');
    expect(config).toMatch(/executableName: dr-job-stats\n/);
    expect(config).toMatch(/- from: build\/linux\/dr-job-stats\n\s+to: bin\/dr-job-stats\n/);
    expect(config.match(/afterInstall: build\/linux\/after-install\.tpl/g)).toHaveLength(2);
    expect(config.match(/afterRemove: build\/linux\/after-remove\.tpl/g)).toHaveLength(2);
  });
});
