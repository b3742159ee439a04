import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CommvaultClient } from '../../electron/commvault/client.js';
import { OPERATION_TYPE_BY_CODE } from '../../electron/contract/evidence.js';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { rejection, signedInClient, startSimulator } from '../helpers/commvault.js';

let sim: CommvaultSimulator;
let json: CommvaultClient;
let xml: CommvaultClient;

beforeAll(async () => {
  sim = await startSimulator({ seed: 1, groups: 3, vms: 2, jobs: 80, running: 1 });
  json = await signedInClient(sim);
  xml = await signedInClient(sim, { format: 'xml' });
});
afterAll(() => sim.close());
beforeEach(() => sim.clearFaults());

const finished = () => sim.dataset.operations.filter((o) => !o.live);

describe('job summary (GET Job/{id})', () => {
  it('names every operation type the data set has, the same in JSON and XML', async () => {
    const seen = new Set<string>();
    for (const type of new Set(finished().map((o) => o.type))) {
      const op = finished().find((o) => o.type === type)!;
      const summary = await json.getJobSummary(op.jobId);
      expect(summary).toMatchObject({
        jobId: op.jobId,
        operationType: OPERATION_TYPE_BY_CODE[type],
        start: op.start,
        percentComplete: 100,
      });
      expect(await xml.getJobSummary(op.jobId)).toEqual(summary);
      seen.add(summary!.operationType!);
    }
    expect(seen.size).toBeGreaterThanOrEqual(7);
  });

  it('reads a running job: no end yet', async () => {
    const op = sim.dataset.operations.find((o) => o.live)!;
    const summary = await json.getJobSummary(op.jobId);
    expect(summary).toMatchObject({ status: 'Running', end: null });
    expect(summary!.operationType).toBe(OPERATION_TYPE_BY_CODE[op.type]);
  });

  it.each(['single-objects', 'strings', 'old-json'] as const)('tolerates the %s variant', async (type) => {
    const op = finished()[3]!;
    const plain = await json.getJobSummary(op.jobId);
    sim.setFault({ path: 'Job/{id}', type, times: 1 });
    expect(await json.getJobSummary(op.jobId)).toEqual(plain);
  });

  it('gives undefined for a job the CommServe does not know, and typed errors otherwise', async () => {
    expect(await json.getJobSummary(1)).toBeUndefined();
    expect(await xml.getJobSummary(1)).toBeUndefined();
    sim.setFault({ path: 'Job/{id}', type: 'error-errlist', times: 1 });
    expect((await rejection(json.getJobSummary(finished()[0]!.jobId))).kind).toBe('server-error');
    sim.setFault({ path: 'Job/{id}', type: 'not-found', times: 1 });
    expect((await rejection(json.getJobSummary(finished()[0]!.jobId))).kind).toBe('not-found');
    expect(await rejection(json.getJobSummary(0))).toMatchObject({
      kind: 'invalid-input',
      message: 'Job ID must be a whole number greater than 0 (an id).',
    });
  });

  it('leaves the type undefined when the operation name is not a DR operation it knows', async () => {
    const { parseJobSummary } = await import('../../electron/commvault/jobSummary.js');
    expect(
      parseJobSummary({ jobs: { jobSummary: { jobId: '42', localizedOperationName: 'Backup', status: 'Completed' } } }),
    ).toMatchObject({ jobId: 42, operationType: undefined, operationName: 'Backup' });
    expect(parseJobSummary({ totalRecordsWithoutPaging: '0' })).toBeUndefined();
    expect(parseJobSummary({ jobs: [] })).toBeUndefined();
  });
});

describe('resolving operation types for a fetch', () => {
  it('looks up at most maxLookups new jobs, newest first; the rest stay inferred and are asked next time', async () => {
    const { JobFactCache, resolveJobFacts } = await import('../../electron/commvault/jobFacts.js');
    const cache = new JobFactCache();
    const first = (await json.getJobStats({})).operations;
    const stats = await resolveJobFacts(json, first, cache, { maxLookups: 5 });
    expect(stats).toMatchObject({ lookups: 5, fromCommServe: 5, skipped: first.length - 5, fallbacks: 0 });
    const newest = [...first].sort((a, b) => b.jobId - a.jobId).slice(0, 5);
    expect(newest.every((op) => op.operationTypeSource === 'commserve')).toBe(true);
    const second = (await json.getJobStats({})).operations;
    const again = await resolveJobFacts(json, second, cache, { maxLookups: 5 });
    expect(again).toMatchObject({ lookups: 5, fromCommServe: 10 });
  });
});

describe('an overall deadline for the look-ups', () => {
  it('ends them all when it passes: what was answered keeps its type, the rest stays inferred and is counted', async () => {
    const { JobFactCache, resolveJobFacts } = await import('../../electron/commvault/jobFacts.js');
    const { ManualTimers } = await import('../helpers/manualTimers.js');
    const operations = (await json.getJobStats({})).operations;
    // A CommServe that answers the first two look-ups, then never again (each look-up would wait out its own limit).
    const answers: Promise<unknown>[] = [];
    const source = {
      getJobSummary: (jobId: number, request: { signal?: AbortSignal } = {}) => {
        if (answers.length === 2)
          return new Promise<never>((_, reject) =>
            request.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
          );
        const answer = json.getJobSummary(jobId);
        answers.push(answer);
        return answer;
      },
    };
    const timers = new ManualTimers();
    const resolving = resolveJobFacts(source, operations, new JobFactCache(), {
      maxLookups: Infinity,
      deadlineMs: 120_000,
      timers,
    });
    await timers.whenPending(1);
    expect(timers.pending).toEqual([120_000]);
    // The two answers land (the look-ups took them first), then the deadline passes.
    await Promise.all(answers);
    timers.fire();
    const stats = await resolving;
    expect(stats.fromCommServe).toBe(2);
    expect(stats.notInTime).toBe(operations.length - 2);
    expect(operations.filter((op) => op.operationTypeSource === 'inferred')).toHaveLength(operations.length - 2);
  });
});
