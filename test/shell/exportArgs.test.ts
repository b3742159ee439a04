import { describe, expect, it } from 'vitest';
import { exportArgsFrom } from '../../electron/shell/exportArgs.js';

const EXE = '/opt/DR Job Stats/dr-job-stats';
const EXPORT = ['export', '--connection', 'Prod CommServe', '--report', 'phases', '--out', 'f.csv'];

describe('the installed app started with --export', () => {
  it('runs the export with everything after --export, one -- after it dropped', () => {
    expect(exportArgsFrom([EXE, '--export', ...EXPORT], true)).toEqual(EXPORT);
    expect(exportArgsFrom([EXE, '--export', '--', ...EXPORT], true)).toEqual(EXPORT);
    // Only the first --: a later one belongs to the export's own command line.
    expect(exportArgsFrom([EXE, '--export', '--', '--', 'x'], true)).toEqual(['--', 'x']);
    expect(exportArgsFrom([EXE, '--export', '--version'], true)).toEqual(['--version']);
    expect(exportArgsFrom([EXE, '--export'], true)).toEqual([]);
  });

  it('keeps values as given: spaces, quotes, flags Chromium also knows', () => {
    const args = ['export', '--search', 'SAP "prod" & co', '--type=test-boot', '--out', 'C:\\Reports\\a b.csv', ''];
    expect(
      exportArgsFrom(['C:\\Program Files\\DR Job Stats\\DR Job Stats.exe', '--export', '--', ...args], true),
    ).toEqual(args);
  });

  it('finds --export after the switches a launcher or the OS puts first (Chromium, macOS -psn_)', () => {
    expect(
      exportArgsFrom([EXE, '--ozone-platform=headless', '--disable-gpu', '--export', '--', ...EXPORT], true),
    ).toEqual(EXPORT);
    expect(
      exportArgsFrom(['/Applications/DR Job Stats.app/Contents/MacOS/DR Job Stats', '-psn_0_1234', '--export'], true),
    ).toEqual([]);
  });

  it('in an unpackaged app (electron .), after the app path', () => {
    expect(exportArgsFrom(['/repo/node_modules/electron/dist/electron', '.', '--export', ...EXPORT], false)).toEqual(
      EXPORT,
    );
    expect(exportArgsFrom(['electron', '--inspect=0', 'out/main/index.js', '--export', '--version'], false)).toEqual([
      '--version',
    ]);
    // Packaged, the first plain argument is not an app path: nothing after it is a switch for the app.
    expect(exportArgsFrom([EXE, '.', '--export', ...EXPORT], true)).toBeNull();
  });

  it('starts the desktop app otherwise', () => {
    expect(exportArgsFrom([EXE], true)).toBeNull();
    expect(exportArgsFrom([EXE, '--no-demo'], true)).toBeNull();
    expect(exportArgsFrom(['electron', '.'], false)).toBeNull();
    expect(exportArgsFrom(['electron', '.', '--no-demo'], false)).toBeNull();
    // Not the switch itself, or not in switch position.
    expect(exportArgsFrom([EXE, '--export=phases'], true)).toBeNull();
    expect(exportArgsFrom([EXE, '--exports'], true)).toBeNull();
    expect(exportArgsFrom([EXE, 'report.drrun.json', '--export'], true)).toBeNull();
    expect(exportArgsFrom([EXE, '--', '--export'], true)).toBeNull();
    expect(exportArgsFrom(['electron', '.', 'file', '--export'], false)).toBeNull();
  });
});
