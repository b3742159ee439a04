/** Timing helpers for the benchmarks: alternate the contenders, collect garbage between runs, report medians. */

const gc = (globalThis as { gc?: () => void }).gc;

export interface Sample {
  median: number;
  min: number;
  /**
   * Median over rounds of this contender's time divided by the baseline's in the same round (set on `ours` by
   * `compare`). Pairs measured back to back cancel the machine's drift, which a ratio of two medians does not.
   */
  pairedRatio?: number;
}

/** The median and the fastest of a contender's times. */
export function summarise(times: number[]): Sample {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]! };
}

/**
 * Our times with the median of their ratios to the baseline timed in the same round: a round where the machine was
 * slow is slow for both, which a ratio of two medians does not cancel.
 */
export function pairedSample(ours: number[], baseline: number[]): Sample {
  return { ...summarise(ours), pairedRatio: summarise(ours.map((ms, round) => ms / baseline[round]!)).median };
}

/** Runs each contender `rounds` times, interleaved so drift in machine load hits both alike. */
export function compare(rounds: number, contenders: Record<string, () => unknown>): Record<string, Sample> {
  const names = Object.keys(contenders);
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const name of names) contenders[name]!(); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      gc?.();
      const start = performance.now();
      contenders[name]!();
      times[name]!.push(performance.now() - start);
    }
  }
  const baseline = times['baseline'];
  return Object.fromEntries(
    names.map((n) => [n, baseline && n !== 'baseline' ? pairedSample(times[n]!, baseline) : summarise(times[n]!)]),
  );
}

export interface Row {
  benchmark: string;
  ours: Sample;
  baseline: Sample;
  baselineName: string;
  target: number;
  /** What the samples count (default milliseconds). */
  unit?: 'ms' | 'MB';
}

export function printTable(rows: Row[]): void {
  const digits = (value: number) => (value < 1 ? 3 : 1);
  const ms = (s: Sample, unit: string) =>
    unit === 'ms'
      ? `${s.median.toFixed(digits(s.median))} ms (min ${s.min.toFixed(digits(s.min))})`
      : `${s.median.toFixed(0)} ${unit}`;
  const lines = rows.map((r) => {
    const ratio = r.ours.pairedRatio ?? r.ours.median / r.baseline.median;
    return [
      r.benchmark,
      ms(r.ours, r.unit ?? 'ms'),
      `${r.baselineName}: ${ms(r.baseline, r.unit ?? 'ms')}`,
      ratio.toFixed(2),
      `≤ ${r.target}`,
      ratio <= r.target ? 'ok' : 'OVER',
    ];
  });
  const header = ['benchmark', 'ours (median)', 'baseline (median)', 'ratio', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const line of lines) console.log(format(line));
  console.log('\nratio: the median of per-round ratios where both were timed in the same round, else of medians.');
  if (!gc) console.log('\n(run with --expose-gc for steadier numbers; `npm run bench` does)');
}
