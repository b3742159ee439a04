import { z } from 'zod';

export const ComparisonThresholdSchema = z.object({
  /** A slower phase is a regression when it grew by more than this percentage… */
  percent: z.number().min(0).max(10_000).default(20),
  /** …and by more than this many seconds (so 2 s → 3 s is not a "50% regression"). */
  seconds: z.number().min(0).max(1_000_000).default(30),
});
export type ComparisonThreshold = z.infer<typeof ComparisonThresholdSchema>;

export const ComparisonRowSchema = z.object({
  level: z.enum(['phase', 'vm']),
  vm: z.string().nullable(),
  phase: z.string().nullable(),
  left: z.number().nullable(),
  right: z.number().nullable(),
  delta: z.number().nullable(),
  deltaPercent: z.number().nullable(),
  presence: z.enum(['both', 'left-only', 'right-only']),
  regression: z.boolean(),
});
export type ComparisonRow = z.infer<typeof ComparisonRowSchema>;

export const ComparisonSchema = z.object({
  /** `operations`: phase by phase within one job each; `runs`: medians over every operation of each run. */
  mode: z.enum(['operations', 'runs']),
  leftLabel: z.string(),
  rightLabel: z.string(),
  leftRto: z.number().nullable(),
  rightRto: z.number().nullable(),
  rows: z.array(ComparisonRowSchema),
  regressions: z.number().int(),
});
export type Comparison = z.infer<typeof ComparisonSchema>;
