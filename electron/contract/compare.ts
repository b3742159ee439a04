import { z } from 'zod';
import { DataSourceSchema } from './exports.js';

export const ComparisonThresholdSchema = z.object({
  /** A slower phase is a regression when it grew by more than this percentage… */
  percent: z.number().min(0).max(10_000).default(20),
  /** …and by more than this many seconds (so 2 s → 3 s is not a "50% regression"). */
  seconds: z.number().min(0).max(1_000_000).default(30),
});
export type ComparisonThreshold = z.infer<typeof ComparisonThresholdSchema>;
/** What "slower" means until the admin changes it: every screen that starts a comparison uses this. */
export const DEFAULT_THRESHOLD: ComparisonThreshold = ComparisonThresholdSchema.parse({});

/**
 * How one side of a row ended. `not-reached`: the side lacks a phase the other side has because its VM failed
 * before getting there; `pending`: its operation is still running and has not got there yet; `absent`: the side
 * simply has no such phase or VM (another phase sequence or VM set).
 */
export const ComparisonSideSchema = z.enum([
  'succeeded',
  'failed',
  'running',
  'unknown',
  'absent',
  'not-reached',
  'pending',
]);
export type ComparisonSide = z.infer<typeof ComparisonSideSchema>;

/**
 * Why a row is a regression, judged from the earlier (left) side to the later (right) one: the later side failed,
 * never reached the phase, is still running past its RTO target (a live breach), fails at a higher rate (runs), or
 * is slower beyond the threshold. A failure is never faster, however quickly it failed, so such a row has no
 * duration change at all.
 */
export const RegressionReasonSchema = z.enum(['slower', 'failed', 'not-reached', 'more-failures', 'live-breach']);
export type RegressionReason = z.infer<typeof RegressionReasonSchema>;

/**
 * Why a row is an improvement: what failed (or was never reached) in the earlier side succeeded in the later one, it
 * fails at a lower rate (runs: rates, so runs of different sizes compare), or it is faster beyond the threshold.
 */
export const ImprovementReasonSchema = z.enum(['recovered', 'reached', 'fewer-failures', 'faster']);
export type ImprovementReason = z.infer<typeof ImprovementReasonSchema>;

export const ComparisonRowSchema = z.object({
  level: z.enum(['phase', 'vm']),
  vm: z.string().nullable(),
  phase: z.string().nullable(),
  left: z.number().nullable(),
  right: z.number().nullable(),
  /**
   * A side's seconds: its duration, a failed one's time to failure, or a running one's time so far (as of its data's
   * fetch). The delta is null when a side is missing, failed, still running or unconfirmed: those do not compare.
   */
  delta: z.number().nullable(),
  deltaPercent: z.number().nullable(),
  presence: z.enum(['both', 'left-only', 'right-only']),
  regression: z.boolean(),
  leftStatus: ComparisonSideSchema.default('succeeded'),
  rightStatus: ComparisonSideSchema.default('succeeded'),
  reason: RegressionReasonSchema.nullable().default(null),
  /** Set only on a row that is no regression. */
  improvement: ImprovementReasonSchema.nullable().default(null),
  /** Runs: how many of the phase's (or VM's) occurrences failed on each side. Operations: 0 or 1. */
  leftFailures: z.number().int().nonnegative().default(0),
  rightFailures: z.number().int().nonnegative().default(0),
  /** How many occurrences each side has (runs: over all its recovery operations; operations: 1, or 0 when absent). */
  leftRuns: z.number().int().nonnegative().default(0),
  rightRuns: z.number().int().nonnegative().default(0),
});
export type ComparisonRow = z.infer<typeof ComparisonRowSchema>;

export const ComparisonSchema = z.object({
  /** `operations`: phase by phase within one job each; `runs`: medians over every operation of each run. */
  mode: z.enum(['operations', 'runs']),
  leftLabel: z.string(),
  rightLabel: z.string(),
  leftRto: z.number().nullable(),
  rightRto: z.number().nullable(),
  /**
   * Operations: the verdict's words when a side has no recovery RTO ("not recovered (6 of 7 VMs)", "running",
   * "no RTO (Undo Failover)"), so a failed operation never reads as a faster RTO. Null when the side has an RTO.
   */
  leftRtoLabel: z.string().nullable().default(null),
  rightRtoLabel: z.string().nullable().default(null),
  /** Failed recovery operations on each side (runs: all of them; operations: 0 or 1). */
  leftNotRecovered: z.number().int().nonnegative().default(0),
  rightNotRecovered: z.number().int().nonnegative().default(0),
  /** Finished recovery operations on each side: what "not recovered" is a share of. */
  leftRecoveries: z.number().int().nonnegative().default(0),
  rightRecoveries: z.number().int().nonnegative().default(0),
  /** Recovery operations still running and already past their target, as of each side's fetch: live breaches. */
  leftLiveBreaches: z.number().int().nonnegative().default(0),
  rightLiveBreaches: z.number().int().nonnegative().default(0),
  /** Set when the two sides were saved with different scopes: their figures do not describe the same thing. */
  scopeWarning: z.string().nullable().default(null),
  rows: z.array(ComparisonRowSchema),
  regressions: z.number().int(),
  improvements: z.number().int().nonnegative().default(0),
});
export type Comparison = z.infer<typeof ComparisonSchema>;

const OperationRefSchema = z.object({ source: DataSourceSchema, jobId: z.number().int().positive() });
export const CompareRequestSchema = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('runs'),
    left: DataSourceSchema,
    right: DataSourceSchema,
    threshold: ComparisonThresholdSchema,
  }),
  z.object({
    mode: z.literal('operations'),
    left: OperationRefSchema,
    right: OperationRefSchema,
    threshold: ComparisonThresholdSchema,
  }),
]);
export type CompareRequest = z.input<typeof CompareRequestSchema>;
/** A compare request as the dispatcher hands it on: checked, defaults applied. */
export type CheckedCompareRequest = z.output<typeof CompareRequestSchema>;
