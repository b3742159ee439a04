import { Menu, type MenuItemConstructorOptions } from 'electron';
import { menuTemplate, type MenuCommand, type MenuItemSpec, type MenuSpec } from '../shell/menuTemplate.js';

export interface MenuActions {
  /** Sends a command to the page. */
  send: (command: MenuCommand) => void;
  /** Asks the user, then opens an allow-listed link in the OS browser. */
  openExternal: (url: string) => void;
}

/** The native menu from the template, with each command and link wired to its action. */
export function buildMenu(actions: MenuActions): Menu {
  const menus = menuTemplate(process.platform === 'darwin').map((menu) => toElectronMenu(menu, actions));
  return Menu.buildFromTemplate(menus);
}

function toElectronMenu(menu: MenuSpec, actions: MenuActions): MenuItemConstructorOptions {
  const { submenu, ...name } = menu;
  return submenu ? { ...name, submenu: submenu.map((item) => toElectronItem(item, actions)) } : name;
}

function toElectronItem(item: MenuItemSpec, actions: MenuActions): MenuItemConstructorOptions {
  switch (item.kind) {
    case 'role':
      return { role: item.role };
    case 'separator':
      return { type: 'separator' };
    case 'command':
      return { label: item.label, accelerator: item.accelerator, click: () => actions.send(item.command) };
    case 'link':
      return { label: item.label, click: () => actions.openExternal(item.url) };
  }
}
