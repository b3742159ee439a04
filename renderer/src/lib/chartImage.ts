/**
 * A saved chart image that says what it shows: the chart with a header of context lines (connection, scope,
 * data time, export time) above it, on the chart's own opaque background. A bare chart in an e-mail or an audit
 * file cannot be traced back to its data; this one can.
 */
export function withContext(
  chart: HTMLCanvasElement,
  lines: readonly string[],
  colors: { text: string; muted: string; surface: string },
): HTMLCanvasElement {
  // The chart's bitmap is scaled by the device pixel ratio; the header uses the same scale.
  const scale = chart.clientWidth > 0 ? chart.width / chart.clientWidth : 1;
  const pad = 10 * scale;
  const lineHeight = 16 * scale;
  const out = document.createElement('canvas');
  const ctx = out.getContext('2d');
  if (!ctx) return chart;
  const font = (bold: boolean) => `${bold ? '600 ' : ''}${12 * scale}px system-ui, sans-serif`;
  const wrapped: { text: string; bold: boolean }[] = [];
  lines.forEach((line, i) => {
    ctx.font = font(i === 0);
    for (const part of wrap(ctx, line, chart.width - 2 * pad)) wrapped.push({ text: part, bold: i === 0 });
  });
  const header = wrapped.length ? pad * 1.5 + wrapped.length * lineHeight : 0;
  out.width = chart.width;
  out.height = chart.height + header;
  ctx.fillStyle = colors.surface;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.textBaseline = 'top';
  wrapped.forEach((line, i) => {
    ctx.font = font(line.bold);
    ctx.fillStyle = line.bold ? colors.text : colors.muted;
    ctx.fillText(line.text, pad, pad + i * lineHeight);
  });
  ctx.drawImage(chart, 0, header);
  return out;
}

/** Splits text into lines that fit `width` (at word boundaries; a single over-long word is kept whole). */
function wrap(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
  const words = text.split(' ');
  const out: string[] = [];
  let line = '';
  for (const word of words) {
    const next = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(next).width > width) {
      out.push(line);
      line = word;
    } else line = next;
  }
  if (line) out.push(line);
  return out;
}
