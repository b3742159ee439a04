import { XMLParser } from 'fast-xml-parser';
import { decodeBody } from '../electron/commvault/decodeBody.js';
import { normaliseJobStats } from '../electron/commvault/normaliseJobStats.js';
import { buildDataset } from '../electron/simulator/dataset.js';
import { jobStatsBody } from '../electron/simulator/render.js';
import { toXml } from '../electron/simulator/xml.js';
import { compare, type Row } from './measure.js';

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

  const jsonTimes = compare(15, {
    ours: () => normaliseJobStats(decodeBody(raw(json, 'application/json'))),
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
      benchmark: 'JobStats XML: validate + parse + normalise',
      ours: xmlTimes.ours!,
      baseline: xmlTimes.baseline!,
      baselineName: 'XMLParser',
      target: 1.3,
    },
  ];
}
