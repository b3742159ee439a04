import { realTimers } from '../contract/timers.js';
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppFailure, appError } from '../contract/errors.js';
import { LATEST_JOB_TIME } from '../contract/model.js';
import { RUN_FILE_EXTENSION, RunSummarySchema, type Run, type RunContent, type RunSummary } from '../contract/run.js';
import { newRun } from '../contract/run.js';
import { writeFileAtomic } from './atomicFile.js';
import { withFileLock } from './fileLock.js';
import { parseRunFile, RunFileError, serialiseRun, summarise } from './runFile.js';
import { SerialQueue } from './serialQueue.js';

const IndexSchema = z.object({ version: z.literal(1), runs: z.array(RunSummarySchema) });
/** The chain's head: the last pack finalized in this folder (what the next pack names as its previous). */
const PACK_HEAD = 'packs-head.json';
const PackHeadSchema = z.object({ id: z.string(), name: z.string(), packSha256: z.string().regex(/^[0-9a-f]{64}$/) });
export type PackHead = z.infer<typeof PackHeadSchema>;
const ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * Saved runs: one `<id>.drrun.json` per run in the runs folder, plus `index.json` with their summaries so that
 * listing hundreds of runs reads one small file. Every write is atomic (a crash leaves the previous state), and
 * the index is reconciled with the folder on load: a run saved just before a crash is picked up, a file that
 * cannot be read is listed as damaged with its reason. The index and every edit of a run are written holding the
 * folder's lock (`index.json.lock`), so processes sharing the data folder never undo each other's edits.
 */
export class RunLibrary {
  readonly dir: string;
  private readonly indexPath: string;
  private readonly queue = new SerialQueue();
  /** Whether this library's current task holds the folder's lock (tasks run one at a time: see `queue`). */
  private holding = false;
  /** The last listing and the folder's stamp when it was made: listing again is one stat while nothing changed. */
  private cache: { stamp: string; runs: RunSummary[] } | undefined;

  constructor(
    dataDir: string,
    private readonly now: () => number = () => realTimers.now(),
  ) {
    this.dir = join(dataDir, 'runs');
    this.indexPath = join(this.dir, 'index.json');
  }

  list(): Promise<RunSummary[]> {
    return this.queue.run(async () => {
      const stamp = await this.stamp();
      if (this.cache && stamp !== undefined && stamp === this.cache.stamp) return [...this.cache.runs];
      const runs = await this.reconciled();
      // Kept only if the folder did not change while it was read: a change by another instance in that moment
      // (or this listing's own tidying) is read again next time instead of being taken as seen.
      const after = await this.stamp();
      this.cache = after !== undefined && after === stamp ? { stamp: after, runs } : undefined;
      return [...runs];
    });
  }

  /**
   * Changes to the folder's entries (a run saved, deleted or renamed into place, by this app or another
   * instance) change its modification time and size; this library's own writes also reset the cache.
   */
  private async stamp(): Promise<string | undefined> {
    const info = await stat(this.dir).catch(() => undefined);
    return info ? `${info.mtimeMs}:${info.ctimeMs}:${info.size}:${info.nlink}` : undefined;
  }

  /** Resolves once the saves, deletions and listings asked for so far are done: closing waits for it. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** Saves what a fetch returned under a new id. */
  save(content: RunContent, name: string, note = ''): Promise<RunSummary> {
    const run = newRun(content, {
      id: randomUUID(),
      name: name.trim() || 'Untitled run',
      note,
      savedAt: Math.floor(this.now() / 1000),
    });
    return this.queue.run(() => this.write(run));
  }

  async open(id: string): Promise<Run> {
    return (await this.read(id)).run;
  }

  /** The run file's exact bytes, for exporting it as a `.drrun.json` file (after checking it). */
  async fileText(id: string): Promise<string> {
    return (await this.read(id)).text;
  }

  /** Reads and checks a run file once; a file that fails the check is marked damaged in the index. */
  private read(id: string): Promise<{ run: Run; text: string }> {
    return this.readChecked(id, (problem) => this.queue.run(() => this.markDamaged(id, problem)));
  }

