/**
 * The next run of a failover group's test-boot or planned-failover schedule (`PlanSchedule.schedulePattern`), and
 * the pattern in words. Times are taken in UTC: the pattern's `startTime` is seconds after midnight in the
 * schedule's own time zone, which the group's detail does not always name.
 */

export interface SchedulePattern {
  scheduleFrequencyType: string;
  frequency?: number | undefined;
  weeklyDays?: readonly string[] | undefined;
  dayOfMonth?: number | undefined;
  weekOfMonth?: string | undefined;
  dayOfWeek?: string | undefined;
  monthOfYear?: string | undefined;
  /** Seconds after midnight (75600 = 21:00, the spec's default). */
  startTime?: number | undefined;
  startDate?: number | undefined;
  endDate?: number | undefined;
}

const DAY = 86_400;
const DAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'];
const MONTHS = [
  'JANUARY',
  'FEBRUARY',
  'MARCH',
  'APRIL',
  'MAY',
  'JUNE',
  'JULY',
  'AUGUST',
  'SEPTEMBER',
  'OCTOBER',
  'NOVEMBER',
  'DECEMBER',
];
const WEEKS = ['FIRST', 'SECOND', 'THIRD', 'FOURTH'];
/** How far ahead the next run is looked for. */
const HORIZON_DAYS = 800;

function clock(seconds: number): string {
  const h = Math.floor(seconds / 3600) % 24;
  const m = Math.floor((seconds % 3600) / 60);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

const title = (word: string) => word.charAt(0) + word.slice(1).toLowerCase();

/** "Monthly on day 1 at 21:00 UTC", "Weekly on Sunday at 02:00 UTC", … */
export function describePattern(p: SchedulePattern): string {
  const at = ` at ${clock(p.startTime ?? 75_600)} UTC`;
  const every = (p.frequency ?? 1) > 1 ? ` (every ${p.frequency})` : '';
  switch (p.scheduleFrequencyType) {
    case 'DAILY':
      return `Daily${every}${at}`;
    case 'WEEKLY':
      return `Weekly on ${(p.weeklyDays ?? []).map(title).join(', ') || 'no day'}${every}${at}`;
    case 'MONTHLY':
      return p.weekOfMonth && p.dayOfWeek
        ? `Monthly on the ${p.weekOfMonth.toLowerCase()} ${title(p.dayOfWeek)}${every}${at}`
        : `Monthly on day ${p.dayOfMonth ?? 1}${every}${at}`;
    case 'YEARLY':
      return `Yearly on ${title(p.monthOfYear ?? 'JANUARY')} ${p.dayOfMonth ?? 1}${at}`;
    case 'MINUTES':
      return `Every ${p.frequency ?? 1} minutes`;
    default:
      return `${title(p.scheduleFrequencyType)} (no fixed time)`;
  }
}

/** The day (UTC midnight, epoch seconds) matches the pattern's day rule. */
function dayMatches(p: SchedulePattern, day: number, first: number): boolean {
  const date = new Date(day * 1000);
  const every = Math.max(1, p.frequency ?? 1);
  switch (p.scheduleFrequencyType) {
    case 'DAILY':
      return Math.round((day - first) / DAY) % every === 0;
    case 'WEEKLY': {
      const weeks = Math.floor((day - first) / (7 * DAY));
      return weeks % every === 0 && (p.weeklyDays ?? []).includes(DAYS[date.getUTCDay()]!);
    }
    case 'MONTHLY': {
      const firstDate = new Date(first * 1000);
      const months =
        (date.getUTCFullYear() - firstDate.getUTCFullYear()) * 12 + date.getUTCMonth() - firstDate.getUTCMonth();
      if (months % every !== 0) return false;
      return p.weekOfMonth && p.dayOfWeek
        ? nthWeekday(p, date)
        : date.getUTCDate() === lastDayClamp(date, p.dayOfMonth);
    }
    case 'YEARLY':
      return (
        MONTHS[date.getUTCMonth()] === (p.monthOfYear ?? 'JANUARY') &&
        date.getUTCDate() === lastDayClamp(date, p.dayOfMonth)
      );
    default:
      return false;
  }
}

/** Day 31 of a 30-day month runs on its last day. */
function lastDayClamp(date: Date, dayOfMonth = 1): number {
  const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  return Math.min(Math.max(1, dayOfMonth), last);
}

function nthWeekday(p: SchedulePattern, date: Date): boolean {
  if (DAYS[date.getUTCDay()] !== p.dayOfWeek) return false;
  const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  if (p.weekOfMonth === 'LAST') return date.getUTCDate() + 7 > last;
  return Math.floor((date.getUTCDate() - 1) / 7) === WEEKS.indexOf(p.weekOfMonth ?? 'FIRST');
}

/** The first run strictly after `after` (epoch seconds), or null (no fixed time, ended, or none in ~2 years). */
export function nextScheduledRun(p: SchedulePattern, after: number): number | null {
  const startTime = p.startTime ?? 75_600;
  const first = Math.floor((p.startDate ?? 0) / DAY) * DAY;
  const end = p.endDate && p.endDate > 0 ? p.endDate : Number.POSITIVE_INFINITY;
  if (p.scheduleFrequencyType === 'MINUTES') {
    const step = Math.max(1, p.frequency ?? 1) * 60;
    const origin = first + startTime;
    const next = after < origin ? origin : origin + (Math.floor((after - origin) / step) + 1) * step;
    return next <= end ? next : null;
  }
  const today = Math.floor(after / DAY) * DAY;
  for (let d = Math.max(today, first); d < today + HORIZON_DAYS * DAY; d += DAY) {
    const at = d + startTime;
    if (at <= after) continue;
    if (at > end) return null;
    if (dayMatches(p, d, first)) return at;
  }
  return null;
}
