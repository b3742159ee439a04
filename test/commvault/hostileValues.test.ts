import { describe, expect, it } from 'vitest';
import { parseXml } from '../../electron/commvault/decodeBody.js';
import { unexpectedResponse } from '../../electron/commvault/decodeBody.js';
import { normaliseJobStats } from '../../electron/commvault/normaliseJobStats.js';
import { stripAttributePrefixes } from '../../electron/commvault/rawSchemas.js';
import { DrOperationSchema } from '../../electron/contract/model.js';
import { reportCsv } from '../../electron/reports/csv.js';

const t = (time: unknown) => ({ _type_: 55, time });
const job = (jobId: unknown, phases: { start: unknown; end: unknown; status?: number }[], extra: object = {}) => ({
  jobId,
  replicationId: 1,
  client: { clientId: 5, clientName: `vm-${String(jobId)}` },
  vapp: { vAppId: 3 },
  phase: phases.map((p, i) => ({ phase: i + 1, status: p.status ?? 0, startTime: t(p.start), endTime: t(p.end) })),
  ...extra,
});
const GOOD = job(100, [{ start: 1_700_000_000, end: 1_700_000_060 }]);
const context = { groupNames: {}, rtoTargetSeconds: 600, rtoTargetsByGroup: {}, timeZone: 'UTC', asOf: 1_700_001_000 };

/** Every report of the operations writes without throwing, and the model passes the bridge's schema. */
function exportsCleanly(operations: ReturnType<typeof normaliseJobStats>) {
  for (const op of operations) DrOperationSchema.parse(op);
  for (const report of ['operations', 'vm-runs', 'phases'] as const)
    expect(() => reportCsv(report, operations, context, { delimiter: ',', bom: false })).not.toThrow();
}

describe('impossible values in a JobStats body', () => {
  it('a time outside 1990–2100 is dropped, not shown; the other jobs stay', () => {
    const ops = normaliseJobStats({ job: [GOOD, job(101, [{ start: 1e13, end: 1e13 + 5 }])] });
    expect(ops.map((o) => o.jobId).sort()).toEqual([100, 101]);
    const bad = ops.find((o) => o.jobId === 101)!;
    expect(bad.vms[0]!.phases[0]).toMatchObject({ start: null, end: null, duration: null });
    expect(bad.duration).toBeNull();
    exportsCleanly(ops);
  });

  it('an end before its start gives no duration (never 0 s, never negative) and keeps the phase status', () => {
    const [op] = normaliseJobStats({ job: [job(102, [{ start: 1_700_000_100, end: 1_700_000_000 }])] });
    expect(op!.vms[0]!.phases[0]).toMatchObject({
      status: 'succeeded',
      start: 1_700_000_100,
      end: null,
      duration: null,
    });
    expect(op!.duration === null || op!.duration >= 0).toBe(true);
    exportsCleanly([op!]);
  });

  it.each([
    ['zero', 0],
    ['negative', -5],
    ['fractional', 12.5],
    ['above 2^53', '99999999999999999999'],
    ['a huge numeric string', '1' + '0'.repeat(400)],
  ])('a job id that is %s is skipped, and the good jobs are kept', (_what, id) => {
    const ops = normaliseJobStats({ job: [GOOD, job(id, [{ start: 1_700_000_000, end: 1_700_000_010 }])] });
    expect(ops.map((o) => o.jobId)).toEqual([100]);
    exportsCleanly(ops);
  });

  it('ids that are not safe whole numbers (replication, client, group, child job) become "none"', () => {
    const [op] = normaliseJobStats({
      job: [
        {
          ...GOOD,
          replicationId: 1.5,
          client: { clientId: '1e400', clientName: 'x' },
          vapp: { vAppId: -3 },
        },
      ],
    });
    expect(op!.vms[0]).toMatchObject({ replicationId: null, drGroupId: null, client: { id: null } });
    exportsCleanly([op!]);
  });
});

describe('parsing hostile bodies', () => {
  it('handles a 10,000-deep body without overflowing the stack', () => {
    let deep: unknown = { leaf: 1 };
    for (let i = 0; i < 10_000; i++) deep = { '@_x': i, child: deep };
    expect(() => stripAttributePrefixes(deep)).not.toThrow();
    let deepArray: unknown = [1];
    for (let i = 0; i < 10_000; i++) deepArray = [deepArray];
    expect(() => stripAttributePrefixes(deepArray)).not.toThrow();
  });

  it('never turns __proto__ keys into real fields', () => {
    const body = JSON.parse('{"__proto__":{"token":"QSDK injected"},"@constructor":{"x":1},"userName":"u"}') as unknown;
    const out = stripAttributePrefixes(body) as Record<string, unknown>;
    expect(out.token).toBeUndefined();
    expect(Object.getPrototypeOf(out)).not.toHaveProperty('token');
    expect(out.userName).toBe('u');
    expect(({} as Record<string, unknown>).token).toBeUndefined();
  });

  it('refuses a DTD anywhere in the document, not only near the start', () => {
    const late = `<Api_VirtualAppJobDetailsResp>${' '.repeat(10_000)}<!DOCTYPE x [<!ENTITY a "b">]></Api_VirtualAppJobDetailsResp>`;
    expect(() => parseXml(late)).toThrow(/document type declaration/);
  });

  it('an error excerpt never shows anything that looks like a token', () => {
    const token = 'QSDK ' + 'a1b2c3d4'.repeat(24);
    const error = unexpectedResponse(
      {
        status: 200,
        contentType: 'application/json',
        text: `{"weird":1,"token":"${token}","bearer":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2lnbmF0dXJl"}`,
        url: 'https://cs/Login',
      },
      'The sign-in answer could not be read.',
    );
    const excerpt = String(error.details.excerpt);
    expect(excerpt).not.toContain('a1b2c3d4a1b2');
    expect(excerpt).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    expect(excerpt).toContain('weird');
  });
});
