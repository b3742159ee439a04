import { z } from 'zod';
import type { RequestOptions } from './exchange.js';
import { CommvaultError } from './errors.js';
import { num, unwrapRoot, type Loose } from './loose.js';
import { stripAttributePrefixes } from './rawSchemas.js';
import { readBody, validate } from './responses.js';
import type { CommvaultSession } from './session.js';

/**
 * zod readers for the V4 failover-group and replication answers, tolerant as Commvault's answers need: numbers may
 * be numeric strings, a list of one may be a single object (or missing), XML attributes arrive `@`-prefixed. Each
 * field is optional as in the spec ("no field is marked required"); what is not in the documented shape fails the
 * whole answer as an unexpected response, never a half-read.
 */

/** A number or a numeric string; -999 ("not available") is absent. Anything else is not the documented shape. */
function toNumber(v: unknown): unknown {
  if (v === undefined || v === null || v === -999 || v === '-999') return undefined;
  if (typeof v === 'string' && v.trim() !== '') return num(v) ?? v;
  return v;
}
export const looseNumber = z.preprocess(toNumber, z.number().optional());
export const looseInt = z.preprocess(toNumber, z.number().int().optional());
/** `true`/`false`, also as the strings XML gives. */
export const looseBool = z.preprocess(
  (v) => (v === 'true' ? true : v === 'false' ? false : v === null ? undefined : v),
  z.boolean().optional(),
);
export const looseString = z.preprocess(
  (v) => (v === null ? undefined : typeof v === 'number' ? String(v) : v),
  z.string().optional(),
);

/** A list that may be an array, one object, or nothing. */
export function looseList<T extends z.ZodType>(item: T) {
  return z.preprocess(
    (v) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]),
    z.array(item),
  );
}

export const IdNameSchema = z.object({ id: looseInt, name: looseString });

/** `GET path`, its body unwrapped to the object holding one of `keys`, checked against `schema`. */
export async function getChecked<S extends z.ZodType>(
  session: Pick<CommvaultSession, 'send'>,
  path: string,
  keys: readonly string[],
  schema: S,
  what: string,
  request: RequestOptions = {},
): Promise<z.output<S>> {
  const raw = await session.send('GET', path, request);
  const body = unwrapRoot(stripAttributePrefixes(readBody(raw)) as Loose, keys);
  return validate(raw, schema, body, what);
}

/** An id for a path: a whole positive number, or the request is refused before anything is sent. */
export function pathId(what: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new CommvaultError('invalid-input', `The ${what} must be a whole number above 0.`);
  return value;
}
