import { z } from 'zod';
import { AttestationSchema, type Attestation } from './attestations.js';
import { RecordedTimeSchema, OperationTypeSchema, type JobStatsFilter } from './model.js';
import type { Scope } from './scope.js';

/**
 * What the CommServe's job summaries (`GET Job/{id}`) said of each job, as a run keeps it: the operation's type and
 * who started it, in its own words. With the raw JobStats answer it is everything the figures are derived from, so a
 * run's operations can be derived again and checked (`verify`). Keys are job ids.
 */
export const JobFactSchema = z.object({
  /** The DR operation the summary names, or null when it names none this app knows (the type is then inferred). */
  operationType: OperationTypeSchema.nullable(),
  /** Who started the job (`jobSummary.userName.userName`), or null when the CommServe did not say. */
  initiatedBy: z.string().max(256).nullable(),
});
export type JobFact = z.infer<typeof JobFactSchema>;
export const JobFactsSchema = z.record(z.string().regex(/^\d+$/), JobFactSchema);
export type JobFacts = z.infer<typeof JobFactsSchema>;

/**
 * Everything the evidence SHA-256 covers: what the report shows and what its figures follow from. The answer (by its
 * own SHA-256, which the raw body must match), the job summaries, the scope, the targets and intervals the figures
 * are judged by, and the sign-offs of the operations in scope. Not the run's name or note, which are labels.
 */
export interface EvidenceContent {
  version: 1;
  server: { webService: string };
  query: { filter: JobStatsFilter; endpoint: string };
  fetchedAt: number;
  answerSha256: string;
  jobFacts: JobFacts;
  scope: Scope;
  targets: { rtoTargetSeconds: number | null; rtoTargetsByGroup: Readonly<Record<string, number>> };
  intervals: { testIntervalDays: number | null; testIntervalsByGroup: Readonly<Record<string, number>> };
  signOffs: readonly Attestation[];
}

/** A finalized run: an evidence pack. */
export const PackSchema = z.object({
  finalizedAt: RecordedTimeSchema,
  finalizedBy: z.string(),
  /** Until when the pack must be kept; deleting it earlier asks twice. */
  retainUntil: RecordedTimeSchema,
  /** The evidence SHA-256 of the run at finalization (the figures, answer, scope, targets and sign-offs). */
  evidenceSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The pack finalized before this one in the same data folder: a chain that shows one removed or changed. */
  previous: z.object({ id: z.string(), name: z.string(), packSha256: z.string().regex(/^[0-9a-f]{64}$/) }).nullable(),
  /** SHA-256 of the pack's own facts (`packFacts`), what a signature signs. */
  packSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Ed25519 over the bytes of `packSha256` (hex), with the admin's key; its public key is given to the auditor. */
  signature: z
    .object({
      algorithm: z.literal('ed25519'),
      /** The signing key's public half (SPKI PEM), to say which key; trust comes from the auditor's own copy. */
      publicKey: z.string().max(4096),
      value: z.string().regex(/^[A-Za-z0-9+/=]+$/),
    })
    .nullable(),
});
export type Pack = z.infer<typeof PackSchema>;

/** The facts `packSha256` covers, in a fixed order. */
export function packFacts(
  run: { id: string; name: string; note: string; savedAt: number },
  pack: Omit<Pack, 'packSha256' | 'signature'>,
) {
  return {
    version: 1,
    runId: run.id,
    name: run.name,
    note: run.note,
    savedAt: run.savedAt,
    finalizedAt: pack.finalizedAt,
    finalizedBy: pack.finalizedBy,
    retainUntil: pack.retainUntil,
    evidenceSha256: pack.evidenceSha256,
    previous: pack.previous,
  };
}

/** Sign-offs as a run carries them: the entries of its operations. */
export const RunSignOffsSchema = z.array(AttestationSchema).max(100_000);

/** The default retention of an evidence pack, in days (ISO 22301 audits look back several years). */
export const DEFAULT_RETENTION_DAYS = 7 * 365;

export const FinalizeOptionsSchema = z.object({
  /** Days the pack must be kept from now (a day to 30 years). */
  retentionDays: z
    .number()
    .int()
    .min(1)
    .max(30 * 365)
    .default(DEFAULT_RETENTION_DAYS),
  /** Sign with the admin's Ed25519 key (a file they named; never held in a pack). */
  sign: z.boolean().default(false),
});
