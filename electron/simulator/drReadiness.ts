import type { Dataset, SimGroup, SimOperation } from './dataset.js';

/**
 * The simulated CommCell's DR state between tests, made from the same data set as JobStats (the same groups, VMs
 * and jobs): failover-group definitions and schedules, the replication groups with their RPO, each pair's sync
 * status and lag, and the clones of a test boot that no undo ended. Groups alternate between periodic (Live Sync,
 * read through the streaming monitor and the pair's last synced backup job) and continuous (BLR: V4 monitor in
 * seconds, the older monitor in minutes) replication.
 */

/** Replication lag forced on a group's pairs by the `lagging` fault (seconds), by group id. */
export type LagOverrides = ReadonlyMap<number, number>;

const DAY = 86_400;
/** Test clones expire this long after their test boot started. */
const CLONE_LIFETIME = 14 * DAY;
/** Backup (replication) jobs the periodic pairs are synced to: ids of their own, far from the DR jobs'. */
const SYNC_JOB_BASE = 700_000;

const groupIndex = (dataset: Dataset, group: SimGroup) => dataset.groups.indexOf(group);

export function isContinuous(dataset: Dataset, group: SimGroup): boolean {
  return groupIndex(dataset, group) % 2 === 1;
}

export function replicationGroupId(dataset: Dataset, group: SimGroup): number {
  return 200 + groupIndex(dataset, group);
}

/** Target RPO in minutes: periodic groups replicate every 4 hours (the spec's default), continuous ones 15 minutes. */
function rpoMinutes(dataset: Dataset, group: SimGroup): number {
  return isContinuous(dataset, group) ? 15 : 240;
}

/** A pair's lag in seconds: well inside the target, unless the `lagging` fault sets it. */
function lagSeconds(dataset: Dataset, group: SimGroup, replicationId: number, lag: LagOverrides): number {
  const forced = lag.get(group.vAppId);
  if (forced !== undefined) return forced;
  return isContinuous(dataset, group) ? 10 + ((replicationId * 13) % 120) : 60 * (20 + ((replicationId * 37) % 90));
}

/** Running failovers put their VMs' pairs in "failover running" (VSAFailOverStatus 2). */
function failoverRunning(dataset: Dataset, group: SimGroup, now: number): boolean {
  return dataset.operations.some(
    (op) =>
      op.vAppId === group.vAppId &&
      [1, 3, 8].includes(op.type) &&
      op.start <= now &&
      op.vms.some((vm) => vm.phases.some((p) => p.end > now)),
  );
}

function groupOf(dataset: Dataset, id: number): SimGroup | undefined {
  return dataset.groups.find((g) => g.vAppId === id);
}

export function failoverGroupsBody(dataset: Dataset) {
  return {
    failoverGroups: [
      {
        failoverGroups: dataset.groups.map((g) => ({
          id: g.vAppId,
          name: g.name,
          source: 'REPLICATION',
          numberOfVirtualMachines: g.clients.length,
        })),
      },
    ],
  };
}

const OPERATION_TYPES: Readonly<Record<number, string>> = {
  1: 'LIVE_MOUNT',
  2: 'LIVE_SYNC',
  4: 'RESTORE',
  8: 'LIVE_RECOVERY',
  16: 'FAILOVER',
  32: 'VIRTUAL_LAB',
  256: 'TEST_FAILOVER',
};

