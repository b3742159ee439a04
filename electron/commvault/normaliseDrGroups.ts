import type { DrGroup, DrGroupDetail, ReplicationPair } from '../contract/model.js';
import { groupOperationTypeName } from './codes.js';
import type { RawVApp } from './rawSchemas.js';

export function toDrGroup(raw: RawVApp): DrGroup | undefined {
  const id = raw.vAppEntity.vAppId;
  if (id === undefined) return undefined;
  const operationType = raw.operationType ?? null;
  return {
    id,
    name: raw.vAppEntity.vAppName?.trim() || `DR group ${id}`,
    description: raw.description?.trim() || null,
    operationType,
    operationTypeName: groupOperationTypeName(operationType),
    isVirtualLab: raw.isVirtualLab ?? false,
    clients: raw.clientList.flatMap((c) =>
      c.clientId === undefined
        ? []
        : [{ clientId: c.clientId, clientName: c.clientName ?? `Client ${c.clientId}`, guid: c.GUID ?? null }],
    ),
  };
}

export function toDrGroupDetail(raw: RawVApp): DrGroupDetail | undefined {
  const group = toDrGroup(raw);
  if (!group) return undefined;
  const replicationPairs: ReplicationPair[] = raw.selectedEntities.flatMap((e) => {
    const replicationId = e.replicationId ?? e.entityId;
    if (replicationId === undefined) return [];
    return [
      {
        replicationId,
        sourceName: e.entityName ?? e.clientName ?? `Replication ${replicationId}`,
        destinationName: e.destinationName ?? null,
        clientId: e.clientId ?? null,
      },
    ];
  });
  return { ...group, replicationPairs };
}
