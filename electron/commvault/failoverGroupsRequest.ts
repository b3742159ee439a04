import { z } from 'zod';
import { getChecked, looseInt, looseList, looseString } from './drShapes.js';
import type { RequestOptions } from './exchange.js';
import type { CommvaultSession } from './session.js';

/** One failover (DR) group as `V4/FailoverGroups` lists it. */
export interface FailoverGroupSummary {
  id: number;
  name: string;
  source: string | null;
  virtualMachines: number | null;
}

const SummarySchema = z.object({
  id: looseInt,
  name: looseString,
  source: looseString,
  numberOfVirtualMachines: looseInt,
  /** The spec nests the list twice: an entry may itself hold the groups. */
  failoverGroups: z.unknown().optional(),
});
const ListSchema = z.object({ failoverGroups: looseList(SummarySchema) });

/**
 * `GET V4/FailoverGroups`: every failover group. The spec nests the array twice (`failoverGroups[].failoverGroups[]`);
 * a flat `failoverGroups[]` of summaries is read as well.
 */
export async function listFailoverGroups(
  session: Pick<CommvaultSession, 'send'>,
  request: RequestOptions = {},
): Promise<FailoverGroupSummary[]> {
  const body = await getChecked(
    session,
    'V4/FailoverGroups',
    ['failoverGroups'],
    ListSchema,
    'failover groups',
    request,
  );
  const out: FailoverGroupSummary[] = [];
  for (const entry of body.failoverGroups) {
    const inner =
      entry.failoverGroups === undefined
        ? [entry]
        : ListSchema.parse({ failoverGroups: entry.failoverGroups }).failoverGroups;
    for (const g of inner) {
      if (g.id === undefined || g.id <= 0) continue;
      out.push({
        id: g.id,
        name: g.name ?? `Group ${g.id}`,
        source: g.source ?? null,
        virtualMachines: g.numberOfVirtualMachines ?? null,
      });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
