import { Chart } from 'chart.js';
import { vi } from 'vitest';

/** One call a chart made on a canvas: the method and its arguments. */
export interface CanvasCall {
  method: string;
  args: unknown[];
}

/**
 * jsdom has no canvas: `getContext('2d')` answers null, so Chart.js builds nothing and no chart's legend, axis,
 * labels or tooltips can be tested. This gives every canvas a 2D context that draws nothing but records what was
 * drawn (the text of every `fillText` above all), and gives boxes a size (jsdom lays nothing out) so Chart.js lays
 * a chart out as in an 800 × 400 window. What a chart says is tested this way; its pixels only in Chromium (e2e).
 * Undone by `vi.restoreAllMocks()` and `vi.unstubAllGlobals()` (setup.ts runs the latter after each test).
 */
export function recordingCanvas() {
  const calls: CanvasCall[] = [];
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function (this: HTMLCanvasElement) {
    return context(this, calls) as never;
  });
  vi.spyOn(HTMLCanvasElement.prototype, 'toDataURL').mockImplementation(function (this: HTMLCanvasElement) {
    return `data:image/png;base64,${btoa(`png ${this.width}x${this.height}`)}`;
  });
  vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(() => new DOMRect(0, 0, 800, 400));
  // Chart.js follows its container's size; jsdom never resizes anything.
  vi.stubGlobal(
    'ResizeObserver',
    class {
      observe() {}
      unobserve() {}
      disconnect() {}
    },
  );
  return {
    calls,
    /** Every text drawn with fillText, in order. */
    texts: () => calls.filter((c) => c.method === 'fillText').map((c) => String(c.args[0])),
  };
}

/** A 2D context whose every method records its call; `measureText` gives 6 px a character. */
function context(canvas: HTMLCanvasElement, calls: CanvasCall[]): CanvasRenderingContext2D {
  const state: Record<string | symbol, unknown> = {
    canvas,
    fillStyle: '#000000',
    strokeStyle: '#000000',
    font: '10px sans-serif',
    lineWidth: 1,
    lineCap: 'butt',
    lineJoin: 'miter',
    lineDashOffset: 0,
    miterLimit: 10,
    globalAlpha: 1,
    globalCompositeOperation: 'source-over',
    textAlign: 'start',
    textBaseline: 'alphabetic',
    direction: 'inherit',
    imageSmoothingEnabled: true,
    shadowBlur: 0,
    shadowColor: 'transparent',
    shadowOffsetX: 0,
    shadowOffsetY: 0,
    measureText: (text: string) => ({
      width: String(text).length * 6,
      actualBoundingBoxAscent: 8,
      actualBoundingBoxDescent: 2,
    }),
    createPattern: () => ({ setTransform() {} }),
    createLinearGradient: () => ({ addColorStop() {} }),
    getLineDash: () => [],
    getTransform: () => ({ a: 1, b: 0, c: 0, d: 1, e: 0, f: 0 }),
    isPointInPath: () => false,
  };
  return new Proxy(state, {
    get(target, key) {
      if (key in target) {
        const value = target[key];
        return typeof value === 'function' && key !== 'canvas'
          ? (...args: unknown[]) => {
              calls.push({ method: String(key), args });
              return (value as (...a: unknown[]) => unknown)(...args);
            }
          : value;
      }
      // Any other drawing method: recorded, draws nothing.
      return (...args: unknown[]) => {
        calls.push({ method: String(key), args });
      };
    },
    set(target, key, value) {
      target[key] = value;
      return true;
    },
  }) as unknown as CanvasRenderingContext2D;
}

/** A chart's legend entry, as Chart.js builds it (the parts the tests read). */
export interface DrawnLegendItem {
  text: string;
  fillStyle?: unknown;
  hidden?: boolean;
  datasetIndex?: number;
}

type Callback = (...args: never[]) => unknown;

/**
 * What a test reads of a chart a component drew: Chart.js's own objects, typed only as far as the tests look (its
 * full generic types, used here, change how TypeScript checks the components' own chart options).
 */
export interface DrawnChart {
  data: { labels?: unknown[]; datasets: { label?: string; data: unknown[] }[] };
  legend?: { legendItems?: DrawnLegendItem[] };
  options: {
    onClick?: Callback;
    plugins?: { tooltip?: { callbacks?: Record<string, Callback | undefined> }; legend?: { onClick?: Callback } };
  };
  scales: Record<string, { min: number; ticks: { label?: unknown }[] }>;
  isDatasetVisible(index: number): boolean;
}

/** The chart drawn on a canvas, if any. */
export function drawnChart(canvas: HTMLElement): DrawnChart | undefined {
  return Chart.getChart(canvas as HTMLCanvasElement) as unknown as DrawnChart | undefined;
}

/** A tooltip callback of a chart, called as Chart.js calls it. */
export function tooltipCallback<T>(chart: DrawnChart, name: string): (arg: T) => string {
  return chart.options.plugins!.tooltip!.callbacks![name] as unknown as (arg: T) => string;
}
