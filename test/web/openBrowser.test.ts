import { describe, expect, it } from 'vitest';
import { browserCommand } from '../../electron/web/openBrowser.js';

const URL_WITH_SECRET = 'http://127.0.0.1:4321/?s=abc&x=1';

describe('opening the browser-mode address', () => {
  it('uses the platform’s own opener', () => {
    expect(browserCommand(URL_WITH_SECRET, 'darwin', {})).toEqual({ command: 'open', args: [URL_WITH_SECRET] });
    expect(browserCommand(URL_WITH_SECRET, 'linux', { DISPLAY: ':0' })).toEqual({
      command: 'xdg-open',
      args: [URL_WITH_SECRET],
    });
    expect(browserCommand(URL_WITH_SECRET, 'linux', { WAYLAND_DISPLAY: 'wayland-0' })?.command).toBe('xdg-open');
  });

  it('on Windows, keeps the whole address (cmd would cut it at &)', () => {
    expect(browserCommand(URL_WITH_SECRET, 'win32', {})).toEqual({
      command: 'cmd',
      args: ['/c', 'start', '""', 'http://127.0.0.1:4321/?s=abc^&x=1'],
    });
  });

  it('does not try without a display (a server over SSH): the address is only printed', () => {
    expect(browserCommand(URL_WITH_SECRET, 'linux', {})).toBeNull();
  });
});
