import { z } from 'zod';

/**
 * The normalised, transport-neutral domain model (DESIGN.md "Data model"). Times are epoch seconds UTC,
 * durations are seconds. The zod schemas are the single source: the types are inferred from them, and the
 * bridge validates with them.
 */

export const PhaseStatusSchema = z.enum(['succeeded', 'failed', 'running', 'unknown']);
export type PhaseStatus = z.infer<typeof PhaseStatusSchema>;

/**
 * The range of a DR job's times, epoch seconds UTC: 1990-01-01 to 2100-01-01. The live road drops a time outside
 * it as damage (`normaliseJobStats`), so a saved run holding one is damaged too; every time in it can be formatted.
 */
export const EARLIEST_JOB_TIME = 631_152_000;
export const LATEST_JOB_TIME = 4_102_444_800;

/** A phase, VM run or operation time. zod's numbers are finite: NaN and Infinity (`1e400` in JSON) never pass. */
const NOT_A_JOB_TIME = 'is not a time from 1990 to 2100';
export const JobTimeSchema = z.number().min(EARLIEST_JOB_TIME, NOT_A_JOB_TIME).max(LATEST_JOB_TIME, NOT_A_JOB_TIME);
/** Seconds between two job times: never negative, never longer than the whole range. */
const NOT_A_DURATION = 'is not a duration (0 s up to the years from 1990 to 2100)';
export const JobDurationSchema = z
  .number()
  .min(0, NOT_A_DURATION)
  .max(LATEST_JOB_TIME - EARLIEST_JOB_TIME, NOT_A_DURATION);
/**
 * A moment this app recorded from the machine's clock (a fetch, a save): 1970 to 2100, so `Date` formats it.
 * Wider than a job time at the start, so a machine whose clock was reset never writes a run it cannot open.
 */
const NOT_A_RECORDED_TIME = 'is not a time from 1970 to 2100';
export const RecordedTimeSchema = z.number().min(0, NOT_A_RECORDED_TIME).max(LATEST_JOB_TIME, NOT_A_RECORDED_TIME);
/** A date picked on a calendar (a custom scope's ends): years 1 to 9999, all of which `Date` and `Intl` format. */
const NOT_A_CALENDAR_DATE = 'is not a date from the year 1 to 9999';
export const CalendarTimeSchema = z
  .number()
  .min(-62_135_596_800, NOT_A_CALENDAR_DATE)
  .max(253_402_300_799, NOT_A_CALENDAR_DATE);

/** Ids as the live road accepts them (`loose.ts` `id`): safe whole numbers, `int()` in zod; 0 is a real client id. */
const PositiveIdSchema = z.number().int().positive();
const ClientIdSchema = z.number().int().nonnegative();
const CountSchema = z.number().int().nonnegative();

export const PhaseSchema = z
  .object({
    /** The server's phase code; -1 when it sent none that names a phase. */
    code: z.number().int().min(-1),
    name: z.string(),
    status: PhaseStatusSchema,
    /** The server's status value as sent (null when missing); shown for `unknown`. */
    rawStatus: z.number().nullable(),
    start: JobTimeSchema.nullable(),
    end: JobTimeSchema.nullable(),
    /** Seconds; null while the phase runs or when a time is missing. */
    duration: JobDurationSchema.nullable(),
    machine: z.string().nullable(),
    errorMessage: z.string().nullable(),
    childJobId: PositiveIdSchema.nullable(),
  })
  .superRefine(checkPhase);
export type Phase = z.infer<typeof PhaseSchema>;

export const ClientRefSchema = z.object({ id: ClientIdSchema.nullable(), name: z.string() });
export type ClientRef = z.infer<typeof ClientRefSchema>;

export const VmRunSchema = z
  .object({
    jobId: PositiveIdSchema,
    replicationId: PositiveIdSchema.nullable(),
    drGroupId: PositiveIdSchema.nullable(),
    client: ClientRefSchema,
    phases: z.array(PhaseSchema),
    start: JobTimeSchema.nullable(),
    end: JobTimeSchema.nullable(),
    status: PhaseStatusSchema,
    failedPhases: CountSchema,
  })
  .superRefine(checkVmRun);
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

/** An operation's fields, each in its range; `DrOperationSchema` also checks that they agree with each other. */
export const DrOperationFieldsSchema = z.object({
  jobId: PositiveIdSchema,
  drGroupId: PositiveIdSchema.nullable(),
  operationType: OperationTypeSchema,
  operationTypeSource: OperationTypeSourceSchema,
  vms: z.array(VmRunSchema).min(1),
  start: JobTimeSchema.nullable(),
  /** Latest phase end; null while anything still runs. */
  end: JobTimeSchema.nullable(),
  /** Seconds from the earliest phase start to the latest phase end; null while running. Not an RTO by itself. */
  duration: JobDurationSchema.nullable(),
  /**
   * Recovery RTO in seconds (docs/evidence.md): the duration of a recovery operation whose VMs all came up.
   * Null for other operation types, and for failed, running or unconfirmed operations. Set by `classify`.
   */
  rto: JobDurationSchema.nullable(),
  status: PhaseStatusSchema,
  failedPhases: CountSchema,
  runningPhases: CountSchema,
  /**
   * Who started the job on the CommServe (its job summary's `userName`); null or absent when it did not say, which
   * the screens and files word as "not reported", never as nobody.
   */
  initiatedBy: z.string().max(256).nullable().optional(),
});