export function failoverGroupBody(dataset: Dataset, id: number): Record<string, unknown> | undefined {
  const group = groupOf(dataset, id);
  if (!group) return undefined;
  const index = groupIndex(dataset, group);
  const monitored = index % 3 === 1;
  return {
    id: group.vAppId,
    name: group.name,
    source: 'REPLICATION',
    operationType: OPERATION_TYPES[group.operationType] ?? 'FAILOVER',
    sourceHypervisor: { id: 12, name: 'vcenter01', type: 'CLIENT', vendor: 'VMW' },
    destinationHypervisor: { id: 13, name: 'vcenter-dr', type: 'CLIENT', vendor: 'VMW' },
    isApprovalRequired: index % 2 === 0,
    usersToNotify: [{ id: 5, name: 'dradmin', displayName: 'DR Admin' }],
    recoveryTarget: { id: 7 + (index % 2), name: index % 2 ? 'DR-Target-B' : 'DR-Target' },
    priorityIntervalInMinutes: 5,
    continueDROnFailure: index % 2 === 1,
    automaticFailover: monitored
      ? {
          machines: [{ id: 31, name: 'dr-proxy01' }],
          monitoringStatus: 'ENABLED',
          status: 'ONLINE',
          outageDelayTimeInMinutes: 15,
        }
      : { machines: [], monitoringStatus: 'NOT_CONFIGURED', status: 'OFFLINE' },
    testBootSchedules:
      index % 4 === 3
        ? []
        : [
            {
              scheduleId: 80 + index,
              scheduleName: `${group.name} monthly test boot`,
              vmOperationType: 'TEST_BOOT',
              backupType: 'FULL',
              schedulePattern: {
                scheduleFrequencyType: 'MONTHLY',
                frequency: 1,
                dayOfMonth: 1 + ((index * 3) % 28),
                startTime: 75_600,
              },
            },
          ],
    plannedFailoverSchedules:
      index % 2 === 0
        ? [
            {
              scheduleId: 120 + index,
              scheduleName: `${group.name} yearly planned failover`,
              vmOperationType: 'PLANNED_FAILOVER',
              backupType: 'FULL',
              schedulePattern: {
                scheduleFrequencyType: 'YEARLY',
                monthOfYear: 'MARCH',
                dayOfMonth: 10 + index,
                startTime: 7_200,
              },
            },
          ]
        : [],
    replicationPairs: group.clients.map((c, v) => ({
      id: c.replicationId,
      sourceName: c.clientName,
      destinationName: c.destinationName,
      GUID: c.guid,
      priority: 1 + (v % 3),
      copyPrecedence: 1,
      ...(v === 0 ? { preFailoverScript: { path: '\\\\fs01\\dr\\pre-failover.cmd', type: 'UNC' } } : {}),
    })),
  };
}

/** The group's newest test boot, when no undo (or revert) followed it: its clones are still there. */
function openTestBoot(dataset: Dataset, group: SimGroup, now: number): SimOperation | undefined {
  const ops = dataset.operations.filter((op) => op.vAppId === group.vAppId && op.start <= now);
  for (let i = ops.length - 1; i >= 0; i--) {
    const op = ops[i]!;
    if (op.type === 6 || op.type === 4) return undefined;
    if (op.type === 7) return op;
  }
  return undefined;
}

export function testFailoverMachinesBody(
  dataset: Dataset,
  id: number,
  now: number,
): Record<string, unknown> | undefined {
  const group = groupOf(dataset, id);
  if (!group) return undefined;
  const test = openTestBoot(dataset, group, now);
  // Commvault removes a clone at its expiry: only a test boot younger than the clones' lifetime left any.
  if (!test || test.start + CLONE_LIFETIME <= now) return { virtualMachines: [] };
  return {
    virtualMachines: test.vms.map((vm, v) => ({
      name: `${vm.clientName}_TestFailover`,
      state: 'RUNNING',
      ipAddress: `10.20.${group.vAppId % 250}.${10 + v}`,
      operatingSystem: 'Microsoft Windows Server 2019',
      creator: { id: 2, GUID: 'svc-drscheduler', name: 'svc-drscheduler' },
      expirationTime: test.start + CLONE_LIFETIME,
    })),
  };
}

export function replicationGroupBody(dataset: Dataset, id: number): Record<string, unknown> | undefined {
  const group = dataset.groups.find((g) => replicationGroupId(dataset, g) === id);
  if (!group) return undefined;
  const index = groupIndex(dataset, group);
  return {
    id,
    name: `RG-${group.name}`,
    vendor: 'VMware',
    summary: {
      source: 'vcenter01',
      recoveryTarget: index % 2 ? 'DR-Target-B' : 'DR-Target',
      destinationVendor: 'VMware',
      replicationType: isContinuous(dataset, group) ? 'Continuous' : 'Periodic',
      state: 'Enabled',
    },
    rpo: { replicationFrequency: rpoMinutes(dataset, group) },
    // One group has destination validation turned off; the others state it or leave the default (true).
    advancedOption: index === 2 ? { validateDestinationVM: false } : index % 2 ? {} : { validateDestinationVM: true },
    replicationConfiguration: group.clients.map((c) => ({ sourceVM: c.clientName, destinationVM: c.destinationName })),
  };
}

