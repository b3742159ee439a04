import { isRecoveryType, rtoVerdict } from './evidence.js';
import type { DrOperation, VmRun } from './model.js';

/**
 * What the DR jobs prove of a group's members, and what they left behind: which member VMs were recovered within
 * target inside the test interval ("k of n proven"), which test boot was ended by which undo or clean-up, and the
 * recovery-point age of each VM of a recovery where the job data allows. docs/evidence.md says it in words.
 */

const DAY = 86_400;
/** Phase codes: Power On (1) and Replication (7). */
const POWER_ON = 1;
const REPLICATION = 7;

export interface MemberProof {
  name: string;
  /** The newest recovery operation inside the interval in which this VM came up within target; null: none. */
  provenBy: number | null;
  provenAt: number | null;
  /** Not in the last successful test's VMs: added (or left out) since. */
  addedSinceLastSuccess: boolean;
}

export interface GroupCoverage {
  members: MemberProof[];
  proven: number;
  total: number;
  /** Some member never proven inside the interval, or added since the last successful test. */
  partiallyProven: boolean;
  /** "4 of 5 member VMs recovered within target inside 90 days". */
  text: string;
}

const nameKey = (name: string) => name.trim().toLowerCase();

function recoveredWithinTarget(op: DrOperation, target: number | null, asOf: number): boolean {
  const verdict = rtoVerdict(op, target, asOf);
  return verdict.kind === 'within' || verdict.kind === 'no-target';
}

/**
 * Coverage of a group's members by its recovery operations (`history`: everything fetched for the group, whatever
 * the scope). A member is proven when a recovery operation that started inside the interval before `asOf` brought it
 * up, and that operation as a whole was within target. Members are matched to VM runs by name (any case).
 */
export function groupCoverage(
  memberNames: readonly string[],
  history: readonly DrOperation[],
  target: number | null,
  intervalDays: number,
  asOf: number,
): GroupCoverage {
  const since = asOf - intervalDays * DAY;
  const recoveries = history
    .filter((op) => isRecoveryType(op.operationType) && op.status !== 'running' && op.start !== null)
    .sort((a, b) => b.start! - a.start!);
  const lastSuccess = recoveries.find((op) => op.rto !== null);
  const inLastSuccess = new Set(lastSuccess?.vms.map((vm) => nameKey(vm.client.name)) ?? []);
  const members = memberNames.map((name): MemberProof => {
    const key = nameKey(name);
    const proof = recoveries.find(
      (op) =>
        op.start! >= since &&
        recoveredWithinTarget(op, target, asOf) &&
        op.vms.some((vm) => nameKey(vm.client.name) === key && vm.status === 'succeeded'),
    );
    return {
      name,
      provenBy: proof?.jobId ?? null,
      provenAt: proof?.start ?? null,
      addedSinceLastSuccess: lastSuccess !== undefined && !inLastSuccess.has(key),
    };
  });
  const proven = members.filter((m) => m.provenBy !== null).length;
  return {
    members,
    proven,
    total: members.length,
    partiallyProven: members.some((m) => m.provenBy === null || m.addedSinceLastSuccess),
    text: `${proven} of ${members.length} member VMs recovered within target inside ${intervalDays} days`,
  };
}

export interface TestCleanup {
  testJobId: number;
  testStart: number | null;
  /** The undo or clean-up operation that ended this test boot, or null: still open. */
  cleanedUpBy: number | null;
  cleanedUpAt: number | null;
  /** "cleaned up by job 10412" or "still open". */
  text: string;
}

/**
 * Each test boot of a group paired with the operation that ended it: the first Undo Failover (or Revert Failover)
 * of the same group that started after the test boot started and before the next test boot. None: still open.
 */
export function pairTestCleanups(groupOperations: readonly DrOperation[]): TestCleanup[] {
  const sorted = groupOperations.filter((op) => op.start !== null).sort((a, b) => a.start! - b.start!);
  const out: TestCleanup[] = [];
  sorted.forEach((op, index) => {
    if (op.operationType !== 'test-boot') return;
    let cleanup: DrOperation | undefined;
    for (const later of sorted.slice(index + 1)) {
      if (later.operationType === 'test-boot') break;
      if (later.operationType === 'undo-failover' || later.operationType === 'revert-failover') {
        cleanup = later;
        break;
      }
    }
    out.push({
      testJobId: op.jobId,
      testStart: op.start,
      cleanedUpBy: cleanup?.jobId ?? null,
      cleanedUpAt: cleanup?.start ?? null,
      text: cleanup ? `cleaned up by job ${cleanup.jobId}` : 'still open',
    });
  });
  return out;
}

export interface RecoveryPointAge {
  vm: string;
  /** Seconds from the recovery point (the end of the VM's last replication in the job) to its power-on; null: the job data does not say. */
  seconds: number | null;
  /** Why there is no figure, in words; empty when there is one. */
  note: string;
}

export const RECOVERY_POINT_UNKNOWN = 'the job data does not name the recovery point used';

/**
 * The recovery-point age of each VM of a recovery operation: from the end of the replication the VM ran in this
 * job (its final sync, as a planned failover makes) to the start of its power-on. A test boot or an unplanned
 * failover boots the last copy replicated before the job, which JobStats does not name: then there is no figure.
 */
export function recoveryPointAges(op: DrOperation): RecoveryPointAge[] {
  if (!isRecoveryType(op.operationType)) return [];
  return op.vms.map((vm) => recoveryPointAge(vm));
}

function recoveryPointAge(vm: VmRun): RecoveryPointAge {
  const powerOn = vm.phases.find((p) => p.code === POWER_ON && p.start !== null);
  const replication = vm.phases
    .filter((p) => p.code === REPLICATION && p.status === 'succeeded' && p.end !== null)
    .filter((p) => !powerOn || p.end! <= powerOn.start!)
    .at(-1);
  if (!powerOn || !replication) return { vm: vm.client.name, seconds: null, note: RECOVERY_POINT_UNKNOWN };
  return { vm: vm.client.name, seconds: Math.max(0, powerOn.start! - replication.end!), note: '' };
}
