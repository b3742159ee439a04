import { flushSync } from 'svelte';
import { expect, it } from 'vitest';
import { useBridge } from '../../renderer/src/lib/api';
import { AppState } from '../../renderer/src/lib/state.svelte';
import { DEFAULT_UI_PREFS } from '../../electron/contract/ui';
import { fakeBridge } from './fakeBridge';
import { appInfo } from './simulated';

it('a preference changed just before the window closes is sent as it closes, not lost with the pending timer', async () => {
  const { api, calls } = fakeBridge({
    'app:info': () => ({ ok: true, value: appInfo() }),
    'ui:get': () => ({ ok: true, value: { ...DEFAULT_UI_PREFS, activeConnectionId: null } }),
    'connections:list': () => ({ ok: true, value: [] }),
    'ui:set': () => ({ ok: true, value: {} }),
  });
  useBridge(api);
  const state = new AppState();
  expect(await state.start()).toMatchObject({ ok: true });
  state.sort = { key: 'rto', descending: true };
  flushSync();
  expect(calls.filter((c) => c.channel === 'ui:set')).toEqual([]);
  window.dispatchEvent(new Event('pagehide'));
  expect(calls.filter((c) => c.channel === 'ui:set')).toEqual([
    { channel: 'ui:set', request: expect.objectContaining({ sort: { key: 'rto', descending: true } }) },
  ]);
  // Nothing is left unsent: closing again sends nothing more.
  window.dispatchEvent(new Event('pagehide'));
  expect(calls.filter((c) => c.channel === 'ui:set')).toHaveLength(1);
});
