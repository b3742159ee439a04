import { describe, expect, it } from 'vitest';
import { CATEGORY_COLORS, textOn, timeTicks } from '../../renderer/src/lib/charts';
import { formatAxisTime } from '../../renderer/src/lib/format';

// 2026-11-03 09:08:19 UTC
const T = Date.UTC(2026, 10, 3, 9, 8, 19) / 1000;

describe('time axis ticks', () => {
  it('falls on round times, not on the first phase start plus odd steps', () => {
    const { step, ticks } = timeTicks(T, T + 8 * 60, 8);
    expect(step).toBe(60);
    expect(ticks.map((t) => formatAxisTime(t, true, { seconds: false, day: false }))).toEqual([
      '09:09',
      '09:10',
      '09:11',
      '09:12',
      '09:13',
      '09:14',
      '09:15',
      '09:16',
    ]);
  });

  it('uses quarter hours for a two-hour job and whole hours of the shown time zone for longer ones', () => {
    expect(timeTicks(T, T + 2 * 3600, 8).step).toBe(900);
    // A job running for 30 hours: ticks 6 h apart, on 00:00, 06:00, … of a UTC+2 zone (offset 7200 s).
    const { step, ticks } = timeTicks(T, T + 30 * 3600, 8, 7200);
    expect(step).toBe(21_600);
    expect(ticks.every((t) => (t + 7200) % 21_600 === 0)).toBe(true);
  });

  it('shows seconds only when ticks are less than a minute apart, and the day when the axis spans days', () => {
    expect(formatAxisTime(T, true, { seconds: true, day: false })).toBe('09:08:19');
    expect(formatAxisTime(T, true, { seconds: false, day: true })).toBe('11-03 09:08');
  });
});

describe('category colours', () => {
  it('pick black or white text for each colour, whichever contrasts more', () => {
    expect(textOn('#000000')).toBe('#ffffff');
    expect(textOn('#ffffff')).toBe('#000000');
    expect(textOn('#edc948')).toBe('#000000');
    expect(textOn('#1f3b5c')).toBe('#ffffff');
    expect(new Set(CATEGORY_COLORS).size).toBe(CATEGORY_COLORS.length);
  });
});
