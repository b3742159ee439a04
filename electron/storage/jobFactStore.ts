import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { JobFactSchema, type JobFact } from '../contract/pack.js';
import { writeFileAtomic } from './atomicFile.js';
import { SerialQueue } from './serialQueue.js';

/** The most jobs kept per CommServe: the newest (ids grow), a few MB of file in all. */
const KEEP_PER_SERVER = 100_000;

const FileSchema = z.object({
  version: z.literal(2),
  /** By connection and web service root, job id → what its job summary said (type, who started it). */
  servers: z.record(z.string(), z.record(z.string(), JobFactSchema)),
});
type FactFile = z.infer<typeof FileSchema>;

/**
 * What the CommServes' job summaries said (`GET Job/{id}`: the operation type, who started the job), kept in the
 * data folder so a scheduled export or the next start of the app asks only for jobs it has not seen: neither ever
 * changes. It is a cache: a damaged, missing or older file is an empty one, and two processes writing at once may
 * lose a few entries, which are asked again.
 */
export class JobFactStore {
  private readonly path: string;
  private readonly queue = new SerialQueue();

  constructor(private readonly dataDir: string) {
    this.path = join(dataDir, 'job-facts.json');
  }

  load(connectionId: string, root: string): Promise<[number, JobFact][]> {
    return this.queue.run(async () => {
      const types = (await this.read()).servers[key(connectionId, root)] ?? {};
      return Object.entries(types).map(([jobId, type]) => [Number(jobId), type]);
    });
  }

  /** Adds these types to what is kept for the server (the newest `KEEP_PER_SERVER` stay). */
  save(connectionId: string, root: string, types: Iterable<[number, JobFact]>): Promise<void> {
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

  private async read(): Promise<FactFile> {
    try {
      const parsed = FileSchema.safeParse(JSON.parse(await readFile(this.path, 'utf8')));
      if (parsed.success) return parsed.data;
    } catch {
      // Missing or unreadable: a cache starts empty.
    }
    return { version: 2, servers: {} };
  }
}

function key(connectionId: string, root: string): string {
  return `${connectionId} ${root}`;
}
