import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_FOLDER = 'DR Job Stats';

/** The same folder Electron's `app.getPath('userData')` uses, so the desktop app and browser mode share data. */
export function defaultDataDir(): string {
  const home = homedir();
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_FOLDER);
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', APP_FOLDER);
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_FOLDER);
}
