/**
 * `YYYY-MM-DD HH:mm:ss` in a given IANA time zone, fast enough for 100,000-row exports: the zone's offset is
 * looked up once per quarter hour of UTC time (every zone's transitions fall on quarter hours) and cached.
 */
export class ZonedTimeFormatter {
  private readonly offsets = new Map<number, number>();
  private readonly parts: Intl.DateTimeFormat;

  constructor(readonly timeZone: string) {
    this.parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** Seconds to add to UTC to get the zone's wall-clock time at that instant. */
  offsetAt(epochSeconds: number): number {
    const bucket = Math.floor(epochSeconds / 900);
    let offset = this.offsets.get(bucket);
    if (offset === undefined) {
      const at = bucket * 900;
      const p = Object.fromEntries(this.parts.formatToParts(new Date(at * 1000)).map((x) => [x.type, x.value]));
      const wall =
        Date.UTC(
          Number(p.year),
          Number(p.month) - 1,
          Number(p.day),
          Number(p.hour),
          Number(p.minute),
          Number(p.second),
        ) / 1000;
      offset = wall - at;
      this.offsets.set(bucket, offset);
    }
    return offset;
  }

  format(epochSeconds: number): string {
    // Wall-clock seconds split into a (cached) date and a time computed by arithmetic: no Date per cell.
    const local = Math.floor(epochSeconds) + this.offsetAt(epochSeconds);
    const day = Math.floor(local / 86400);
    let date = this.days.get(day);
    if (date === undefined) {
      const d = new Date(day * 86400 * 1000);
      date = `${d.getUTCFullYear()}-${TWO[d.getUTCMonth() + 1]}-${TWO[d.getUTCDate()]} `;
      this.days.set(day, date);
    }
    const second = local - day * 86400;
    return date + TWO[Math.floor(second / 3600)]! + ':' + TWO[Math.floor(second / 60) % 60]! + ':' + TWO[second % 60]!;
  }

  private readonly days = new Map<number, string>();
}

const TWO = Array.from({ length: 60 }, (_, n) => (n < 10 ? `0${n}` : String(n)));

const shared = new Map<string, ZonedTimeFormatter>();

/** One formatter per zone for the whole process: building one (an Intl.DateTimeFormat) costs more than a report. */
export function formatterFor(timeZone: string): ZonedTimeFormatter {
  let formatter = shared.get(timeZone);
  if (!formatter) shared.set(timeZone, (formatter = new ZonedTimeFormatter(timeZone)));
  return formatter;
}

/** The machine's own time zone (IANA name). */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
