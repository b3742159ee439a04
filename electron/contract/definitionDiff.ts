import { z } from 'zod';
import { formatSeconds } from './evidence.js';
import type { GroupDefinition, Member, RunReadiness } from './readiness.js';

/** One difference in what was tested between two runs: a group's definition field, before and after. */
export const DefinitionChangeSchema = z.object({
  groupId: z.number().int().positive(),
  group: z.string().max(500),
  /** "member", "priority of db-01", "pre-failover script of db-01", "approval", … */
  field: z.string().max(600),
  left: z.string().max(2000),
  right: z.string().max(2000),
});
export type DefinitionChange = z.infer<typeof DefinitionChangeSchema>;

export const DefinitionComparisonSchema = z.object({
  changes: z.array(DefinitionChangeSchema),
  /** Groups whose definition is the same on both sides (same SHA-256). */
  unchanged: z.number().int().nonnegative(),
  /** Why nothing can be compared, in words; empty when both sides hold definitions. */
  note: z.string().max(500),
});
export type DefinitionComparison = z.infer<typeof DefinitionComparisonSchema>;

const NONE = '—';
const yesNo = (v: boolean | null) => (v === null ? NONE : v ? 'yes' : 'no');

/**
 * What changed in the DR groups' definitions (what was tested) between two runs: members added or removed, their
 * priorities and scripts, the priority interval, approval, continue on failure, the recovery target and the RPO
 * target. Groups with the same hash on both sides are the same; a side that read no definition says so.
 */
export function compareDefinitions(
  left: RunReadiness | null | undefined,
  right: RunReadiness | null | undefined,
): DefinitionComparison {
  if (!left || !right)
    return {
      changes: [],
      unchanged: 0,
      note: `The ${!left && !right ? 'runs hold' : !left ? 'earlier run holds' : 'later run holds'} no DR group definitions (read with fetches since this version, where the CommServe has V4/FailoverGroups/{id}).`,
    };
  const changes: DefinitionChange[] = [];
  let unchanged = 0;
  const ids = [...new Set([...Object.keys(left.definitions), ...Object.keys(right.definitions)])].sort(
    (a, b) => Number(a) - Number(b),
  );
  for (const id of ids) {
    const a = left.definitions[id];
    const b = right.definitions[id];
    const group = b?.definition.name ?? a?.definition.name ?? `Group ${id}`;
    const add = (field: string, l: string, r: string) => {
      if (l !== r) changes.push({ groupId: Number(id), group, field, left: l, right: r });
    };
    if (!a || !b) {
      add('definition', a ? 'read' : 'not read', b ? 'read' : 'not read');
      continue;
    }
    if (a.sha256 === b.sha256) {
      unchanged++;
      continue;
    }
    fieldChanges(a.definition, b.definition, add);
  }
  return { changes, unchanged, note: '' };
}

function fieldChanges(a: GroupDefinition, b: GroupDefinition, add: (f: string, l: string, r: string) => void): void {
  const byName = (members: readonly Member[]) => new Map(members.map((m) => [m.name, m]));
  const la = byName(a.members);
  const lb = byName(b.members);
  for (const [name] of la) if (!lb.has(name)) add(`member ${name}`, 'member', 'removed');
  for (const [name] of lb) if (!la.has(name)) add(`member ${name}`, 'not a member', 'added');
  for (const [name, ma] of la) {
    const mb = lb.get(name);
    if (!mb) continue;
    add(`priority of ${name}`, String(ma.priority ?? NONE), String(mb.priority ?? NONE));
    add(`pre-failover script of ${name}`, ma.preScript ?? NONE, mb.preScript ?? NONE);
    add(`post-failover script of ${name}`, ma.postScript ?? NONE, mb.postScript ?? NONE);
    add(`DR machine of ${name}`, ma.destinationName ?? NONE, mb.destinationName ?? NONE);
  }
  const minutes = (v: number | null) => (v === null ? NONE : `${v} min`);
  add('priority interval', minutes(a.priorityIntervalMinutes), minutes(b.priorityIntervalMinutes));
  add('continue on failure', yesNo(a.continueOnFailure), yesNo(b.continueOnFailure));
  add('approval required', yesNo(a.approvalRequired), yesNo(b.approvalRequired));
  add('recovery target', a.recoveryTarget ?? NONE, b.recoveryTarget ?? NONE);
  const rpo = (v: number | null) => (v === null ? NONE : formatSeconds(v));
  add('RPO target', rpo(a.rpoTargetSeconds), rpo(b.rpoTargetSeconds));
}
