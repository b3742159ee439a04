import type { Timers } from '../../electron/services/timers.js';

/** Timers that fire only when the test says so: `pending` shows what is waiting, `fire()` runs the next one. */
export class ManualTimers implements Timers {
  private next = 0;
  private readonly waiting = new Map<number, { callback: () => void; ms: number }>();

  set(callback: () => void, ms: number): number {
    const handle = ++this.next;
    this.waiting.set(handle, { callback, ms });
    return handle;
  }

  clear(handle: unknown): void {
    this.waiting.delete(handle as number);
  }

  /** Delays of the timers still waiting, in the order they were set. */
  get pending(): number[] {
    return [...this.waiting.values()].map((timer) => timer.ms);
  }

  /** Runs the oldest waiting timer (as if its time had come). */
  fire(): void {
    const [handle, timer] = this.waiting.entries().next().value ?? [];
    if (handle === undefined || !timer) throw new Error('No timer is waiting.');
    this.waiting.delete(handle);
    timer.callback();
  }
}
