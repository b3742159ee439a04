import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchPreviewSchema, PREVIEW_OPERATIONS, type FetchPreview } from '../../electron/contract/model.js';
import type { CommvaultSimulator } from '../../electron/simulator/server.js';
import { signedInClient, startSimulator } from '../helpers/commvault.js';

let sim: CommvaultSimulator;
beforeAll(async () => {
  // About 600 VM runs (~700 KB of JSON): the first batch is cut long before the end. Simulated time stands still,
  // so a phase of a running job cannot end between the JSON and the XML fetch on a busy machine.
  sim = await startSimulator({ seed: 5, groups: 4, vms: 6, jobs: 140, running: 2, speed: 0 });
});
afterAll(() => sim.close());

/** A fetch that records its preview and the bytes that had arrived when it came. */
async function fetchWithPreview(format: 'json' | 'xml') {
  const client = await signedInClient(sim, { format });
  let received = 0;
  const previews: { preview: FetchPreview; receivedAt: number }[] = [];
  const result = await client.getJobStats(
    {},
    {
      onProgress: (bytes) => (received = bytes),
      onPreview: (preview) => previews.push({ preview, receivedAt: received }),
    },
  );
  return { result, previews };
}

describe('the first operations of a JobStats answer, while the rest arrives', () => {
  it('come once, long before the body ends, as the answer’s first jobs with the VMs received so far', async () => {
    // The CommServe stops halfway: whatever the preview holds was known before the second half was sent.
    sim.setFault({ path: 'JobStats', type: 'stall', delayMs: 200, times: 1 });
    const { result, previews } = await fetchWithPreview('json');
    expect(previews).toHaveLength(1);
    const [{ preview, receivedAt }] = previews as [(typeof previews)[number]];
    expect(FetchPreviewSchema.parse(preview)).toEqual(preview);
    expect(receivedAt).toBeLessThan(result.rawBodyBytes / 2 + 1);
    expect(preview.vmRunsSoFar).toBeGreaterThan(0);
    expect(preview.vmRunsSoFar).toBeLessThan(result.vmRunCount);
    expect(preview.operations.length).toBeGreaterThan(0);
    expect(preview.operations.length).toBeLessThanOrEqual(PREVIEW_OPERATIONS);

    // Each previewed job is in the final answer, with its VMs so far a prefix of its VMs, and the same group.
    const byJob = new Map(result.operations.map((op) => [op.jobId, op]));
    for (const shown of preview.operations) {
      const op = byJob.get(shown.jobId);
      expect(op, `job ${shown.jobId}`).toBeDefined();
      expect(op!.vms.slice(0, shown.vmNames.length).map((vm) => vm.client.name)).toEqual(shown.vmNames);
      expect(shown.drGroupId).toBe(op!.drGroupId);
      // Provisional by design: nothing in it is a figure about the operation.
      expect(Object.keys(shown).sort()).toEqual(['drGroupId', 'jobId', 'start', 'vmNames']);
    }
  });

  it('an answer read whole (XML) has none, and gives the same operations', async () => {
    const json = await fetchWithPreview('json');
    const xml = await fetchWithPreview('xml');
    expect(xml.previews).toEqual([]);
    expect(xml.result.operations).toEqual(json.result.operations);
  });

  it('an answer that fits in the first batch has none: it is complete as soon as the preview could be', async () => {
    const small = await startSimulator({ seed: 6, groups: 1, vms: 2, jobs: 3, running: 0 });
    try {
      const client = await signedInClient(small);
      const previews: FetchPreview[] = [];
      const result = await client.getJobStats({}, { onPreview: (p) => previews.push(p) });
      expect(result.operations.length).toBeGreaterThan(0);
      expect(previews).toEqual([]);
    } finally {
      await small.close();
    }
  });
});
