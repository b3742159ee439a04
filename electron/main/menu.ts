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
        { label: 'Jobs', accelerator: 'CmdOrCtrl+1', click: () => send('show-jobs') },
        { label: 'Insights', accelerator: 'CmdOrCtrl+2', click: () => send('show-insights') },
        { label: 'Connections', accelerator: 'CmdOrCtrl+3', click: () => send('show-connections') },
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
