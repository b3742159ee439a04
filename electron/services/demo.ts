import type { ConnectionProfile } from '../contract/connections.js';
import { DEFAULT_TEST_INTERVAL_DAYS } from '../contract/evidence.js';
import { CommvaultSimulator } from '../simulator/server.js';
import type { SettingsStore } from '../storage/settingsStore.js';

export const DEMO_CONNECTION_ID = 'demo';
export const DEMO_CREDENTIALS = { username: 'demo', password: 'demo' } as const;

/**
 * The built-in "Demo CommServe": the simulator on a loopback port, so a new user sees real-looking DR jobs at
 * once. Its running jobs are short and follow the wall clock, so they visibly finish within minutes.
 */
export function startDemoServer(): Promise<CommvaultSimulator> {
  // Only the app itself may use it: no web page can lock its well-known account or sign in to it.
  return CommvaultSimulator.start({ seed: 1, groups: 6, vms: 8, jobs: 300, running: 3, localOnly: true });
}

/** On first start (no connections) the demo connection is added; it always points at this run's demo server. */
export async function ensureDemoConnection(settings: SettingsStore, url: string): Promise<boolean> {
  let present = false;
  await settings.update((current) => {
    const existing = current.connections.find((c) => c.demo);
    if (!existing && current.connections.length > 0) return current;
    present = true;
    const demo: ConnectionProfile = {
      id: DEMO_CONNECTION_ID,
      name: 'Demo CommServe',
      format: 'json',
      tls: { mode: 'system' },
      rtoTargetMinutes: 120,
      username: DEMO_CREDENTIALS.username,
      domain: '',
      staySignedIn: false,
      rememberPassword: false,
      secretsWithdrawn: false,
      rtoTargetsByGroup: {},
      testIntervalDays: DEFAULT_TEST_INTERVAL_DAYS,
      testIntervalsByGroup: {},
      ...existing,
      webService: url,
      demo: true,
    };
    const connections = existing ? current.connections.map((c) => (c.demo ? demo : c)) : [demo, ...current.connections];
    return { ...current, connections, activeConnectionId: current.activeConnectionId ?? demo.id };
  });
  return present;
}
