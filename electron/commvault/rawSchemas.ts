import { z } from 'zod';

/**
 * zod schemas for the small Commvault bodies (Login, RenewLoginToken, WhoAmI, DRGroups). They accept the
 * documented variants (numeric strings, single objects for lists, empty XML elements) and coerce them, so the
 * rest of the code sees one shape. Unknown fields pass through untouched.
 */

const NUMERIC = /^\s*-?\d+(\.\d+)?\s*$/;

export const looseNumber = z
  .union([z.number(), z.string().regex(NUMERIC).transform(Number)])
  .transform((n) => (n === -999 ? undefined : n));

const looseBoolean = z.union([
  z.boolean(),
  z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1'),
  z.number().transform((n) => n !== 0),
]);

/** A list that may arrive as an array, one object, an empty XML element (`""`) or not at all. */
export function looseList<T extends z.ZodType>(item: T) {
  return z
    .union([z.array(item), item, z.literal('')])
    .optional()
    .transform((v): z.output<T>[] => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]));
}

export const LoginResponseSchema = z.looseObject({
  token: z.string().optional(),
  userName: z.string().optional(),
  data: z.looseObject({ authToken: z.string().optional() }).optional(),
  isAccountLocked: looseBoolean.optional(),
  remainingLockTime: looseNumber.optional(),
});

export const RenewResponseSchema = z.looseObject({ token: z.string().optional() });

export const WhoAmIResponseSchema = z.looseObject({
  user: z.looseObject({ userName: z.string().optional(), userId: looseNumber.optional() }).optional(),
  userName: z.string().optional(),
});

const RawClientSchema = z.looseObject({
  clientId: looseNumber,
  clientName: z.string().optional(),
  GUID: z.string().optional(),
});

const RawSelectedEntitySchema = z.looseObject({
  replicationId: looseNumber.optional(),
  entityId: looseNumber.optional(),
  entityName: z.string().optional(),
  clientId: looseNumber.optional(),
  clientName: z.string().optional(),
  destinationName: z.string().optional(),
});

export const RawVAppSchema = z.looseObject({
  vAppEntity: z.looseObject({ vAppId: looseNumber, vAppName: z.string().optional() }),
  description: z.string().optional(),
  operationType: looseNumber.optional(),
  isVirtualLab: looseBoolean.optional(),
  clientList: looseList(RawClientSchema),
  selectedEntities: looseList(RawSelectedEntitySchema),
});
export type RawVApp = z.output<typeof RawVAppSchema>;

export const DrGroupsResponseSchema = z.looseObject({ vApp: looseList(RawVAppSchema) });

/**
 * Older servers converted XML to JSON with `@`-prefixed attribute keys; small bodies are cheap to rename
 * before the schemas see them.
 */
export function stripAttributePrefixes(value: unknown): unknown {
  // Iterative (a crafted 10,000-deep body must not overflow the stack) and blind to prototype keys: a
  // `{"__proto__": {...}}` in a body must never become a field that a schema then reads.
  if (typeof value !== 'object' || value === null) return value;
  const root: unknown[] | Record<string, unknown> = Array.isArray(value) ? [] : {};
  const work: [source: object, target: unknown[] | Record<string, unknown>][] = [[value, root]];
  while (work.length) {
    const [source, target] = work.pop()!;
    const entries = Array.isArray(source) ? source.entries() : Object.entries(source);
    for (const [key, inner] of entries) {
      const copy = typeof inner === 'object' && inner !== null ? (Array.isArray(inner) ? [] : {}) : (inner as unknown);
      if (Array.isArray(target)) target.push(copy);
      else {
        const name = typeof key === 'string' ? unprefixed(key) : String(key);
        if (UNSAFE_KEYS.has(name)) continue;
        target[name] = copy;
      }
      if (copy !== inner) work.push([inner as object, copy as unknown[] | Record<string, unknown>]);
    }
  }
  return root;
}

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function unprefixed(key: string): string {
  return key.startsWith('@_') ? key.slice(2) : key.startsWith('@') ? key.slice(1) : key;
}
