import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exitCodes.js';
import { exportCommand } from '../../electron/cli/exportCommand.js';
import type { RunContent } from '../../electron/contract/run.js';
import { RunFileError, sha256 } from '../../electron/storage/runFile.js';
import { RunLibrary } from '../../electron/storage/runLibrary.js';
import { testApp } from '../helpers/app.js';
import { HOSTILE_BODY, HOSTILE_OPERATIONS } from '../reports/hostileData.js';

/**
 * A saved or imported run is checked like the live road's answer: a value the normaliser would never produce (a
 * time `Date` cannot format, a negative duration, a fractional id, counts that do not add up) makes the run damaged,
 * refused with its reason, never shown or exported.
 */
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drjs-ranges-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const rawBody = JSON.stringify(HOSTILE_BODY);
const content: RunContent = {
  server: { connectionName: 'Prod', webService: 'https://cs.example.com/commandcenter/api' },
  query: { filter: {}, format: 'json', endpoint: 'DR/JobStats', path: 'DR/JobStats' },
  fetchedAt: 1_720_000_100,
  appVersion: '1.0.0',
  contentType: 'application/json',
  rawBody,
  rawBodySha256: sha256(rawBody),
  groupNames: { '38': 'Finance' },
  rtoTargetSeconds: 1800,
  rtoTargetsByGroup: {},
  operations: HOSTILE_OPERATIONS,
};

/* eslint-disable @typescript-eslint/no-explicit-any -- the cases damage a run file's JSON on purpose */
type Damage = (run: any) => void;
// HOSTILE_OPERATIONS, newest first: job 4250 (one VM, running), then job 4242 (two VMs, one phase failed).
const failedOp = (run: any) => run.operations[1];
const firstPhase = (run: any) => failedOp(run).vms[0].phases[0];

const DAMAGE: [string, Damage, RegExp][] = [
  ['a phase start of 1e13', (run) => (firstPhase(run).start = 1e13), /operations\.1\.vms\.0\.phases\.0\.start/],
  ['a phase end of 1e20', (run) => (firstPhase(run).end = 1e20), /operations\.1\.vms\.0\.phases\.0\.end/],
  ['a negative phase duration', (run) => (firstPhase(run).duration = -8), /phases\.0\.duration/],
  [
    'a phase that ends before it starts',
    (run) => Object.assign(firstPhase(run), { end: 1_699_999_000, duration: -1000 }),
    /phases\.0\.(end|duration)/,
  ],
  ['an operation duration of 1e20', (run) => (failedOp(run).duration = 1e20), /operations\.1\.duration/],
  ['a fractional job id', (run) => (failedOp(run).jobId = 4242.5), /operations\.1\.jobId/],
  ['a negative client id', (run) => (failedOp(run).vms[0].client.id = -3), /operations\.1\.vms\.0\.client\.id/],
  ['a fetch time Date cannot format', (run) => (run.fetchedAt = 1e20), /fetchedAt/],
  ['a saved time Date cannot format', (run) => (run.savedAt = -1e20), /savedAt/],
  [
    'a custom scope date Date cannot format',
    (run) => (run.scope = { ...run.scope, range: 'custom', from: 1e20 }),
    /scope\.from/,
  ],
  ['a VM failed-phase count that does not add up', (run) => (failedOp(run).vms[0].failedPhases = 0), /failedPhases/],
  ['an operation failed-phase count that does not add up', (run) => (failedOp(run).failedPhases = 5), /failedPhases/],
  ['a running-phase count that does not add up', (run) => (run.operations[0].runningPhases = 0), /runningPhases/],
  ['a failed operation marked succeeded', (run) => (failedOp(run).status = 'succeeded'), /operations\.1\.status/],
  ['an operation total below the operations it holds', (run) => (run.totalOperations = 1), /totalOperations/],
  ['an RTO target of 1e300 seconds', (run) => (run.rtoTargetSeconds = 1e300), /rtoTargetSeconds/],
];
/* eslint-enable @typescript-eslint/no-explicit-any */

