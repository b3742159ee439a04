import type { Dataset } from './dataset.js';
import { jobStatsBody, type JobStatsQuery } from './render.js';
import { XML_ROOTS, commvaultError, type Reply } from './reply.js';

/**
 * JobStats filtered by its query parameters, each a number or absent, as a CommServe reads them. The group's
 * parameter is named by the path: `drGroupId` on `DRGroups/JobStats`, `failoverGroupId` on `DR/JobStats`.
 */
export function jobStatsReply(dataset: Dataset, params: URLSearchParams, groupParam: string, now: number): Reply {
  const query: JobStatsQuery = {};
  const names: [keyof JobStatsQuery, string][] = [
    ['jobId', 'jobId'],
    ['drGroupId', groupParam],
    ['replicationId', 'replicationId'],
    ['clientId', 'clientId'],
  ];
  for (const [key, name] of names) {
    const value = params.get(name);
    if (value === null || value === '') continue;
    if (!/^\d+$/.test(value)) return commvaultError(400, 2, `Invalid value for parameter [${name}].`);
    query[key] = Number(value);
  }
  return { status: 200, body: jobStatsBody(dataset, query, now), rootName: XML_ROOTS.jobStats };
}
