import { z } from 'zod';
import { RecordedTimeSchema } from './model.js';

/** What is written to the local audit log: every act that changes or hands out evidence. */
export const AUDIT_ACTIONS = [
  'export',
  'save-run',
  'finalize',
  'sign-off',
  'finding',
  'delete-run',
  'import-run',
] as const;
export const AuditActionSchema = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditActionSchema>;

/**
 * One line of the audit log (`audit.log`, JSON lines in the data folder): who did what, when, to which evidence,
 * chained to the line before by hash, so a line removed, changed or put in between breaks the chain from there on.
 */
export const AuditEntrySchema = z.object({
  seq: z.number().int().positive(),
  at: RecordedTimeSchema,
  /** The account on this computer that did it. */
  user: z.string(),
  action: AuditActionSchema,
  /** What it was done to: a run's name and id, a job, a file. */
  subject: z.string().max(2_000),
  detail: z.string().max(10_000),
  /** The hash of the line before (null for the first). */
  previous: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  /** SHA-256 of this line's other fields (canonical JSON). */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditLogViewSchema = z.object({
  entries: z.array(AuditEntrySchema),
  /** Null when every line is there and each names the one before; else where and how the chain breaks. */
  broken: z.string().nullable(),
});
export type AuditLogView = z.infer<typeof AuditLogViewSchema>;
