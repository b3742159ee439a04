import { z } from 'zod';
import { IdSchema } from './ids.js';
import { EMPTY_SCOPE, ScopeSchema } from './scope.js';

/**
 * What the Jobs screen remembers across a restart: sort, scope (search included) and the columns shown. Kept by
 * main in the settings file, not in the page's storage: the browser mode's origin changes on every launch.
 */
export const SORT_KEYS = [
  'jobId',
  'group',
  'type',
  'vms',
  'start',
  'end',
  'duration',
  'rto',
  'status',
  'failedPhases',
] as const;
export const SortKeySchema = z.enum(SORT_KEYS);
export type SortKey = z.infer<typeof SortKeySchema>;

export const SortStateSchema = z.object({ key: SortKeySchema, descending: z.boolean() });
export type SortState = z.infer<typeof SortStateSchema>;

/** Columns the user may hide; Job ID, DR group, RTO vs target and Status are always shown. */
export const OPTIONAL_COLUMNS = [
  'type',
  'initiatedBy',
  'vms',
  'start',
  'end',
  'duration',
  'target',
  'failedPhases',
] as const;
export const OptionalColumnSchema = z.enum(OPTIONAL_COLUMNS);
export type OptionalColumn = z.infer<typeof OptionalColumnSchema>;

export const OPTIONAL_COLUMN_LABELS: Readonly<Record<OptionalColumn, string>> = {
  type: 'Operation type',
  initiatedBy: 'Started by',
  vms: 'VMs',
  start: 'Start',
  end: 'End',
  duration: 'Duration',
  target: 'RTO target',
  failedPhases: 'Failed phases',
};

/** Shown by default: what fits at 1024 px wide. End and the target are a click away. */
export const DEFAULT_COLUMNS: readonly OptionalColumn[] = ['type', 'vms', 'start', 'duration', 'failedPhases'];

export const UiPrefsSchema = z.object({
  sort: SortStateSchema,
  scope: ScopeSchema,
  columns: z.array(OptionalColumnSchema).max(OPTIONAL_COLUMNS.length),
});
export type UiPrefs = z.infer<typeof UiPrefsSchema>;

export const DEFAULT_UI_PREFS: UiPrefs = {
  sort: { key: 'jobId', descending: true },
  scope: EMPTY_SCOPE,
  columns: [...DEFAULT_COLUMNS],
};

/** Reading: the preferences and the connection that was active. */
export const UiStateSchema = UiPrefsSchema.extend({ activeConnectionId: z.string().nullable() });
export type UiState = z.infer<typeof UiStateSchema>;

/** Writing: any part of it. */
export const UiUpdateSchema = z
  .object({
    sort: SortStateSchema,
    scope: ScopeSchema,
    columns: z.array(OptionalColumnSchema).max(OPTIONAL_COLUMNS.length),
    activeConnectionId: IdSchema.nullable(),
  })
  .partial()
  .strict();
export type UiUpdate = z.input<typeof UiUpdateSchema>;
/** A UI update as the dispatcher hands it on: checked. */
export type CheckedUiUpdate = z.output<typeof UiUpdateSchema>;
