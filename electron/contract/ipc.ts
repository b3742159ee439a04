/** Names on the Electron side: one IPC channel for calls, one for events. Kept apart so the preload stays tiny. */
export const IPC_INVOKE = 'drjs:invoke';
export const IPC_EVENT = 'drjs:event';
/** Where the preload exposes the bridge in the renderer's main world. */
export const BRIDGE_GLOBAL = 'drJobStats';
/** The browser mode's header for the per-launch secret (the page sends it on every call; the server checks it). */
export const SECRET_HEADER = 'x-drjs-secret';
