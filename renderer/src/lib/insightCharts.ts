import { LogarithmicScale, type Plugin, type Scale } from 'chart.js';
import { Chart } from './charts';

// Insights' duration chart uses a log axis (one dominant phase must not squash the others into slivers).
Chart.register(LogarithmicScale);

/**
 * Durations people read at a glance, about evenly spaced on a log axis (×10, ×6): the only ticks it shows, so
 * they never crowd, even on a narrow card.
 */
const NICE_SECONDS = [1, 10, 60, 600, 3600, 36_000, 86_400 * 4, 86_400 * 40];

/** The lowest nice tick at or below the smallest value: where a log axis starts. */
export function logAxisMin(values: readonly number[]): number {
  // No value, or a 0 s among them: the axis starts at 1 s, where a 0 s bar is drawn (drawn at a later start, it
  // would look as long as the shortest other phase).
  if (values.length === 0) return 1;
  const smallest = Math.max(1, Math.min(...values));
  return [...NICE_SECONDS].reverse().find((v) => v <= smallest) ?? 1;
}

/** Replaces a log scale's 1-2-5 ticks (20 s, 50 s, 200 s…) with durations: 1m, 5m, 15m, 1h. */
export function niceDurationTicks(scale: Scale): void {
  scale.ticks = NICE_SECONDS.filter((v) => v >= scale.min && v <= scale.max).map((value) => ({ value }));
}

/** `30s`, `5m`, `1h`, `1h 30m`, `2d`: axis ticks, shorter than table durations. */
export function shortDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.round(s / 60)}m`;
  if (s < 86_400) {
    const h = Math.floor(s / 3600);
    const m = Math.round((s % 3600) / 60);
    return m ? `${h}h ${m}m` : `${h}h`;
  }
  return `${Math.round(s / 86_400)}d`;
}

/**
 * Writes each horizontal bar's value at its end, so the chart reads without hovering (and a saved image carries
 * the numbers). `text` gives the label of a dataset's i-th bar, or null for none.
 */
export function barValueLabels(text: (dataset: number, index: number) => string | null, color: string): Plugin<'bar'> {
  return {
    id: 'barValueLabels',
    afterDatasetsDraw(chart) {
      const { ctx, chartArea } = chart;
      ctx.save();
      ctx.font = '11px system-ui, sans-serif';
      ctx.textBaseline = 'middle';
      ctx.fillStyle = color;
      chart.data.datasets.forEach((_, d) => {
        const meta = chart.getDatasetMeta(d);
        if (meta.hidden) return;
        meta.data.forEach((element, i) => {
          const label = text(d, i);
          if (label === null) return;
          const { x, y } = element.getProps(['x', 'y'], true) as { x: number; y: number };
          const width = ctx.measureText(label).width;
          // Past the bar's end when there is room, else inside it, never over the chart's edge.
          const at = x + 4 + width <= chartArea.right ? x + 4 : Math.max(chartArea.left + 2, x - width - 4);
          ctx.fillText(label, at, y);
        });
      });
      ctx.restore();
    },
  };
}

/** A theme colour (`#rrggbb`, as app.css defines them) at an opacity; other notations are returned as they are. */
export function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color.trim());
  if (!m) return color;
  const [r, g, b] = m.slice(1).map((h) => parseInt(h, 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
