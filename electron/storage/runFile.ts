import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppFailure, appError } from '../contract/errors.js';
import { classify } from '../contract/evidence.js';
import { countVmRuns, DrOperationFieldsSchema, type DrOperation } from '../contract/model.js';
import {
  RUN_FILE_FORMAT,
  RUN_SCHEMA_VERSION,
  RunFieldsSchema,
  RunSchema,
  type Run,
  type RunSummary,
} from '../contract/run.js';
import { withoutBom } from './bom.js';

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Why a file is not a usable run; shown to the user as is. */
/** A run file that cannot be used (damaged, foreign, missing): a storage failure with its reason for the user. */
export class RunFileError extends AppFailure {
  constructor(message: string) {
    super(appError('storage', message));
  }
}

/**
 * Schema 1, the first run format: no note, no group names, no RTO targets, and `savedAt` as an ISO date. Files in
 * it are migrated on open and import.
 */
const RunV1Schema = RunFieldsSchema.omit({
  schemaVersion: true,
  scope: true,
  scopeText: true,
  totalOperations: true,
  note: true,
  groupNames: true,
  rtoTargetSeconds: true,
  rtoTargetsByGroup: true,
  savedAt: true,
}).extend({
  schemaVersion: z.literal(1),
  savedAt: z.string(),
});

/**
 * Schemas 1 and 2 had no operation type: `rto` was the plain duration of every operation, undo and failback
 * included. Migration keeps that as `duration`, infers the type from the phases (marked `inferred`) and derives
 * the recovery RTO through the one definition in `evidence.ts`.
 */
const LegacyOperationSchema = DrOperationFieldsSchema.omit({
  operationType: true,
  operationTypeSource: true,
  duration: true,
}).loose();

function migrateOperations(operations: unknown): DrOperation[] {
  // Parsed under its key, so a damaged value is named by its whole path (`operations.3.vms.0…`).
  return z
    .object({ operations: z.array(LegacyOperationSchema) })
    .parse({ operations })
    .operations.map(({ rto, ...rest }) =>
      classify({ ...rest, operationType: 'unknown', operationTypeSource: 'inferred', duration: rto, rto: null }),
    );
}

function migrate(json: Record<string, unknown>): unknown {
  if (json.schemaVersion === 1 || json.schemaVersion === 2) {
    const v2 = json.schemaVersion === 1 ? migrateV1(json) : json;
    return { ...v2, schemaVersion: RUN_SCHEMA_VERSION, operations: migrateOperations(v2.operations) };
  }
  // Schema 3 lacks only what schema 4 added, all optional.
  if (json.schemaVersion === 3) return { ...json, schemaVersion: RUN_SCHEMA_VERSION };
  return json;
}

function migrateV1(json: Record<string, unknown>): Record<string, unknown> {
  const v1 = RunV1Schema.omit({ operations: true }).extend({ operations: z.unknown() }).parse(json);
  return {
    ...v1,
    schemaVersion: 2,
    savedAt: Math.floor(Date.parse(v1.savedAt) / 1000),
    note: '',
    groupNames: {},
    rtoTargetSeconds: null,
    rtoTargetsByGroup: {},
  };
}

/** Text of a run file → a checked, current-schema run; every way it can be wrong becomes a RunFileError. */
export function parseRunFile(text: string): Run {
  let json: unknown;
  try {
    json = JSON.parse(withoutBom(text));
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
    scopeText: run.scopeText,
    answerOperations: run.totalOperations ?? run.operations.length,
    status: 'ok',
    problem: null,
    pack: run.pack
      ? { finalizedAt: run.pack.finalizedAt, retainUntil: run.pack.retainUntil, signed: run.pack.signature !== null }
      : null,
  };
}
