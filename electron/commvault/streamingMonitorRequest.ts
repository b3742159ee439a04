import { z } from 'zod';
import { getChecked, pathId, looseInt, looseList, looseString } from './drShapes.js';
import type { RequestOptions } from './exchange.js';
import type { CommvaultSession } from './session.js';

const SiteSchema = z.object({
  replicationId: looseInt,
  sourceName: looseString,
  destinationName: looseString,
  /** VSALiveSyncStatus number. */
  status: looseInt,
  /** VSAFailOverStatus number (capital F as sent; the lower-case spelling is read too). */
  FailoverStatus: looseInt,
  failoverStatus: looseInt,
  /** The backup job the replica is synced to. */
  lastSyncedBkpJob: looseInt,
  replicationGroup: z.object({ replicationGroupId: looseInt, replicationGroupName: looseString }).optional(),
});
const StreamingSchema = z.object({ siteInfo: looseList(SiteSchema) });
export type StreamingPair = z.output<typeof SiteSchema>;

/**
 * `GET Replications/Monitors/streaming?vAppId=N`: the periodic (Live Sync) pairs of a failover group, with sync and
 * failover status and the backup job each replica is synced to; without a group, every pair of the CommServe (one
 * request where a reading needs them all). `{}` means no pairs.
 */
export async function getStreamingPairs(
  session: Pick<CommvaultSession, 'send'>,
  groupId: number | undefined,
  request: RequestOptions = {},
): Promise<StreamingPair[]> {
  const query = groupId === undefined ? '' : `?vAppId=${pathId('vAppId', groupId)}`;
  const body = await getChecked(
    session,
    `Replications/Monitors/streaming${query}`,
    ['siteInfo'],
    StreamingSchema,
    'replication monitor',
    request,
  );
  return body.siteInfo;
}
