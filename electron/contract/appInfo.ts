import { z } from 'zod';

/** What the page is told about the app it runs in. */
export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** The desktop window, the browser mode, or the headless export (no page at all). */
  mode: z.enum(['electron', 'browser', 'cli']),
  dataDir: z.string(),
  platform: z.string(),
  /** The account on this computer: what sign-offs default to and the audit log records. */
  user: z.string(),
  /** Shown once when settings had to be reset; the damaged file's new name is in the message. */
  settingsProblem: z.string().nullable(),
  /** How often running jobs are fetched again while auto-refresh is on. */
  autoRefreshSeconds: z.number().int().positive(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;
