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
import type { PhaseStatus } from '../../../electron/contract/model';

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
