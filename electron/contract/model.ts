import { z } from 'zod';

/**
 * The normalised, transport-neutral domain model (DESIGN.md "Data model"). Times are epoch seconds UTC,
 * durations are seconds. The zod schemas are the single source: the types are inferred from them, and the
 * bridge validates with them.
 */

export const PhaseStatusSchema = z.enum(['succeeded', 'failed', 'running', 'unknown']);
export type PhaseStatus = z.infer<typeof PhaseStatusSchema>;

export const PhaseSchema = z.object({
  code: z.number().int(),
  name: z.string(),
  status: PhaseStatusSchema,
  /** The server's status value as sent (null when missing); shown for `unknown`. */
  rawStatus: z.number().nullable(),
  start: z.number().nullable(),
  end: z.number().nullable(),
  /** Seconds; null while the phase runs or when a time is missing. */
  duration: z.number().nullable(),
  machine: z.string().nullable(),
  errorMessage: z.string().nullable(),
  childJobId: z.number().nullable(),
});
export type Phase = z.infer<typeof PhaseSchema>;

export const ClientRefSchema = z.object({ id: z.number().nullable(), name: z.string() });
export type ClientRef = z.infer<typeof ClientRefSchema>;

export const VmRunSchema = z.object({
  jobId: z.number(),
  replicationId: z.number().nullable(),
  drGroupId: z.number().nullable(),
  client: ClientRefSchema,
  phases: z.array(PhaseSchema),
  start: z.number().nullable(),
  end: z.number().nullable(),
  status: PhaseStatusSchema,
  failedPhases: z.number().int(),
});
export type VmRun = z.infer<typeof VmRunSchema>;

/**
 * What a DR operation did (Commvault's DR operation types). Only some bring VMs up at the DR site and so have a
 * recovery RTO: see `isRecoveryType` in `evidence.ts`.
 */
export const OperationTypeSchema = z.enum([
  'test-boot',
  'planned-failover',
  'unplanned-failover',
  'point-in-time-failover',
  'failback',
  'undo-failover',
  'revert-failover',
  'reverse-replication',
  'unknown',
]);
export type OperationType = z.infer<typeof OperationTypeSchema>;

/** Where an operation's type came from: the CommServe's job summary, or inferred from its phase sequence. */
export const OperationTypeSourceSchema = z.enum(['commserve', 'inferred']);
export type OperationTypeSource = z.infer<typeof OperationTypeSourceSchema>;

export const DrOperationSchema = z.object({
  jobId: z.number(),
  drGroupId: z.number().nullable(),
  operationType: OperationTypeSchema,
  operationTypeSource: OperationTypeSourceSchema,
  vms: z.array(VmRunSchema),
  start: z.number().nullable(),
  /** Latest phase end; null while anything still runs. */
  end: z.number().nullable(),
  /** Seconds from the earliest phase start to the latest phase end; null while running. Not an RTO by itself. */
  duration: z.number().nullable(),
  /**
   * Recovery RTO in seconds (docs/evidence.md): the duration of a recovery operation whose VMs all came up.
   * Null for other operation types, and for failed, running or unconfirmed operations. Set by `classify`.
   */
  rto: z.number().nullable(),
  status: PhaseStatusSchema,
  failedPhases: z.number().int(),
  runningPhases: z.number().int(),
});
export type DrOperation = z.infer<typeof DrOperationSchema>;

/** The most operations a fetch's preview carries: a screenful, before the answer is complete. */
export const PREVIEW_OPERATIONS = 40;

/**
 * One operation of a fetch still arriving, as far as it has arrived: which job, which group, which VMs so far.
 * It deliberately has no status, duration or RTO: those are only known once every VM run of the job is in.
 */
export const PreviewOperationSchema = z.object({
  jobId: z.number(),
  drGroupId: z.number().nullable(),
  vmNames: z.array(z.string()),
  start: z.number().nullable(),
});
export type PreviewOperation = z.infer<typeof PreviewOperationSchema>;

/** The first operations of a fetch in the order they arrived, and how many VM runs had arrived by then. */
export const FetchPreviewSchema = z.object({
  operations: z.array(PreviewOperationSchema).max(PREVIEW_OPERATIONS),
  vmRunsSoFar: z.number().int().nonnegative(),
});
export type FetchPreview = z.infer<typeof FetchPreviewSchema>;

export const DrGroupClientSchema = z.object({
  clientId: z.number(),
  clientName: z.string(),
  guid: z.string().nullable(),
});

export const ReplicationPairSchema = z.object({
  replicationId: z.number(),
  sourceName: z.string(),
  destinationName: z.string().nullable(),
  clientId: z.number().nullable(),
});
export type ReplicationPair = z.infer<typeof ReplicationPairSchema>;

export const DrGroupSchema = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string().nullable(),
  operationType: z.number().nullable(),
  operationTypeName: z.string(),
  isVirtualLab: z.boolean(),
  clients: z.array(DrGroupClientSchema),
});
export type DrGroup = z.infer<typeof DrGroupSchema>;

export const DrGroupDetailSchema = DrGroupSchema.extend({
  replicationPairs: z.array(ReplicationPairSchema),
});
export type DrGroupDetail = z.infer<typeof DrGroupDetailSchema>;

export const JobStatsFilterSchema = z.object({
  jobId: z.number().int().positive().optional(),
  drGroupId: z.number().int().positive().optional(),
  replicationId: z.number().int().positive().optional(),
  clientId: z.number().int().positive().optional(),
});
export type JobStatsFilter = z.infer<typeof JobStatsFilterSchema>;

export const ResponseFormatSchema = z.enum(['json', 'xml']);
export type ResponseFormat = z.infer<typeof ResponseFormatSchema>;

export const JobStatsEndpointSchema = z.enum(['DR/JobStats', 'DRGroups/JobStats']);
export type JobStatsEndpoint = z.infer<typeof JobStatsEndpointSchema>;
