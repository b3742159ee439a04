import { z } from 'zod';

/** Failures the simulator can be told to produce, per endpoint, to test every error path of the client. */
export const FAULT_TYPES = [
  'slow',
  /** JobStats in JSON: the first half of the entries, a pause of `delayMs` (3 s by default), then the rest. */
  'stall',
  'http-500',
  'html',
  'error-code',
  'error-errlist',
  'error-object',
  'error-object-errlist',
  'error-errors',
  'truncated',
  'malformed',
  'huge',
  'reset',
  'single-objects',
  'strings',
  'old-json',
  'not-found',
  'unauthorized',
  /** HTTP 403 with Commvault's GenericResp: the user may not use this endpoint (no permission). */
  'forbidden',
  /**
   * Not an answer but a state: the replication of DR group `groupId` lags `lagSeconds` behind (every monitor and
   * the pairs' last synced jobs say so) until the faults are cleared.
   */
  'lagging',
  /** This exact body (`body`, with `contentType`): an answer captured from a real CommServe, or the API page's. */
  'answer',
] as const;
export type FaultType = (typeof FAULT_TYPES)[number];

export const FaultSchema = z.object({
  /** Endpoint: Login, RenewLoginToken, Logout, WhoAmI, DRGroups, DRGroups/{id}, JobStats (both paths),
   * Job/{id}, V4/FailoverGroups, V4/FailoverGroups/{id}, V4/FailoverGroups/{id}/TestFailoverMachines,
   * V4/ReplicationGroup/{id}, V4/ReplicationMonitor/{pairId}, Replications/Monitors/streaming|continuous, *. */
  path: z.string().min(1),
  type: z.enum(FAULT_TYPES),
  /** How many requests it applies to; absent means until cleared. */
  times: z.number().int().positive().optional(),
  delayMs: z.number().int().nonnegative().optional(),
  sizeMb: z.number().positive().optional(),
  body: z
    .string()
    .max(64 * 1024 * 1024)
    .optional(),
  contentType: z.string().max(200).optional(),
  groupId: z.number().int().positive().optional(),
  lagSeconds: z.number().int().nonnegative().optional(),
});
export type Fault = z.infer<typeof FaultSchema>;

export function faultApplies(fault: Fault, route: string): boolean {
  return (
    fault.path === '*' ||
    fault.path === route ||
    (fault.path === 'JobStats' && route.endsWith('JobStats')) ||
    (fault.path === 'DRGroups/{id}' && /^DRGroups\/\d+$/.test(route)) ||
    (fault.path === 'Job/{id}' && /^Job\/\d+$/.test(route)) ||
    // The DR endpoints' patterns: V4/FailoverGroups/{id}, V4/ReplicationMonitor/{pairId}, …
    (/\{\w+\}/.test(fault.path) &&
      new RegExp(`^${fault.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '\\d+')}$`).test(route))
  );
}

/** The faults set and not yet used up; each request takes the first that applies to its route. */
export class ActiveFaults {
  private faults: (Fault & { remaining: number })[] = [];

  add(fault: Fault): void {
    const checked = FaultSchema.parse(fault);
    this.faults.push({ ...checked, remaining: checked.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.faults = [];
  }

  take(route: string): Fault | undefined {
    const index = this.faults.findIndex((f) => faultApplies(f, route));
    if (index < 0) return undefined;
    const fault = this.faults[index]!;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    return fault;
  }
}

export const SERVER_ERROR_TEXT =
  'Failed to query the job statistics. Please check the CommServe logs [DRGroupJobStats].';

/** HTTP-200 bodies carrying an error in each of Commvault's shapes. */
export function errorShapeBody(type: FaultType): Record<string, unknown> | undefined {
  switch (type) {
    case 'error-code':
      return { errorCode: 2, errorMessage: SERVER_ERROR_TEXT };
    case 'error-errlist':
      return { errList: [{ errorCode: 2, errLogMessage: SERVER_ERROR_TEXT }] };
    case 'error-object':
      return { error: { errorCode: 2, errorMessage: SERVER_ERROR_TEXT } };
    case 'error-object-errlist':
      return { error: { errList: [{ errorCode: 2, errLogMessage: SERVER_ERROR_TEXT }] } };
    case 'error-errors':
      return { errors: [{ errList: [{ errorCode: 2, errLogMessage: SERVER_ERROR_TEXT }] }] };
    default:
      return undefined;
  }
}

export const HTML_ERROR_PAGE = `<!DOCTYPE html>
<html><head><title>503 - Service Unavailable: CommServe web server is restarting</title></head>
<body><h1>Server Error</h1><p>The web service is temporarily unavailable.</p></body></html>`;

/** Lists of one element become a single object, as some servers send them. */
export function singleObjects(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(singleObjects);
    return items.length === 1 ? items[0] : items;
  }
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, singleObjects(v)]));
}

/** Numbers become strings (`"2416"`). */
export function numbersAsStrings(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(numbersAsStrings);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, numbersAsStrings(v)]));
}

/** Older servers: the XML root name as a wrapper and attribute keys prefixed with `@`. */
export function oldJson(rootName: string, value: unknown): unknown {
  const prefix = (inner: unknown): unknown => {
    if (Array.isArray(inner)) return inner.map(prefix);
    if (typeof inner !== 'object' || inner === null) return inner;
    return Object.fromEntries(
      Object.entries(inner).map(([k, v]) => (typeof v === 'object' && v !== null ? [k, prefix(v)] : [`@${k}`, v])),
    );
  };
  return { [rootName]: prefix(value) };
}
