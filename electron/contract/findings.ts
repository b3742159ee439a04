import { z } from 'zod';
import { currentSignOffs, type Attestation } from './attestations.js';
import { isRecoveryType, rtoVerdict, targetFor, type RtoTargets } from './evidence.js';
import { RecordedTimeSchema, type DrOperation } from './model.js';

/**
 * Findings: what a DR test found wrong, followed to closure. Opened by every failed or over-target recovery, every
 * recovery its tester signed off as failed, and every deviation signed off; closed only by a later successful
 * recovery of the same DR group (found in the data, linked by job), or as a risk a reviewer accepted in writing.
 * What people add (severity, owner, due date, notes, an accepted risk) is kept append-only in the data folder.
 */
export const FINDING_SEVERITIES = ['high', 'medium', 'low'] as const;
export const FindingSeveritySchema = z.enum(FINDING_SEVERITIES);
export type FindingSeverity = z.infer<typeof FindingSeveritySchema>;

export const FINDING_KINDS = ['not-recovered', 'over-target', 'failed-test', 'deviation'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export const FINDING_KIND_LABELS: Readonly<Record<FindingKind, string>> = {
  'not-recovered': 'Recovery failed',
  'over-target': 'RTO over target',
  'failed-test': 'Test signed off as failed',
  deviation: 'Deviation from the test plan',
};

/** What a person records about a finding; each field absent keeps its last value. One line of the notes log. */
export const FindingNoteSchema = z.object({
  findingId: z.string().min(1).max(100),
  severity: FindingSeveritySchema.optional(),
  owner: z.string().trim().max(200).optional(),
  /** Due date, epoch seconds (the day, UTC midnight). */
  due: RecordedTimeSchema.nullable().optional(),
  note: z.string().max(10_000).optional(),
  /** A risk accepted instead of fixed: closes the finding, signed by a reviewer. */
  acceptedRisk: z
    .object({ reviewer: z.string().trim().min(1).max(200), reason: z.string().trim().min(1).max(10_000) })
    .optional(),
  recordedAt: RecordedTimeSchema,
  recordedBy: z.string(),
});
export type FindingNote = z.infer<typeof FindingNoteSchema>;

/** What the Findings screen sends (main adds who and when). */
export const FindingUpdateSchema = FindingNoteSchema.omit({ recordedAt: true, recordedBy: true });
export type FindingUpdate = z.input<typeof FindingUpdateSchema>;

export const FindingSchema = z.object({
  id: z.string(),
  kind: z.enum(FINDING_KINDS),
  /** What was found, in words (the verdict, or the deviation as the tester wrote it). */
  title: z.string(),
  drGroupId: z.number().int().nullable(),
  openedByJobId: z.number().int(),
  openedAt: z.number(),
  status: z.enum(['open', 'closed']),
  closedByJobId: z.number().int().nullable(),
  closedAt: z.number().nullable(),
  closedHow: z.enum(['later-success', 'accepted-risk']).nullable(),
  acceptedRisk: z.object({ reviewer: z.string(), reason: z.string(), at: z.number() }).nullable(),
  severity: FindingSeveritySchema,
  owner: z.string(),
  due: z.number().nullable(),
  notes: z.array(z.object({ text: z.string(), at: z.number(), by: z.string() })),
  /** Whole days from opening to closing, or to `asOf` while open. */
  ageDays: z.number().int().nonnegative(),
});
export type Finding = z.infer<typeof FindingSchema>;

const DAY = 86_400;

const DEFAULT_SEVERITY: Readonly<Record<FindingKind, FindingSeverity>> = {
  'not-recovered': 'high',
  'failed-test': 'high',
  'over-target': 'medium',
  deviation: 'low',
};

/**
 * The findings of `operations`, with closure looked for in `history` (everything fetched: a later success outside
 * the scope still closes a finding in it). Running operations open nothing yet. Oldest first.
 */
export function deriveFindings(input: {
  operations: readonly DrOperation[];
  history: readonly DrOperation[];
  targets: RtoTargets;
  asOf: number;
  signOffs: readonly Attestation[];
  notes: readonly FindingNote[];
}): Finding[] {
  const { targets, asOf } = input;
  const standing = currentSignOffs(input.signOffs);
  const opened: { id: string; kind: FindingKind; title: string; op: DrOperation }[] = [];
  for (const op of input.operations) {
    if (!isRecoveryType(op.operationType) || op.status === 'running') continue;
    const verdict = rtoVerdict(op, targetFor(op, targets), asOf);
    const signOff = standing.get(op.jobId)?.current;
    if (verdict.kind === 'not-recovered')
      opened.push({ id: `F-${op.jobId}`, kind: 'not-recovered', title: verdict.label, op });
    else if (verdict.kind === 'over')
      opened.push({ id: `F-${op.jobId}`, kind: 'over-target', title: verdict.label, op });
    else if (signOff?.verdict === 'failed')
      opened.push({ id: `F-${op.jobId}`, kind: 'failed-test', title: `signed off as failed by ${signOff.tester}`, op });
    signOff?.deviations.forEach((text, i) =>
      opened.push({ id: `F-${op.jobId}-D${i + 1}`, kind: 'deviation', title: text, op }),
    );
  }
  const notesById = new Map<string, FindingNote[]>();
  for (const note of [...input.notes].sort((a, b) => a.recordedAt - b.recordedAt)) {
    const list = notesById.get(note.findingId) ?? [];
    list.push(note);
    notesById.set(note.findingId, list);
  }
  return opened
    .map(({ id, kind, title, op }) => {
      const openedAt = op.end ?? op.start ?? asOf;
      const notes = notesById.get(id) ?? [];
      const last = <K extends keyof FindingNote>(key: K) => notes.filter((n) => n[key] !== undefined).at(-1)?.[key];
      const accepted = notes.filter((n) => n.acceptedRisk).at(0);
      const closer = laterSuccess(op, input.history, targets, asOf, standing);
      const closedBySuccess = closer && (!accepted || (closer.end ?? closer.start!) <= accepted.recordedAt);
      const closedAt = closedBySuccess ? (closer.end ?? closer.start!) : accepted ? accepted.recordedAt : null;
      return {
        id,
        kind,
        title,
        drGroupId: op.drGroupId,
        openedByJobId: op.jobId,
        openedAt,
        status: closedAt === null ? ('open' as const) : ('closed' as const),
        closedByJobId: closedBySuccess ? closer.jobId : null,
        closedAt,
        closedHow: closedBySuccess ? ('later-success' as const) : accepted ? ('accepted-risk' as const) : null,
        acceptedRisk:
          !closedBySuccess && accepted?.acceptedRisk ? { ...accepted.acceptedRisk, at: accepted.recordedAt } : null,
        severity: last('severity') ?? DEFAULT_SEVERITY[kind],
        owner: last('owner') ?? '',
        due: last('due') ?? null,
        notes: notes.filter((n) => n.note).map((n) => ({ text: n.note!, at: n.recordedAt, by: n.recordedBy })),
        ageDays: Math.max(0, Math.floor(((closedAt ?? asOf) - openedAt) / DAY)),
      };
    })
    .sort((a, b) => a.openedAt - b.openedAt || a.id.localeCompare(b.id));
}

/**
 * The first recovery of the same DR group that started after `op` and succeeded within its target (and that its
 * tester did not sign off as failed): what proves the group recovers again.
 */
function laterSuccess(
  op: DrOperation,
  history: readonly DrOperation[],
  targets: RtoTargets,
  asOf: number,
  standing: ReturnType<typeof currentSignOffs>,
): DrOperation | undefined {
  const after = op.start ?? 0;
  return history
    .filter(
      (later) =>
        later.drGroupId === op.drGroupId &&
        later.jobId !== op.jobId &&
        isRecoveryType(later.operationType) &&
        later.start !== null &&
        later.start > after &&
        ['within', 'no-target'].includes(rtoVerdict(later, targetFor(later, targets), asOf).kind) &&
        standing.get(later.jobId)?.current.verdict !== 'failed',
    )
    .sort((a, b) => a.start! - b.start!)[0];
}
