import { describe, expect, it } from 'vitest';
import { logAxisMin, shortDuration, withAlpha } from '../../renderer/src/lib/insightCharts';

describe('insight chart helpers', () => {
  it('starts the log axis at the readable tick below the shortest value, never below 1 s', () => {
    expect(logAxisMin([600, 45, 7200])).toBe(10);
    expect(logAxisMin([6, 8160])).toBe(1);
    expect(logAxisMin([0, 0])).toBe(1);
    expect(logAxisMin([90, 4000])).toBe(60);
  });

  it('starts at 1 s when a phase takes 0 s, so that phase is not drawn as long as the shortest other', () => {
    expect(logAxisMin([0, 7200])).toBe(1);
    expect(logAxisMin([])).toBe(1);
  });

  it('writes axis ticks short', () => {
    expect([1, 10, 60, 600, 3600, 5400, 36_000, 345_600].map(shortDuration)).toEqual([
      '1s',
      '10s',
      '1m',
      '10m',
      '1h',
      '1h 30m',
      '10h',
      '4d',
    ]);
  });

  it('makes a theme colour translucent', () => {
    expect(withAlpha('#1f6feb', 0.3)).toBe('rgba(31, 111, 235, 0.3)');
    expect(withAlpha('rgb(1, 2, 3)', 0.3)).toBe('rgb(1, 2, 3)');
  });
});
