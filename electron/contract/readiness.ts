import { z } from 'zod';
import { RecordedTimeSchema } from './model.js';

/**
 * Readiness between tests: what the CommServe says of each DR group now (replication, failover state, automatic
 * failover monitoring, destination validation, test clones, RPO), judged as pass / warn / fail checks. The facts
 * are read by the main process (`services/readiness.ts`); the rules are here, so the overview, the report, the
 * groups CSV and `dr-job-stats readiness` judge alike. docs/evidence.md, "Readiness", says it in words.
 */

/** The CommServe endpoints readiness reads; each may be missing on a CommServe (404, older version, no right). */
export const READINESS_ENDPOINTS = [
  'V4/FailoverGroups',
  'V4/FailoverGroups/{id}',
  'V4/FailoverGroups/{id}/TestFailoverMachines',
  'V4/ReplicationGroup/{id}',
  'V4/ReplicationMonitor/{pairId}',
  'Replications/Monitors/streaming',
  'Replications/Monitors/continuous',
] as const;
export const ReadinessEndpointSchema = z.enum(READINESS_ENDPOINTS);
export type ReadinessEndpoint = z.infer<typeof ReadinessEndpointSchema>;

/** What one endpoint gave: read (with when), or not available on this CommServe and why, in words. */
export const EndpointReadSchema = z.object({
  endpoint: ReadinessEndpointSchema,
  available: z.boolean(),
  /** When it answered (or was found missing), epoch seconds. */
  readAt: RecordedTimeSchema,
  /** Empty when read; else why not ("not available on this CommServe (HTTP 404)"). */
  note: z.string().max(500),
});
export type EndpointRead = z.infer<typeof EndpointReadSchema>;

export const CheckStateSchema = z.enum(['pass', 'warn', 'fail', 'not-applicable', 'unavailable']);
export type CheckState = z.infer<typeof CheckStateSchema>;

export const READINESS_CHECKS = [
  'replication-in-sync',
  'no-failover-in-progress',
  'automatic-failover-monitoring',
  'destination-validation',
  'test-clones-expiry',
  'rpo-within-target',
] as const;
export const ReadinessCheckIdSchema = z.enum(READINESS_CHECKS);
export type ReadinessCheckId = z.infer<typeof ReadinessCheckIdSchema>;

export const CHECK_LABELS: Readonly<Record<ReadinessCheckId, string>> = {
  'replication-in-sync': 'Replication in sync',
  'no-failover-in-progress': 'No failover in progress or partial',
  'automatic-failover-monitoring': 'Automatic failover monitoring',
  'destination-validation': 'Destination validation on',
  'test-clones-expiry': 'No test clone past its expiry',
  'rpo-within-target': 'RPO within target',
};

export const ReadinessCheckSchema = z.object({
  id: ReadinessCheckIdSchema,
  state: CheckStateSchema,
  /** The value seen, in words ("6 of 6 in sync", "worst lag 4h 10m against 4h 00m"). */
  value: z.string().max(2000),
  /** When the CommServe said so (epoch seconds); null when nothing could be read. */
  at: RecordedTimeSchema.nullable(),
});
export type ReadinessCheck = z.infer<typeof ReadinessCheckSchema>;

/** Where a VM's lag came from: V4 (seconds), the older continuous monitor (minutes), or its last synced job. */
export const LagSourceSchema = z.enum(['v4-monitor', 'continuous-monitor', 'last-synced-job', 'none']);

export const VmReplicationSchema = z.object({
  name: z.string().max(500),
  replicationId: z.number().int().nonnegative().nullable(),
  /** Seconds the DR copy is behind; null when the CommServe does not say. */
  lagSeconds: z.number().nonnegative().nullable(),
  lagSource: LagSourceSchema,
  /** In sync, needs sync, sync failed, …: the CommServe's word, or null. */
  syncStatus: z.string().max(100).nullable(),
  syncState: z.enum(['in-sync', 'syncing', 'failed', 'unknown']),
  /** The pair's failover state (failover running, partial, complete, …), or null. */
  failoverStatus: z.string().max(100).nullable(),
  failoverState: z.enum(['none', 'in-progress', 'partial', 'failed', 'failed-over', 'unknown']),
});
export type VmReplication = z.infer<typeof VmReplicationSchema>;

