import { contextBridge, ipcRenderer } from 'electron';
import type { DrStatsApi, EventName } from '../contract/api.js';
import { BRIDGE_GLOBAL, IPC_EVENT, IPC_INVOKE } from '../contract/ipc.js';

/**
 * The whole of what the page can reach: `invoke` one of the contract's channels and listen to its events.
 * No ipcRenderer, no Node, nothing else crosses.
 */
const listeners = new Map<string, Set<(payload: unknown) => void>>();

ipcRenderer.on(IPC_EVENT, (_event, name: string, payload: unknown) => {
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const api: DrStatsApi = {
  invoke: (channel, request) => ipcRenderer.invoke(IPC_INVOKE, channel, request),
  on: (event: EventName, listener) => {
    const set = listeners.get(event) ?? new Set();
    const wrapped = listener as (payload: unknown) => void;
    set.add(wrapped);
    listeners.set(event, set);
    return () => set.delete(wrapped);
  },
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, api);
