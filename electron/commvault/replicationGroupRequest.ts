import { z } from 'zod';
import { getChecked, pathId, looseBool, looseInt, looseString } from './drShapes.js';
import type { RequestOptions } from './exchange.js';
import type { CommvaultSession } from './session.js';

const ReplicationGroupSchema = z.object({
  id: looseInt,
  name: looseString,
  summary: z.object({ replicationType: looseString, state: looseString, recoveryTarget: looseString }).optional(),
  /** `replicationFrequency`: the target RPO in minutes (spec default 240). */
  rpo: z.object({ replicationFrequency: looseInt }).optional(),
  advancedOption: z.object({ validateDestinationVM: looseBool }).optional(),
});
export type ReplicationGroupDetail = z.output<typeof ReplicationGroupSchema>;

/** `GET V4/ReplicationGroup/{id}`: the RPO target (minutes) and the destination-validation option. */
export function getReplicationGroup(
  session: Pick<CommvaultSession, 'send'>,
  id: number,
  request: RequestOptions = {},
): Promise<ReplicationGroupDetail> {
  const checked = pathId('replicationGroupId', id);
  return getChecked(
    session,
    `V4/ReplicationGroup/${checked}`,
    ['rpo', 'summary', 'id'],
    ReplicationGroupSchema,
    'replication group',
    request,
  );
}
