import { formatSeconds } from '$contract/evidence';
import type { PhaseStatus } from '$contract/model';
import { localTimeZone, formatterFor } from '$contract/timeFormat';

const formatters = { utc: formatterFor('UTC'), local: formatterFor(localTimeZone()) };

/** `YYYY-MM-DD HH:mm:ss` in local time (or UTC): the same formatter as every export (contract/timeFormat.ts). */
export function formatTime(epochSeconds: number | null, utc = false): string {
  if (epochSeconds === null) return '—';
  return (utc ? formatters.utc : formatters.local).format(epochSeconds);
}

export function formatClock(epochSeconds: number, utc = false): string {
  return formatTime(epochSeconds, utc).slice(11);
}

export function timeZoneLabel(utc: boolean): string {
  return utc ? 'UTC' : Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** `2h 05m`, `4m 09s`, `12s`: precise enough to compare phases, short enough for a table. */
/** A duration as the evidence module words it (`1h 05m`, `6m 44s`, `12s`); `—` when there is none. */
export function formatDuration(seconds: number | null): string {
  return seconds === null ? '—' : formatSeconds(seconds);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export const STATUS_LABELS: Record<PhaseStatus, string> = {
  succeeded: 'Succeeded',
  failed: 'Failed',
  running: 'Running',
  unknown: 'Unknown',
};

/** A symbol for each status, so status never relies on colour alone. */
export const STATUS_SYMBOLS: Record<PhaseStatus, string> = {
  succeeded: '✓',
  failed: '✕',
  running: '◔',
  unknown: '?',
};

export function statusText(status: PhaseStatus, raw: number | null = null): string {
  return status === 'unknown' && raw !== null ? `Unknown (${raw})` : STATUS_LABELS[status];
}

/** `MM-DD`, in local time (or UTC): the day part of a time axis label. */
export function formatDay(epochSeconds: number, utc = false): string {
  return formatTime(epochSeconds, utc).slice(5, 10);
}

/**
 * A time-axis label: `HH:mm` (with `:ss` when the ticks are less than a minute apart), prefixed by the day
 * (`MM-DD HH:mm`) when the axis spans days and this tick starts the axis or a new day.
 */
export function formatAxisTime(
  epochSeconds: number,
  utc: boolean,
  options: { seconds: boolean; day: boolean },
): string {
  const full = formatTime(epochSeconds, utc);
  const time = options.seconds ? full.slice(11) : full.slice(11, 16);
  return options.day ? `${full.slice(5, 10)} ${time}` : time;
}
