import { z } from 'zod';
import type { ClientRef, DrOperation, OperationType, OperationTypeSource, Phase, PhaseStatus, VmRun } from './model.js';

/**
 * How operations cross the bridge: column by column, numbers in flat `Float64Array`s (NaN for null) and every text
 * once in a table, in place of 100,000 objects with their keys. Structured clone (Electron IPC) copies the columns
 * as memory; the browser mode sends them as binary after a small JSON head (`frame.ts`), so no number is ever
 * written as text. It is only the transport's form: both sides of the bridge see `DrOperation[]`; main packs
 * (`packOperations`) and the page's transport unpacks (`unpackOperations`). Columns sent as JSON arrays (with null
 * for NaN, e.g. in a server-sent event) are read too.
 */
const Column = z.union([
  z.custom<Float64Array>((value) => value instanceof Float64Array, 'not a column of numbers'),
  z.array(z.number().nullable()),
]);
export const OperationsWireSchema = z.object({
  packed: z.literal('operations/3'),
  strings: z.array(z.string()),
  ops: Column,
  vms: Column,
  phases: Column,
});
type Column = Float64Array | (number | null)[];
export type OperationsWire = z.infer<typeof OperationsWireSchema>;
/** The form `packOperations` makes: binary columns only. */
export type PackedOperations = OperationsWire & { ops: Float64Array; vms: Float64Array; phases: Float64Array };

const OP_FIELDS = 13;
const VM_FIELDS = 10;
const PHASE_FIELDS = 10;

/** Operations unpacked from columns that are still true below the operation level (see `rememberPacked`). */
const handedOver = new WeakMap<readonly DrOperation[], PackedOperations>();

/**
 * Says that `operations` were unpacked from `wire` and that their VM runs and phases will not change (only the
 * operation-level fields may: a type the CommServe names, its RTO). Their next pack takes the VM and phase columns
 * over as they are and writes only the operations' rows again, once: a fetch read in a worker reaches the page
 * without packing its million phases a second time.
 */
export function rememberPacked(operations: readonly DrOperation[], wire: PackedOperations): void {
  handedOver.set(operations, wire);
}

export function packOperations(operations: readonly DrOperation[]): PackedOperations {
  const known = handedOver.get(operations);
  if (known) {
    handedOver.delete(operations);
    const repacked = repackOperationRows(operations, known);
    if (repacked) return repacked;
  }
  const strings: string[] = [];
  const index = new Map<string, number>();
  const text = (value: string | null): number => {
    if (value === null) return NaN;
    let at = index.get(value);
    if (at === undefined) {
      at = strings.length;
      strings.push(value);
      index.set(value, at);
    }
    return at;
  };
  // Sized up front: growing arrays of millions of numbers leaves their old copies behind as garbage.
  let vmCount = 0;
  let phaseCount = 0;
  for (const op of operations) {
    vmCount += op.vms.length;
    for (const vm of op.vms) phaseCount += vm.phases.length;
  }
  const ops = new Float64Array(operations.length * OP_FIELDS);
  const vms = new Float64Array(vmCount * VM_FIELDS);
  const phases = new Float64Array(phaseCount * PHASE_FIELDS);
  // Null is NaN in a column.
  const n = (value: number | null): number => (value === null ? NaN : value);
  let o = 0;
  let v = 0;
  let p = 0;
  for (const op of operations) {
    ops[o++] = op.jobId;
    ops[o++] = n(op.drGroupId);
    ops[o++] = text(op.operationType);
    ops[o++] = text(op.operationTypeSource);
    ops[o++] = op.vms.length;
    ops[o++] = n(op.start);
    ops[o++] = n(op.end);
    ops[o++] = n(op.duration);
    ops[o++] = n(op.rto);
    ops[o++] = text(op.status);
    ops[o++] = op.failedPhases;
    ops[o++] = op.runningPhases;
    ops[o++] = text(op.initiatedBy ?? null);
    for (const vm of op.vms) {
      vms[v++] = vm.jobId;
      vms[v++] = n(vm.replicationId);
      vms[v++] = n(vm.drGroupId);
      vms[v++] = n(vm.client.id);
      vms[v++] = text(vm.client.name);
      vms[v++] = n(vm.start);
      vms[v++] = n(vm.end);
      vms[v++] = text(vm.status);
      vms[v++] = vm.failedPhases;
      vms[v++] = vm.phases.length;
      for (const ph of vm.phases) {
        phases[p++] = ph.code;
        phases[p++] = text(ph.name);
        phases[p++] = text(ph.status);
        phases[p++] = n(ph.rawStatus);
        phases[p++] = n(ph.start);
        phases[p++] = n(ph.end);
        phases[p++] = n(ph.duration);
        phases[p++] = text(ph.machine);
        phases[p++] = text(ph.errorMessage);
        phases[p++] = n(ph.childJobId);
      }
    }
  }
  return { packed: 'operations/3', strings, ops, vms, phases };
}