  /** `read` for a task already in the queue, which marks the damage itself (queueing it would wait on itself). */
  private async readChecked(
    id: string,
    markDamaged: (problem: string) => Promise<void>,
  ): Promise<{ run: Run; text: string }> {
    let text: string;
    try {
      text = await readFile(this.fileOf(id), 'utf8');
    } catch {
      throw new RunFileError('The saved run file is missing from the runs folder.');
    }
    try {
      return { run: parseRunFile(text), text };
    } catch (error) {
      if (error instanceof RunFileError) await markDamaged(error.message);
      throw error;
    }
  }

  /** A run file from elsewhere: checked, migrated, and saved under a fresh id so it never overwrites one. */
  async import(text: string): Promise<RunSummary> {
    const run = parseRunFile(text);
    return this.queue.run(() => this.write({ ...run, id: randomUUID() }));
  }

  /**
   * Read, change, write as one queued task: two quick edits cannot undo each other, and closing the app waits for
   * an edit from its first read.
   */
  update(id: string, change: { name?: string; note?: string }): Promise<RunSummary> {
    return this.queue.run(() =>
      // Read and written holding the lock: a rename here and a note in another process are both kept.
      this.locked(async () => {
        const { run } = await this.readChecked(id, (problem) => this.markDamaged(id, problem));
        if (run.pack) {
          throw new AppFailure(
            appError(
              'invalid-input',
              `“${run.name}” is a finalized evidence pack: it is frozen and cannot be renamed or annotated.`,
            ),
          );
        }
        return this.write({
          ...run,
          ...(change.name !== undefined ? { name: change.name.trim() || run.name } : {}),
          ...(change.note !== undefined ? { note: change.note } : {}),
        });
      }),
    );
  }

  /**
   * Finalizes a run as an evidence pack: `make` turns it into its pack, given the data folder's last pack (the head
   * of the chain), and the pack becomes the new head, all holding the folder's lock so two packs never claim the same
   * predecessor.
   */
  finalize(id: string, make: (run: Run, head: PackHead | null) => Run): Promise<RunSummary> {
    return this.queue.run(() =>
      this.locked(async () => {
        const { run } = await this.readChecked(id, (problem) => this.markDamaged(id, problem));
        if (run.pack) throw new AppFailure(appError('invalid-input', `“${run.name}” is already finalized.`));
        const packed = make(run, await this.head());
        if (!packed.pack) throw new Error('A finalized run must carry its pack.');
        const summary = await this.write(packed);
        const head: PackHead = { id: packed.id, name: packed.name, packSha256: packed.pack.packSha256 };
        await writeFileAtomic(join(this.dir, PACK_HEAD), JSON.stringify(head));
        return summary;
      }),
    );
  }

  /**
   * A pack made outside the library (the headless export's --save-run --finalize), chained to this folder's head and
   * becoming the new head, under the folder's lock. The run itself is written by the caller, where it was named.
   */
  chain(make: (head: PackHead | null) => Run): Promise<Run> {
    return this.queue.run(() =>
      this.locked(async () => {
        const packed = make(await this.head());
        if (!packed.pack) throw new Error('A finalized run must carry its pack.');
        await mkdir(this.dir, { recursive: true });
        const head: PackHead = { id: packed.id, name: packed.name, packSha256: packed.pack.packSha256 };
        await writeFileAtomic(join(this.dir, PACK_HEAD), JSON.stringify(head));
        return packed;
      }),
    );
  }

