import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { screen, type BrowserWindow, type Rectangle } from 'electron';
import { z } from 'zod';
import { writeFileAtomic } from '../storage/atomicFile.js';

const StateSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(400),
  height: z.number().int().min(300),
  maximized: z.boolean(),
});

/** The window's size and place from the last run, if it still fits on a connected display. */
export async function loadWindowState(dataDir: string): Promise<z.infer<typeof StateSchema> | undefined> {
  try {
    const state = StateSchema.parse(JSON.parse(await readFile(join(dataDir, 'window-state.json'), 'utf8')));
    const visible = screen.getAllDisplays().some((d) => intersects(d.workArea, state));
    return visible ? state : undefined;
  } catch {
    return undefined;
  }
}

function intersects(a: Rectangle, b: Rectangle): boolean {
  return a.x < b.x + b.width - 50 && b.x < a.x + a.width - 50 && a.y < b.y + b.height - 50 && b.y < a.y + a.height - 50;
}

export function trackWindowState(window: BrowserWindow, dataDir: string): void {
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (window.isDestroyed()) return;
      const bounds = window.getNormalBounds();
      void writeFileAtomic(
        join(dataDir, 'window-state.json'),
        JSON.stringify({ ...bounds, maximized: window.isMaximized() }),
      ).catch(() => undefined);
    }, 400);
  };
  window.on('resize', save);
  window.on('move', save);
  window.on('maximize', save);
  window.on('unmaximize', save);
}
