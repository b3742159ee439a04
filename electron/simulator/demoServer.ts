import { CommvaultSimulator } from './server.js';

/**
 * The built-in "Demo CommServe": the simulator on a loopback port, so a new user sees real-looking DR jobs at once.
 * Its running jobs are short and follow the wall clock, so they visibly finish within minutes. The shells (desktop,
 * browser mode, headless export) hand this to the core, which starts it on first use of the demo connection.
 */
export function startDemoServer(): Promise<CommvaultSimulator> {
  // Only the app itself may use it: no web page can lock its well-known account or sign in to it.
  return CommvaultSimulator.start({ seed: 1, groups: 6, vms: 8, jobs: 300, running: 3, localOnly: true });
}
