import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../electron/commvault/decodeBody';
import { CommvaultError } from '../../electron/commvault/errors';
import { normaliseJobStats } from '../../electron/commvault/normaliseJobStats';
import { rtoVerdict, targetFor } from '../../electron/contract/evidence';
import { DrOperationSchema } from '../../electron/contract/model';
import { reportCsv } from '../../electron/reports/csv';
import { buildDataset } from '../../electron/simulator/dataset';
import { Random } from '../../electron/simulator/random';
import { jobStatsBody } from '../../electron/simulator/render';
import { toXml } from '../../electron/simulator/xml';
import { buildRows } from '../../renderer/src/lib/jobsView';
import { mutate } from '../helpers/mutateJobStats';

/**
 * Thousands of seeded, mutated JobStats answers, JSON and XML, through the same path a fetch takes: decode,
 * normalise, the bridge's schema, the table's rows with their verdicts, and all three CSV reports. A body is either
 * refused with a typed error or accepted and shown and exported without a throw; none takes over a second.
 */
const ANCHOR = 1_790_000_000;
const dataset = buildDataset({ seed: 5, groups: 2, vms: 2, jobs: 6, anchor: ANCHOR });
const BASE = jobStatsBody(dataset, {}, ANCHOR);

const context = {
  groupNames: { '1': 'G' },
  rtoTargetSeconds: 1800,
  rtoTargetsByGroup: {},
  timeZone: 'UTC',
  asOf: ANCHOR,
};

function throughTheApp(text: string, contentType: string): 'accepted' | 'refused' {
  let body;
  try {
    body = decodeBody({ status: 200, contentType, text, url: 'https://cs/commandcenter/api/DR/JobStats' });
  } catch (error) {
    // Refused bodies are typed errors an admin can read, never a crash.
    expect(error).toBeInstanceOf(CommvaultError);
    return 'refused';
  }
  const operations = normaliseJobStats(body);
  for (const op of operations) DrOperationSchema.parse(op);
  const rows = buildRows(
    operations,
    {},
    { key: 'rto', descending: true },
    new Set(operations.map((o) => o.jobId)),
    (op) => targetFor(op, context),
    ANCHOR,
  );
  expect(rows.length).toBeGreaterThanOrEqual(operations.length);
  for (const op of operations) rtoVerdict(op, targetFor(op, context), ANCHOR);
  for (const report of ['operations', 'vm-runs', 'phases'] as const)
    reportCsv(report, operations, context, { delimiter: ',', bom: true });
  return 'accepted';
}

describe('fuzzed JobStats answers', () => {
  it.each([
    ['JSON', 2000, (body: unknown) => JSON.stringify(body), 'application/json'],
    [
      'XML',
      1000,
      (body: unknown) => toXml('Api_VirtualAppJobDetailsResp', body as Record<string, unknown>),
      'application/xml',
    ],
  ] as const)(
    '%s: %i mutated bodies never crash, hang or export what they cannot show',
    (_format, count, serialise, type) => {
      const random = new Random(20261128);
      let accepted = 0;
      let slowest = 0;
      for (let i = 0; i < count; i++) {
        const mutated = mutate(BASE, random);
        let text: string;
        try {
          text = serialise(mutated);
        } catch {
          continue;
        }
        const started = performance.now();
        if (throughTheApp(text, type) === 'accepted') accepted++;
        slowest = Math.max(slowest, performance.now() - started);
      }
      // Most mutations leave a readable body: the test exercises the acceptance path, not only refusals.
      expect(accepted).toBeGreaterThan(count / 2);
      // A hang guard (runaway parsing takes minutes), not a speed goal: room for a garbage collection on a loaded
      // machine. Speed is measured in `npm run bench`.
      expect(slowest).toBeLessThan(5000);
    },
  );
});
