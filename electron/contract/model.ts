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
export type JobStatsFilterField = keyof JobStatsFilter;

/** What a person calls each filter field, in the order the form shows them (and so the order they are checked). */
export const FILTER_FIELD_LABELS: Readonly<Record<JobStatsFilterField, string>> = {
  drGroupId: 'DR group',
  jobId: 'Job ID',
  replicationId: 'Replication pair',
  clientId: 'Client',
};

/** A filter field that is not an id, named so a form can mark it. */
export interface FilterFieldProblem {
  field: JobStatsFilterField;
  message: string;
}

/** A field as typed in a form or on a command line, or as a number from code. */
export type FilterFieldValue = string | number | undefined;

export function filterFieldMessage(field: JobStatsFilterField): string {
  return `${FILTER_FIELD_LABELS[field]} must be a whole number greater than 0 (an id).`;
}

/**
 * One filter field: its id, no id when it is left out (undefined or blank text), or what is wrong with it. The same
 * test as `JobStatsFilterSchema`, so what passes here also passes the bridge (safe integers only: an id beyond 2^53
 * would silently become another id).
 */
export function parseFilterField(
  field: JobStatsFilterField,
  value: FilterFieldValue,
): { id: number | undefined } | FilterFieldProblem {
  if (value === undefined) return { id: undefined };
  let id = value;
  if (typeof id === 'string') {
    const text = id.trim();
    if (!text) return { id: undefined };
    // Digits only: Number() would also take '1e3', '0x1f' or '-0'.
    id = /^\d+$/.test(text) ? Number(text) : NaN;
  }
  return Number.isSafeInteger(id) && id > 0 ? { id } : { field, message: filterFieldMessage(field) };
}

/** A whole filter form → the typed filter, or the first field (in form order) that is not an id. */
export function checkJobStatsFilter(
  fields: Partial<Record<JobStatsFilterField, FilterFieldValue>>,
): { filter: JobStatsFilter } | FilterFieldProblem {
  const filter: JobStatsFilter = {};
  for (const field of Object.keys(FILTER_FIELD_LABELS) as JobStatsFilterField[]) {
    const parsed = parseFilterField(field, fields[field]);
    if ('message' in parsed) return parsed;
    if (parsed.id !== undefined) filter[field] = parsed.id;
  }
  return { filter };
}

export const ResponseFormatSchema = z.enum(['json', 'xml']);
export type ResponseFormat = z.infer<typeof ResponseFormatSchema>;

export const JobStatsEndpointSchema = z.enum(['DR/JobStats', 'DRGroups/JobStats']);
export type JobStatsEndpoint = z.infer<typeof JobStatsEndpointSchema>;

/** VM runs (JobStats job[] entries) across operations. */
export function countVmRuns(operations: readonly DrOperation[]): number {
  let count = 0;
  for (const op of operations) count += op.vms.length;
  return count;
}
