import type { Chart } from 'chart.js';
import { formatSeconds, type Forecast } from '$contract/evidence';

/**
 * The next recovery's forecast on an RTO trend (minutes on the y axis): a light band from P50 to P90 across the chart,
 * its P90 edge dashed and named at the right, so it reads beside the target line.
 */
export function forecastOverlay(forecast: Forecast | null, label: string, colors: { accent: string; text: string }) {
  return {
    id: 'forecastBand',
    beforeDatasetsDraw(chart: Chart) {
      if (!forecast) return;
      const { ctx, chartArea } = chart;
      const y = chart.scales['y'];
      if (!y) return;
      const top = Math.max(chartArea.top, y.getPixelForValue(forecast.p90 / 60));
      const bottom = Math.min(chartArea.bottom, y.getPixelForValue(forecast.p50 / 60));
      ctx.save();
      ctx.globalAlpha = 0.14;
      ctx.fillStyle = colors.accent;
      ctx.fillRect(chartArea.left, top, chartArea.right - chartArea.left, Math.max(1, bottom - top));
      ctx.globalAlpha = 1;
      ctx.strokeStyle = colors.accent;
      ctx.lineWidth = 1.5;
      ctx.setLineDash([3, 3]);
      ctx.beginPath();
      ctx.moveTo(chartArea.left, top);
      ctx.lineTo(chartArea.right, top);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.font = '11px system-ui, sans-serif';
      ctx.textAlign = 'right';
      ctx.textBaseline = 'bottom';
      ctx.fillStyle = colors.text;
      ctx.fillText(
        `${label}: P50 ${formatSeconds(forecast.p50)}–P90 ${formatSeconds(forecast.p90)}`,
        chartArea.right - 4,
        top - 2,
      );
      ctx.restore();
    },
  };
}
