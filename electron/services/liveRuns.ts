import { randomUUID } from 'node:crypto';
import type { RunContent } from '../contract/run.js';

const KEEP = 4;

/**
 * The last few fetches, held in main with their raw bodies so "Save run" and exports work without the page ever
 * sending data back. Old fetches are dropped: a saved run is the durable copy.
 */
export class LiveRuns {
  private readonly runs = new Map<string, RunContent>();

  put(content: RunContent): string {
    const id = randomUUID();
    this.runs.set(id, content);
    while (this.runs.size > KEEP) this.runs.delete(this.runs.keys().next().value!);
    return id;
  }

  get(id: string): RunContent | undefined {
    return this.runs.get(id);
  }
}
