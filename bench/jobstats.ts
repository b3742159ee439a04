import { XMLParser } from 'fast-xml-parser';
import { decodeBody } from '../electron/commvault/decodeBody.js';
import { JobStatsJsonStream } from '../electron/commvault/jobStatsStream.js';
import { JobStatsNormaliser, normaliseJobStats } from '../electron/commvault/normaliseJobStats.js';
import { buildDataset } from '../electron/simulator/dataset.js';
import { jobStatsBody } from '../electron/simulator/render.js';
import { toXml } from '../electron/simulator/xml.js';
import { CommvaultClient } from '../electron/commvault/client.js';
import { createNodeFetch } from '../electron/commvault/nodeTransport.js';
import { MAX_LOOKUPS_PER_FETCH, JobFactCache, resolveJobFacts } from '../electron/commvault/jobFacts.js';
import { CommvaultSimulator } from '../electron/simulator/server.js';
import { xmlProblem } from '../electron/commvault/xmlWellFormed.js';
import { compare, summarise, type Row } from './measure.js';

/** Parse + normalise of a 10,000-VM-run JobStats body, beside the raw parser on the same bytes. */
export function jobStatsBenchmarks(): Row[] {
  const anchor = 1_790_000_000;
  const dataset = buildDataset({ seed: 1, groups: 20, vms: 10, jobs: 1400, anchor });
  const body = jobStatsBody(dataset, {}, anchor);
  const json = JSON.stringify(body);
  const xml = toXml('Api_VirtualAppJobDetailsResp', body);
  const phases = body.job.reduce<number>((sum, job) => sum + (job as { phase: unknown[] }).phase.length, 0);
  console.log(
    `JobStats body: ${dataset.vmRunCount} VM runs, ${phases} phases; JSON ${(json.length / 1e6).toFixed(1)} MB, XML ${(xml.length / 1e6).toFixed(1)} MB`,
  );
  const raw = (text: string, contentType: string) => ({ text, contentType, status: 200, url: 'bench' });
  const rawXmlParser = new XMLParser({ ignoreAttributes: false });

  const jsonTimes = compare(25, {
    ours: () => normaliseJobStats(decodeBody(raw(json, 'application/json'))),
    baseline: () => JSON.parse(json),
  });
  // The road a fetch takes: split while arriving (64 KB pieces, as the network gives them), parse, normalise.
  const pieces: string[] = [];
  for (let at = 0; at < json.length; at += 65536) pieces.push(json.slice(at, at + 65536));
  const streamedTimes = compare(15, {
    ours: () => {
      const operations = new JobStatsNormaliser();
      const stream = new JobStatsJsonStream((entry) => operations.add(entry));
      for (const piece of pieces) stream.push(piece);
      if (!stream.end()) throw new Error('the benchmark body was not streamed');
      return operations.finish();
    },
    baseline: () => JSON.parse(json),
  });
  const xmlTimes = compare(5, {
    ours: () => normaliseJobStats(decodeBody(raw(xml, 'application/xml'))),
    baseline: () => rawXmlParser.parse(xml),
  });
  return [
    {
      benchmark: 'JobStats JSON: parse + normalise',
      ours: jsonTimes.ours!,
      baseline: jsonTimes.baseline!,
      baselineName: 'JSON.parse',
      target: 1.3,
    },
    {
      benchmark: 'JobStats JSON streamed: split + parse + normalise',
      ours: streamedTimes.ours!,
      baseline: streamedTimes.baseline!,
      baselineName: 'JSON.parse',
      target: 1.3,
    },
    {
      benchmark: 'JobStats XML: validate + parse + normalise',
      ours: xmlTimes.ours!,
      baseline: xmlTimes.baseline!,
      baselineName: 'XMLParser',
      target: 1.3,
    },
  ];
}

/**
 * The XML well-formedness check on a 4 MB answer without any `&` (as real answers mostly are), beside the same answer
 * with one `&amp;` every 50 jobs: without, it once rescanned the rest of the body for every text run (15 s here).
 */
export function xmlCheckBenchmark(): Row {
  const anchor = 1_790_000_000;
  const jobs = toXml(
    'Api_VirtualAppJobDetailsResp',
    jobStatsBody(buildDataset({ seed: 3, groups: 8, vms: 10, jobs: 460, anchor }), {}, anchor),
  ).split('</job>');
  const without = jobs.map((job) => job.replace(/&[^;]*;/g, '_')).join('</job>');
  const withAmp = jobs
    .map((job, i) => (i % 50 === 0 ? job.replace('clientName="', 'clientName="R&amp;D ') : job))
    .join('</job>');
  const check = (text: string) => () => {
    if (xmlProblem(text) !== null) throw new Error('the benchmark body is not well formed');
  };
  const times = compare(15, { ours: check(without), baseline: check(withAmp) });
  return {
    benchmark: `XML check: ${(without.length / 1e6).toFixed(0)} MB without & vs with &`,
    ours: times.ours!,
    baseline: times.baseline!,
    baselineName: 'the same with &',
    target: 1.2,
  };
}

/**
 * A first fetch of 10,000 VM runs (about 1,400 operations) over loopback, with and without the operation-type
 * look-ups (`GET Job/{id}`, 6 in flight, at most MAX_LOOKUPS_PER_FETCH new ones per fetch). Loopback hides the
 * network: on a real CommServe each look-up costs a round trip, which is why the per-fetch cap exists.
 */
export async function operationTypeBenchmark(): Promise<Row> {
  const simulator = await CommvaultSimulator.start({ seed: 1, groups: 20, vms: 10, jobs: 1400, anchor: 1_790_000_000 });
  try {
    const client = new CommvaultClient({
      webService: simulator.url,
      fetch: createNodeFetch(),
      format: 'json',
      deviceId: 'bench',
    });
    await client.login({ username: 'demo', password: 'demo' });
    const times = { ours: [] as number[], baseline: [] as number[], uncapped: [] as number[] };
    for (let round = 0; round < 4; round++) {
      let start = performance.now();
      await client.getJobStats({});
      times.baseline.push(performance.now() - start);
      start = performance.now();
      const capped = await client.getJobStats({});
      await resolveJobFacts(client, capped.operations, new JobFactCache());
      times.ours.push(performance.now() - start);
      start = performance.now();
      const all = await client.getJobStats({});
      await resolveJobFacts(client, all.operations, new JobFactCache(), { maxLookups: Infinity });
      times.uncapped.push(performance.now() - start);
    }
    console.log(
      `Operation types: ${simulator.dataset.operations.length} operations; fetch + all look-ups ${summarise(times.uncapped).median.toFixed(0)} ms, ` +
        `capped at ${MAX_LOOKUPS_PER_FETCH} ${summarise(times.ours).median.toFixed(0)} ms, fetch alone ${summarise(times.baseline).median.toFixed(0)} ms`,
    );
    return {
      benchmark: `First fetch of 10k VM runs + type look-ups (≤ ${MAX_LOOKUPS_PER_FETCH})`,
      ours: summarise(times.ours),
      baseline: summarise(times.baseline),
      baselineName: 'fetch alone',
      target: 4,
    };
  } finally {
    await simulator.close();
  }
}