/** RPO of a group: its target, each VM's current lag, the worst, and whether the worst is past the target. */
export const GroupRpoSchema = z.object({
  targetSeconds: z.number().nonnegative().nullable(),
  worstLagSeconds: z.number().nonnegative().nullable(),
  worstVm: z.string().max(500).nullable(),
  breach: z.boolean(),
  /** VMs whose lag the CommServe did not report. */
  unknownLag: z.number().int().nonnegative(),
  vms: z.array(VmReplicationSchema),
});
export type GroupRpo = z.infer<typeof GroupRpoSchema>;

export const TestCloneSchema = z.object({
  name: z.string().max(500),
  state: z.string().max(100),
  creator: z.string().max(500).nullable(),
  expiresAt: RecordedTimeSchema.nullable(),
  /** Still present after its expiry time. */
  pastExpiry: z.boolean(),
});
export type TestClone = z.infer<typeof TestCloneSchema>;

export const ScheduleKindSchema = z.enum(['test-boot', 'planned-failover']);
export const ScheduleViewSchema = z.object({
  kind: ScheduleKindSchema,
  name: z.string().max(500),
  /** "Monthly on day 1 at 21:00", in words. */
  pattern: z.string().max(500),
  /** The next run after the read time (epoch seconds), or null when the pattern has none we can compute. */
  next: RecordedTimeSchema.nullable(),
});
export type ScheduleView = z.infer<typeof ScheduleViewSchema>;

/** A member of a DR group as its definition names it. */
export const MemberSchema = z.object({
  name: z.string().max(500),
  destinationName: z.string().max(500).nullable(),
  replicationId: z.number().int().nonnegative().nullable(),
  /** Lower boots first. */
  priority: z.number().int().nullable(),
  preScript: z.string().max(2000).nullable(),
  postScript: z.string().max(2000).nullable(),
});
export type Member = z.infer<typeof MemberSchema>;

/** What was tested: the group's definition as read at fetch time. Kept in saved runs, compared between runs. */
export const GroupDefinitionSchema = z.object({
  groupId: z.number().int().positive(),
  name: z.string().max(500),
  members: z.array(MemberSchema),
  priorityIntervalMinutes: z.number().int().nonnegative().nullable(),
  continueOnFailure: z.boolean().nullable(),
  approvalRequired: z.boolean().nullable(),
  recoveryTarget: z.string().max(500).nullable(),
  rpoTargetSeconds: z.number().nonnegative().nullable(),
});
export type GroupDefinition = z.infer<typeof GroupDefinitionSchema>;

export const ReadinessVerdictSchema = z.enum(['ready', 'not-ready', 'unknown']);
export type ReadinessVerdict = z.infer<typeof ReadinessVerdictSchema>;

export const GroupReadinessSchema = z.object({
  groupId: z.number().int().positive(),
  name: z.string().max(500),
  verdict: ReadinessVerdictSchema,
  checks: z.array(ReadinessCheckSchema),
  rpo: GroupRpoSchema,
  testClones: z.array(TestCloneSchema),
  schedules: z.array(ScheduleViewSchema),
  nextTestBoot: RecordedTimeSchema.nullable(),
  nextPlannedFailover: RecordedTimeSchema.nullable(),
  /** Null when the group's detail is not available on this CommServe. */
  definition: GroupDefinitionSchema.nullable(),
  /** What each endpoint gave for this group. */
  reads: z.array(EndpointReadSchema),
});
export type GroupReadiness = z.infer<typeof GroupReadinessSchema>;

export const ReadinessReportSchema = z.object({
  readAt: RecordedTimeSchema,
  groups: z.array(GroupReadinessSchema),
  /** The endpoints this CommServe lacks (each said once, for the whole report). */
  unavailable: z.array(EndpointReadSchema),
});
export type ReadinessReport = z.infer<typeof ReadinessReportSchema>;

/** A group is ready when no check fails; unknown when no check could be judged at all. */
export function readinessVerdict(checks: readonly Pick<ReadinessCheck, 'state'>[]): ReadinessVerdict {
  if (checks.some((c) => c.state === 'fail')) return 'not-ready';
  return checks.some((c) => c.state === 'pass' || c.state === 'warn') ? 'ready' : 'unknown';
}

/** Past this share of the target, a lag is a warning before it is a breach. */
export const RPO_WARN_SHARE = 0.8;

/**
 * RPO of a group from its VMs' lags. The target is the replication group's frequency (minutes → seconds). The
 * worst lag is the largest reported; a breach is a worst lag above the target. VMs without a reported lag are
 * counted, never taken as zero.
 */
