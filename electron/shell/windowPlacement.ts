import { z } from 'zod';

/** The file in the data folder that remembers the window between runs. */
export const WINDOW_STATE_FILE = 'window-state.json';

export const WindowStateSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(400),
  height: z.number().int().min(300),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

/** A screen rectangle in Electron's coordinates (a display's work area, a window's bounds). */
export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How far, across and down, a window must reach into a display for the user to still grab and move it. */
const GRAB_MARGIN = 50;

export function reachesInto(area: Rectangle, window: Rectangle): boolean {
  return (
    area.x < window.x + window.width - GRAB_MARGIN &&
    window.x < area.x + area.width - GRAB_MARGIN &&
    area.y < window.y + window.height - GRAB_MARGIN &&
    window.y < area.y + area.height - GRAB_MARGIN
  );
}

/**
 * The window's size and place from the saved file's text, if the text is intact and the window still reaches into
 * one of the displays connected now (a display may have been unplugged or resized since).
 */
export function restorableWindowState(savedText: string, workAreas: readonly Rectangle[]): WindowState | undefined {
  let state: WindowState;
  try {
    state = WindowStateSchema.parse(JSON.parse(savedText));
  } catch {
    return undefined;
  }
  return workAreas.some((area) => reachesInto(area, state)) ? state : undefined;
}

/** What is saved: the window's normal (not maximised) bounds, and whether it was maximised. */
export function windowStateText(normalBounds: Rectangle, maximized: boolean): string {
  return JSON.stringify({ ...normalBounds, maximized });
}
