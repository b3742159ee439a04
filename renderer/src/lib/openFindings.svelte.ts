import { SvelteMap } from 'svelte/reactivity';
import { call } from './api';
import type { AppState } from './state.svelte';

/**
 * The open findings of the data shown, counted per DR group (null: no group), read again whenever the data, its
 * source or the scope changes. Counted from everything in scope, as the Findings screen lists them.
 */
export function openFindingsByGroup(app: AppState): SvelteMap<number | null, number> {
  const counts = new SvelteMap<number | null, number>();
  $effect(() => {
    const source = app.source;
    void app.result;
    const scope = $state.snapshot(app.scope);
    let current = true;
    if (!source) {
      counts.clear();
      return;
    }
    void call('findings:list', { source, scope }).then((listed) => {
      if (!current) return;
      counts.clear();
      if (!listed.ok) return;
      for (const f of listed.value.findings)
        if (f.status === 'open') counts.set(f.drGroupId, (counts.get(f.drGroupId) ?? 0) + 1);
    });
    return () => {
      current = false;
    };
  });
  return counts;
}