export function groupRpo(targetSeconds: number | null, vms: readonly VmReplication[]): GroupRpo {
  let worst: VmReplication | undefined;
  let unknownLag = 0;
  for (const vm of vms) {
    if (vm.lagSeconds === null) unknownLag++;
    else if (!worst || vm.lagSeconds > worst.lagSeconds!) worst = vm;
  }
  const worstLagSeconds = worst?.lagSeconds ?? null;
  return {
    targetSeconds,
    worstLagSeconds,
    worstVm: worst?.name ?? null,
    breach: targetSeconds !== null && worstLagSeconds !== null && worstLagSeconds > targetSeconds,
    unknownLag,
    vms: [...vms],
  };
}

/** The lag the older continuous monitor gives (`lagTime`, minutes) in seconds, as V4 gives it. */
export function lagMinutesToSeconds(minutes: number): number {
  return minutes * 60;
}

/** Facts a group's checks are judged from; `undefined` fields were not available on this CommServe. */
export interface ReadinessFacts {
  /** When the facts were read. */
  at: number;
  replicationAt?: number | undefined;
  /** Per-VM replication (sync, failover state, lag); undefined when no monitor answered. */
  vms?: readonly VmReplication[] | undefined;
  detailAt?: number | undefined;
  /** `automaticFailover.monitoringStatus` and `.status`; undefined when the detail is not available. */
  automaticFailover?: { monitoringStatus: string | null; status: string | null } | undefined;
  replicationGroupAt?: number | undefined;
  /** `advancedOption.validateDestinationVM` (the spec's default is true); undefined when not available. */
  validateDestination?: { value: boolean; stated: boolean } | undefined;
  rpoTargetSeconds?: number | null | undefined;
  clonesAt?: number | undefined;
  clones?: readonly TestClone[] | undefined;
}

const NOT_AVAILABLE = 'not available on this CommServe';

function unavailable(id: ReadinessCheckId): ReadinessCheck {
  return { id, state: 'unavailable', value: NOT_AVAILABLE, at: null };
}

function countOf(n: number, total: number, what: string): string {
  return `${n} of ${total} ${what}`;
}

/** The six checks of one group, each with the value seen and when. */
export function readinessChecks(facts: ReadinessFacts, formatDuration: (s: number) => string): ReadinessCheck[] {
  return [
    syncCheck(facts),
    failoverCheck(facts),
    monitoringCheck(facts),
    validationCheck(facts),
    clonesCheck(facts),
    rpoCheck(facts, formatDuration),
  ];
}

function syncCheck({ vms, replicationAt }: ReadinessFacts): ReadinessCheck {
  const id = 'replication-in-sync';
  if (!vms || replicationAt === undefined) return unavailable(id);
  if (!vms.length) return { id, state: 'warn', value: 'no replication pairs reported', at: replicationAt };
  const inSync = vms.filter((v) => v.syncState === 'in-sync').length;
  const failed = vms.filter((v) => v.syncState === 'failed');
  const other = vms.filter((v) => v.syncState !== 'in-sync' && v.syncState !== 'failed');
  const named = (list: readonly VmReplication[]) =>
    list
      .slice(0, 3)
      .map((v) => `${v.name} ${v.syncStatus ?? 'not reported'}`)
      .join(', ') + (list.length > 3 ? ` and ${list.length - 3} more` : '');
  const value =
    countOf(inSync, vms.length, 'in sync') +
    (failed.length ? `; ${named(failed)}` : '') +
    (other.length ? `; ${named(other)}` : '');
  return { id, state: failed.length ? 'fail' : other.length ? 'warn' : 'pass', value, at: replicationAt };
}

function failoverCheck({ vms, replicationAt }: ReadinessFacts): ReadinessCheck {
  const id = 'no-failover-in-progress';
  if (!vms || replicationAt === undefined) return unavailable(id);
  const bad = vms.filter((v) => ['in-progress', 'partial', 'failed'].includes(v.failoverState));
  const over = vms.filter((v) => v.failoverState === 'failed-over');
  if (bad.length)
    return {
      id,
      state: 'fail',
      value: bad
        .slice(0, 3)
        .map((v) => `${v.name}: ${v.failoverStatus ?? v.failoverState}`)
        .join(', '),
      at: replicationAt,
    };
  if (over.length)
    return { id, state: 'warn', value: `${countOf(over.length, vms.length, 'VMs')} failed over`, at: replicationAt };
  return { id, state: 'pass', value: 'none in progress or partial', at: replicationAt };
}

