import { z } from 'zod';
import type { ClientRef, DrOperation, OperationType, OperationTypeSource, Phase, PhaseStatus, VmRun } from './model.js';

/**
 * How operations cross the bridge: column by column, numbers in flat arrays and every text once in a table, in
 * place of 100,000 objects with their keys. A 10,000-VM-run fetch is about a quarter of the JSON, and far cheaper to
 * serialise, parse and structured-clone. It is only the transport's form: both sides of the bridge see
 * `DrOperation[]`, main packs (`packOperations`) and the page's transport unpacks (`unpackOperations`).
 */
export const OperationsWireSchema = z.object({
  packed: z.literal('operations/1'),
  strings: z.array(z.string()),
  ops: z.array(z.number().nullable()),
  vms: z.array(z.number().nullable()),
  phases: z.array(z.number().nullable()),
});
export type OperationsWire = z.infer<typeof OperationsWireSchema>;

const OP_FIELDS = 12;
const VM_FIELDS = 10;
const PHASE_FIELDS = 10;

export function packOperations(operations: readonly DrOperation[]): OperationsWire {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const text = (value: string | null): number | null => {
    if (value === null) return null;
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
  const ops = new Array<number | null>(operations.length * OP_FIELDS);
  const vms = new Array<number | null>(vmCount * VM_FIELDS);
  const phases = new Array<number | null>(phaseCount * PHASE_FIELDS);
  let o = 0;
  let v = 0;
  let p = 0;
  for (const op of operations) {
    ops[o++] = op.jobId;
    ops[o++] = op.drGroupId;
    ops[o++] = text(op.operationType);
    ops[o++] = text(op.operationTypeSource);
    ops[o++] = op.vms.length;
    ops[o++] = op.start;
    ops[o++] = op.end;
    ops[o++] = op.duration;
    ops[o++] = op.rto;
    ops[o++] = text(op.status);
    ops[o++] = op.failedPhases;
    ops[o++] = op.runningPhases;
    for (const vm of op.vms) {
      vms[v++] = vm.jobId;
      vms[v++] = vm.replicationId;
      vms[v++] = vm.drGroupId;
      vms[v++] = vm.client.id;
      vms[v++] = text(vm.client.name);
      vms[v++] = vm.start;
      vms[v++] = vm.end;
      vms[v++] = text(vm.status);
      vms[v++] = vm.failedPhases;
      vms[v++] = vm.phases.length;
      for (const ph of vm.phases) {
        phases[p++] = ph.code;
        phases[p++] = text(ph.name);
        phases[p++] = text(ph.status);
        phases[p++] = ph.rawStatus;
        phases[p++] = ph.start;
        phases[p++] = ph.end;
        phases[p++] = ph.duration;
        phases[p++] = text(ph.machine);
        phases[p++] = text(ph.errorMessage);
        phases[p++] = ph.childJobId;
      }
    }
  }
  return { packed: 'operations/1', strings, ops, vms, phases };
}

/** The reverse of `packOperations`; a form that does not add up is refused rather than half read. */
export function unpackOperations(wire: OperationsWire): DrOperation[] {
  const { strings, ops, vms, phases } = wire;
  if (ops.length % OP_FIELDS || vms.length % VM_FIELDS || phases.length % PHASE_FIELDS)
    throw new Error('The operations sent by the app are damaged.');
  const str = (at: number | null | undefined): string => strings[at as number] as string;
  const strOrNull = (at: number | null | undefined): string | null => (at === null ? null : str(at));
  const operations: DrOperation[] = new Array(ops.length / OP_FIELDS);
  let v = 0;
  let p = 0;
  for (let o = 0, i = 0; i < ops.length; o++, i += OP_FIELDS) {
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
          rawStatus: phases[p + 3] as number | null,
          start: phases[p + 4] as number | null,
          end: phases[p + 5] as number | null,
          duration: phases[p + 6] as number | null,
          machine: strOrNull(phases[p + 7]),
          errorMessage: strOrNull(phases[p + 8]),
          childJobId: phases[p + 9] as number | null,
        };
      }
      const client: ClientRef = { id: vms[v + 3] as number | null, name: str(vms[v + 4]) };
      runs[k] = {
        jobId: vms[v] as number,
        replicationId: vms[v + 1] as number | null,
        drGroupId: vms[v + 2] as number | null,
        client,
        phases: list,
        start: vms[v + 5] as number | null,
        end: vms[v + 6] as number | null,
        status: str(vms[v + 7]) as PhaseStatus,
        failedPhases: vms[v + 8] as number,
      };
    }
    operations[o] = {
      jobId: ops[i] as number,
      drGroupId: ops[i + 1] as number | null,
      operationType: str(ops[i + 2]) as OperationType,
      operationTypeSource: str(ops[i + 3]) as OperationTypeSource,
      vms: runs,
      start: ops[i + 5] as number | null,
      end: ops[i + 6] as number | null,
      duration: ops[i + 7] as number | null,
      rto: ops[i + 8] as number | null,
      status: str(ops[i + 9]) as PhaseStatus,
      failedPhases: ops[i + 10] as number,
      runningPhases: ops[i + 11] as number,
    };
  }
  if (v !== vms.length || p !== phases.length) throw new Error('The operations sent by the app are damaged.');
  return operations;
}
