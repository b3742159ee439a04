import { realTimers } from '../contract/timers.js';
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ConnectionProfileSchema } from '../contract/connections.js';
import { DEFAULT_UI_PREFS, UiPrefsSchema } from '../contract/ui.js';
import { writeFileAtomic } from './atomicFile.js';
import { withoutBom } from './bom.js';
import { withFileLock } from './fileLock.js';
import { SerialQueue } from './serialQueue.js';

export const SETTINGS_SCHEMA_VERSION = 1;

export const SettingsSchema = z.object({
  schemaVersion: z.literal(SETTINGS_SCHEMA_VERSION),
  /** Sent with Login and RenewLoginToken; the CommServe ties renewal to it. Stable per installation. */
  deviceId: z.string().min(8),
  connections: z.array(ConnectionProfileSchema),
  activeConnectionId: z.string().nullable().default(null),
  /** Sort, scope and columns of the Jobs screen. A damaged or older section falls back to the defaults: it must
   * never cost the user their connections. */
  ui: UiPrefsSchema.catch(() => structuredClone(DEFAULT_UI_PREFS)),
});
export type Settings = z.infer<typeof SettingsSchema>;

export interface SettingsProblem {
  message: string;
  /** Where the damaged file was moved, so nothing is lost. */
  movedTo: string;
}

export interface LoadedSettings {
  settings: Settings;
  problem: SettingsProblem | null;
}

/**
 * Connection profiles and the device id, in `settings.json` in the app's data folder. Writes are atomic; a file
 * that cannot be read is moved aside and reported, never silently overwritten. Every write is made holding the
 * file's lock, so the desktop app, the browser mode and the CLI sharing the folder never undo each other's edits.
 */
export class SettingsStore {
  readonly path: string;
  /** Loads and updates of this process run one at a time; the lock orders them with other processes'. */
  private readonly queue = new SerialQueue();

  constructor(private readonly dataDir: string) {
    this.path = join(dataDir, 'settings.json');
  }

  /** Reading needs no lock (a write replaces the file whole); creating or replacing a missing or damaged one does. */
  load(): Promise<LoadedSettings> {
    return this.queue.run(async () => {
      const read = await this.read();
      if (read !== undefined && typeof read !== 'string') return { settings: read, problem: null };
      return this.locked(() => this.loadNow());
    });
  }

  /** Resolves once the loads and saves asked for so far are done: closing waits for it, so no change is lost. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** Load, change, save, holding the lock throughout: the one way profiles are edited. */
  update(change: (settings: Settings) => Settings): Promise<Settings> {
    return this.queue.run(() =>
      this.locked(async () => {
        const { settings } = await this.loadNow();
        const next = change(settings);
        await this.save(next);
        return next;
      }),
    );
  }

  private async locked<T>(task: () => Promise<T>): Promise<T> {
    await mkdir(this.dataDir, { recursive: true });
    return withFileLock(this.path, task);
  }

  /** The file's settings, or a short reason they are unusable; undefined when there is no file. */
  private async read(): Promise<Settings | string | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      return undefined;
    }
    return parseProblem(text);
  }

  /** Only while holding the lock: a missing file is created, a damaged one moved aside. */
  private async loadNow(): Promise<LoadedSettings> {
    const read = await this.read();
    if (read === undefined) {
      const settings = freshSettings();
      await this.save(settings);
      return { settings, problem: null };
    }
    if (typeof read !== 'string') return { settings: read, problem: null };
    const movedTo = join(
      this.dataDir,
      `settings.damaged-${new Date(realTimers.now()).toISOString().replace(/[:.]/g, '-')}.json`,
    );
    await rename(this.path, movedTo);
    const settings = freshSettings();
    await this.save(settings);
    return {
      settings,
      problem: { message: `The settings file could not be read (${read}). It was kept as ${movedTo}.`, movedTo },
    };
  }

  private async save(settings: Settings): Promise<void> {
    const checked = SettingsSchema.parse(settings);
    await writeFileAtomic(this.path, `${JSON.stringify(checked, null, 2)}\n`);
  }
}

function freshSettings(): Settings {
  return {
    schemaVersion: SETTINGS_SCHEMA_VERSION,
    deviceId: randomUUID(),
    connections: [],
    activeConnectionId: null,
    ui: structuredClone(DEFAULT_UI_PREFS),
  };
}

/** The settings, or a short reason they are unusable. */
function parseProblem(text: string): Settings | string {
  let json: unknown;
  try {
    json = JSON.parse(withoutBom(text));
  } catch {
    return 'it is not valid JSON';
  }
  const result = SettingsSchema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  return `${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}`;
}

export function newConnectionId(): string {
  return randomUUID();
}