/** The operations' rows written again over columns handed over; undefined when the list is no longer the one packed. */
function repackOperationRows(
  operations: readonly DrOperation[],
  known: PackedOperations,
): PackedOperations | undefined {
  if (known.ops.length !== operations.length * OP_FIELDS) return undefined;
  // The table is this pack's alone now (a hand-over is used once): new texts are added to its end.
  const strings = known.strings;
  const index = new Map<string, number>();
  const text = (value: string): number => {
    let at = index.get(value);
    if (at === undefined) {
      at = strings.indexOf(value);
      if (at === -1) at = strings.push(value) - 1;
      index.set(value, at);
    }
    return at;
  };
  const n = (value: number | null): number => (value === null ? NaN : value);
  const ops = new Float64Array(known.ops.length);
  let o = 0;
  for (const op of operations) {
    if (op.jobId !== known.ops[o] || op.vms.length !== known.ops[o + 4]) return undefined;
    ops[o++] = op.jobId;
    ops[o++] = n(op.drGroupId);
    ops[o++] = text(op.operationType);
    ops[o++] = text(op.operationTypeSource);
    ops[o++] = op.vms.length;
    ops[o++] = n(op.start);
    ops[o++] = n(op.end);
    ops[o++] = n(op.duration);
    ops[o++] = n(op.rto);
    ops[o++] = text(op.status);
    ops[o++] = op.failedPhases;
    ops[o++] = op.runningPhases;
    ops[o++] = op.initiatedBy == null ? NaN : text(op.initiatedBy);
  }
  return { packed: 'operations/3', strings, ops, vms: known.vms, phases: known.phases };
}

/** The reverse of `packOperations`; a form that does not add up is refused rather than half read. */
export function unpackOperations(wire: OperationsWire): DrOperation[] {
  return unpacker(wire)(Infinity)!;
}

/**
 * The same, `sliceOps` operations at a time with `pause` awaited between slices, so a process that unpacks 100,000
 * VM runs still answers everything else meanwhile. `pause` may throw to stop (a cancelled fetch).
 */
export async function unpackOperationsInSlices(
  wire: OperationsWire,
  pause: () => Promise<void>,
  sliceOps = 1000,
): Promise<DrOperation[]> {
  const step = unpacker(wire);
  for (;;) {
    const operations = step(sliceOps);
    if (operations) return operations;
    await pause();
  }
}

/** Unpacks up to the given number of operations a call; the operations once all are done. */
function unpacker(wire: OperationsWire): (sliceOps: number) => DrOperation[] | undefined {
  const { strings } = wire;
  const ops: Column = wire.ops;
  const vms: Column = wire.vms;
  const phases: Column = wire.phases;
  if (ops.length % OP_FIELDS || vms.length % VM_FIELDS || phases.length % PHASE_FIELDS)
    throw new Error('The operations sent by the app are damaged.');
  // NaN (a binary column) and null (a JSON one) both mean null.
  const num = (value: number | null | undefined): number | null =>
    value === null || value === undefined || value !== value ? null : value;
  const str = (at: number | null | undefined): string => strings[at as number] as string;
  const strOrNull = (at: number | null | undefined): string | null => {
    const index = num(at);
    return index === null ? null : str(index);
  };
  const operations: DrOperation[] = new Array(ops.length / OP_FIELDS);
  // Where the next slice starts: the operation, its row, and the next VM run's and phase's rows.
  let next = { o: 0, i: 0, v: 0, p: 0 };
  return (sliceOps) => {
    // Locals in the loop (a closure's own variables are slower to read and write).
    let { o, i, v, p } = next;
    const stop = Math.min(ops.length, i + sliceOps * OP_FIELDS);
    for (; i < stop; o++, i += OP_FIELDS) {
      const vmCount = ops[i + 4] as number;
      const runs: VmRun[] = new Array(vmCount);
      for (let k = 0; k < vmCount; k++, v += VM_FIELDS) {
        const phaseCount = vms[v + 9] as number;
        const list: Phase[] = new Array(phaseCount);
        for (let q = 0; q < phaseCount; q++, p += PHASE_FIELDS) {
          list[q] = {
            code: phases[p] as number,
            name: str(phases[p + 1]),
            status: str(phases[p + 2]) as PhaseStatus,
            rawStatus: num(phases[p + 3]),
            start: num(phases[p + 4]),
            end: num(phases[p + 5]),
            duration: num(phases[p + 6]),
            machine: strOrNull(phases[p + 7]),
            errorMessage: strOrNull(phases[p + 8]),
            childJobId: num(phases[p + 9]),
          };
        }
        const client: ClientRef = { id: num(vms[v + 3]), name: str(vms[v + 4]) };
        runs[k] = {
          jobId: vms[v] as number,
          replicationId: num(vms[v + 1]),
          drGroupId: num(vms[v + 2]),
          client,
          phases: list,
          start: num(vms[v + 5]),
          end: num(vms[v + 6]),
          status: str(vms[v + 7]) as PhaseStatus,
          failedPhases: vms[v + 8] as number,
        };
      }
      operations[o] = {
        jobId: ops[i] as number,
        drGroupId: num(ops[i + 1]),
        operationType: str(ops[i + 2]) as OperationType,
        operationTypeSource: str(ops[i + 3]) as OperationTypeSource,
        vms: runs,
        start: num(ops[i + 5]),
        end: num(ops[i + 6]),
        duration: num(ops[i + 7]),
        rto: num(ops[i + 8]),
        status: str(ops[i + 9]) as PhaseStatus,
        failedPhases: ops[i + 10] as number,
        runningPhases: ops[i + 11] as number,
      };
      // Only when the CommServe named someone: an operation it said nothing of has no initiator at all.
      const initiatedBy = strOrNull(ops[i + 12]);
      if (initiatedBy !== null) operations[o]!.initiatedBy = initiatedBy;
    }
    next = { o, i, v, p };
    if (i < ops.length) return undefined;
    if (v !== vms.length || p !== phases.length) throw new Error('The operations sent by the app are damaged.');
    return operations;
  };
}
