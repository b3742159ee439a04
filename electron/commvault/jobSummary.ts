import { operationTypeFromName } from '../contract/evidence.js';
import type { OperationType } from '../contract/model.js';
import { isRecord, list, numField, record, strField, unwrapRoot, type Loose } from './loose.js';

/** What `GET Job/{jobId}` says about one job: the part DR Job Stats uses. */
export interface JobSummary {
  jobId: number;
  /** Commvault's words: `Completed`, `Failed`, `Running`, `Completed w/ one or more errors`, … */
  status: string | null;
  /** `localizedOperationName`, verbatim (e.g. "Planned Failover"). */
  operationName: string | null;
  /** The DR operation type that name stands for; undefined when it names none we know. */
  operationType: OperationType | undefined;
  start: number | null;
  /** Null while the job runs (Commvault sends 0). */
  end: number | null;
  percentComplete: number | null;
  /** Who started the job (`userName.userName`), or null when the summary does not say. */
  initiatedBy: string | null;
}

function time(value: number | undefined): number | null {
  return value === undefined || value <= 0 ? null : value;
}

/**
 * A parsed `Job/{jobId}` body → its summary, or undefined when the CommServe has no such job (it answers HTTP 200
 * with `totalRecordsWithoutPaging: 0` and no `jobs`). Tolerates every variant of the reference: `jobs` as a single
 * object, numbers as strings, the XML root as a wrapper, `@`-prefixed keys, and a bare `jobSummary`.
 */
export function parseJobSummary(body: Loose): JobSummary | undefined {
  const root = unwrapRoot(body, ['jobs', 'jobSummary', 'totalRecordsWithoutPaging']);
  const first = list(root, 'jobs')[0] ?? root;
  if (!isRecord(first)) return undefined;
  const summary = record(first, 'jobSummary');
  if (!summary) return undefined;
  const jobId = numField(summary, 'jobId');
  if (jobId === undefined) return undefined;
  const operationName = strField(summary, 'localizedOperationName')?.trim() || null;
  return {
    jobId,
    status: strField(summary, 'status')?.trim() || null,
    operationName,
    operationType: operationName ? operationTypeFromName(operationName) : undefined,
    start: time(numField(summary, 'jobStartTime')),
    end: time(numField(summary, 'jobEndTime')),
    percentComplete: numField(summary, 'percentComplete') ?? null,
    initiatedBy: initiatorOf(summary),
  };
}

/** `userName: {userName, userId}` as documented; a bare `userName` string as some answers have it. */
function initiatorOf(summary: Loose): string | null {
  const user = record(summary, 'userName');
  const name = user ? strField(user, 'userName') : strField(summary, 'userName');
  return name?.trim() || null;
}
