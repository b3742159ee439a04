import type { ConnectionView } from '$contract/connections';
import { isRecoveryType, testIntervalFor, type RtoVerdictKind, type TestIntervals } from '$contract/evidence';
import { OperationTypeSchema, type OperationType, type PhaseStatus } from '$contract/model';
import type { RtoResult } from '$contract/scope';

/** The test intervals of a connection (the renderer has them on the ConnectionView); defaults when there is none. */
export function intervalsOf(connection: ConnectionView | null): TestIntervals {
  return {
    testIntervalDays: connection?.testIntervalDays ?? null,
    testIntervalsByGroup: connection?.testIntervalsByGroup ?? {},
  };
}

/**
 * The test interval of each DR group for the data shown: a saved run's own (as when it was saved, so a printed
 * report can be reproduced), else the active connection's current ones.
 */
export function intervalDaysFor(
  connection: ConnectionView | null,
  data?: { testIntervals: TestIntervals | null } | null,
): (groupId: number | null) => number {
  const intervals = data?.testIntervals ?? intervalsOf(connection);
  return (groupId) => testIntervalFor(groupId, intervals);
}

/** `87%`, or `—` when there is nothing to divide. */
export function formatPercent(ratio: number | null): string {
  if (ratio === null) return '—';
  const percent = ratio * 100;
  return `${percent >= 99.5 && ratio < 1 ? percent.toFixed(1) : Math.round(percent)}%`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** How a verdict reads at a glance: a symbol and a tone, so it never relies on colour alone. */
export const VERDICT_SYMBOLS: Readonly<Record<RtoVerdictKind, string>> = {
  'not-applicable': '–',
  'no-target': '✓',
  within: '✓',
  over: '▲',
  'not-recovered': '✕',
  unconfirmed: '?',
  running: '◔',
  'running-breached': '⚠',
};

export type Tone = 'ok' | 'fail' | 'run' | 'neutral';

export const VERDICT_TONES: Readonly<Record<RtoVerdictKind, Tone>> = {
  'not-applicable': 'neutral',
  'no-target': 'ok',
  within: 'ok',
  over: 'fail',
  'not-recovered': 'fail',
  unconfirmed: 'neutral',
  running: 'run',
  'running-breached': 'fail',
};

/** The date part of `formatTime`'s `YYYY-MM-DD HH:mm:ss`. */
export function dateOf(formatted: string): string {
  return formatted.slice(0, 10);
}

/**
 * What a KPI clicks through to: all operations, the running or failed ones, the breaches, the operations RTO
 * compliance is judged over, the failed recoveries (VMs not recovered), or every recovery operation.
 */
export type KpiPick = 'all' | 'running' | 'failed' | 'breaches' | 'judged' | 'unrecovered' | 'recoveries';

/** The scope a KPI's click-through narrows to: exactly the operations the figure counts (docs/evidence.md). */
export function kpiNarrowing(pick: KpiPick): {
  statuses?: PhaseStatus[];
  types?: OperationType[];
  rtoResults?: RtoResult[];
} {
  switch (pick) {
    case 'all':
      return {};
    case 'running':
      return { statuses: ['running'] };
    case 'failed':
      return { statuses: ['failed'] };
    case 'breaches':
      return { rtoResults: ['over', 'not-recovered', 'live-breach'] };
    case 'judged':
      return { rtoResults: ['within', 'over', 'not-recovered', 'unconfirmed'] };
    // A VM not recovered belongs to a failed recovery, or to one whose phases the CommServe left unconfirmed.
    case 'unrecovered':
      return { rtoResults: ['not-recovered', 'unconfirmed'] };
    // VMs recovered is counted over finished recovery operations.
    case 'recoveries':
      return { types: RECOVERY_TYPES, statuses: ['succeeded', 'failed', 'unknown'] };
  }
}

const RECOVERY_TYPES: OperationType[] = OperationTypeSchema.options.filter(isRecoveryType);

/** A DR group's own settings (null where the connection's apply). */
export interface GroupSettings {
  /** Days. */
  intervalDays: number | null;
  /** Minutes. */
  targetMinutes: number | null;
}
