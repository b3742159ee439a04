import { describe, expect, it } from 'vitest';
import { normaliseJobStats } from '../../electron/commvault/normaliseJobStats.js';
import { classify } from '../../electron/contract/evidence.js';
import {
  packOperations,
  rememberPacked,
  unpackOperations,
  unpackOperationsInSlices,
} from '../../electron/contract/operationsWire.js';
import { buildDataset } from '../../electron/simulator/dataset.js';
import { jobStatsBody } from '../../electron/simulator/render.js';
import { ANCHOR } from '../helpers/commvault.js';

const read = () =>
  normaliseJobStats(
    jobStatsBody(buildDataset({ seed: 5, groups: 4, vms: 5, jobs: 60, running: 3, anchor: ANCHOR }), {}, ANCHOR),
  );

describe('operations read in a worker, handed over as columns', () => {
  it('unpacked a slice at a time read the same, with a pause between slices that may stop it', async () => {
    const operations = read();
    const wire = packOperations(operations);
    let pauses = 0;
    const sliced = await unpackOperationsInSlices(wire, async () => void pauses++, 7);
    expect(sliced).toEqual(operations);
    expect(pauses).toBe(Math.ceil(operations.length / 7) - 1);
    await expect(unpackOperationsInSlices(wire, () => Promise.reject(new Error('cancelled')), 7)).rejects.toThrow(
      'cancelled',
    );
  });

  it('the next pack takes the VM and phase columns over as they are, with the operations as they are now', () => {
    const wire = packOperations(read());
    const operations = unpackOperations(structuredClone(wire));
    const handed = structuredClone(wire);
    rememberPacked(operations, handed);
    // What happens after the reading: a type the CommServe names changes the operation (its RTO with it).
    const changed = operations.find((op) => op.operationTypeSource === 'inferred' && op.status === 'succeeded')!;
    classify(changed, 'planned-failover');
    const packed = packOperations(operations);
    expect(packed.vms).toBe(handed.vms);
    expect(packed.phases).toBe(handed.phases);
    expect(unpackOperations(packed)).toEqual(operations);
    expect(unpackOperations(packed).find((op) => op.jobId === changed.jobId)).toMatchObject({
      operationType: 'planned-failover',
      operationTypeSource: 'commserve',
      rto: changed.duration,
    });
    // Once only: the next pack is a pack of its own.
    const again = packOperations(operations);
    expect(again.phases).not.toBe(handed.phases);
    expect(unpackOperations(again)).toEqual(operations);
  });

  it('a list that is no longer the one unpacked (another order, one less) is packed afresh', () => {
    const wire = packOperations(read());
    const operations = unpackOperations(wire);
    rememberPacked(operations, structuredClone(wire));
    operations.reverse();
    expect(unpackOperations(packOperations(operations))).toEqual(operations);
    const fewer = unpackOperations(wire);
    rememberPacked(fewer, structuredClone(wire));
    fewer.pop();
    expect(unpackOperations(packOperations(fewer))).toEqual(fewer);
  });
});
