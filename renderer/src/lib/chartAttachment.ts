import type { Attachment } from 'svelte/attachments';
import { theme } from './theme.svelte';

/** What `draw` makes: a Chart.js chart, or anything else that can be torn down. */
interface Drawn {
  destroy(): void;
}

/**
 * Every chart's life on its canvas, in one place: `<canvas {@attach chart(draw)}>`. `draw` builds the chart when
 * the canvas mounts; the chart is destroyed and drawn again whenever anything `draw` read changes, or when the OS
 * switches between light and dark (colours are read from CSS while drawing), and destroyed when the canvas goes.
 * `draw` returns null when there is nothing to draw.
 */
export function chart(draw: (canvas: HTMLCanvasElement) => Drawn | null): Attachment<HTMLCanvasElement> {
  return (canvas) => {
    void theme.version;
    const drawn = draw(canvas);
    return () => drawn?.destroy();
  };
}
