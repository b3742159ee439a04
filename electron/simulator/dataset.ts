import { approvalSeconds, groupProfile, phaseSeconds, type GroupProfile } from './profile.js';
import { Random } from './random.js';

/** The simulated CommCell: DR groups, their VMs, and failover operations with per-VM phase plans. */

export interface SimClient {
  clientId: number;
  clientName: string;
  guid: string;
  replicationId: number;
  destinationName: string;
}

export interface SimGroup {
  vAppId: number;
  name: string;
  description: string;
  operationType: number;
  isVirtualLab: boolean;
  clients: SimClient[];
}

export interface SimPhase {
  code: number;
  start: number;
  end: number;
  failed: boolean;
  machine: string;
  errorMessage?: string;
  childJobId?: number;
}

export interface SimVmRun {
  jobId: number;
  replicationId: number;
  clientId: number;
  clientName: string;
  vAppId: number;
  phases: SimPhase[];
}

export interface SimOperation {
  jobId: number;
  vAppId: number;
  /** DR operation type (7 Test Boot, 1 Planned Failover, …). */
  type: number;
  start: number;
  vms: SimVmRun[];
  /** Running in real time: its later phases are still in the future at start-up. */
  live: boolean;
}

export interface DatasetOptions {
  seed: number;
  groups: number;
  /** VMs per DR group (each group gets between half and all of this). */
  vms: number;
  /** Number of DR operations (jobs); each has one VM run per VM of its group. */
  jobs: number;
  /** Epoch seconds that counts as "now" when the data set is made; history lies before it. */
  anchor: number;
  /** How many of the newest operations are still running at `anchor`. */
  running?: number;
  /**
   * History follows each group's profile (profile.ts: VM order, a slow VM, drift, outliers, approval); false draws
   * every phase's duration on its own, as the first data sets did (the screens' tests pin figures from those).
   */
  profiles?: boolean;
}

export interface Dataset {
  groups: SimGroup[];
  operations: SimOperation[];
  vmRunCount: number;
}

const GROUP_NAMES = [
  'Finance Tier 1',
  'SAP Production',
  'Exchange DR',
  'Web Frontend',
  'SQL Cluster',
  'File Services',
  'HR Payroll',
  'CRM',
  'Domain Controllers',
  'Citrix Farm',
  'Logistics',
  'Data Warehouse',
  'Dev & Test',
  'Billing',
  'Intranet',
  'Monitoring',
];
const VM_PREFIXES = ['app', 'db', 'web', 'file', 'dc', 'sql', 'ctx', 'api', 'etl', 'mq'];
const GROUP_TYPES = [16, 256, 2, 32, 8] as const;

/** DR operation types and the phases each VM goes through, in order. */
const SEQUENCES: ReadonlyMap<number, readonly number[]> = new Map([
  [7, [13, 42, 20, 1, 14, 44, 22]], // Test Boot
  [1, [13, 52, 2, 24, 7, 15, 1, 32, 53, 26]], // Planned Failover
  [3, [13, 15, 1, 14, 32, 26]], // Unplanned Failover
  [2, [13, 2, 7, 16, 1, 26]], // Failback
  [6, [49, 2, 40, 16, 50]], // Undo Failover
  [8, [13, 19, 15, 1, 32, 26]], // Point-in-Time Failover
  [4, [13, 2, 19, 18, 26]], // Revert Failover: the DR VM goes back to its snapshot, nothing is powered on
  [9, [13, 16, 7, 26]], // Reverse Replication: sync resumes from the DR site back to production
]);

/** The name Commvault's job summary gives each DR operation type (`localizedOperationName`). */
export const OPERATION_NAMES: ReadonlyMap<number, string> = new Map([
  [1, 'Planned Failover'],
  [2, 'Failback'],
  [3, 'Unplanned Failover'],
  [4, 'Revert Failover'],
  [6, 'Undo Failover'],
  [7, 'Test Boot'],
  [8, 'Point-in-Time Failover'],
  [9, 'Reverse Replication'],
]);

/**
 * Types added after the first data sets, drawn from their own random stream and given to a share of the
 * operations of a related type, so that every other operation of a seed (ids, times, failures) stays as it was.
 */
const RETYPES: readonly { from: number; to: number; share: number }[] = [
  { from: 2, to: 9, share: 0.35 },
  { from: 6, to: 4, share: 0.3 },
];
const TYPE_WEIGHTS: readonly (readonly [number, number])[] = [
  [7, 40],
  [1, 20],
  [3, 10],
  [2, 15],
  [6, 10],
  [8, 5],
];