/** A good run's file text with one value damaged (the SHA-256 covers the raw body, which stays as it was). */
async function damagedRunText(damage: Damage): Promise<string> {
  return JSON.stringify(damagedRun(damage, await goodRun()));
}

async function goodRun(): Promise<{ id: string; text: string }> {
  const library = new RunLibrary(join(dir, 'source'));
  const { id } = await library.save(content, 'Good');
  return { id, text: await library.fileText(id) };
}

function damagedRun(damage: Damage, good: { text: string }): unknown {
  const run = JSON.parse(good.text);
  damage(run);
  return run;
}

describe('a saved or imported run with a value the live road never produces', () => {
  it('a good run with the same data is accepted, so each case below fails on its one damaged value', async () => {
    const text = await damagedRunText(() => undefined);
    await expect(new RunLibrary(dir).import(text)).resolves.toMatchObject({ status: 'ok', operationCount: 2 });
  });

  it.each(DAMAGE)('%s: import refuses it, naming the value', async (_what, damage, where) => {
    const error = await new RunLibrary(dir).import(await damagedRunText(damage)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RunFileError);
    expect((error as Error).message).toMatch(/^The run file is damaged \(/);
    expect((error as Error).message).toMatch(where);
  });

  it.each(DAMAGE)('%s: the Runs library lists it as damaged with the reason and will not open it', async (...c) => {
    const [, damage, where] = c;
    const library = new RunLibrary(dir);
    const good = await library.save(content, 'Good');
    // Written into the folder under its own id, as a copy from another machine or an edit on disk would be.
    const bad = await goodRun();
    await writeFile(join(library.dir, `${bad.id}.drrun.json`), JSON.stringify(damagedRun(damage, bad)));
    const listed = await new RunLibrary(dir).list();
    expect(listed.find((r) => r.id === bad.id)).toMatchObject({
      status: 'damaged',
      problem: expect.stringMatching(where),
    });
    expect(listed.find((r) => r.id === good.id)).toMatchObject({ status: 'ok' });
    await expect(library.open(bad.id)).rejects.toBeInstanceOf(RunFileError);
  });

  it.each(DAMAGE)('%s: `export --from-run` exits 5 (a file failure) with one line', async (_what, damage, where) => {
    const file = join(dir, 'bad.drrun.json');
    await writeFile(file, await damagedRunText(damage));
    const err: string[] = [];
    const code = await exportCommand(
      ['--from-run', file, '--report', 'phases', '--out', join(dir, 'out.csv'), '--utc'],
      { env: {}, out: () => undefined, err: (line) => err.push(line) },
    );
    expect({ code, lines: err.length }).toEqual({ code: EXIT.file, lines: 1 });
    expect(err[0]).toMatch(where);
    await expect(readFile(join(dir, 'out.csv'))).rejects.toThrow(/ENOENT/);
  });

  it('a damaged run in the folder is a storage failure in the app (open and CSV export), never an internal one', async () => {
    const app = await testApp(dir, { checking: 'by-construction' });
    try {
      await mkdir(join(dir, 'runs'), { recursive: true });
      const bad = await goodRun();
      const damage: Damage = (run) => (firstPhase(run).end = 1e20);
      await writeFile(join(dir, 'runs', `${bad.id}.drrun.json`), JSON.stringify(damagedRun(damage, bad)));
      const listed = await app.dispatch('runs:list', {});
      expect(listed).toMatchObject({ ok: true, value: [{ id: bad.id, status: 'damaged' }] });
      for (const result of [
        await app.dispatch('runs:open', { runId: bad.id }),
        await app.dispatch('export:csv', {
          source: { kind: 'saved', runId: bad.id },
          report: 'phases',
          options: { delimiter: ',' },
        }),
      ]) {
        expect(result).toMatchObject({ ok: false, error: { kind: 'storage' } });
      }
      const imported = await app.dispatch('runs:import', {
        content: await damagedRunText((run) => (firstPhase(run).start = 1e13)),
      });
      expect(imported).toMatchObject({
        ok: false,
        error: { kind: 'storage', message: expect.stringMatching(/start/) },
      });
    } finally {
      await app.close();
    }
  });
});
