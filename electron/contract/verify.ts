import { z } from 'zod';

/** One check of a pack: passed, failed, or not made (null: what it needs was not given), with what it found. */
export const PackCheckSchema = z.object({
  check: z.enum(['file', 'figures', 'evidence', 'pack', 'chain', 'signature']),
  ok: z.boolean().nullable(),
  detail: z.string(),
});
export type PackCheck = z.infer<typeof PackCheckSchema>;

/** A pack's verification: passed when no check failed (one not made does not fail it, and says so). */
export const PackVerdictSchema = z.object({ ok: z.boolean(), checks: z.array(PackCheckSchema) });
export type PackVerdict = z.infer<typeof PackVerdictSchema>;
