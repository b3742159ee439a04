import { z } from 'zod';
import { getChecked, looseInt, looseList, looseString } from './drShapes.js';
import type { RequestOptions } from './exchange.js';
import type { CommvaultSession } from './session.js';

const SiteSchema = z.object({
  id: looseInt,
  sourceName: looseString,
  destinationName: looseString,
  /** BLR PairStatus number. */
  status: looseInt,
  /** Replication lag in **minutes** (V4 gives seconds). */
  lagTime: looseInt,
  replicationGroup: z.object({ replicationGroupId: looseInt, replicationGroupName: looseString }).optional(),
});
const ContinuousSchema = z.object({ siteInfo: looseList(SiteSchema) });
export type ContinuousPair = z.output<typeof SiteSchema>;

/** `GET Replications/Monitors/continuous`: the continuous (BLR) pairs, with status and lag in minutes. */
export async function getContinuousPairs(
  session: Pick<CommvaultSession, 'send'>,
  request: RequestOptions = {},
): Promise<ContinuousPair[]> {
  const body = await getChecked(
    session,
    'Replications/Monitors/continuous',
    ['siteInfo', 'summary'],
    ContinuousSchema,
    'continuous replication monitor',
    request,
  );
  return body.siteInfo;
}
