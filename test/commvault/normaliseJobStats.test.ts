import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../../electron/commvault/decodeBody.js';
import { normaliseJobStats } from '../../electron/commvault/normaliseJobStats.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

describe('client ids', () => {
  it('keeps 0 as a real id; -999, blanks and absence mean none', () => {
    const entry = (client: unknown) => ({ jobId: 5, replicationId: 1, client, phase: [] });
    const ops = normaliseJobStats({
      job: [
        { ...entry({ clientId: 0, clientName: 'zero' }), jobId: 1 },
        { ...entry({ clientId: '0', clientName: 'zero-text' }), jobId: 2 },
        { ...entry({ clientId: -999, clientName: 'na' }), jobId: 3 },
        { ...entry({ clientName: 'absent' }), jobId: 4 },
        { ...entry({ clientId: '', clientName: 'blank' }), jobId: 6 },
      ],
    });
    const ids = Object.fromEntries(ops.map((op) => [op.vms[0]!.client.name, op.vms[0]!.client.id]));
    expect(ids).toEqual({ zero: 0, 'zero-text': 0, na: null, absent: null, blank: null });
  });
});

describe('the original API page sample', () => {
  const fromJson = normaliseJobStats(JSON.parse(fixture('sample-jobstats.json')));
  const fromXml = normaliseJobStats(parseXml(fixture('sample-jobstats.xml')));

  it('gives one operation with one VM and the four named phases', () => {
    expect(fromJson).toHaveLength(1);
    const [op] = fromJson;
    expect(op).toMatchObject({
      jobId: 2416,
      drGroupId: 1,
      start: 1502403488,
      end: 1502405709,
      duration: 1502405709 - 1502403488,
      // A failed operation has a duration but no recovery RTO.
      rto: null,
      status: 'failed',
      failedPhases: 1,
      runningPhases: 0,
    });
    expect(op!.vms).toHaveLength(1);
    // The page's own sample has clientId 0: a real id, kept (only -999 or absent means none).
    expect(op!.vms[0]).toMatchObject({ replicationId: 22, client: { id: 0, name: 'johndoeVm9' }, status: 'failed' });
    expect(fromXml[0]!.vms[0]!.client.id).toBe(0);
    expect(op!.vms[0]!.phases.map((p) => [p.code, p.name, p.status, p.duration])).toEqual([
      [15, 'Disable Sync', 'succeeded', 0],
      [24, 'Shutdown', 'succeeded', 20],
      [8, 'Backup', 'succeeded', 617],
      [7, 'Replication', 'failed', 310],
    ]);
  });

  it('is the same from XML as from JSON', () => {
    expect(fromXml).toEqual(fromJson);
  });
});

const time = (t: unknown) => ({ _type_: 55, time: t });

describe('quirks', () => {
  it('reads single objects for lists, numeric strings, -999 and @-prefixed keys inside a root wrapper', () => {
    const body = {
      Api_VirtualAppJobDetailsResp: {
        job: {
          '@jobId': '77',
          '@replicationId': '-999',
          phase: {
            '@phase': '2',
            '@status': '0',
            startTime: { '@time': '1700000100' },
            endTime: { '@time': '1700000160' },
          },
          client: { '@clientId': '385', '@clientName': 'vm-a' },
          vapp: { '@vAppId': '38' },
        },
      },
    };
    const [op] = normaliseJobStats(body);
    // Power Off alone says nothing about the operation's type: a duration, no recovery RTO.
    expect(op).toMatchObject({ jobId: 77, drGroupId: 38, duration: 60, rto: null, status: 'succeeded' });
    expect(op).toMatchObject({ operationType: 'unknown', operationTypeSource: 'inferred' });
    expect(op!.vms[0]).toMatchObject({ replicationId: null, client: { id: 385, name: 'vm-a' } });
    expect(op!.vms[0]!.phases[0]).toMatchObject({ code: 2, name: 'Power Off', duration: 60 });
  });

  it('treats a missing end and an end of 0 as running, with no duration and no RTO yet', () => {
    const [op] = normaliseJobStats({
      job: [
        { jobId: 5, phase: [{ phase: 7, status: 0, startTime: time(1700000100) }] },
        { jobId: 5, phase: [{ phase: 1, status: 0, startTime: time(1700000090), endTime: time(0) }] },
      ],
    });
    expect(op).toMatchObject({
      status: 'running',
      runningPhases: 2,
      end: null,
      duration: null,
      rto: null,
      start: 1700000090,
    });
    expect(op!.vms.map((v) => v.phases[0]!.status)).toEqual(['running', 'running']);
    expect(op!.vms[0]!.phases[0]!.duration).toBeNull();
  });

  it('names unknown codes "Phase N", shows unknown statuses with their value, and counts a missing status as failed', () => {
    const [op] = normaliseJobStats({
      job: [
        {
          jobId: 9,
          phase: [
            { phase: 46, status: 0, startTime: time(1), endTime: time(2) },
            { phase: 99, status: 7, startTime: time(2), endTime: time(3) },
            { phase: 1, startTime: time(3), endTime: time(4) },
          ],
        },
      ],
    });
    const phases = op!.vms[0]!.phases;
    expect(phases.map((p) => p.name)).toEqual(['Phase 46', 'Phase 99', 'Power On']);
    expect(phases.map((p) => [p.status, p.rawStatus])).toEqual([
      ['succeeded', 0],
      ['unknown', 7],
      ['failed', null],
    ]);
  });

  it('reads the error message, the child job and the machine of a phase', () => {
    const [op] = normaliseJobStats({
      job: {
        jobId: 3,
        phase: {
          phase: 7,
          status: 1,
          startTime: time(10),
          endTime: time(20),
          entity: { clientName: 'vm1' },
          phaseInfo: { job: { jobid: '123', failure: { errorMessage: ' Replication failed ' } } },
        },
      },
    });
    expect(op!.vms[0]!.phases[0]).toMatchObject({
      errorMessage: 'Replication failed',
      childJobId: 123,
      machine: 'vm1',
    });
  });

  it('groups VM runs by job id, newest job first, and skips entries that are not jobs', () => {
    const ops = normaliseJobStats({
      job: [{ jobId: 1, phase: [] }, 'junk', { jobId: 2 }, { replicationId: 4 }, { jobId: 1, phase: [] }],
    });
    expect(ops.map((o) => [o.jobId, o.vms.length])).toEqual([
      [2, 1],
      [1, 2],
    ]);
  });

  it('returns no operations for an empty answer in any form', () => {
    expect(normaliseJobStats({})).toEqual([]);
    expect(normaliseJobStats({ job: [] })).toEqual([]);
    expect(normaliseJobStats(parseXml('<Api_VirtualAppJobDetailsResp />'))).toEqual([]);
  });
});
