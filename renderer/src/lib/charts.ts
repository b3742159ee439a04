import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Title,
  Tooltip,
} from 'chart.js';
import type { PhaseStatus } from '$contract/model';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Legend,
  Title,
  Tooltip,
);

export { Chart };

/** The current theme's colours, read from CSS so charts follow light and dark mode. */
export function themeColors() {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    text: v('--text'),
    muted: v('--muted'),
    grid: v('--chart-grid'),
    surface: v('--surface'),
    accent: v('--accent'),
    status: { succeeded: v('--ok'), failed: v('--fail'), running: v('--run'), unknown: v('--unknown') } as Record<
      PhaseStatus,
      string
    >,
  };
}

/**
 * Fills that tell statuses apart without colour: solid for succeeded, diagonal hatching for failed, dots for
 * running, cross-hatching for unknown. The legend shows the same fills.
 */
export function statusFill(status: PhaseStatus, color: string): CanvasPattern | string {
  if (status === 'succeeded') return color;
  const tile = document.createElement('canvas');
  tile.width = tile.height = 8;
  const ctx = tile.getContext('2d');
  if (!ctx) return color;
  ctx.fillStyle = color;
  ctx.globalAlpha = 0.35;
  ctx.fillRect(0, 0, 8, 8);
  ctx.globalAlpha = 1;
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = 2;
  if (status === 'failed') {
    ctx.beginPath();
    ctx.moveTo(0, 8);
    ctx.lineTo(8, 0);
    ctx.moveTo(-2, 2);
    ctx.lineTo(2, -2);
    ctx.moveTo(6, 10);
    ctx.lineTo(10, 6);
    ctx.stroke();
  } else if (status === 'running') {
    ctx.beginPath();
    ctx.arc(4, 4, 1.6, 0, Math.PI * 2);
    ctx.fill();
  } else {
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(0, 0);
    ctx.lineTo(8, 8);
    ctx.moveTo(8, 0);
    ctx.lineTo(0, 8);
    ctx.stroke();
  }
  return ctx.createPattern(tile, 'repeat') ?? color;
}

/** A chart.js plugin that paints the canvas background, so saved images are opaque in both themes. */
export const opaqueBackground = {
  id: 'opaqueBackground',
  beforeDraw(chart: Chart) {
    const { ctx } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = themeColors().surface;
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

/** Round steps for a time axis, in seconds: 1 s … 30 s, 1 min … 30 min, 1 h … 12 h, 1 day, 2 days, a week. */
const TIME_STEPS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800,
];

/**
 * Tick positions for a time axis from `min` to `max` (epoch seconds): the smallest round step that keeps at most
 * `maxTicks` ticks, on multiples of the step (10:00, 10:15, 10:30 rather than 10:03:19, 10:18:19).
 * Whole-hour steps and longer fall on whole hours of the time zone shown (`offsetSeconds` east of UTC).
 */
export function timeTicks(
  min: number,
  max: number,
  maxTicks: number,
  offsetSeconds = 0,
): { step: number; ticks: number[] } {
  const span = Math.max(1, max - min);
  const step = TIME_STEPS.find((s) => span / s <= Math.max(2, maxTicks)) ?? TIME_STEPS.at(-1)!;
  const shift = step >= 3600 ? offsetSeconds : 0;
  const first = Math.ceil((min + shift) / step) * step - shift;
  const ticks: number[] = [];
  for (let t = first; t <= max; t += step) ticks.push(t);
  return { step, ticks };
}

/**
 * Colours that tell a chart's categories (e.g. Gantt phases) apart in light and dark themes; each has enough
 * contrast for white or black text as `textOn` says. No status green or red among them: in the Gantt, colour
 * names the phase and must not read as "succeeded" or "failed".
 */
export const CATEGORY_COLORS = [
  '#4e79a7',
  '#f28e2b',
  '#17becf',
  '#b07aa1',
  '#76b7b2',
  '#edc948',
  '#9c755f',
  '#ff9da7',
  '#86bcb6',
  '#d37295',
  '#a0cbe8',
  '#bab0ac',
] as const;

/** Black or white, whichever reads better on a solid `#rrggbb` background (WCAG relative luminance). */
export function textOn(hex: string): '#000000' | '#ffffff' {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  // Contrast with black (L + 0.05) / 0.05 against white 1.05 / (L + 0.05): black wins above L ≈ 0.179.
  return luminance > 0.179 ? '#000000' : '#ffffff';
}
