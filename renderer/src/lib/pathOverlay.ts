import type { Chart } from 'chart.js';
import type { CriticalPath } from '$contract/evidence';

/**
 * Draws an operation's critical path over its Gantt chart: each phase on the path (a DR Approval phase too) outlined
 * on its VM's row, each wait between phases (priority interval, queueing) as a dashed line across its row, and a step where the path passes
 * from one VM to another. In the text colour, so it stands out on every phase colour, light or dark.
 */
export function pathOverlay(path: CriticalPath | null, color: string) {
  return {
    id: 'criticalPath',
    afterDatasetsDraw(chart: Chart) {
      if (!path || path.segments.length === 0) return;
      const { ctx, scales } = chart;
      const x = scales.x!;
      const y = scales.y!;
      const labels = (chart.data.labels ?? []) as string[];
      const rowHeight = labels.length > 1 ? Math.abs(y.getPixelForValue(1) - y.getPixelForValue(0)) : 28;
      const half = Math.min(14, rowHeight * 0.36 + 2);
      ctx.save();
      ctx.strokeStyle = color;
      let previous: { vm: string; px: number } | null = null;
      for (const segment of path.segments) {
        const row = labels.indexOf(segment.vm);
        if (row < 0) continue;
        const cy = y.getPixelForValue(row);
        const left = x.getPixelForValue(segment.start);
        const right = Math.max(left + 1, x.getPixelForValue(segment.end));
        if (previous && previous.vm !== segment.vm) {
          // The hand-over from the VM that held this one up.
          const from = y.getPixelForValue(labels.indexOf(previous.vm));
          ctx.setLineDash([]);
          ctx.lineWidth = 2;
          ctx.beginPath();
          ctx.moveTo(left, from);
          ctx.lineTo(left, cy);
          ctx.stroke();
        }
        if (segment.phaseCode !== null) {
          ctx.setLineDash([]);
          ctx.lineWidth = 2;
          ctx.strokeRect(left, cy - half, right - left, half * 2);
        } else {
          ctx.setLineDash([4, 3]);
          ctx.lineWidth = 2;
          ctx.beginPath();
          ctx.moveTo(left, cy);
          ctx.lineTo(right, cy);
          ctx.stroke();
        }
        previous = { vm: segment.vm, px: right };
      }
      ctx.restore();
    },
  };
}
