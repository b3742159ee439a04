import { createHash } from 'node:crypto';
import { classify } from '../contract/evidence.js';
import type { DrOperation } from '../contract/model.js';
import { savedScopeOf, type RunContent } from '../contract/run.js';
import { applyScope } from '../contract/scope.js';
import { applyFacts } from '../commvault/jobFacts.js';
import { readStoredAnswer } from '../commvault/storedAnswer.js';
import { RunFileError } from '../storage/runFile.js';

/**
 * A run's figures are bound to the CommServe's answer it carries (docs/evidence.md): its operations must be what the
 * answer gives when read again, with the job summaries kept beside it, narrowed to the scope it was saved with.
 * Refused otherwise, naming the first difference, so an edited figure is never shown, exported or reported.
 */
export async function assertFiguresFollow(run: RunContent): Promise<void> {
  const key = checkedKey(run);
  if (checked.has(key)) return;
  const difference = await figuresDifference(run);
  if (difference)
    throw new RunFileError(
      `This run's figures do not follow from the CommServe's answer it carries (${difference}). It was changed after it was saved, and is not used.`,
    );
  checked.add(key);
  if (checked.size > CHECKED_KEPT) checked.delete(checked.values().next().value!);
}

/**
 * Runs whose figures were found to follow, by a digest of everything the check reads: one view of a run asks for it
 * several times (its operations, sign-offs, findings, the report), and reading a large answer again each time is
 * seconds. Any change to the figures, the answer, the facts or the scope is a new digest, checked again.
 */
const checked = new Set<string>();
const CHECKED_KEPT = 32;

function checkedKey(run: RunContent): string {
  return createHash('sha256')
    .update(run.rawBodySha256)
    .update(JSON.stringify([run.operations, run.jobFacts ?? null, run.scope ?? null, run.totalOperations ?? null]))
    .update(JSON.stringify([run.fetchedAt, run.rtoTargetSeconds, run.rtoTargetsByGroup, run.groupNames]))
    .digest('hex');
}

/** The first way `run`'s operations differ from what its answer gives; null when they follow from it. */
export async function figuresDifference(run: RunContent): Promise<string | null> {
  let derived: DrOperation[];
  try {
    derived = await readStoredAnswer(run.rawBody, run.contentType);
  } catch (error) {
    return `its answer does not read: ${(error as Error).message}`;
  }
  if (run.jobFacts) applyFacts(derived, run.jobFacts);
  else takeStoredFacts(derived, run.operations);
  if (run.totalOperations !== undefined && run.totalOperations !== derived.length)
    return `the answer holds ${derived.length} operations, the run says ${run.totalOperations}`;
  const expected = applyScope(derived, savedScopeOf(run), {
    groupNames: run.groupNames,
    asOf: run.fetchedAt,
    targets: { rtoTargetSeconds: run.rtoTargetSeconds, rtoTargetsByGroup: run.rtoTargetsByGroup },
  });
  return operationsDifference(run.operations, expected);
}

/**
 * A run saved before job facts were kept with it: its types and starters can only be taken as stored (the answer
 * alone does not hold them); everything else is still derived from the answer.
 */
function takeStoredFacts(derived: DrOperation[], stored: readonly DrOperation[]): void {
  const byJob = new Map(stored.map((op) => [op.jobId, op]));
  for (const op of derived) {
    const kept = byJob.get(op.jobId);
    if (!kept) continue;
    if (kept.operationTypeSource === 'commserve') classify(op, kept.operationType);
    if (kept.initiatedBy) op.initiatedBy = kept.initiatedBy;
  }
}

function operationsDifference(stored: readonly DrOperation[], expected: readonly DrOperation[]): string | null {
  for (let i = 0; i < Math.max(stored.length, expected.length); i++) {
    const a = stored[i];
    const b = expected[i];
    if (!a) return `the answer gives job ${b!.jobId}, which the run leaves out`;
    if (!b) return `the run holds job ${a.jobId}, which the answer does not give in its scope`;
    if (a.jobId !== b.jobId) return `the run holds job ${a.jobId} where the answer gives job ${b.jobId}`;
    const where = firstDifference(a, b, '');
    if (where)
      return `job ${a.jobId}: ${where.path} is ${shown(where.stored)} in the run but ${shown(where.derived)} in the answer`;
  }
  return null;
}

interface Difference {
  path: string;
  stored: unknown;
  derived: unknown;
}

/** The first path where two plain values differ; an absent field and `undefined` are the same. */
function firstDifference(stored: unknown, derived: unknown, path: string): Difference | null {
  if (Object.is(stored, derived)) return null;
  if (typeof stored !== 'object' || typeof derived !== 'object' || stored === null || derived === null)
    return { path: path || 'the value', stored, derived };
  if (Array.isArray(stored) !== Array.isArray(derived)) return { path, stored, derived };
  if (Array.isArray(stored) && Array.isArray(derived) && stored.length !== derived.length)
    return { path: `${path}.length`, stored: stored.length, derived: derived.length };
  const a = stored as Record<string, unknown>;
  const b = derived as Record<string, unknown>;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const found = firstDifference(a[key], b[key], path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return null;
}

function shown(value: unknown): string {
  if (value === undefined) return 'absent';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
