/** The switch that makes the app run the headless export and exit, instead of opening a window. */
export const EXPORT_SWITCH = '--export';

/**
 * The app's `process.argv` → the export's own command line (what follows `--export`: `['export', '--connection', …]`),
 * or null for a normal start.
 *
 * `--export` counts only among the switches before the app's first plain argument. Switches may come first (the
 * Linux launcher's `--ozone-platform=headless`, macOS's `-psn_…`); an unpackaged app (`electron .`) has its app path
 * first. One `--` right after `--export` is dropped: Chromium reads no switch after it, so the export's flags cannot be
 * taken for Chromium's own (`--type=…` would name a Chromium process type).
 */
export function exportArgsFrom(argv: readonly string[], isPackaged: boolean): string[] | null {
  let appPathSeen = isPackaged;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === EXPORT_SWITCH) {
      const rest = argv.slice(i + 1);
      return rest[0] === '--' ? rest.slice(1) : rest;
    }
    if (arg === '--') return null;
    if (arg.startsWith('-')) continue;
    if (appPathSeen) return null;
    appPathSeen = true;
  }
  return null;
}
