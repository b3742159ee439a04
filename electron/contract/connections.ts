import { z } from 'zod';
import { DEFAULT_TEST_INTERVAL_DAYS } from './evidence.js';
import { AppErrorSchema } from './errors.js';
import { IdSchema } from './ids.js';
import { ResponseFormatSchema } from './model.js';
import { SessionStatusSchema } from './sessions.js';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/;

/** How a connection trusts the CommServe's certificate. There is no "ignore certificate errors" option. */
export const TlsSettingSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('system') }),
  z.object({
    mode: z.literal('ca-file'),
    /**
     * The CA certificate itself (PEM), read by the page from the file the user picked. The page never names a path
     * for main to read: that would let it probe any file on the machine.
     */
    caPem: z
      .string()
      .max(256 * 1024, 'A CA certificate file is a few kilobytes; this one is too large')
      .refine((pem) => PEM_CERTIFICATE.test(pem), 'Choose a PEM certificate file (-----BEGIN CERTIFICATE-----)'),
    /** The picked file's name, to show. */
    caName: z.string().max(260).default('CA certificate'),
  }),
  z.object({
    mode: z.literal('pinned'),
    fingerprint256: z
      .string()
      .transform((v) => v.replace(/[\s:]/g, '').toUpperCase())
      .refine((v) => /^[0-9A-F]{64}$/.test(v), 'A SHA-256 fingerprint has 64 hexadecimal digits')
      .transform((v) => v.match(/../g)!.join(':')),
  }),
]);
export type TlsSetting = z.infer<typeof TlsSettingSchema>;

/**
 * As kept in the settings file: also the first versions' `ca-file` with a path the user typed on this machine. Main
 * reads that path when connecting (it is the user's own setting, never a page's request); the page can only send PEM.
 */
export const StoredTlsSettingSchema = z.union([
  TlsSettingSchema,
  z.object({ mode: z.literal('ca-file'), caFile: z.string().min(1) }),
]);
export type StoredTlsSetting = z.infer<typeof StoredTlsSettingSchema>;

/** A test interval in whole days (a day to ten years). */
export const TestIntervalDaysSchema = z.number().int().min(1).max(3650);
/** An RTO target in minutes, as the admin types it (stored in seconds on a run: see `rtoTargets`). */
export const RtoTargetMinutesSchema = z.number().positive().max(100_000);

/** A form field's text (or a number input's value), checked against a schema; empty gives null. */
type FieldResult = { value: number | null } | { message: string };
function numberField(input: string | number | null | undefined, schema: z.ZodNumber, message: string): FieldResult {
  const text = typeof input === 'number' ? (Number.isNaN(input) ? '' : String(input)) : (input ?? '').trim();
  if (text === '') return { value: null };
  const parsed = schema.safeParse(Number(text));
  return parsed.success ? { value: parsed.data } : { message };
}

/** The RTO target field of every form: `emptyMeans` says what leaving it empty does there. */
export function parseTargetMinutes(input: string | number | null | undefined, emptyMeans: string): FieldResult {
  return numberField(
    input,
    RtoTargetMinutesSchema,
    `The RTO target is a number of minutes greater than 0 and at most 100,000 (empty: ${emptyMeans}).`,
  );
}

/** The test interval field of every form. */
export function parseIntervalDays(input: string | number | null | undefined, emptyMeans: string): FieldResult {
  return numberField(
    input,
    TestIntervalDaysSchema,
    `The test interval is a whole number of days from 1 to 3650 (empty: ${emptyMeans}).`,
  );
}

/** A saved connection: everything needed to reach a CommServe, and no secret at all. */
export const ConnectionProfileSchema = z.object({
  id: IdSchema,
  name: z.string().trim().min(1, 'Give the connection a name').max(100),
  webService: z.string().trim().min(1, 'Enter the web service address').max(2048),
  format: ResponseFormatSchema.default('json'),
  tls: StoredTlsSettingSchema.default({ mode: 'system' }),
  /** Target RTO in minutes; operations above it are flagged. */
  rtoTargetMinutes: RtoTargetMinutesSchema.nullable().default(null),
  /** Per DR group overrides of the RTO target, in minutes, by DR group id. */
  rtoTargetsByGroup: z.record(z.string(), RtoTargetMinutesSchema).default({}),
  /** Days a DR group may go without a successful test before the overview flags it overdue. */
  testIntervalDays: TestIntervalDaysSchema.default(DEFAULT_TEST_INTERVAL_DAYS),
  /** Per DR group overrides of the test interval, in days, by DR group id. */
  testIntervalsByGroup: z.record(z.string(), TestIntervalDaysSchema).default({}),
  username: z.string().max(256).default(''),
  domain: z.string().max(256).default(''),
  /** Keep the session token in the keychain between runs. */
  staySignedIn: z.boolean().default(false),
  /** Separately opted in: keep the password too, for silent re-login after expiry. */
  rememberPassword: z.boolean().default(false),
  /**
   * Signed out while the keychain could not delete what it kept (locked, say): those secrets are dead. Nothing
   * (app, browser mode, CLI) may use them, and whoever finds the keychain open again deletes them and clears this.
   */
  secretsWithdrawn: z.boolean().default(false),
  /** The built-in demo simulator rather than a real CommServe. */
  demo: z.boolean().default(false),
});
export type ConnectionProfile = z.infer<typeof ConnectionProfileSchema>;

/** A connection as the UI sees it: the profile plus what the root parser had to say about the address. */
export const ConnectionViewSchema = ConnectionProfileSchema.extend({
  warnings: z.array(z.string()),
  session: SessionStatusSchema,
});
export type ConnectionView = z.infer<typeof ConnectionViewSchema>;

export const ConnectionDraftSchema = z.object({
  /** Absent for a new connection. */
  id: IdSchema.optional(),
  name: z.string().trim().min(1, 'Give the connection a name').max(100),
  webService: z.string().trim().min(1, 'Enter the web service address').max(2048),
  format: ResponseFormatSchema,
  tls: TlsSettingSchema,
  rtoTargetMinutes: RtoTargetMinutesSchema.nullable(),
  /** Absent: keep the connection's (a new one gets 90 days). */
  testIntervalDays: TestIntervalDaysSchema.optional(),
});
export type ConnectionDraft = z.input<typeof ConnectionDraftSchema>;
/** A draft as the dispatcher hands it on: checked, trimmed. */
export type CheckedConnectionDraft = z.output<typeof ConnectionDraftSchema>;

export const ConnectionTestResultSchema = z.object({
  reachable: z.boolean(),
  message: z.string(),
  error: AppErrorSchema.nullable(),
});
