import { realTimers, type Timers } from '$contract/timers';

/**
 * The page's wall clock. Components and the state read the time only through this, so a test can set the moment
 * ("the report generated at …", "the fetch at … failed") instead of racing the real clock.
 */
export const clock: { source: Pick<Timers, 'now'> } = { source: realTimers };

export function nowMs(): number {
  return clock.source.now();
}

export function nowSeconds(): number {
  return Math.floor(clock.source.now() / 1000);
}
