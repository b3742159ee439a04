import type { HandlerSlice } from '../contract/api.js';
import type { CheckedUiUpdate, UiState } from '../contract/ui.js';
import type { SettingsStore } from '../storage/settingsStore.js';

/** The Jobs screen's remembered sort, scope and columns, and the active connection, in the settings file. */
export class UiPrefsService {
  constructor(private readonly settings: SettingsStore) {}

  /** The channels this service answers. */
  handlers(): HandlerSlice<'ui:get' | 'ui:set'> {
    return {
      'ui:get': () => this.get(),
      'ui:set': async (change) => {
        await this.set(change);
        return {};
      },
    };
  }

  async get(): Promise<UiState> {
    const { settings } = await this.settings.load();
    const known = settings.connections.some((c) => c.id === settings.activeConnectionId);
    return { ...settings.ui, activeConnectionId: known ? settings.activeConnectionId : null };
  }

  async set(update: CheckedUiUpdate): Promise<void> {
    const { activeConnectionId, ...ui } = update;
    await this.settings.update((settings) => ({
      ...settings,
      ...(activeConnectionId !== undefined ? { activeConnectionId } : {}),
      ui: { ...settings.ui, ...ui },
    }));
  }
}
