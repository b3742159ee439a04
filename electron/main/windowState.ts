import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { screen, type BrowserWindow } from 'electron';
import { writeFileAtomic } from '../storage/atomicFile.js';
import {
  restorableWindowState,
  WINDOW_STATE_FILE,
  windowStateText,
  type WindowState,
} from '../shell/windowPlacement.js';

/** Resizing and moving fire many events; the file is written once they settle. */
const SAVE_DELAY_MS = 400;

/** The window's size and place from the last run, if it still fits on a connected display. */
export async function loadWindowState(dataDir: string): Promise<WindowState | undefined> {
  try {
    const text = await readFile(join(dataDir, WINDOW_STATE_FILE), 'utf8');
    return restorableWindowState(
      text,
      screen.getAllDisplays().map((display) => display.workArea),
    );
  } catch {
    return undefined;
  }
}

export function trackWindowState(window: BrowserWindow, dataDir: string): void {
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (window.isDestroyed()) return;
      void writeFileAtomic(
        join(dataDir, WINDOW_STATE_FILE),
        windowStateText(window.getNormalBounds(), window.isMaximized()),
      ).catch(() => undefined);
    }, SAVE_DELAY_MS);
  };
  window.on('resize', save);
  window.on('move', save);
  window.on('maximize', save);
  window.on('unmaximize', save);
}