/**
 * An operation as the live road builds it (`normaliseJobStats`): in range, and its times, counts and status derived
 * from its VM runs and phases. A saved run is checked against this, so it never shows what a fetch could not.
 */
export const DrOperationSchema = DrOperationFieldsSchema.superRefine(checkOperation);
export type DrOperation = z.infer<typeof DrOperationSchema>;

/** The most operations a fetch's preview carries: a screenful, before the answer is complete. */
export const PREVIEW_OPERATIONS = 40;

/**
 * One operation of a fetch still arriving, as far as it has arrived: which job, which group, which VMs so far.
 * It deliberately has no status, duration or RTO: those are only known once every VM run of the job is in.
 */
export const PreviewOperationSchema = z.object({
  jobId: PositiveIdSchema,
  drGroupId: PositiveIdSchema.nullable(),
  vmNames: z.array(z.string()),
  start: JobTimeSchema.nullable(),
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

// ---- how the live road derives an operation's figures, checked on what comes from anywhere else --------------

function mismatch(ctx: z.RefinementCtx, path: (string | number)[], message: string): void {
  ctx.addIssue({ code: 'custom', path, message });
}

function derivedStatus(running: number, failed: number, unknown: boolean): PhaseStatus {
  return running > 0 ? 'running' : failed > 0 ? 'failed' : unknown ? 'unknown' : 'succeeded';
}

function checkPhase(phase: Phase, ctx: z.RefinementCtx): void {
  const { start, end } = phase;
  if (start !== null && end !== null && end < start) mismatch(ctx, ['end'], 'the phase ends before it starts');
  if (phase.status === 'running' && end !== null) mismatch(ctx, ['end'], 'a running phase has no end yet');
  const duration = start !== null && end !== null ? end - start : null;
  if (phase.duration !== duration)
    mismatch(ctx, ['duration'], `is not the phase's end minus its start (${duration ?? 'none'})`);
}

function checkVmRun(vm: VmRun, ctx: z.RefinementCtx): void {
  let start: number | null = null;
  let end: number | null = null;
  let failed = 0;
  let running = 0;
  let unknown = vm.phases.length === 0;
  for (const phase of vm.phases) {
    if (phase.start !== null && (start === null || phase.start < start)) start = phase.start;
    if (phase.end !== null && (end === null || phase.end > end)) end = phase.end;
    if (phase.status === 'failed') failed++;
    else if (phase.status === 'running') running++;
    else if (phase.status === 'unknown') unknown = true;
  }
  if (vm.failedPhases !== failed) mismatch(ctx, ['failedPhases'], `does not add up: ${failed} of its phases failed`);
  const status = derivedStatus(running, failed, unknown);
  if (vm.status !== status) mismatch(ctx, ['status'], `does not agree with its phases (${status})`);
  if (vm.start !== start) mismatch(ctx, ['start'], 'is not its earliest phase start');
  if (vm.end !== (running > 0 ? null : end)) mismatch(ctx, ['end'], 'is not its latest phase end');
}

function checkOperation(op: z.infer<typeof DrOperationFieldsSchema>, ctx: z.RefinementCtx): void {
  let start: number | null = null;
  let end: number | null = null;
  let failed = 0;
  let running = 0;
  let unknown = false;
  op.vms.forEach((vm, i) => {
    if (vm.jobId !== op.jobId) mismatch(ctx, ['vms', i, 'jobId'], `is not its operation's job (${op.jobId})`);
    if (vm.start !== null && (start === null || vm.start < start)) start = vm.start;
    if (vm.end !== null && (end === null || vm.end > end)) end = vm.end;
    failed += vm.failedPhases;
    for (const phase of vm.phases) if (phase.status === 'running') running++;
    if (vm.status === 'unknown') unknown = true;
  });
  if (op.failedPhases !== failed)
    mismatch(ctx, ['failedPhases'], `does not add up: ${failed} phases of its VM runs failed`);
  if (op.runningPhases !== running)
    mismatch(ctx, ['runningPhases'], `does not add up: ${running} phases of its VM runs are running`);
  const status = derivedStatus(running, failed, unknown);
  if (op.status !== status) mismatch(ctx, ['status'], `does not agree with its VM runs (${status})`);
  if (op.start !== start) mismatch(ctx, ['start'], 'is not its earliest VM run start');
  const ended = running > 0 ? null : end;
  if (op.end !== ended) mismatch(ctx, ['end'], 'is not its latest VM run end');
  const duration = ended !== null && start !== null ? Math.max(0, ended - start) : null;
  if (op.duration !== duration) mismatch(ctx, ['duration'], `is not its end minus its start (${duration ?? 'none'})`);
  // Only a recovery whose VMs all came up has an RTO, and it is the duration (`classify` in evidence.ts).
  if (op.rto !== null && (op.rto !== op.duration || op.status !== 'succeeded'))
    mismatch(ctx, ['rto'], 'only a succeeded operation has an RTO, and it is its duration');
}