function monitoringCheck({ automaticFailover, detailAt }: ReadinessFacts): ReadinessCheck {
  const id = 'automatic-failover-monitoring';
  if (!automaticFailover || detailAt === undefined) return unavailable(id);
  const monitoring = automaticFailover.monitoringStatus;
  if (!monitoring || monitoring === 'NOT_CONFIGURED')
    return { id, state: 'not-applicable', value: 'not configured', at: detailAt };
  const value = `monitoring ${monitoring.toLowerCase()}${automaticFailover.status ? `, ${automaticFailover.status.toLowerCase()}` : ''}`;
  if (monitoring === 'ENABLED')
    return { id, state: automaticFailover.status === 'OFFLINE' ? 'fail' : 'pass', value, at: detailAt };
  return { id, state: monitoring === 'FAILED' ? 'fail' : 'warn', value, at: detailAt };
}

function validationCheck({ validateDestination, replicationGroupAt }: ReadinessFacts): ReadinessCheck {
  const id = 'destination-validation';
  if (!validateDestination || replicationGroupAt === undefined) return unavailable(id);
  const value = validateDestination.value ? (validateDestination.stated ? 'on' : 'on (the default)') : 'off';
  return { id, state: validateDestination.value ? 'pass' : 'warn', value, at: replicationGroupAt };
}

function clonesCheck({ clones, clonesAt }: ReadinessFacts): ReadinessCheck {
  const id = 'test-clones-expiry';
  if (!clones || clonesAt === undefined) return unavailable(id);
  const past = clones.filter((c) => c.pastExpiry);
  if (past.length)
    return {
      id,
      state: 'fail',
      value: `${countOf(past.length, clones.length, 'test clones')} past expiry: ${past
        .slice(0, 3)
        .map((c) => c.name)
        .join(', ')}`,
      at: clonesAt,
    };
  return {
    id,
    state: 'pass',
    value: clones.length ? `${clones.length} open, none past expiry` : 'no test clones left',
    at: clonesAt,
  };
}

function rpoCheck(facts: ReadinessFacts, formatDuration: (s: number) => string): ReadinessCheck {
  const id = 'rpo-within-target';
  const { vms, replicationAt, rpoTargetSeconds } = facts;
  if (!vms || replicationAt === undefined) return unavailable(id);
  const rpo = groupRpo(rpoTargetSeconds ?? null, vms);
  const at = Math.max(replicationAt, facts.replicationGroupAt ?? 0);
  if (rpo.targetSeconds === null)
    return {
      id,
      state: rpoTargetSeconds === undefined ? 'unavailable' : 'not-applicable',
      value: rpoTargetSeconds === undefined ? `RPO target ${NOT_AVAILABLE}` : 'no RPO target set',
      at,
    };
  if (rpo.worstLagSeconds === null)
    return { id, state: 'warn', value: `lag not reported (target ${formatDuration(rpo.targetSeconds)})`, at };
  const unknown = rpo.unknownLag ? `; lag not reported for ${rpo.unknownLag} VMs` : '';
  const value = `worst lag ${formatDuration(rpo.worstLagSeconds)} (${rpo.worstVm}) against ${formatDuration(rpo.targetSeconds)}${unknown}`;
  const state = rpo.breach
    ? 'fail'
    : rpo.unknownLag || rpo.worstLagSeconds > rpo.targetSeconds * RPO_WARN_SHARE
      ? 'warn'
      : 'pass';
  return { id, state, value, at };
}

/** Streaming monitor `status` (VSALiveSyncStatus) → word and state. */
const LIVE_SYNC_STATUS: readonly [string, VmReplication['syncState']][] = [
  ['never synced', 'failed'],
  ['in sync', 'in-sync'],
  ['needs sync', 'syncing'],
  ['sync in progress', 'syncing'],
  ['sync paused', 'failed'],
  ['sync failed', 'failed'],
  ['sync disabled', 'failed'],
  ['sync enabled', 'syncing'],
  ['validation failed', 'failed'],
  ['sync queued', 'syncing'],
  ['revert failed', 'failed'],
  ['sync starting', 'syncing'],
];
export function liveSyncStatus(code: number | undefined): Pick<VmReplication, 'syncStatus' | 'syncState'> {
  const known = code === undefined ? undefined : LIVE_SYNC_STATUS[code];
  if (!known) return { syncStatus: code === undefined ? null : `status ${code}`, syncState: 'unknown' };
  return { syncStatus: known[0], syncState: known[1] };
}

