import { OPERATION_NAMES, type Dataset, type SimGroup, type SimOperation, type SimVmRun } from './dataset.js';

/** Builds response bodies (as plain objects) from the data set at a moment of simulated time. */

export interface JobStatsQuery {
  jobId?: number;
  drGroupId?: number;
  replicationId?: number;
  clientId?: number;
}

const TIME_TYPE = 55;

function vmRunBody(vm: SimVmRun, now: number) {
  const phases: Record<string, unknown>[] = [];
  for (const phase of vm.phases) {
    if (phase.start > now) break;
    const done = phase.end <= now;
    const body: Record<string, unknown> = {
      phase: phase.code,
      status: done && phase.failed ? 1 : 0,
      startTime: { _type_: TIME_TYPE, time: phase.start },
    };
    // Running phases: some servers omit endTime, others send time 0; both are seen, so both are served.
    if (done) body.endTime = { _type_: TIME_TYPE, time: phase.end };
    else if (vm.jobId % 2 === 1) body.endTime = { _type_: TIME_TYPE, time: 0 };
    body.entity = { clientName: phase.machine };
    if (phase.childJobId !== undefined || (done && phase.errorMessage)) {
      const child: Record<string, unknown> = { jobid: phase.childJobId ?? 0 };
      if (done && phase.errorMessage) child.failure = { errorMessage: phase.errorMessage };
      body.phaseInfo = { job: [child] };
    }
    phases.push(body);
  }
  return {
    jobId: vm.jobId,
    replicationId: vm.replicationId,
    phase: phases,
    client: { clientId: vm.clientId, clientName: vm.clientName },
    vapp: { vAppId: vm.vAppId },
  };
}

function matches(op: SimOperation, vm: SimVmRun, query: JobStatsQuery): boolean {
  return (
    (query.jobId === undefined || op.jobId === query.jobId) &&
    (query.drGroupId === undefined || vm.vAppId === query.drGroupId) &&
    (query.replicationId === undefined || vm.replicationId === query.replicationId) &&
    (query.clientId === undefined || query.clientId === 0 || vm.clientId === query.clientId)
  );
}

export function jobStatsBody(dataset: Dataset, query: JobStatsQuery, now: number): { job: unknown[] } {
  const job: unknown[] = [];
  for (const op of dataset.operations) {
    if (op.start > now) continue;
    if (query.jobId !== undefined && op.jobId !== query.jobId) continue;
    if (query.drGroupId !== undefined && op.vAppId !== query.drGroupId) continue;
    for (const vm of op.vms) if (matches(op, vm, query)) job.push(vmRunBody(vm, now));
  }
  return { job };
}

function groupBody(group: SimGroup, withEntities: boolean) {
  return {
    vAppEntity: { vAppId: group.vAppId, vAppName: group.name, _type_: 91 },
    description: group.description,
    operationType: group.operationType,
    isVirtualLab: group.isVirtualLab,
    clientList: group.clients.map((c) => ({ clientId: c.clientId, clientName: c.clientName, GUID: c.guid })),
    ...(withEntities
      ? {
          selectedEntities: group.clients.map((c) => ({
            replicationId: c.replicationId,
            entityId: c.clientId,
            entityName: c.clientName,
            clientId: c.clientId,
            destinationName: c.destinationName,
          })),
        }
      : {}),
  };
}

export function drGroupsBody(dataset: Dataset) {
  return { vApp: dataset.groups.map((g) => groupBody(g, false)) };
}

export function drGroupBody(dataset: Dataset, id: number) {
  const group = dataset.groups.find((g) => g.vAppId === id);
  return group ? { vApp: [groupBody(group, true)] } : {};
}

/**
 * `GET Job/{jobId}`: the job summary Commvault's job manager keeps for every job, DR operations included. Its
 * `localizedOperationName` names the DR operation. A job the CommServe does not know (or not yet) is answered as
 * Commvault does, HTTP 200 with `totalRecordsWithoutPaging: 0` and no `jobs` (cvpysdk reads that as "no job
 * exists with the specified Job ID").
 */
/** Who started each job: test boots mostly by the scheduler's account, failovers by the people on duty. */
const ADMINS = ['ana.silva', 'ben.okafor', 'chen.wei', 'dradmin'];
function initiatorOf(op: Dataset['operations'][number]): { userName: string; userId: number } {
  // From the job id, not the data set's random stream, so every seed's other figures stay as they were.
  const pick = (op.jobId * 2654435761) >>> 0;
  if (op.type === 7 && pick % 3 !== 0) return { userName: 'svc-drscheduler', userId: 2 };
  const at = pick % ADMINS.length;
  return { userName: ADMINS[at]!, userId: 10 + at };
}

export function jobSummaryBody(dataset: Dataset, jobId: number, now: number): Record<string, unknown> {
  const op = dataset.operations.find((o) => o.jobId === jobId);
  if (!op || op.start > now) return { totalRecordsWithoutPaging: 0 };
  let end = op.start;
  let phases = 0;
  let done = 0;
  let failedVms = 0;
  for (const vm of op.vms) {
    if (vm.phases.some((p) => p.failed && p.end <= now)) failedVms++;
    for (const phase of vm.phases) {
      phases++;
      if (phase.end <= now) done++;
      end = Math.max(end, phase.end);
    }
  }
  const running = end > now;
  const status = running
    ? 'Running'
    : failedVms === op.vms.length && failedVms > 0
      ? 'Failed'
      : failedVms > 0
        ? 'Completed w/ one or more errors'
        : 'Completed';
  return {
    totalRecordsWithoutPaging: 1,
    jobs: [
      {
        jobSummary: {
          jobId: op.jobId,
          status,
          localizedStatus: status,
          jobType: 'DR Orchestration',
          appTypeName: 'Virtual Server',
          localizedOperationName: OPERATION_NAMES.get(op.type) ?? 'DR Orchestration',
          userName: initiatorOf(op),
          jobStartTime: op.start,
          jobEndTime: running ? 0 : end,
          jobElapsedTime: (running ? now : end) - op.start,
          lastUpdateTime: running ? now : end,
          percentComplete: running ? Math.min(99, Math.floor((done / Math.max(1, phases)) * 100)) : 100,
          pendingReason: '',
          isVisible: true,
          subclient: { appName: 'Virtual Server', clientName: 'DR Orchestration' },
        },
      },
    ],
  };
}
