import { describe, expect, it } from 'vitest';
import { events } from '../../electron/contract/api.js';
import { menuTemplate, type MenuItemSpec } from '../../electron/shell/menuTemplate.js';
import { isAllowedExternal } from '../../electron/shell/urlPolicy.js';

const items = (isMac: boolean): MenuItemSpec[] => menuTemplate(isMac).flatMap((menu) => menu.submenu ?? []);
const commands = (isMac: boolean) =>
  items(isMac).flatMap((item) => (item.kind === 'command' ? [[item.accelerator, item.command] as const] : []));

describe.each([
  ['Windows and Linux', false],
  ['macOS', true],
])('the menu on %s', (_platform, isMac) => {
  it('binds each shortcut to its command', () => {
    expect(Object.fromEntries(commands(isMac))).toEqual({
      'CmdOrCtrl+1': 'show-overview',
      'CmdOrCtrl+2': 'show-jobs',
      'CmdOrCtrl+3': 'show-insights',
      'CmdOrCtrl+4': 'show-runs',
      'CmdOrCtrl+5': 'show-compare',
      'CmdOrCtrl+6': 'show-connections',
      F5: 'refresh',
      'CmdOrCtrl+U': 'toggle-utc',
    });
  });

  it('uses each shortcut once and offers every command the page understands', () => {
    const accelerators = commands(isMac).map(([accelerator]) => accelerator);
    expect(new Set(accelerators).size).toBe(accelerators.length);
    expect(commands(isMac).map(([, command]) => command)).toEqual(
      expect.arrayContaining([...events['app:command'].shape.command.options]),
    );
  });

  it('links only to pages the OS browser may be handed', () => {
    const links = items(isMac).flatMap((item) => (item.kind === 'link' ? [item.url] : []));
    expect(links).not.toHaveLength(0);
    for (const url of links) expect(isAllowedExternal(url)).toBe(true);
  });
});

it('has the application menu and Close on macOS, and Quit in the File menu elsewhere', () => {
  expect(menuTemplate(true)[0]).toEqual({ role: 'appMenu' });
  expect(menuTemplate(true)).toContainEqual({ label: '&File', submenu: [{ kind: 'role', role: 'close' }] });
  expect(menuTemplate(false).some((menu) => 'role' in menu && menu.role === 'appMenu')).toBe(false);
  expect(menuTemplate(false)).toContainEqual({ label: '&File', submenu: [{ kind: 'role', role: 'quit' }] });
});
