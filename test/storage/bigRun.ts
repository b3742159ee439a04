import type { RunContent } from '../../electron/contract/run.js';
import { sha256 } from '../../electron/storage/runFile.js';
import { HOSTILE_OPERATIONS } from '../reports/hostileData.js';

/** A run whose raw body is `megabytes` large, so saving it takes long enough for another process to meet it. */
export function bigRunContent(connectionName: string, megabytes: number): RunContent {
  const rawBody = JSON.stringify({ job: [] }).padEnd(megabytes * 1024 * 1024, ' ');
  return {
    server: { connectionName, webService: 'https://cs/commandcenter/api' },
    query: { filter: {}, format: 'json', endpoint: 'DR/JobStats', path: 'DR/JobStats' },
    fetchedAt: 1700000000,
    appVersion: 'test',
    contentType: 'application/json',
    rawBody,
    rawBodySha256: sha256(rawBody),
    groupNames: {},
    rtoTargetSeconds: null,
    rtoTargetsByGroup: {},
    operations: HOSTILE_OPERATIONS,
  };
}
