import type { EventPayload } from '../contract/api.js';

export type MenuCommand = EventPayload<'app:command'>['command'];

/** Electron's built-in menu roles this menu uses; the shell hands them to Electron unchanged. */
export type MenuRole =
  | 'appMenu'
  | 'close'
  | 'quit'
  | 'editMenu'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'windowMenu'
  | 'help';

/** One entry of a menu: Electron's own behaviour, a line, a command for the page, or a link for the OS browser. */
export type MenuItemSpec =
  | { kind: 'role'; role: MenuRole }
  | { kind: 'separator' }
  | { kind: 'command'; label: string; accelerator: string; command: MenuCommand }
  | { kind: 'link'; label: string; url: string };

/** One menu of the menu bar: named by a role, a label (`&` marks its access key), or both. */
export type MenuSpec = { role: MenuRole; submenu?: MenuItemSpec[] } | { label: string; submenu: MenuItemSpec[] };

export const DOCS_URL = 'https://documentation.commvault.com/';

const role = (name: MenuRole): MenuItemSpec => ({ kind: 'role', role: name });
const separator: MenuItemSpec = { kind: 'separator' };
const command = (label: string, accelerator: string, name: MenuCommand): MenuItemSpec => ({
  kind: 'command',
  label,
  accelerator,
  command: name,
});

/** The native menu; its commands reach the renderer as typed `app:command` events. */
export function menuTemplate(isMac: boolean): MenuSpec[] {
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { label: '&File', submenu: [role(isMac ? 'close' : 'quit')] },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        // The screens in the order of their tabs.
        command('Overview', 'CmdOrCtrl+1', 'show-overview'),
        command('Jobs', 'CmdOrCtrl+2', 'show-jobs'),
        command('Insights', 'CmdOrCtrl+3', 'show-insights'),
        command('Runs', 'CmdOrCtrl+4', 'show-runs'),
        command('Compare', 'CmdOrCtrl+5', 'show-compare'),
        command('Connections', 'CmdOrCtrl+6', 'show-connections'),
        separator,
        command('Fetch again', 'F5', 'refresh'),
        command('Show times in UTC', 'CmdOrCtrl+U', 'toggle-utc'),
        separator,
        role('resetZoom'),
        role('zoomIn'),
        role('zoomOut'),
        role('togglefullscreen'),
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ kind: 'link', label: 'Commvault REST API documentation', url: DOCS_URL }] },
  ];
}
