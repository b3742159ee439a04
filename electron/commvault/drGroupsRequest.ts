import type { DrGroup, DrGroupDetail } from '../contract/model.js';
import { CommvaultError } from './errors.js';
import type { RequestOptions } from './exchange.js';
import { checkedId } from './filterCheck.js';
import type { RawResponse } from './http.js';
import { unwrapRoot, type Loose } from './loose.js';
import { toDrGroup, toDrGroupDetail } from './normaliseDrGroups.js';
import { DrGroupsResponseSchema, stripAttributePrefixes, type RawVApp } from './rawSchemas.js';
import { readBody, validate } from './responses.js';
import type { CommvaultSession } from './session.js';

/** `GET DRGroups`: every DR group, by name. */
export async function listDrGroups(
  session: Pick<CommvaultSession, 'send'>,
  request: RequestOptions = {},
): Promise<DrGroup[]> {
  const raw = await session.send('GET', 'DRGroups', request);
  return readGroups(raw)
    .flatMap((g) => toDrGroup(g) ?? [])
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** `GET DRGroups/{id}`: one DR group with its replication pairs. */
export async function getDrGroup(
  session: Pick<CommvaultSession, 'send'>,
  id: number,
  request: RequestOptions = {},
): Promise<DrGroupDetail> {
  const checked = checkedId('drGroupId', id);
  const raw = await session.send('GET', `DRGroups/${checked}`, request);
  const first = readGroups(raw)[0];
  const group = first && toDrGroupDetail(first);
  if (!group) throw new CommvaultError('not-found', `DR group ${checked} was not found on this CommServe.`);
  return group;
}

function readGroups(raw: RawResponse): RawVApp[] {
  const body = unwrapRoot(stripAttributePrefixes(readBody(raw)) as Loose, ['vApp']);
  return validate(raw, DrGroupsResponseSchema, body, 'DR groups').vApp;
}
