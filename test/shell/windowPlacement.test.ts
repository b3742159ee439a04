import { describe, expect, it } from 'vitest';
import {
  reachesInto,
  restorableWindowState,
  windowStateText,
  type Rectangle,
} from '../../electron/shell/windowPlacement.js';

const laptop: Rectangle = { x: 0, y: 0, width: 1440, height: 875 };
/** A second, larger monitor to the laptop's right. */
const monitor: Rectangle = { x: 1440, y: 0, width: 2560, height: 1400 };

const saved = (window: Rectangle & { maximized?: boolean }) => JSON.stringify({ maximized: false, ...window });

describe('whether a saved window still reaches a display', () => {
  it('restores a window that lies on a display', () => {
    expect(restorableWindowState(saved({ x: 100, y: 80, width: 1200, height: 700 }), [laptop])).toEqual({
      x: 100,
      y: 80,
      width: 1200,
      height: 700,
      maximized: false,
    });
  });

  it('drops a window left on a monitor that is no longer connected', () => {
    const onMonitor = saved({ x: 2000, y: 100, width: 1600, height: 1000 });
    expect(restorableWindowState(onMonitor, [laptop, monitor])).toBeDefined();
    expect(restorableWindowState(onMonitor, [laptop])).toBeUndefined();
  });

  it('drops a window far off every display, in any direction', () => {
    for (const window of [
      { x: -5000, y: 100, width: 800, height: 600 },
      { x: 100, y: -5000, width: 800, height: 600 },
      { x: 100, y: 5000, width: 800, height: 600 },
      { x: 9000, y: 100, width: 800, height: 600 },
    ])
      expect(restorableWindowState(saved(window), [laptop, monitor])).toBeUndefined();
  });

  it('keeps a window partly off screen while more than 50 px of it can still be grabbed', () => {
    expect(restorableWindowState(saved({ x: -700, y: 100, width: 800, height: 600 }), [laptop])).toBeDefined();
    expect(restorableWindowState(saved({ x: 1300, y: 700, width: 800, height: 600 }), [laptop])).toBeDefined();
  });

  it('drops a window with 50 px or less on the display', () => {
    expect(reachesInto(laptop, { x: -750, y: 100, width: 800, height: 600 })).toBe(false);
    expect(reachesInto(laptop, { x: -749, y: 100, width: 800, height: 600 })).toBe(true);
    expect(reachesInto(laptop, { x: 1390, y: 100, width: 800, height: 600 })).toBe(false);
    expect(reachesInto(laptop, { x: 1389, y: 100, width: 800, height: 600 })).toBe(true);
    expect(reachesInto(laptop, { x: 100, y: 825, width: 800, height: 600 })).toBe(false);
    expect(reachesInto(laptop, { x: 100, y: -550, width: 800, height: 600 })).toBe(false);
  });

  it('measures against the display the window is on, whatever its size', () => {
    const wide = { x: 3000, y: 1200, width: 900, height: 600 };
    expect(reachesInto(monitor, wide)).toBe(true);
    // The same place on a smaller monitor in the same spot lies below its bottom edge.
    expect(reachesInto({ x: 1440, y: 0, width: 1920, height: 1080 }, wide)).toBe(false);
    // A window larger than the display that covers it is still on it.
    expect(reachesInto(laptop, { x: -100, y: -100, width: 2000, height: 1200 })).toBe(true);
  });

  it('restores nothing when no display is known', () => {
    expect(restorableWindowState(saved({ x: 100, y: 80, width: 1200, height: 700 }), [])).toBeUndefined();
  });

  it('keeps whether the window was maximised', () => {
    const state = restorableWindowState(saved({ x: 0, y: 0, width: 1200, height: 700, maximized: true }), [laptop]);
    expect(state?.maximized).toBe(true);
  });
});

describe('a damaged saved file', () => {
  it.each([
    ['empty', ''],
    ['cut short', '{"x":100,"y":80,"width":12'],
    ['not an object', '[100, 80, 1200, 700]'],
    ['null', 'null'],
    ['a missing field', JSON.stringify({ x: 100, y: 80, width: 1200, height: 700 })],
    ['a position as text', JSON.stringify({ x: '100', y: 80, width: 1200, height: 700, maximized: false })],
    ['a fractional position', JSON.stringify({ x: 100.5, y: 80, width: 1200, height: 700, maximized: false })],
    ['too narrow', JSON.stringify({ x: 100, y: 80, width: 399, height: 700, maximized: false })],
    ['too short', JSON.stringify({ x: 100, y: 80, width: 1200, height: 299, maximized: false })],
    ['a negative size', JSON.stringify({ x: 100, y: 80, width: -1200, height: -700, maximized: false })],
    ['maximised as text', JSON.stringify({ x: 100, y: 80, width: 1200, height: 700, maximized: 'yes' })],
  ])('is ignored when %s', (_name, text) => {
    expect(restorableWindowState(text, [laptop, monitor])).toBeUndefined();
  });

  it('is ignored when a size is not a finite number (JSON has no Infinity: it is written as null)', () => {
    const text = JSON.stringify({ x: 100, y: 80, width: Infinity, height: 700, maximized: false });
    expect(restorableWindowState(text, [laptop])).toBeUndefined();
  });
});

it('saves what it restores', () => {
  const text = windowStateText({ x: 1500, y: 40, width: 1000, height: 800 }, true);
  expect(restorableWindowState(text, [laptop, monitor])).toEqual({
    x: 1500,
    y: 40,
    width: 1000,
    height: 800,
    maximized: true,
  });
});
