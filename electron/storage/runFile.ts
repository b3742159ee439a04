import { createHash } from 'node:crypto';
import { z } from 'zod';
import { countVmRuns } from '../commvault/normaliseJobStats.js';
import { RUN_FILE_FORMAT, RUN_SCHEMA_VERSION, RunSchema, type Run, type RunSummary } from '../contract/run.js';

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Why a file is not a usable run; shown to the user as is. */
export class RunFileError extends Error {}

/**
 * Schema 1, the first run format: no note, no group names, no RTO targets, and `savedAt` as an ISO date. Files in
 * it are migrated on open and import.
 */
const RunV1Schema = RunSchema.omit({
  schemaVersion: true,
  note: true,
  groupNames: true,
  rtoTargetSeconds: true,
  rtoTargetsByGroup: true,
  savedAt: true,
}).extend({
  schemaVersion: z.literal(1),
  savedAt: z.string(),
});

function migrate(json: Record<string, unknown>): unknown {
  if (json.schemaVersion === 1) {
    const v1 = RunV1Schema.parse(json);
    return {
      ...v1,
      schemaVersion: RUN_SCHEMA_VERSION,
      savedAt: Math.floor(Date.parse(v1.savedAt) / 1000),
      note: '',
      groupNames: {},
      rtoTargetSeconds: null,
      rtoTargetsByGroup: {},
    };
  }
  return json;
}

/** Text of a run file → a checked, current-schema run; every way it can be wrong becomes a RunFileError. */
export function parseRunFile(text: string): Run {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new RunFileError('The file is not valid JSON: it is damaged or not a run file.');
  }
  if (typeof json !== 'object' || json === null || (json as { format?: unknown }).format !== RUN_FILE_FORMAT) {
    throw new RunFileError('This is not a DR Job Stats run file.');
  }
  const version = (json as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version !== 'number' || version < 1) throw new RunFileError('The run file has no valid schema version.');
  if (version > RUN_SCHEMA_VERSION) {
    throw new RunFileError(
      `The run file was made by a newer DR Job Stats (schema ${version}); update the app to open it.`,
    );
  }
  let run: Run;
  try {
    run = RunSchema.parse(migrate(json as Record<string, unknown>));
  } catch (error) {
    const issue = error instanceof z.ZodError ? error.issues[0] : undefined;
    throw new RunFileError(
      `The run file is damaged (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unreadable'}).`,
    );
  }
  if (sha256(run.rawBody) !== run.rawBodySha256) {
    throw new RunFileError('The run file is damaged: its server response does not match its SHA-256 checksum.');
  }
  return run;
}

export function serialiseRun(run: Run): string {
  return JSON.stringify(RunSchema.parse(run));
}

export function summarise(run: Run, bytes: number): RunSummary {
  return {
    id: run.id,
    name: run.name,
    note: run.note,
    connectionName: run.server.connectionName,
    webService: run.server.webService,
    fetchedAt: run.fetchedAt,
    savedAt: run.savedAt,
    operationCount: run.operations.length,
    vmRunCount: countVmRuns(run.operations),
    failedOperations: run.operations.filter((op) => op.status === 'failed').length,
    runningOperations: run.operations.filter((op) => op.status === 'running').length,
    bytes,
    status: 'ok',
    problem: null,
  };
}
