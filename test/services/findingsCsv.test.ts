import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/bridge/core.js';
import type { Channel, ChannelRequest } from '../../electron/contract/api.js';
import { isRecoveryType } from '../../electron/contract/evidence.js';
import type { FetchJobsResult } from '../../electron/contract/jobs.js';
import { DownloadSink } from '../../electron/sinks/downloadSink.js';
import { dispatched, fetchedCore, type FetchedCore } from '../helpers/app.js';

let app: Core;
let downloads: DownloadSink;
let fetched: FetchJobsResult;
let world: FetchedCore;

beforeEach(async () => {
  downloads = new DownloadSink();
  world = await fetchedCore(
    { seed: 4, groups: 3, vms: 3, jobs: 60 },
    { dirPrefix: 'drjs-findings-csv-', core: { sink: downloads } },
  );
  ({ app, fetched } = world);
});
afterEach(() => world.close());

const call = <C extends Channel>(channel: C, request: ChannelRequest<C>) => dispatched(app, channel, request);

describe('the findings CSV', () => {
  it('has one row per finding of the scope, as the Findings screen lists them, with opening and closing jobs', async () => {
    const source = { kind: 'live' as const, fetchId: fetched.fetchId };
    const passed = fetched.operations.find((op) => isRecoveryType(op.operationType) && op.status === 'succeeded')!;
    await call('signoffs:add', {
      source,
      draft: {
        jobId: passed.jobId,
        verdict: 'passed-with-deviations',
        deviations: ['=DNS switched by hand'],
        tester: 'Ana',
      },
    });
    const listed = (await call('findings:list', { source })).findings;
    expect(listed.length).toBeGreaterThan(1);
    const outcome = await call('export:csv', { source, report: 'findings', options: { utc: true } });
    if (outcome.kind !== 'download') throw new Error(outcome.kind);
    const rows = parse(downloads.take(outcome.token)!.data, { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!).slice(0, 9)).toEqual([
      'finding_id',
      'status',
      'kind',
      'title',
      'severity',
      'dr_group_id',
      'dr_group',
      'opened_by_job_id',
      'closed_by_job_id',
    ]);
    expect(rows.map((r) => r.finding_id)).toEqual(listed.map((f) => f.id));
    const deviation = rows.find((r) => r.kind === 'Deviation from the test plan')!;
    expect(deviation).toMatchObject({
      title: "'=DNS switched by hand",
      opened_by_job_id: String(passed.jobId),
      status: 'open',
    });
    const closed = listed.find((f) => f.status === 'closed');
    if (closed) {
      const row = rows.find((r) => r.finding_id === closed.id)!;
      expect(row.closed_by_job_id).toBe(String(closed.closedByJobId));
      expect(row.closed_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    }
  });
});
