import { CommvaultClient, type ClientOptions } from '../../electron/commvault/client.js';
import { createNodeFetch, probeCertificate } from '../../electron/commvault/nodeTransport.js';
import type { TlsTrust } from '../../electron/commvault/transport.js';
import { CommvaultSimulator, type SimulatorOptions } from '../../electron/simulator/server.js';

/** A fixed "now" so data sets (and their times) are the same in every run. */
export const ANCHOR = 1_790_000_000;

/**
 * A simulator whose clock stands still unless a test moves it (`advance`): a running job's phases then never start or
 * end between two requests of one test, however slow the machine.
 */
export function startSimulator(options: SimulatorOptions = {}): Promise<CommvaultSimulator> {
  return CommvaultSimulator.start({ anchor: ANCHOR, speed: 0, ...options });
}

export function clientFor(
  simulator: CommvaultSimulator,
  options: Partial<ClientOptions> & { trust?: TlsTrust } = {},
): CommvaultClient {
  const { trust, ...rest } = options;
  return new CommvaultClient({
    webService: simulator.url,
    fetch: createNodeFetch(trust),
    probeCertificate,
    format: 'json',
    deviceId: 'test-device-1',
    ...rest,
  });
}

export async function signedInClient(
  simulator: CommvaultSimulator,
  options: Partial<ClientOptions> = {},
): Promise<CommvaultClient> {
  const client = clientFor(simulator, options);
  await client.login({ username: 'demo', password: 'demo' });
  return client;
}

/** The error a promise rejects with, for asserting on its kind and details. */
export async function rejection(
  promise: Promise<unknown>,
): Promise<{ kind: string; message: string; details: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as { kind: string; message: string; details: Record<string, unknown> };
  }
  throw new Error('expected the promise to reject');
}
