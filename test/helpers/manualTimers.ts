import type { Timers } from '../../electron/contract/timers.js';

/**
 * Timers that fire only when the test says so: `pending` shows what is waiting, `fire()` runs the next one, and
 * `whenPending(n)` resolves the moment `n` timers wait, so a test awaits the code setting its timer instead of
 * polling for it.
 */
export class ManualTimers implements Timers {
  private next = 0;
  private readonly waiting = new Map<number, { callback: () => void; ms: number; due: number }>();

  /** The clock starts at `start` (ms since the epoch) and moves only as timers fire or a test moves it. */
  constructor(private time = 1_790_000_000_000) {}

  now(): number {
    return this.time;
  }

  /** Moves the clock on (no timer fires by itself). */
  advance(ms: number): void {
    this.time += ms;
  }
  private readonly watchers: { count: number; resolve: () => void }[] = [];

  set(callback: () => void, ms: number): number {
    const handle = ++this.next;
    this.waiting.set(handle, { callback, ms, due: this.time + ms });
    for (const watcher of [...this.watchers]) {
      if (this.waiting.size < watcher.count) continue;
      this.watchers.splice(this.watchers.indexOf(watcher), 1);
      watcher.resolve();
    }
    return handle;
  }

  clear(handle: unknown): void {
    this.waiting.delete(handle as number);
  }

  /** Delays of the timers still waiting, in the order they were set. */
  get pending(): number[] {
    return [...this.waiting.values()].map((timer) => timer.ms);
  }

  /** Resolves once at least `count` timers are waiting (at once if they already are). */
  whenPending(count = 1): Promise<void> {
    if (this.waiting.size >= count) return Promise.resolve();
    return new Promise((resolve) => this.watchers.push({ count, resolve }));
  }

  /** Runs the oldest waiting timer (as if its time had come). */
  fire(): void {
    const [handle, timer] = this.waiting.entries().next().value ?? [];
    if (handle === undefined || !timer) throw new Error('No timer is waiting.');
    this.waiting.delete(handle);
    // Its time has come: the clock reads at least its due time when it runs.
    this.time = Math.max(this.time, timer.due);
    timer.callback();
  }
}
