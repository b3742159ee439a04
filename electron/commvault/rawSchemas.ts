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
  if (Array.isArray(value)) return value.map(stripAttributePrefixes);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const name = key.startsWith('@_') ? key.slice(2) : key.startsWith('@') ? key.slice(1) : key;
    out[name] = stripAttributePrefixes(inner);
  }
  return out;
}
