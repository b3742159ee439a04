import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import type { FileSink } from '../sinks/fileSink.js';
import { writeToNamedPath } from '../sinks/namedPath.js';

/** The desktop sink: the native save and open dialogs choose every path; the page never names one. */
export function dialogSink(window: () => BrowserWindow | null): FileSink {
  return {
    async save(suggestedName, filters, write) {
      const parent = window();
      const options = { defaultPath: join(app.getPath('documents'), suggestedName), filters };
      const choice = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
      if (choice.canceled || !choice.filePath) return { kind: 'cancelled' };
      return { kind: 'saved', path: choice.filePath, bytes: await writeToNamedPath(choice.filePath, write) };
    },
    async open(filters) {
      const parent = window();
      const options = { properties: ['openFile' as const], filters };
      const choice = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      const path = choice.filePaths[0];
      return choice.canceled || !path ? null : readFile(path, 'utf8');
    },
  };
}
