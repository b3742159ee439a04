/** Names on the Electron side: one IPC channel for calls, one for events. Kept apart so the preload stays tiny. */
export const IPC_INVOKE = 'drjs:invoke';
export const IPC_EVENT = 'drjs:event';
/** Where the preload exposes the bridge in the renderer's main world. */
export const BRIDGE_GLOBAL = 'drJobStats';
