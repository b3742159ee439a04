import { z } from 'zod';
import { IdSchema } from './ids.js';
import { RecordedTimeSchema } from './model.js';

/**
 * Sign-off of a recovery operation: what the people who ran and checked a DR test say about it, apart from the
 * machine's status (a recovery whose VMs came up can still have failed the test: an application did not start).
 * Append-only: an entry is never changed or removed; an amendment (a correction, or the reviewer's signature) is a
 * new entry naming the one it replaces. Kept in the data folder per CommServe and job, carried in saved runs and
 * covered by their evidence hash.
 */
export const TEST_VERDICTS = ['passed', 'passed-with-deviations', 'failed'] as const;
export const TestVerdictSchema = z.enum(TEST_VERDICTS);
export type TestVerdict = z.infer<typeof TestVerdictSchema>;

export const TEST_VERDICT_LABELS: Readonly<Record<TestVerdict, string>> = {
  passed: 'Passed',
  'passed-with-deviations': 'Passed with deviations',
  failed: 'Failed',
};

const Person = z.string().trim().min(1, 'Give a name').max(200);
const Text = z.string().max(10_000);

/** What the sign-off form sends (main adds who recorded it, when, and the id). */
export const AttestationDraftSchema = z
  .object({
    jobId: z.number().int().positive(),
    verdict: TestVerdictSchema,
    /** Each deviation from the test plan, one per entry (each opens a finding). */
    deviations: z.array(z.string().trim().min(1).max(2_000)).max(50).default([]),
    notes: Text.default(''),
    tester: Person,
    /** Absent until someone reviews it; a review is an amendment that names the reviewer. */
    reviewer: Person.nullable().default(null),
    /** The entry this one corrects or completes (null for the first). */
    replaces: IdSchema.nullable().default(null),
  })
  .refine((draft) => draft.verdict !== 'passed-with-deviations' || draft.deviations.length > 0, {
    message: 'Passed with deviations: name at least one deviation',
    path: ['deviations'],
  });
export type AttestationDraft = z.input<typeof AttestationDraftSchema>;

export const AttestationSchema = z.object({
  id: IdSchema,
  jobId: z.number().int().positive(),
  verdict: TestVerdictSchema,
  deviations: z.array(z.string()),
  notes: z.string(),
  tester: z.string(),
  reviewer: z.string().nullable(),
  replaces: IdSchema.nullable(),
  /** When the entry was recorded, and by which account on this computer (the audit trail's "who"). */
  recordedAt: RecordedTimeSchema,
  recordedBy: z.string(),
});
export type Attestation = z.infer<typeof AttestationSchema>;

/** Every entry of a job, oldest first, and the one that stands (the newest no later entry replaces). */
export const JobSignOffSchema = z.object({
  jobId: z.number().int().positive(),
  current: AttestationSchema,
  history: z.array(AttestationSchema),
});
export type JobSignOff = z.infer<typeof JobSignOffSchema>;

/**
 * The sign-off that stands for each job: the entries nothing replaced, the latest of them when several (two people
 * signing at once). Entries of other jobs are ignored.
 */
export function currentSignOffs(entries: readonly Attestation[]): Map<number, JobSignOff> {
  const replaced = new Set(entries.map((e) => e.replaces).filter((id): id is string => id !== null));
  const byJob = new Map<number, Attestation[]>();
  for (const entry of [...entries].sort((a, b) => a.recordedAt - b.recordedAt)) {
    const list = byJob.get(entry.jobId) ?? [];
    list.push(entry);
    byJob.set(entry.jobId, list);
  }
  const result = new Map<number, JobSignOff>();
  for (const [jobId, history] of byJob) {
    const standing = history.filter((e) => !replaced.has(e.id));
    const current = standing.at(-1) ?? history.at(-1)!;
    result.set(jobId, { jobId, current, history });
  }
  return result;
}

/** Why a review is not independent, or null: the reviewer ran the test, or started the job on the CommServe. */
export function reviewIndependence(signOff: Attestation, initiatedBy: string | null): string | null {
  if (signOff.reviewer === null) return null;
  const same = (a: string | null) => a !== null && a.trim().toLowerCase() === signOff.reviewer!.trim().toLowerCase();
  if (same(signOff.tester)) return 'review not independent: the reviewer is the tester';
  if (same(initiatedBy)) return 'review not independent: the reviewer started the job';
  return null;
}
