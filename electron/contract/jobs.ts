import { z } from 'zod';
import { ConnectionRefSchema, IdSchema } from './ids.js';
import { DrOperationSchema, JobStatsEndpointSchema, JobStatsFilterSchema, ResponseFormatSchema } from './model.js';
import { RunSummarySchema } from './run.js';
import { ScopeSchema } from './scope.js';
import { RunReadinessSchema } from './readiness.js';

/**
 * Which operations get their type from the CommServe's job summaries: the newest 400 new ones per fetch (the app,
 * which asks again on later fetches), or every one (a scheduled export is for the record). Both within a deadline.
 */
export const TypeLookupsSchema = z.enum(['newest', 'all']);
export type TypeLookups = z.infer<typeof TypeLookupsSchema>;

export const FetchJobsRequestSchema = ConnectionRefSchema.extend({
  filter: JobStatsFilterSchema,
  /** Chosen by the renderer so it can cancel and match progress events. */
  requestId: IdSchema,
  typeLookups: TypeLookupsSchema.default('newest'),
});

/** Operations to show, from a live fetch or a saved run: the screens do not care which. */
export const RunViewSchema = z.object({
  operations: z.array(DrOperationSchema),
  /** DR group names by id, so operations can be labelled without another request. */
  groupNames: z.record(z.string(), z.string()),
  fetchedAt: z.number(),
  endpoint: JobStatsEndpointSchema,
  format: ResponseFormatSchema,
  vmRunCount: z.number().int(),
  bytes: z.number().int(),
  /** The test intervals the data is judged by (a saved run keeps its own); null for runs saved before they existed. */
  testIntervals: z
    .object({ testIntervalDays: z.number().nullable(), testIntervalsByGroup: z.record(z.string(), z.number()) })
    .nullable(),
  /** What was asked of the CommServe (DR group, job, pair, client): stated with the scope. */
  fetchFilter: JobStatsFilterSchema,
  /** SHA-256 of the server's raw answer: what the evidence report cites, and what a saved run is checked against. */
  rawBodySha256: z.string(),
  /** The scope a saved run was saved with, in words; empty for a live fetch (its scope is the screen's). */
  savedScopeText: z.string(),
  /** Operations the CommServe returned before a saved run's scope was applied (its own count when not saved). */
  totalOperations: z.number().int(),
  /** RTO targets in seconds: the connection's, and per DR group overrides. */
  rtoTargetSeconds: z.number().nullable(),
  rtoTargetsByGroup: z.record(z.string(), z.number()),
  /** A saved run's own scope, so opening it shows the scope it was saved with (absent for a live fetch). */
  savedScope: ScopeSchema.optional(),
  /** Readiness and the DR groups' definitions read with this data (null: none was read). */
  readiness: RunReadinessSchema.nullable().optional(),
});
export type RunView = z.infer<typeof RunViewSchema>;

export const FetchJobsResultSchema = RunViewSchema.extend({
  requestId: z.string(),
  /** Names this fetch in main, for saving it as a run or exporting it without sending it back. */
  fetchId: z.string(),
});
export type FetchJobsResult = z.infer<typeof FetchJobsResultSchema>;

export const OpenRunResultSchema = RunViewSchema.extend({ summary: RunSummarySchema });
export type OpenRunResult = z.infer<typeof OpenRunResultSchema>;