/** Plausible duration ranges in seconds, by phase code. */
const DURATIONS: ReadonlyMap<number, readonly [number, number]> = new Map([
  [13, [2, 25]],
  [52, [5, 120]],
  [53, [5, 120]],
  [2, [10, 150]],
  [24, [20, 300]],
  [7, [60, 3 * 3600]],
  [15, [1, 12]],
  [16, [1, 15]],
  [1, [20, 240]],
  [32, [5, 120]],
  [26, [1, 30]],
  [42, [60, 1800]],
  [20, [2, 20]],
  [14, [10, 300]],
  [44, [30, 600]],
  [22, [2, 40]],
  [49, [2, 20]],
  [40, [10, 120]],
  [50, [2, 30]],
  [19, [30, 600]],
]);

const ERRORS: ReadonlyMap<number, readonly string[]> = new Map([
  [
    1,
    [
      'Failed to power on virtual machine [{vm}]: The operation is not allowed in the current state.',
      'Power on of [{vm}] failed: insufficient resources on host esx-dr-03 (CPU reservation).',
    ],
  ],
  [2, ['Failed to power off source VM [{vm}]: VMware Tools did not respond within 300 seconds.']],
  [
    7,
    [
      'Replication failed: unable to connect to the destination ESX host [esx-dr-02].',
      'Replication job failed: Insufficient space on datastore [DR-DS-02] for the delta.',
    ],
  ],
  [14, ['Timed out waiting for an IP address on [{vm}] after 600 seconds.']],
  [15, ['Failed to disable sync: the replication pair is in a "Pending" state.']],
  [44, ['Boot check failed for [{vm}]: guest heartbeat not detected within 10 minutes.']],
  [52, ['Pre-script exited with code 1: C:\\Scripts\\quiesce_db.ps1 -Mode "Freeze" & exit']],
  [42, ['Clone of [{vm}] failed: the snapshot chain is broken (disk <scsi0:1> is inconsistent).']],
]);
const GENERIC_ERROR = 'Phase failed on [{vm}]: the operation was interrupted by the MediaAgent (error 0x8007045B).';

/** Phases that run a child job (shown as phaseInfo.job[0].jobid). */
const CHILD_JOB_PHASES = new Set([7, 8, 42, 19]);

export function buildDataset(options: DatasetOptions): Dataset {
  const random = new Random(options.seed);
  const groups = buildGroups(random, options);
  const profiles = new Map(groups.map((g) => [g.vAppId, groupProfile(options.seed, g.vAppId, g.clients.length)]));
  const operations: SimOperation[] = [];
  const running = Math.min(options.running ?? Math.max(1, Math.round(options.jobs * 0.02)), options.jobs);
  const historyJobs = options.jobs - running;
  // History spreads over the last 90 days, oldest first so job ids grow with time like Commvault's.
  const span = 90 * 24 * 3600;
  let jobId = 10_000 + random.int(0, 999);
  let childJobId = 900_000;
  const plans: { failureRate: number }[] = [];
  for (let index = 0; index < options.jobs; index++) {
    const live = index >= historyJobs;
    const group = groups[random.int(0, groups.length - 1)]!;
    const type = random.weighted(TYPE_WEIGHTS);
    const start = live
      ? options.anchor - random.int(30, 240)
      : options.anchor - span + Math.floor(((index + random.next()) / Math.max(1, historyJobs)) * (span - 3600));
    jobId += random.int(1, 40);
    const op: SimOperation = { jobId, vAppId: group.vAppId, type, start, vms: [], live };
    // Failures cluster: most operations run clean, a troubled one fails on several VMs (about 5% of phases).
    const failureRate = !live && random.chance(0.3) ? 0.26 : 0;
    // History follows its group's profile; live operations stay short, so they finish while someone watches.
    const profile = live || options.profiles === false ? undefined : profiles.get(group.vAppId);
    const approvalWait = profile ? approvalSeconds(profile, type, jobId) : 0;
    const approvalAt = approvalWait > 0 ? start + 30 + approvalWait : 0;
    let batch = 1;
    let batchStart = start;
    let doneBy = start;
    for (const [vmIndex, client] of group.clients.entries()) {
      let vmStart = start + random.int(0, 30);
      if (profile && profile.priorities[vmIndex]! > 1) {
        // A later priority group starts when every VM before it has finished, and the interval has passed.
        if (profile.priorities[vmIndex] !== batch) {
          batch = profile.priorities[vmIndex]!;
          batchStart = doneBy + profile.priorityInterval;
        }
        vmStart = batchStart + ((vmStart - start) % 10);
      }
      const shape = profile && {
        profile,
        vmIndex,
        jobId,
        progress: (start - (options.anchor - span)) / span,
        approvalAt,
      };
      const phases = planPhases(random, type, vmStart, client.clientName, live, failureRate, () => ++childJobId, shape);
      doneBy = Math.max(doneBy, phases.at(-1)?.end ?? vmStart);
      op.vms.push({
        jobId,
        replicationId: client.replicationId,
        clientId: client.clientId,
        clientName: client.clientName,
        vAppId: group.vAppId,
        phases,
      });
    }
    operations.push(op);
    plans.push({ failureRate });
  }
  retype(options.seed, operations, plans);
  const vmRunCount = operations.reduce((sum, op) => sum + op.vms.length, 0);
  return { groups, operations, vmRunCount };
}

