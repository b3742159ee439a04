import { createHash } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { withFileLock } from './fileLock.js';
import { SerialQueue } from './serialQueue.js';

/** A line that is not a valid entry: kept in the file and reported, never dropped or rewritten. */
export interface DamagedLine {
  line: number;
  why: string;
}

export interface LogContents<T> {
  entries: T[];
  damaged: DamagedLine[];
}

/**
 * An append-only file of JSON lines, one entry each: entries are only ever added (under the data folder's lock, so
 * the app, the browser mode and the CLI can append at once), flushed before the append returns, never rewritten.
 * The sign-offs, the finding notes and the audit log are kept so.
 */
export class AppendLog<S extends z.ZodType> {
  private readonly queue = new SerialQueue();

  constructor(
    readonly path: string,
    private readonly schema: S,
  ) {}

  async read(): Promise<LogContents<z.output<S>>> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], damaged: [] };
      throw error;
    }
    const entries: z.output<S>[] = [];
    const damaged: DamagedLine[] = [];
    text.split('\n').forEach((raw, index) => {
      if (raw.trim() === '') return;
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        damaged.push({ line: index + 1, why: 'not valid JSON' });
        return;
      }
      const parsed = this.schema.safeParse(json);
      if (parsed.success) entries.push(parsed.data);
      else damaged.push({ line: index + 1, why: parsed.error.issues[0]?.message ?? 'not an entry' });
    });
    return { entries, damaged };
  }

  /**
   * Appends the entry `make` builds from what the log holds at that moment (the audit log chains each line to the
   * one before it), holding the lock from the read to the flush.
   */
  append(make: (current: LogContents<z.output<S>>) => z.input<S>): Promise<z.output<S>> {
    return this.queue.run(async () => {
      await mkdir(dirname(this.path), { recursive: true });
      return withFileLock(this.path, async () => {
        const entry = this.schema.parse(make(await this.read())) as z.output<S>;
        const handle = await open(this.path, 'a', 0o600);
        try {
          await handle.appendFile(`${JSON.stringify(entry)}\n`);
          await handle.sync();
        } finally {
          await handle.close();
        }
        return entry;
      });
    });
  }

  /** Resolves once every append asked for so far is done (closing waits for it). */
  idle(): Promise<void> {
    return this.queue.idle();
  }
}

/** A file name for a web service root (a URL is no file name): the first 16 hex digits of its SHA-256. */
export function serverFileKey(root: string): string {
  return createHash('sha256').update(root, 'utf8').digest('hex').slice(0, 16);
}
