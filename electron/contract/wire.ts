import type { Result } from './errors.js';
import type { DrOperation } from './model.js';
import { OperationsWireSchema, packOperations, unpackOperations } from './operationsWire.js';

/**
 * The transport's form of the contract's values. Results and events that carry a fetch's operations (a RunView)
 * cross packed (`operationsWire.ts`); everything else crosses as it is. Main's transports call the `…ToWire`
 * functions, the page's transports the `…FromWire` ones, so services, screens and tests all see the contract's
 * own types.
 */
const CHANNELS_WITH_OPERATIONS: ReadonlySet<string> = new Set(['jobs:fetch', 'runs:open']);

interface WithOperations {
  operations: unknown;
}

function isView(value: unknown): value is WithOperations {
  return typeof value === 'object' && value !== null && Array.isArray((value as unknown as WithOperations).operations);
}

function pack<T>(value: T): T {
  return isView(value) ? { ...value, operations: packOperations(value.operations as DrOperation[]) } : value;
}

function unpack<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  const operations = (value as unknown as WithOperations).operations;
  if (operations === undefined || Array.isArray(operations)) return value;
  // Anything else in place of operations is a damaged crossing: refused, never shown half read.
  return { ...value, operations: unpackOperations(OperationsWireSchema.parse(operations)) };
}

/** Whether a channel's answers carry operations (the browser mode sends those as a binary frame). */
export function carriesOperations(channel: string): boolean {
  return CHANNELS_WITH_OPERATIONS.has(channel);
}

export function resultToWire(channel: string, result: Result<unknown>): Result<unknown> {
  return result.ok && CHANNELS_WITH_OPERATIONS.has(channel) ? { ok: true, value: pack(result.value) } : result;
}

export function resultFromWire<T>(channel: string, result: Result<T>): Result<T> {
  return result.ok && CHANNELS_WITH_OPERATIONS.has(channel) ? { ok: true, value: unpack(result.value) } : result;
}

export function eventToWire(name: string, payload: unknown): unknown {
  if (name !== 'jobs:refreshed' || typeof payload !== 'object' || payload === null) return payload;
  const refreshed = payload as { result: unknown };
  return { ...refreshed, result: pack(refreshed.result) };
}

export function eventFromWire<T>(name: string, payload: T): T {
  if (name !== 'jobs:refreshed' || typeof payload !== 'object' || payload === null) return payload;
  const refreshed = payload as unknown as { result: unknown };
  return { ...refreshed, result: unpack(refreshed.result) } as T;
}
