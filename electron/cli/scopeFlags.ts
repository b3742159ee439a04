import { AppFailure, appError } from '../contract/errors.js';
import { formatterFor } from '../contract/timeFormat.js';
import { OperationTypeSchema, PhaseStatusSchema } from '../contract/model.js';
import { RTO_RESULTS, ScopeSchema, TIME_RANGES, type Scope } from '../contract/scope.js';

/** The export's scope flags, as given on the command line (all optional). */
export interface ScopeFlags {
  range?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  status?: string | undefined;
  type?: string | undefined;
  /** RTO results, comma-separated: within, over, not-recovered, live-breach, unconfirmed. */
  rto?: string | undefined;
  vm?: string | undefined;
  search?: string | undefined;
  /** DR group ids, comma-separated: the scope's DR groups picker (not the --group-id fetch filter). */
  groups?: string | undefined;
}

/** Wrong scope flags: the export says why and exits 2. */
const wrongFlag = (message: string) => new AppFailure(appError('invalid-input', message));

const RANGES = TIME_RANGES.filter((r) => r !== 'custom');
const DAY = 86_400;

function list<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T[] {
  if (value === undefined) return [];
  const items = value
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item))
      throw wrongFlag(`--${flag} takes ${allowed.join(', ')} (got "${item}").`);
  }
  return [...new Set(items)] as T[];
}

/** `--groups 34,35`: whole numbers, each once. */
function groupIds(value: string | undefined): number[] {
  if (value === undefined) return [];
  const items = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  for (const item of items) {
    if (!/^\d+$/.test(item) || Number(item) < 1)
      throw wrongFlag(`--groups takes DR group ids, comma-separated (got "${item}").`);
  }
  return [...new Set(items.map(Number))];
}

/** Midnight at the start of a YYYY-MM-DD day in a time zone, as epoch seconds. */
function startOfDay(flag: string, value: string, timeZone: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const [y, m, d] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const utc = Date.UTC(y, m - 1, d);
  const check = new Date(utc);
  if (!match || check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d)
    throw wrongFlag(`--${flag} must be a date as YYYY-MM-DD (got "${value}").`);
  // The zone's offset at that moment (twice, for days that start next to a daylight-saving change).
  const zone = formatterFor(timeZone);
  let guess = utc / 1000;
  for (let i = 0; i < 2; i++) guess = utc / 1000 - zone.offsetAt(guess);
  return Math.floor(guess);
}

/**
 * The command line's scope flags → the one `Scope` the app uses (contract/scope.ts). `--from`/`--to` are whole
 * days in the report's time zone, both inclusive. `--group-id` is not one of them: it is the JobStats filter, as on
 * the Jobs form, and the answer is never filtered by it a second time.
 */
export function scopeFromFlags(flags: ScopeFlags, timeZone: string): Scope {
  const custom = flags.from !== undefined || flags.to !== undefined;
  if (custom && flags.range !== undefined) throw wrongFlag('--range cannot be combined with --from/--to.');
  if (flags.range !== undefined && !(RANGES as readonly string[]).includes(flags.range))
    throw wrongFlag(`--range takes ${RANGES.join(', ')} (got "${flags.range}").`);
  const from = flags.from === undefined ? null : startOfDay('from', flags.from, timeZone);
  const to = flags.to === undefined ? null : startOfDay('to', flags.to, timeZone) + DAY - 1;
  if (from !== null && to !== null && from > to) throw wrongFlag('--from must not be after --to.');
  const scope = ScopeSchema.safeParse({
    range: custom ? 'custom' : (flags.range ?? 'all'),
    from,
    to,
    statuses: list('status', flags.status, PhaseStatusSchema.options),
    types: list('type', flags.type, OperationTypeSchema.options),
    rtoResults: list('rto', flags.rto, RTO_RESULTS),
    groupIds: groupIds(flags.groups),
    vm: flags.vm?.trim() ?? '',
    search: flags.search?.trim() ?? '',
  });
  if (!scope.success) {
    const issue = scope.error.issues[0];
    throw wrongFlag(`--${String(issue?.path[0] ?? 'scope')}: ${issue?.message ?? 'not valid'}.`);
  }
  return scope.data;
}
