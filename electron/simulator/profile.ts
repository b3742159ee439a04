import { Random } from './random.js';

/**
 * What makes one DR group's recoveries like each other and unlike another group's, as on a real CommServe: each VM
 * takes its own typical time for each phase, one VM is slow, the group drifts slower or faster over the months,
 * a run now and then has an outlier phase, its VMs boot in priority groups with an interval between them, and a
 * group that needs approval waits for it. Drawn from streams of their own (keyed by seed, group, VM, phase and job),
 * so the rest of a seed's data set — ids, types, failures — stays as it was, and the same seed gives the same data.
 */

export interface GroupProfile {
  /** Priority group of each VM (index in the group's clients), 1 first; never decreasing along the clients. */
  priorities: number[];
  /** Seconds between one priority group finishing and the next starting. */
  priorityInterval: number;
  /** Failovers of this group wait for a user's approval (a DR Approval phase). */
  approval: boolean;
  /** The typical approval wait in seconds. */
  approvalSeconds: number;
  /** Index of the VM that is slow at everything. */
  slowVm: number;
  slowFactor: number;
  /** How much slower (or faster, below 0) the group is at the end of the history than at its start. */
  drift: number;
  /** How long this group's VMs take compared with another's (their size, their storage): 0.3× to 3×. */
  scale: number;
  /** Spread of a phase's run-to-run duration (standard deviation of its logarithm). */
  noise: number;
  seed: number;
  vAppId: number;
}

/** Recovery operation types that ask for approval in a group that needs it (failovers; not test boots). */
const APPROVAL_TYPES = new Set([1, 3, 8]);
/** The share of runs with one phase far slower than usual (a datastore full, a host in maintenance). */
const OUTLIER_RATE = 0.03;

function mix(...keys: number[]): number {
  let h = 0x811c9dc5;
  for (const key of keys) {
    h = Math.imul(h ^ (key >>> 0), 0x01000193) >>> 0;
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
  }
  return h >>> 0;
}

function stream(...keys: number[]): Random {
  return new Random(mix(...keys));
}

/** A standard normal draw (Box–Muller). */
function normal(random: Random): number {
  const u = Math.max(1e-12, random.next());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}

export function groupProfile(seed: number, vAppId: number, vmCount: number): GroupProfile {
  const random = stream(seed, vAppId, 0x9a0f11e);
  const batches = vmCount >= 3 ? random.int(1, 3) : 1;
  const priorities = Array.from({ length: vmCount }, (_, i) => 1 + Math.floor((i * batches) / vmCount));
  return {
    priorities,
    priorityInterval: batches > 1 ? random.pick([60, 120, 300, 600]) : 0,
    approval: random.chance(0.4),
    approvalSeconds: random.logInt(300, 3 * 3600),
    slowVm: random.int(0, Math.max(0, vmCount - 1)),
    slowFactor: 1.8 + random.next() * 1.2,
    drift: -0.2 + random.next() * 0.7,
    noise: 0.1 + random.next() * 0.15,
    scale: Math.exp(Math.log(0.3) + random.next() * (Math.log(3) - Math.log(0.3))),
    seed,
    vAppId,
  };
}

/**
 * A phase's duration in one run: the VM's typical time for it (drawn once in the phase's range), the slow VM's
 * factor, the group's drift by `progress` (0 at the oldest run, 1 at the newest), run-to-run noise and a rare outlier.
 */
export function phaseSeconds(
  profile: GroupProfile,
  vmIndex: number,
  code: number,
  range: readonly [number, number],
  jobId: number,
  progress: number,
): number {
  const typical = stream(profile.seed, profile.vAppId, vmIndex, code).logInt(range[0], range[1]);
  const run = stream(profile.seed, jobId, vmIndex, code);
  const slow = vmIndex === profile.slowVm ? profile.slowFactor : 1;
  const drift = 1 + profile.drift * Math.min(1, Math.max(0, progress));
  const outlier = run.chance(OUTLIER_RATE) ? 2.5 + run.next() * 2 : 1;
  return Math.max(
    1,
    Math.round(typical * profile.scale * slow * drift * Math.exp(profile.noise * normal(run)) * outlier),
  );
}

/** How long a run of this group waits for approval (0 when it does not ask for one). */
export function approvalSeconds(profile: GroupProfile, type: number, jobId: number): number {
  if (!profile.approval || !APPROVAL_TYPES.has(type)) return 0;
  const run = stream(profile.seed, jobId, 0xa99a0);
  return Math.max(30, Math.round(profile.approvalSeconds * Math.exp(0.35 * normal(run))));
}