function retype(seed: number, operations: SimOperation[], plans: readonly { failureRate: number }[]): void {
  const random = new Random((seed ^ 0x5eed_7e55) >>> 0);
  let childJobId = 950_000;
  operations.forEach((op, index) => {
    const rule = RETYPES.find((r) => r.from === op.type);
    // Draw for every candidate, so the choice for one operation does not depend on another's.
    if (!rule || !random.chance(rule.share)) return;
    // Running operations keep their plan: what finishes while someone watches stays as it was for each seed.
    if (op.live) return;
    op.type = rule.to;
    const failureRate = plans[index]!.failureRate;
    for (const vm of op.vms) {
      const vmStart = vm.phases[0]?.start ?? op.start;
      vm.phases = planPhases(random, op.type, vmStart, vm.clientName, false, failureRate, () => ++childJobId);
    }
  });
}

function buildGroups(random: Random, options: DatasetOptions): SimGroup[] {
  const groups: SimGroup[] = [];
  let clientId = 100;
  let replicationId = 1;
  for (let g = 0; g < options.groups; g++) {
    const base = GROUP_NAMES[g % GROUP_NAMES.length]!;
    const name = g < GROUP_NAMES.length ? base : `${base} ${Math.floor(g / GROUP_NAMES.length) + 1}`;
    const operationType = GROUP_TYPES[g % GROUP_TYPES.length]!;
    const count = Math.max(1, random.int(Math.ceil(options.vms / 2), options.vms));
    const slug = base
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '')
      .slice(0, 4);
    const clients: SimClient[] = [];
    for (let v = 0; v < count; v++) {
      const clientName = `${slug}-${random.pick(VM_PREFIXES)}-${String(v + 1).padStart(2, '0')}${g >= GROUP_NAMES.length ? `-${g}` : ''}`;
      clients.push({
        clientId: clientId++,
        clientName,
        guid: `${random.hex(8)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(12)}`.toUpperCase(),
        replicationId: replicationId++,
        destinationName: `${clientName}_DR`,
      });
    }
    groups.push({
      vAppId: 30 + g,
      name,
      description: `Replicates ${count} VMs of ${base} to the DR site`,
      operationType,
      isVirtualLab: operationType === 32,
      clients,
    });
  }
  return groups;
}

function planPhases(
  random: Random,
  type: number,
  start: number,
  vm: string,
  live: boolean,
  failureRate: number,
  nextChildJob: () => number,
  shape?: PhaseShape,
): SimPhase[] {
  const sequence = SEQUENCES.get(type) ?? SEQUENCES.get(7)!;
  const phases: SimPhase[] = [];
  let at = start;
  for (const code of sequence) {
    const [min, max] = DURATIONS.get(code) ?? [5, 60];
    // Live operations are kept short so they finish while someone watches (or a test waits).
    const drawn = live ? random.int(Math.min(min, 20), Math.min(max, 90)) : random.logInt(min, max);
    // Drawn either way, so the seed's other draws stay where they were.
    const duration = shape
      ? phaseSeconds(shape.profile, shape.vmIndex, code, [min, max], shape.jobId, shape.progress)
      : drawn;
    const failed = random.chance(failureRate);
    const phase: SimPhase = {
      code,
      start: at,
      end: at + duration,
      failed,
      machine: code === 2 || code === 24 || code === 52 ? vm : `${vm}_DR`,
    };
    if (CHILD_JOB_PHASES.has(code)) phase.childJobId = nextChildJob();
    if (failed) phase.errorMessage = random.pick(ERRORS.get(code) ?? [GENERIC_ERROR]).replaceAll('{vm}', vm);
    phases.push(phase);
    if (failed) break;
    at = phase.end + random.int(0, 5);
    if (code === 13 && shape && shape.approvalAt > at) {
      // Waiting for a user's approval after initialising; a VM that starts after it was given does not wait.
      phases.push({ code: APPROVAL_PHASE, start: at, end: shape.approvalAt, failed: false, machine: `${vm}_DR` });
      at = shape.approvalAt;
    }
  }
  return phases;
}

/** The DR Approval phase (code 27). */
const APPROVAL_PHASE = 27;

/** How a history operation's VM follows its group's profile (profile.ts). */
interface PhaseShape {
  profile: GroupProfile;
  vmIndex: number;
  jobId: number;
  /** 0 at the oldest history, 1 at the newest: the group's drift. */
  progress: number;
  /** When the operation's approval was given (0: it asked for none). */
  approvalAt: number;
}
