import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Fault } from './faults.js';
import { isLocalProgramRequest } from './localRequest.js';
import { sendJson, sendNotFoundPage } from './respond.js';

/** What the controls act on: the simulator's own public methods. */
export interface Controllable {
  /** Set at start for controls to exist at all. */
  readonly controlSecret: string | undefined;
  readonly port: number;
  readonly stats: { readonly requests: Readonly<Record<string, number>> };
  setFault(fault: Fault): void;
  clearFaults(): void;
  expireTokens(): void;
  revokeTokens(): void;
  advance(seconds: number): void;
  now(): number;
}

interface Control {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  /** Its answer, or nothing for `{ ok: true }`; a throw is a 400 with its message. */
  run: (sim: Controllable, body: string) => unknown;
}

const CONTROLS: readonly Control[] = [
  { method: 'POST', path: '/__sim/faults', run: (sim, body) => sim.setFault(JSON.parse(body) as Fault) },
  { method: 'DELETE', path: '/__sim/faults', run: (sim) => sim.clearFaults() },
  { method: 'POST', path: '/__sim/expire-tokens', run: (sim) => sim.expireTokens() },
  { method: 'POST', path: '/__sim/revoke-tokens', run: (sim) => sim.revokeTokens() },
  {
    method: 'POST',
    path: '/__sim/advance',
    run: (sim, body) => sim.advance(Number((JSON.parse(body) as { seconds: number }).seconds)),
  },
  { method: 'GET', path: '/__sim/stats', run: (sim) => ({ ...sim.stats, now: sim.now() }) },
];

/** True for the paths the controls live under, which are never part of the web service. */
export function isControlPath(path: string): boolean {
  return path.startsWith('/__sim/');
}

/** Answers a `/__sim/*` request: as an unknown page when the controls are off, refused without the secret. */
export function handleControl(
  sim: Controllable,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  body: string,
): void {
  if (!sim.controlSecret) return sendNotFoundPage(res);
  if (!controlAllowed(req, sim.port, sim.controlSecret)) {
    return sendJson(res, 403, { error: 'simulator controls need the per-start secret, from this machine' });
  }
  const control = CONTROLS.find((c) => c.path === path && c.method === (req.method ?? 'GET'));
  if (!control) return sendJson(res, 404, { error: 'unknown simulator control' });
  let result: unknown;
  try {
    result = control.run(sim, body);
  } catch (error) {
    return sendJson(res, 400, { error: (error as Error).message });
  }
  sendJson(res, 200, result ?? { ok: true });
}

/**
 * The controls answer only a local tool that knows the secret: a program on this machine, not a web page
 * (`localRequest.ts`), and the secret compared in constant time.
 */
function controlAllowed(req: IncomingMessage, port: number, secret: string): boolean {
  if (!isLocalProgramRequest(req, port)) return false;
  const given = Buffer.from(String(req.headers['x-sim-secret'] ?? ''));
  const expected = Buffer.from(secret);
  return expected.length > 0 && given.length === expected.length && timingSafeEqual(given, expected);
}