/** BLR `PairStatus` numbers 0-20 and V4 `synchronizationStatus` strings (1-20 in the same order). */
const BLR_STATES: readonly [string, string, VmReplication['syncState']][] = [
  ['NOT_SYNCED', 'not synced', 'failed'],
  ['BLR_BACKUP', 'backing up', 'syncing'],
  ['BLR_RESTORE', 'restoring', 'syncing'],
  ['BLR_RESYNC', 'resyncing', 'syncing'],
  ['BLR_RUNNING', 'replicating', 'in-sync'],
  ['BLR_PAUSED', 'suspended', 'failed'],
  ['BLR_STOPPED', 'stopped', 'failed'],
  ['BLR_VERIFYING', 'verifying', 'syncing'],
  ['BLR_TROUBLE', 'problem', 'failed'],
  ['BLR_FAILED', 'failed', 'failed'],
  ['BLR_STARTING', 'starting', 'syncing'],
  ['BLR_STOPPING', 'stopping', 'failed'],
  ['BLR_SUSPENDING', 'suspending', 'failed'],
  ['BLR_RESUMING', 'resuming', 'syncing'],
  ['BLR_FAILING_OVER', 'failing over', 'syncing'],
  ['BLR_FAILOVER_FAILED', 'failover failed', 'failed'],
  ['BLR_FAILOVER_DONE', 'failed over', 'syncing'],
  ['BLR_FAILING_BACK', 'failing back', 'syncing'],
  ['BLR_FAILBACK_FAILED', 'failback failed', 'failed'],
  ['BLR_SWITCHING_ROLES', 'switching roles', 'syncing'],
  ['BLR_SWITCH_ROLE_FAILED', 'switch roles failed', 'failed'],
];
export function blrStatus(value: number | string | undefined): Pick<VmReplication, 'syncStatus' | 'syncState'> {
  const known =
    typeof value === 'number' ? BLR_STATES[value] : BLR_STATES.find(([name]) => name === value?.toUpperCase());
  if (!known) return { syncStatus: value === undefined ? null : String(value), syncState: 'unknown' };
  return { syncStatus: known[1], syncState: known[2] };
}

/** `FailoverStatus`: V4 strings, or the numbers of VSAFailOverStatus (0-10 in the same order). */
const FAILOVER_STATES: readonly [string, VmReplication['failoverState']][] = [
  ['NONE', 'none'],
  ['FAILOVER_COMPLETE', 'failed-over'],
  ['FAILOVER_RUNNING', 'in-progress'],
  ['FAILOVER_PAUSED', 'in-progress'],
  ['FAILOVER_FAILED', 'failed'],
  ['FAILBACK_COMPLETE', 'none'],
  ['FAILBACK_RUNNING', 'in-progress'],
  ['FAILBACK_PAUSED', 'in-progress'],
  ['FAILBACK_FAILED', 'failed'],
  ['FAILBACK_PARTIAL', 'partial'],
  ['FAILOVER_PARTIAL', 'partial'],
  ['FAILOVER_SKIPPED', 'none'],
  ['FAILBACK_SKIPPED', 'none'],
  ['REVERT_FAILOVER_COMPLETE', 'none'],
  ['REVERT_FAILOVER_RUNNING', 'in-progress'],
  ['REVERT_FAILOVER_FAILED', 'failed'],
  ['REVERT_FAILOVER_PAUSED', 'in-progress'],
];
export function failoverStatus(
  value: number | string | undefined,
): Pick<VmReplication, 'failoverStatus' | 'failoverState'> {
  const known =
    typeof value === 'number' && value <= 10
      ? FAILOVER_STATES[value]
      : FAILOVER_STATES.find(([name]) => name === String(value).toUpperCase());
  if (!known) return { failoverStatus: value === undefined ? null : String(value), failoverState: 'unknown' };
  return { failoverStatus: known[0].toLowerCase().replaceAll('_', ' '), failoverState: known[1] };
}

/** A group's definition as read at fetch time, under the SHA-256 of its canonical JSON (the same definition, the same hash). */
export const DefinitionRecordSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  readAt: RecordedTimeSchema,
  definition: GroupDefinitionSchema,
});
export type DefinitionRecord = z.infer<typeof DefinitionRecordSchema>;

/**
 * What was tested: each DR group's definition as read with a fetch, kept with its data (and in a saved run). Readiness
 * itself is read live (`readiness:get`): it is about now, not about the data.
 */
export const RunReadinessSchema = z.object({
  readAt: RecordedTimeSchema,
  /** By DR group id; a group whose definition is not available on this CommServe is absent. */
  definitions: z.record(z.string(), DefinitionRecordSchema),
  /** The endpoints that were not available when it was read. */
  unavailable: z.array(EndpointReadSchema),
});
export type RunReadiness = z.infer<typeof RunReadinessSchema>;
