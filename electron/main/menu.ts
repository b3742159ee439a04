import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { EventPayload } from '../contract/api.js';

type Command = EventPayload<'app:command'>['command'];

/** The native menu; its commands reach the renderer as typed `app:command` events. */
export function buildMenu(send: (command: Command) => void, openDocs: () => void): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { label: '&File', submenu: [isMac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        // The screens in the order of their tabs.
        { label: 'Overview', accelerator: 'CmdOrCtrl+1', click: () => send('show-overview') },
        { label: 'Jobs', accelerator: 'CmdOrCtrl+2', click: () => send('show-jobs') },
        { label: 'Insights', accelerator: 'CmdOrCtrl+3', click: () => send('show-insights') },
        { label: 'Runs', accelerator: 'CmdOrCtrl+4', click: () => send('show-runs') },
        { label: 'Compare', accelerator: 'CmdOrCtrl+5', click: () => send('show-compare') },
        { label: 'Connections', accelerator: 'CmdOrCtrl+6', click: () => send('show-connections') },
        { type: 'separator' },
        { label: 'Fetch again', accelerator: 'F5', click: () => send('refresh') },
        { label: 'Show times in UTC', accelerator: 'CmdOrCtrl+U', click: () => send('toggle-utc') },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'Commvault REST API documentation', click: openDocs }] },
  ];
  return Menu.buildFromTemplate(template);
}
