/**
 * Readers for the loosely typed bodies Commvault sends. The same logical field may be a number or a numeric
 * string, a list may be a single object, older servers prefix attribute keys with `@`, and -999 means "not
 * available". These helpers absorb all of that so the normalisers read like the API documentation.
 */

export type Loose = Record<string, unknown>;

export function isRecord(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const PREFIXED = new Map<string, readonly [string, string]>();

/** `obj.key`, also under the `@key` / `@_key` spellings of XML-to-JSON converters. */
export function field(obj: Loose, key: string): unknown {
  const value = obj[key];
  if (value !== undefined) return value;
  // Absent fields are common on the hot path; the prefixed names are built once, not per lookup.
  let names = PREFIXED.get(key);
  if (!names) {
    names = [`@${key}`, `@_${key}`];
    PREFIXED.set(key, names);
  }
  return obj[names[0]] ?? obj[names[1]];
}

export function record(obj: Loose, key: string): Loose | undefined {
  const value = field(obj, key);
  return isRecord(value) ? value : undefined;
}

/** A list that may arrive as an array, a single object, or nothing at all. */
export function list(obj: Loose, key: string): unknown[] {
  const value = field(obj, key);
  if (Array.isArray(value)) return value;
  if (isRecord(value)) return [value];
  return [];
}

const NUMERIC = /^\s*-?\d+(\.\d+)?\s*$/;

/**
 * A number from a number or numeric string; -999 ("not available"), blanks, junk and numbers too large to be
 * finite (a 400-digit string) give undefined.
 */
export function num(value: unknown): number | undefined {
  if (typeof value === 'number') return value === -999 || !Number.isFinite(value) ? undefined : value;
  if (typeof value !== 'string' || !NUMERIC.test(value)) return undefined;
  const n = Number(value);
  return n === -999 || !Number.isFinite(n) ? undefined : n;
}

/** An id: a whole number from 0 to 2^53 − 1 (0 is a real client id), else undefined. */
export function id(value: unknown): number | undefined {
  const n = num(value);
  return n !== undefined && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

export function numField(obj: Loose, key: string): number | undefined {
  return num(field(obj, key));
}

export function strField(obj: Loose, key: string): string | undefined {
  const value = field(obj, key);
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

export function boolField(obj: Loose, key: string): boolean | undefined {
  const value = field(obj, key);
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1' || value === 1) return true;
  if (value === 'false' || value === '0' || value === 0) return false;
  return undefined;
}

/**
 * Older servers echo the XML root element as a JSON wrapper (`{"Api_VirtualAppJobDetailsResp": {...}}`) and the
 * XML parser always yields one. When none of the keys we expect is at the top but a single object is, step in.
 */
export function unwrapRoot(body: Loose, expectedKeys: readonly string[]): Loose {
  let current = body;
  for (let depth = 0; depth < 2; depth++) {
    if (expectedKeys.some((key) => field(current, key) !== undefined)) return current;
    const keys = Object.keys(current).filter((key) => !key.startsWith('?'));
    const only = keys.length === 1 ? current[keys[0] as string] : undefined;
    if (!isRecord(only)) return current;
    current = only;
  }
  return current;
}
