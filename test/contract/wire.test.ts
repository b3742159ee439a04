import { describe, expect, it } from 'vitest';
import { normaliseJobStats } from '../../electron/commvault/normaliseJobStats.js';
import { DrOperationSchema } from '../../electron/contract/model.js';
import { columnsAsArrays, decodeFrame, encodeFrame } from '../../electron/contract/frame.js';
import {
  OperationsWireSchema,
  packOperations,
  unpackOperations,
  type OperationsWire,
} from '../../electron/contract/operationsWire.js';
import { eventFromWire, eventToWire, resultFromWire, resultToWire } from '../../electron/contract/wire.js';
import { buildDataset } from '../../electron/simulator/dataset.js';
import { jobStatsBody } from '../../electron/simulator/render.js';
import { ANCHOR } from '../helpers/commvault.js';

const operations = normaliseJobStats(
  jobStatsBody(buildDataset({ seed: 3, groups: 4, vms: 5, jobs: 60, running: 3, anchor: ANCHOR }), {}, ANCHOR),
);

describe('operations across the bridge', () => {
  it('unpack(pack(x)) is x, field for field, including nulls, failures and running phases', () => {
    expect(operations.some((op) => op.status === 'failed')).toBe(true);
    expect(operations.some((op) => op.status === 'running')).toBe(true);
    const back = unpackOperations(structuredClone(packOperations(operations)));
    expect(back).toEqual(operations);
    for (const op of back) DrOperationSchema.parse(op);
  });

  it('crosses the browser mode as a binary frame, a fraction of the objects’ JSON, and as JSON in events', () => {
    const value = { ok: true, value: { fetchId: 'f', note: 'é"\u2028', operations: packOperations(operations) } };
    const pieces = encodeFrame(value);
    const body = new Uint8Array(pieces.reduce((sum, p) => sum + p.length, 0));
    let at = 0;
    for (const piece of pieces) {
      body.set(piece, at);
      at += piece.length;
    }
    const decoded = decodeFrame(body.buffer) as typeof value;
    expect(decoded.value.note).toBe(value.value.note);
    expect(unpackOperations(decoded.value.operations)).toEqual(operations);
    expect(body.length).toBeLessThan(JSON.stringify(operations).length / 2);
    const asText = JSON.parse(JSON.stringify(packOperations(operations), columnsAsArrays)) as OperationsWire;
    expect(unpackOperations(OperationsWireSchema.parse(asText))).toEqual(operations);
  });

  it('refuses a damaged frame', () => {
    const pieces = encodeFrame({ columns: new Float64Array([1, 2, 3]) });
    const whole = new Uint8Array([...pieces[0]!, ...pieces[1]!]);
    expect(() => decodeFrame(whole.slice(0, whole.length - 8).buffer)).toThrow(/damaged/);
    expect(() => decodeFrame(new Uint8Array([255, 255, 0, 0]).buffer)).toThrow(/damaged/);
  });

  it('refuses a damaged form instead of reading half of it', () => {
    const packed = packOperations(operations);
    expect(() => unpackOperations({ ...packed, phases: packed.phases.slice(0, -10) })).toThrow(/damaged/);
    expect(() => unpackOperations({ ...packed, vms: packed.vms.slice(0, -1) })).toThrow(/damaged/);
    const crossed = { ok: true as const, value: { fetchId: 'f', operations: { ...packed, packed: 'operations/9' } } };
    expect(() => resultFromWire('jobs:fetch', crossed)).toThrow();
  });

  it('packs only the channels and events that carry operations; the other side sees the contract’s values', () => {
    const view = { fetchId: 'f', operations, groupNames: {} };
    const wire = resultToWire('jobs:fetch', { ok: true, value: view });
    expect((wire as { value: { operations: { packed: string } } }).value.operations.packed).toBe('operations/3');
    expect(resultFromWire('jobs:fetch', structuredClone(wire))).toEqual({ ok: true, value: view });
    expect(resultToWire('connections:list', { ok: true, value: view })).toEqual({ ok: true, value: view });
    const failed = { ok: false as const, error: { kind: 'network' as const, message: 'x', details: {} } };
    expect(resultToWire('jobs:fetch', failed)).toBe(failed);
    const event = { watchId: 'w', result: view, error: null };
    expect(
      eventFromWire(
        'jobs:refreshed',
        JSON.parse(JSON.stringify(eventToWire('jobs:refreshed', event), columnsAsArrays)),
      ),
    ).toEqual(event);
    const empty = { watchId: 'w', result: null, error: failed.error };
    expect(eventFromWire('jobs:refreshed', eventToWire('jobs:refreshed', empty))).toEqual(empty);
  });
});
