/**
 * The clock a service waits on. The app uses the real one; tests pass a manual one and fire its timers themselves,
 * so a test of "refreshes every 15 s until nothing runs" takes no real time and never sleeps to prove an absence.
 */
export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
  /** The wall clock, in milliseconds since the epoch: nothing else in the app reads it. */
  now(): number;
}

export const realTimers: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};
