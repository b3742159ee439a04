import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { OperationTypeSchema, type OperationType } from '../contract/model.js';
import { writeFileAtomic } from './atomicFile.js';
import { SerialQueue } from './serialQueue.js';

/** The most job types kept per CommServe: the newest jobs (ids grow), about 3 MB of file in all. */
const KEEP_PER_SERVER = 100_000;

const FileSchema = z.object({
  version: z.literal(1),
  /** By connection and web service root, job id → the type its job summary named. */
  servers: z.record(z.string(), z.record(z.string(), OperationTypeSchema)),
});
type TypeFile = z.infer<typeof FileSchema>;

/**
 * Operation types the CommServes named (`GET Job/{id}`), kept in the data folder so a scheduled export or the next
 * start of the app asks only for jobs it has not seen: a job's type never changes. It is a cache: a damaged or
 * missing file is an empty one, and two processes writing at once may lose a few entries, which are asked again.
 */
export class JobTypeStore {
  private readonly path: string;
  private readonly queue = new SerialQueue();

  constructor(private readonly dataDir: string) {
    this.path = join(dataDir, 'job-types.json');
  }

  load(connectionId: string, root: string): Promise<[number, OperationType][]> {
    return this.queue.run(async () => {
      const types = (await this.read()).servers[key(connectionId, root)] ?? {};
      return Object.entries(types).map(([jobId, type]) => [Number(jobId), type]);
    });
  }

  /** Adds these types to what is kept for the server (the newest `KEEP_PER_SERVER` stay). */
  save(connectionId: string, root: string, types: Iterable<[number, OperationType]>): Promise<void> {
    return this.queue.run(async () => {
      const file = await this.read();
      const merged = new Map(Object.entries(file.servers[key(connectionId, root)] ?? {}).map(([id, t]) => [+id, t]));
      for (const [jobId, type] of types) merged.set(jobId, type);
      const newest = [...merged].sort((a, b) => b[0] - a[0]).slice(0, KEEP_PER_SERVER);
      file.servers[key(connectionId, root)] = Object.fromEntries(newest);
      await mkdir(this.dataDir, { recursive: true });
      await writeFileAtomic(this.path, JSON.stringify(file));
    });
  }

  /** Resolves once every write asked for so far is done (closing waits for it). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  private async read(): Promise<TypeFile> {
    try {
      const parsed = FileSchema.safeParse(JSON.parse(await readFile(this.path, 'utf8')));
      if (parsed.success) return parsed.data;
    } catch {
      // Missing or unreadable: a cache starts empty.
    }
    return { version: 1, servers: {} };
  }
}

function key(connectionId: string, root: string): string {
  return `${connectionId} ${root}`;
}
