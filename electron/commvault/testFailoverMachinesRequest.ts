import { z } from 'zod';
import { getChecked, pathId, looseInt, looseList, looseString } from './drShapes.js';
import type { RequestOptions } from './exchange.js';
import type { CommvaultSession } from './session.js';

const CloneSchema = z.object({
  name: looseString,
  state: looseString,
  creator: z.object({ id: looseInt, name: looseString }).optional(),
  /** Epoch seconds. */
  expirationTime: looseInt,
});
const ClonesSchema = z.object({ virtualMachines: looseList(CloneSchema) });
export type TestFailoverMachine = z.output<typeof CloneSchema>;

/** `GET V4/FailoverGroups/{id}/TestFailoverMachines`: the clones test failovers made, with state, creator, expiry. */
export async function getTestFailoverMachines(
  session: Pick<CommvaultSession, 'send'>,
  id: number,
  request: RequestOptions = {},
): Promise<TestFailoverMachine[]> {
  const checked = pathId('failoverGroupId', id);
  const body = await getChecked(
    session,
    `V4/FailoverGroups/${checked}/TestFailoverMachines`,
    ['virtualMachines'],
    ClonesSchema,
    'test failover machines',
    request,
  );
  return body.virtualMachines;
}