export function streamingBody(dataset: Dataset, query: URLSearchParams, now: number) {
  const vAppId = Number(query.get('vAppId') ?? 0);
  const siteInfo = dataset.groups
    .filter((g) => !isContinuous(dataset, g) && (!vAppId || g.vAppId === vAppId))
    .flatMap((g) => {
      const running = failoverRunning(dataset, g, now);
      return g.clients.map((c) => ({
        replicationId: c.replicationId,
        sourceName: c.clientName,
        destinationName: c.destinationName,
        sourceGuid: c.guid,
        status: 1,
        FailoverStatus: running ? 2 : 0,
        lastSyncedBkpJob: SYNC_JOB_BASE + c.replicationId,
        subTask: { taskId: 70 + g.vAppId, subtaskName: `RG-${g.name}` },
        replicationGroup: { replicationGroupId: replicationGroupId(dataset, g), replicationGroupName: `RG-${g.name}` },
        isWarmSyncPair: false,
      }));
    });
  return siteInfo.length ? { siteInfo } : {};
}

export function continuousBody(dataset: Dataset, now: number, lag: LagOverrides) {
  const siteInfo = dataset.groups
    .filter((g) => isContinuous(dataset, g))
    .flatMap((g) => {
      const running = failoverRunning(dataset, g, now);
      return g.clients.map((c) => ({
        id: c.replicationId,
        sourceName: c.clientName,
        destinationName: c.destinationName,
        status: running ? 14 : 4,
        // Minutes, rounded up: the older monitor's unit.
        lagTime: Math.ceil(lagSeconds(dataset, g, c.replicationId, lag) / 60),
        pendingStatusCode: 0,
        replicationGroup: { replicationGroupId: replicationGroupId(dataset, g), replicationGroupName: `RG-${g.name}` },
      }));
    });
  return { summary: {}, siteInfo };
}

/** `V4/ReplicationMonitor/{pairId}`: continuous pairs only (a periodic pair is not found, as on a CommServe). */
export function replicationMonitorBody(
  dataset: Dataset,
  pairId: number,
  now: number,
  lag: LagOverrides,
): Record<string, unknown> | undefined {
  const group = dataset.groups.find((g) => g.clients.some((c) => c.replicationId === pairId));
  if (!group || !isContinuous(dataset, group)) return undefined;
  const client = group.clients.find((c) => c.replicationId === pairId)!;
  return {
    summary: {
      id: pairId,
      source: { id: client.clientId, name: client.clientName },
      destination: { id: client.clientId + 5000, name: client.destinationName },
      recoveryType: 'GRANULARV2',
      synchronizationStatus: failoverRunning(dataset, group, now) ? 'BLR_FAILING_OVER' : 'BLR_RUNNING',
      replicationLag: lagSeconds(dataset, group, pairId, lag),
      eventMessage: '',
    },
    recoveryOptions: { recoverypointStore: { id: 4, name: 'RPS-DR' }, CCRPInterval: 900 },
    replicationCopyDetails: [],
    statistics: [{ id: pairId * 10, repDataDeltaActual: 226_051, IOPSDelta: 160, timeStamp: now - 60 }],
  };
}

/**
 * `Job/{id}` of the backup job a periodic pair is synced to: it ended as long ago as the pair's lag. Undefined for
 * any other id (the DR jobs answer as before).
 */
export function syncJobSummaryBody(
  dataset: Dataset,
  jobId: number,
  now: number,
  lag: LagOverrides,
): Record<string, unknown> | undefined {
  const replicationId = jobId - SYNC_JOB_BASE;
  const group = dataset.groups.find((g) => g.clients.some((c) => c.replicationId === replicationId));
  if (!group || isContinuous(dataset, group)) return undefined;
  const end = now - lagSeconds(dataset, group, replicationId, lag);
  return {
    totalRecordsWithoutPaging: 1,
    jobs: [
      {
        jobSummary: {
          jobId,
          status: 'Completed',
          localizedStatus: 'Completed',
          jobType: 'Backup',
          localizedOperationName: 'Backup',
          appTypeName: 'Virtual Server',
          userName: { userName: 'svc-drscheduler', userId: 2 },
          jobStartTime: end - 300,
          jobEndTime: end,
          lastUpdateTime: end,
          percentComplete: 100,
          isVisible: true,
        },
      },
    ],
  };
}

/** The GenericResp a V4 endpoint answers for an id it does not know. */
export const V4_NOT_FOUND = { errorCode: 404, errorMessage: 'Requested details not found' };