  /** The last pack finalized in this data folder, or null. */
  async head(): Promise<PackHead | null> {
    try {
      const parsed = PackHeadSchema.safeParse(JSON.parse(await readFile(join(this.dir, PACK_HEAD), 'utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  delete(id: string): Promise<void> {
    return this.queue.run(() =>
      this.locked(async () => {
        await rm(this.fileOf(id), { force: true });
        const runs = (await this.reconciled()).filter((r) => r.id !== id);
        await this.writeIndex(runs);
      }),
    );
  }

  /** Runs a task of the queue holding the folder's lock (at once if the task already holds it: it is not reentrant). */
  private async locked<T>(task: () => Promise<T>): Promise<T> {
    if (this.holding) return task();
    await mkdir(this.dir, { recursive: true });
    return withFileLock(this.indexPath, async () => {
      this.holding = true;
      try {
        return await task();
      } finally {
        this.holding = false;
      }
    });
  }

  private fileOf(id: string): string {
    if (!ID.test(id)) throw new RunFileError('Unknown run.');
    return join(this.dir, `${id}${RUN_FILE_EXTENSION}`);
  }

  /** A new run's file needs no lock (its id is new); an edited one's is written under the lock the edit holds. */
  private async write(run: Run): Promise<RunSummary> {
    await mkdir(this.dir, { recursive: true });
    const text = serialiseRun(run);
    await writeFileAtomic(this.fileOf(run.id), text);
    const summary = summarise(run, Buffer.byteLength(text));
    return this.locked(async () => {
      const runs = (await this.reconciled()).filter((r) => r.id !== run.id);
      await this.writeIndex([summary, ...runs]);
      return summary;
    });
  }

  private markDamaged(id: string, problem: string): Promise<void> {
    return this.locked(async () => {
      const runs = await this.reconciled();
      await this.writeIndex(runs.map((r) => (r.id === id ? { ...r, status: 'damaged' as const, problem } : r)));
    });
  }

  private async writeIndex(runs: RunSummary[]): Promise<void> {
    this.cache = undefined;
    await mkdir(this.dir, { recursive: true });
    await writeFileAtomic(this.indexPath, JSON.stringify({ version: 1, runs }));
  }

  /** The index, made to agree with the files actually in the folder (cheap: one readdir). */
  private async reconciled(): Promise<RunSummary[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    // Leftovers of writes interrupted by a crash (the file they were replacing is intact). Another process's save
    // in progress is not a leftover: only temporaries of writers that are gone, or very old ones, are removed.
    await Promise.all(
      names.filter((n) => n.endsWith('.tmp') && isStaleTemp(n)).map((n) => rm(join(this.dir, n), { force: true })),
    );
    const ids = new Set(
      names.filter((n) => n.endsWith(RUN_FILE_EXTENSION)).map((n) => n.slice(0, -RUN_FILE_EXTENSION.length)),
    );
    let indexed: RunSummary[] = [];
    let indexUsable = true;
    try {
      indexed = IndexSchema.parse(JSON.parse(await readFile(this.indexPath, 'utf8'))).runs;
    } catch {
      indexUsable = names.includes('index.json') ? false : true;
    }
    const kept = indexed.filter((r) => ids.has(r.id));
    const known = new Set(kept.map((r) => r.id));
    const added: RunSummary[] = [];
    for (const id of ids) {
      if (known.has(id)) continue;
      added.push(await this.summaryFromFile(id));
    }
    const runs = [...added, ...kept].sort((a, b) => b.savedAt - a.savedAt);
    if (added.length > 0 || kept.length !== indexed.length || !indexUsable) {
      // Made again holding the lock, from the folder as it is then: written from what was read before taking it, the
      // index could undo a rename another process made meanwhile.
      if (!this.holding) return this.locked(() => this.reconciled());
      await this.writeIndex(runs);
    }
    return runs;
  }

  private async summaryFromFile(id: string): Promise<RunSummary> {
    const file = this.fileOf(id);
    const text = await readFile(file, 'utf8').catch(() => '');
    try {
      return summarise(parseRunFile(text), Buffer.byteLength(text));
    } catch (error) {
      const info = await stat(file).catch(() => undefined);
      return {
        id,
        name: `${id}${RUN_FILE_EXTENSION}`,
        note: '',
        connectionName: '—',
        webService: '',
        fetchedAt: 0,
        // A file's time can be anything (`touch -d`): kept within what a summary may hold, so the list still shows.
        savedAt: Math.min(Math.max(Math.floor((info?.mtimeMs ?? 0) / 1000), 0), LATEST_JOB_TIME),
        operationCount: 0,
        vmRunCount: 0,
        failedOperations: 0,
        scopeText: '',
        answerOperations: null,
        runningOperations: 0,
        bytes: info?.size ?? 0,
        status: 'damaged',
        problem: error instanceof Error ? error.message : String(error),
        pack: null,
      };
    }
  }
}

/** Temporary files are named `<file>.<pid>.<random>.tmp` by `writeFileAtomic`. */
function isStaleTemp(name: string): boolean {
  const pid = Number(/\.(\d+)\.[0-9a-f]+\.tmp$/.exec(name)?.[1]);
  if (!Number.isSafeInteger(pid) || pid <= 0) return true;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists (another user's); ESRCH: it is gone.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
