import { z } from 'zod';
import { getChecked, pathId, looseInt, looseList, looseString } from './drShapes.js';
import type { RequestOptions } from './exchange.js';
import type { CommvaultSession } from './session.js';

const MonitorSchema = z.object({
  summary: z
    .object({
      id: looseInt,
      synchronizationStatus: looseString,
      /** Seconds on V4 (the older monitor's `lagTime` is minutes). */
      replicationLag: looseInt,
      eventMessage: looseString,
    })
    .optional(),
  statistics: looseList(z.object({ timeStamp: looseInt })),
});
export type ReplicationMonitor = z.output<typeof MonitorSchema>;

/** `GET V4/ReplicationMonitor/{pairId}`: a continuous pair's sync status and lag in seconds. */
export function getReplicationMonitor(
  session: Pick<CommvaultSession, 'send'>,
  pairId: number,
  request: RequestOptions = {},
): Promise<ReplicationMonitor> {
  const checked = pathId('replicationPairId', pairId);
  return getChecked(
    session,
    `V4/ReplicationMonitor/${checked}`,
    ['summary', 'statistics'],
    MonitorSchema,
    'replication monitor',
    request,
  );
}
