import { z } from 'zod';
import { IdSchema } from './ids.js';
import { JobFactsSchema, PackSchema, RunSignOffsSchema } from './pack.js';
import { EMPTY_SCOPE, ScopeSchema, type Scope } from './scope.js';
import { RtoTargetMinutesSchema, TestIntervalDaysSchema } from './connections.js';
import {
  DrOperationSchema,
  JobStatsEndpointSchema,
  JobStatsFilterSchema,
  RecordedTimeSchema,
  ResponseFormatSchema,
} from './model.js';
import { RunReadinessSchema } from './readiness.js';

/**
 * A saved run: what one fetch returned, complete enough to review and export with no network. Never holds a
 * token or password. The raw body is kept verbatim with its SHA-256, so damage is detected, not displayed; the
 * operations are held to what a fetch can produce (`DrOperationSchema`), so a value edited in never reaches a screen.
 */
export const RUN_FILE_FORMAT = 'dr-job-stats-run';
/** 4: the job summaries' facts, sign-offs and the evidence pack (an older app refuses such a file, never strips it). */
export const RUN_SCHEMA_VERSION = 4;
export const RUN_FILE_EXTENSION = '.drrun.json';

export const RunServerSchema = z.object({ connectionName: z.string(), webService: z.string() });

/** An RTO target in seconds, as a run keeps it: the connection's targets in minutes, times 60 (`targetSeconds`). */
const RtoTargetSecondsSchema = z
  .number()
  .positive()
  .max((RtoTargetMinutesSchema.maxValue ?? Number.MAX_VALUE) * 60);

export const RunQuerySchema = z.object({
  filter: JobStatsFilterSchema,
  format: ResponseFormatSchema,
  endpoint: JobStatsEndpointSchema,
  /** Path and query relative to the web service root. */
  path: z.string(),
});

/** What a fetch produced, before it is named and saved. */
export const RunContentSchema = z.object({
  server: RunServerSchema,
  query: RunQuerySchema,
  fetchedAt: RecordedTimeSchema,
  appVersion: z.string(),
  contentType: z.string(),
  rawBody: z.string(),
  rawBodySha256: z.string().regex(/^[0-9a-f]{64}$/),
  groupNames: z.record(z.string(), z.string()),
  /** RTO targets in force when it was fetched: the connection's, and per DR group overrides. */
  rtoTargetSeconds: RtoTargetSecondsSchema.nullable(),
  rtoTargetsByGroup: z.record(z.string(), RtoTargetSecondsSchema),
  /** The operations in the user's scope when it was saved (all of them when nothing was filtered). */
  operations: z.array(DrOperationSchema),
  /** The scope the run was saved with, and in words ("Finance Tier 1 · last 30 days · 51 of 300 operations"). */
  scope: ScopeSchema.default(EMPTY_SCOPE),
  scopeText: z.string().max(2000).default(''),
  /** Operations the CommServe returned before the scope was applied. */
  totalOperations: z.number().int().nonnegative().optional(),
  /** Test intervals in force (days): the connection's, and per DR group overrides. Absent in older runs. */
  testIntervalDays: TestIntervalDaysSchema.nullable().optional(),
  testIntervalsByGroup: z.record(z.string(), TestIntervalDaysSchema).optional(),
  /**
   * What the CommServe's job summaries said (types, initiators): with the raw answer, all the figures follow from.
   * Absent in runs saved before schema 4, whose operation types are taken as saved.
   */
  jobFacts: JobFactsSchema.optional(),
  /** The sign-offs of its operations, as they stood when it was saved (later ones are the data folder's). */
  signOffs: RunSignOffsSchema.optional(),
  /** Readiness and each DR group's definition as read at fetch time (what was tested); absent before issue 21. */
  readiness: RunReadinessSchema.optional(),
});
/** Scope fields may be left out: a run saved without a scope holds everything fetched. */
export type RunContent = z.input<typeof RunContentSchema>;

/** A run's fields, each in its range; `RunSchema` also checks that they agree (older formats `.omit` from this). */
export const RunFieldsSchema = RunContentSchema.extend({
  format: z.literal(RUN_FILE_FORMAT),
  schemaVersion: z.literal(RUN_SCHEMA_VERSION),
  id: IdSchema,
  name: z.string().max(200),
  note: z.string().max(10_000),
  savedAt: RecordedTimeSchema,
  /** Set when the run was finalized as an evidence pack: frozen from then on. */
  pack: PackSchema.optional(),
});

export const RunSchema = RunFieldsSchema.superRefine((run, ctx) => {
  if (run.totalOperations !== undefined && run.totalOperations < run.operations.length)
    ctx.addIssue({
      code: 'custom',
      path: ['totalOperations'],
      message: `does not add up: fewer than the ${run.operations.length} operations the run holds`,
    });
});
export type Run = z.infer<typeof RunSchema>;

export const RunSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  note: z.string(),
  connectionName: z.string(),
  webService: z.string(),
  fetchedAt: RecordedTimeSchema,
  savedAt: RecordedTimeSchema,
  operationCount: z.number().int().nonnegative(),
  vmRunCount: z.number().int().nonnegative(),
  failedOperations: z.number().int().nonnegative(),
  runningOperations: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  scopeText: z.string(),
  /**
   * Operations in the CommServe's answer the file keeps (the whole answer, so its figures can be checked), which a
   * scoped run holds more of than it shows; null in summaries written before it was counted.
   */
  answerOperations: z.number().int().nonnegative().nullable().default(null),
  /** `damaged` runs stay listed with the reason, so nothing disappears silently. */
  status: z.enum(['ok', 'damaged']),
  problem: z.string().nullable(),
  /** A finalized run (an evidence pack): when, until when it must be kept, and whether it is signed. */
  pack: z
    .object({ finalizedAt: RecordedTimeSchema, retainUntil: RecordedTimeSchema, signed: z.boolean() })
    .nullable()
    .default(null),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;

/** The scope a run (or a fetch about to be saved) holds: everything, when it was saved without one. */
export function savedScopeOf(content: RunContent): Scope {
  return ScopeSchema.parse(content.scope ?? {});
}

/** The one way a run is made from what a fetch produced (the app's save and the headless export alike). */
export function newRun(content: RunContent, meta: { id: string; name: string; note: string; savedAt: number }): Run {
  const { scopeText, ...rest } = content;
  return {
    ...rest,
    scope: savedScopeOf(content),
    scopeText: scopeText ?? '',
    format: RUN_FILE_FORMAT,
    schemaVersion: RUN_SCHEMA_VERSION,
    ...meta,
  };
}
