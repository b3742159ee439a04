import { spawn } from 'node:child_process';
import { existsSync, watch } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunContent, RunSummary } from '../../electron/contract/run.js';
import { RunFileError, sha256 } from '../../electron/storage/runFile.js';
import { normaliseJobStats } from '../../electron/commvault/normaliseJobStats.js';
import { RunLibrary } from '../../electron/storage/runLibrary.js';
import { HOSTILE_BODY, HOSTILE_OPERATIONS } from '../reports/hostileData.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drjs-runs-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const rawBody = JSON.stringify(HOSTILE_BODY);
const content = (name = 'Prod'): RunContent => ({
  server: { connectionName: name, webService: 'https://cs.example.com/commandcenter/api' },
  query: { filter: { drGroupId: 38 }, format: 'json', endpoint: 'DR/JobStats', path: 'DR/JobStats?failoverGroupId=38' },
  fetchedAt: 1700005000,
  appVersion: '1.0.0',
  contentType: 'application/json',
  rawBody,
  rawBodySha256: sha256(rawBody),
  groupNames: { '38': 'Finance' },
  rtoTargetSeconds: 1800,
  rtoTargetsByGroup: {},
  operations: HOSTILE_OPERATIONS,
});

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('RunLibrary', () => {
  it('stamps a saved run with the injected clock, not the wall clock', async () => {
    const library = new RunLibrary(dir, () => 1_790_000_123_456);
    expect((await library.save(content(), 'At a set moment')).savedAt).toBe(1_790_000_123);
  });

  it('saves a run, lists its summary, and opens it again exactly', async () => {
    const library = new RunLibrary(dir);
    const summary = await library.save(content(), 'Monthly DR test', 'signed off by QA');
    expect(summary).toMatchObject({
      name: 'Monthly DR test',
      note: 'signed off by QA',
      connectionName: 'Prod',
      operationCount: 2,
      vmRunCount: 3,
      failedOperations: 1,
      runningOperations: 1,
      status: 'ok',
    });
    expect(await new RunLibrary(dir).list()).toEqual([summary]);
    const run = await new RunLibrary(dir).open(summary.id);
    expect(run.operations).toEqual(HOSTILE_OPERATIONS);
    expect(run.rawBody).toBe(rawBody);
    expect(run).toMatchObject({
      format: 'dr-job-stats-run',
      schemaVersion: 4,
      query: { path: 'DR/JobStats?failoverGroupId=38' },
    });
    expect(JSON.stringify(run)).not.toMatch(/QSDK|password|token/i);
  });

  it('renames, annotates and deletes', async () => {
    const library = new RunLibrary(dir);
    const { id } = await library.save(content(), 'First');
    expect(await library.update(id, { name: 'Renamed', note: 'note' })).toMatchObject({
      name: 'Renamed',
      note: 'note',
    });
    expect((await library.open(id)).name).toBe('Renamed');
    await library.delete(id);
    expect(await library.list()).toEqual([]);
    expect((await readdir(join(dir, 'runs'))).sort()).toEqual(['index.json']);
  });

  it('two quick edits of one run keep both; an edit of a damaged run says why and marks it damaged', async () => {
    const library = new RunLibrary(dir);
    const { id } = await library.save(content(), 'First');
    await Promise.all([library.update(id, { name: 'Renamed' }), library.update(id, { note: 'checked' })]);
    expect(await library.open(id)).toMatchObject({ name: 'Renamed', note: 'checked' });

    await writeFile(join(dir, 'runs', `${id}.drrun.json`), '{ half a run');
    await expect(library.update(id, { name: 'Again' })).rejects.toThrow(/not valid JSON/);
    expect((await library.list()).find((r) => r.id === id)).toMatchObject({ status: 'damaged' });
  });

  it('exports and imports a run file byte for byte, under a new id', async () => {
    const library = new RunLibrary(dir);
    const { id } = await library.save(content(), 'Original');
    const exported = await library.fileText(id);
    const other = new RunLibrary(await mkdtemp(join(tmpdir(), 'drjs-runs-other-')));
    const imported = await other.import(exported);
    expect(imported.id).not.toBe(id);
    const reexported = await other.fileText(imported.id);
    expect(reexported).toBe(exported.replace(id, imported.id));
    expect((await other.open(imported.id)).operations).toEqual(HOSTILE_OPERATIONS);
    await rm(other.dir, { recursive: true, force: true });
  });

  it('imports a run file an editor saved with a UTF-8 byte-order mark', async () => {
    const library = new RunLibrary(dir);
    const { id } = await library.save(content(), 'Shared');
    const imported = await library.import(`\uFEFF${await library.fileText(id)}`);
    expect(imported).toMatchObject({ name: 'Shared', status: 'ok' });
    expect((await library.open(imported.id)).operations).toEqual(HOSTILE_OPERATIONS);
  });

  it('refuses foreign, newer, and damaged files with a clear reason', async () => {
    const library = new RunLibrary(dir);
    expect((await rejection(library.import('{"hello": 1}'))).message).toBe('This is not a DR Job Stats run file.');
    expect((await rejection(library.import('not json at all'))).message).toMatch(/not valid JSON/);
    const { id } = await library.save(content(), 'Good');
    const text = await library.fileText(id);
    const newer = JSON.stringify({ ...JSON.parse(text), schemaVersion: 9 });
    expect((await rejection(library.import(newer))).message).toMatch(/newer DR Job Stats \(schema 9\)/);
    const tampered = text.replace('"rawBody":"{', '"rawBody":"{ ');
    const error = await rejection(library.import(tampered));
    expect(error).toBeInstanceOf(RunFileError);
    expect(error.message).toMatch(/does not match its SHA-256 checksum/);
  });

  it('lists a run file damaged on disk as damaged, and refuses to open it, without losing the others', async () => {
    const library = new RunLibrary(dir);
    const good = await library.save(content('A'), 'Good');
    const bad = await library.save(content('B'), 'Will be damaged');
    const file = join(dir, 'runs', `${bad.id}.drrun.json`);
    await writeFile(file, (await readFile(file, 'utf8')).slice(0, 500));
    const error = await rejection(library.open(bad.id));
    expect(error.message).toMatch(/not valid JSON/);
    const listed = await new RunLibrary(dir).list();
    expect(listed.find((r) => r.id === bad.id)).toMatchObject({
      status: 'damaged',
      problem: expect.stringMatching(/not valid JSON/),
    });
    expect(listed.find((r) => r.id === good.id)).toMatchObject({ status: 'ok' });
    await expect(library.open(good.id)).resolves.toMatchObject({ name: 'Good' });
  });

  it('finds runs whose index entry was lost, and rebuilds a damaged index', async () => {
    const library = new RunLibrary(dir);
    const a = await library.save(content('A'), 'A');
    const b = await library.save(content('B'), 'B');
    await writeFile(join(dir, 'runs', 'index.json'), '{ broken');
    expect((await new RunLibrary(dir).list()).map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    await rm(join(dir, 'runs', 'index.json'));
    expect((await new RunLibrary(dir).list()).map((r) => r.name).sort()).toEqual(['A', 'B']);
  });

  it('sees runs another instance saved or deleted, even after listing from its cache', async () => {
    const app = new RunLibrary(dir);
    const first = await app.save(content('A'), 'A');
    expect((await app.list()).map((r) => r.name)).toEqual(['A']);
    const cli = new RunLibrary(dir);
    await cli.save(content('B'), 'B');
    expect((await app.list()).map((r) => r.name).sort()).toEqual(['A', 'B']);
    await cli.delete(first.id);
    expect((await app.list()).map((r) => r.name)).toEqual(['B']);
  });

  it('sees a run another instance saved while this one was reading the folder', async () => {
    const app = new RunLibrary(dir);
    await app.save(content('A'), 'A');
    const cli = new RunLibrary(dir);
    // The other instance's save lands just after this one has read the folder, before its listing is kept.
    const reading = RunLibrary.prototype as unknown as { reconciled: () => Promise<RunSummary[]> };
    const original = reading.reconciled;
    vi.spyOn(reading, 'reconciled').mockImplementationOnce(async function (this: RunLibrary) {
      const runs = await original.call(this);
      await cli.save(content('B'), 'B');
      return runs;
    });
    try {
      expect((await app.list()).map((r) => r.name)).toEqual(['A']);
    } finally {
      vi.restoreAllMocks();
    }
    expect((await app.list()).map((r) => r.name).sort()).toEqual(['A', 'B']);
  });

  it('migrates a schema 1 run file on import', async () => {
    const v1 = {
      format: 'dr-job-stats-run',
      schemaVersion: 1,
      id: 'old-run',
      name: 'From the first version',
      savedAt: '2023-11-15T08:00:00.000Z',
      server: content().server,
      query: content().query,
      fetchedAt: 1700005000,
      appVersion: '0.1.0',
      contentType: 'application/json',
      rawBody,
      rawBodySha256: sha256(rawBody),
      // Schema 1 wrote every operation's duration as `rto` and had no type (as schema 2 below).
      operations: HOSTILE_OPERATIONS.map(({ operationType, operationTypeSource, duration, ...op }) => {
        void operationType;
        void operationTypeSource;
        return { ...op, rto: duration };
      }),
    };
    const summary = await new RunLibrary(dir).import(JSON.stringify(v1));
    const run = await new RunLibrary(dir).open(summary.id);
    expect(run).toMatchObject({
      schemaVersion: 4,
      name: 'From the first version',
      note: '',
      groupNames: {},
      rtoTargetSeconds: null,
      savedAt: 1700035200,
    });
  });

  it('migrates a schema 2 run: its plain duration stops being an RTO, and the type is inferred from the phases', async () => {
    const undo = normaliseJobStats({
      job: {
        jobId: 11229,
        vapp: { vAppId: 5 },
        client: { clientId: 0, clientName: 'exch-01' },
        phase: [49, 2, 40, 16, 50].map((phase, i) => ({
          phase,
          status: 0,
          startTime: { time: 1700000000 + i * 60 },
          endTime: { time: 1700000050 + i * 60 },
        })),
      },
    });
    // Schema 2 wrote `rto` as every operation's duration and had no type.
    const legacy = [...HOSTILE_OPERATIONS, ...undo].map(({ operationType, operationTypeSource, duration, ...op }) => {
      void operationType;
      void operationTypeSource;
      return { ...op, rto: duration };
    });
    const v2 = {
      ...content(),
      format: 'dr-job-stats-run',
      schemaVersion: 2,
      id: 'v2',
      name: 'v2',
      note: '',
      savedAt: 1,
    };
    const summary = await new RunLibrary(dir).import(JSON.stringify({ ...v2, operations: legacy }));
    const run = await new RunLibrary(dir).open(summary.id);
    expect(run.schemaVersion).toBe(4);
    const migrated = run.operations.find((op) => op.jobId === 11229)!;
    expect(migrated).toMatchObject({
      operationType: 'undo-failover',
      operationTypeSource: 'inferred',
      duration: 290,
      rto: null,
    });
    // The failed failover keeps its duration and gets no RTO either.
    expect(run.operations.find((op) => op.jobId === 4242)).toMatchObject({
      status: 'failed',
      duration: 3610,
      rto: null,
    });
  });

  it('lets another process save while this one lists: only stale temporary files are tidied', async () => {
    const library = new RunLibrary(dir);
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'save-three-child.ts'), dir], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? -1)));
    let done = false;
    void exited.then(() => (done = true));
    // List over and over while the other process writes its runs (each list used to delete its temp file).
    while (!done) await library.list();
    expect({ code: await exited, stderr }).toEqual({ code: 0, stderr: '' });
    const runs = await new RunLibrary(dir).list();
    expect(runs.filter((r) => r.connectionName === 'Other process' && r.status === 'ok')).toHaveLength(3);
  });

  it('tidies the temporary file of a writer that is gone', async () => {
    await mkdir(join(dir, 'runs'), { recursive: true });
    const orphan = join(dir, 'runs', `abc.drrun.json.999999999.deadbeef.tmp`);
    await writeFile(orphan, 'half a run');
    await new RunLibrary(dir).list();
    expect((await readdir(join(dir, 'runs'))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('survives being killed in the middle of a save: earlier runs intact, no half run, no leftovers', async () => {
    const library = new RunLibrary(dir);
    const earlier = await library.save(content('Earlier'), 'Earlier');
    // The moment a temporary file is there, the child is writing a run: kill it in that same moment (any later, and
    // on a loaded machine the child may have finished that run). The child saves for ever, so a missed one recurs.
    const runsDir = join(dir, 'runs');
    const killedMidWrite = new Promise<void>((resolve, reject) => {
      const watcher = watch(runsDir, (_event, name) => {
        if (!name?.endsWith('.tmp') || !existsSync(join(runsDir, name))) return;
        child.kill('SIGKILL');
        watcher.close();
        resolve();
      });
      watcher.once('error', reject);
    });
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'save-child.ts'), dir], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await killedMidWrite;
    await new Promise((resolve) => child.once('exit', resolve));
    const writing = (await readdir(runsDir)).some((n) => n.endsWith('.tmp'));
    expect(writing).toBe(true);

    const after = new RunLibrary(dir);
    const runs = await after.list();
    expect(runs.find((r) => r.id === earlier.id)).toMatchObject({ status: 'ok', name: 'Earlier' });
    expect(runs.every((r) => r.status === 'ok')).toBe(true);
    await expect(after.open(earlier.id)).resolves.toMatchObject({ rawBody });
    expect((await readdir(join(dir, 'runs'))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
