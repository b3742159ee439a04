import { randomUUID } from 'node:crypto';
import type { RunContent } from '../contract/run.js';

const KEEP = 4;
/** Older fetches are dropped while those held exceed this many characters of raw body; the newest is always kept. */
const KEEP_CHARS = 64 * 1024 * 1024;

/**
 * The last few fetches, held in main with their raw bodies so "Save run" and exports work without the page ever
 * sending data back. Old fetches are dropped (all but the newest once they are large, so memory holds one big
 * answer, not four): a saved run is the durable copy.
 *
 * A fetch that fails after a good one makes the connection's held fetches **stale**: they are no longer the
 * CommServe's current answer, so main refuses to save or export them as a fresh result (the page only shows the
 * reason). Main enforces it because the page cannot be trusted to.
 */
export class LiveRuns {
  private readonly runs = new Map<string, RunContent>();
  /** Which connection each fetch came from. */
  private readonly owners = new Map<string, string>();
  /** Stale fetches, with why. */
  private readonly stale = new Map<string, string>();

  constructor(private readonly keepChars = KEEP_CHARS) {}

  /** Holds a fetch from a connection (so a later failure there can make it stale); returns its fetch id. */
  put(content: RunContent, connectionId?: string): string {
    const id = randomUUID();
    this.runs.set(id, content);
    if (connectionId !== undefined) this.owners.set(id, connectionId);
    while (this.runs.size > KEEP || (this.runs.size > 1 && this.heldChars() > this.keepChars)) {
      const oldest = this.runs.keys().next().value!;
      this.runs.delete(oldest);
      this.owners.delete(oldest);
      this.stale.delete(oldest);
    }
    return id;
  }

  private heldChars(): number {
    let chars = 0;
    for (const content of this.runs.values()) chars += content.rawBody.length;
    return chars;
  }

  get(id: string): RunContent | undefined {
    return this.runs.get(id);
  }

  /** A fetch from this connection failed: everything held from it is stale from now on. */
  invalidate(connectionId: string, reason: string): void {
    for (const [fetchId, owner] of this.owners) if (owner === connectionId) this.stale.set(fetchId, reason);
  }

  /**
   * The connection's RTO targets or test intervals changed: the fetches held from it are judged by the new ones
   * too, so a CSV or a run saved before the next fetch says what the screen says.
   */
  retarget(
    connectionId: string,
    targets: Pick<RunContent, 'rtoTargetSeconds' | 'rtoTargetsByGroup' | 'testIntervalDays' | 'testIntervalsByGroup'>,
  ): void {
    for (const [fetchId, owner] of this.owners) {
      const content = this.runs.get(fetchId);
      if (owner === connectionId && content) this.runs.set(fetchId, { ...content, ...targets });
    }
  }

  /** The connection a held fetch came from. */
  ownerOf(fetchId: string): string | undefined {
    return this.owners.get(fetchId);
  }

  /** Why a held fetch may not be saved or exported as fresh, or null when it may. */
  staleReason(fetchId: string): string | null {
    return this.stale.get(fetchId) ?? null;
  }
}
