import { getContext, setContext } from 'svelte';
import type { AppState } from './state.svelte';

/**
 * The app state reaches components by context, not by import: a component test gives a screen its own state (with
 * a fake bridge behind it) in `render(…, { context: appContext(state) })`.
 */
const APP_STATE = Symbol('drjs:app-state');

export function provideAppState(state: AppState): void {
  setContext(APP_STATE, state);
}

export function useAppState(): AppState {
  const state = getContext<AppState | undefined>(APP_STATE);
  if (!state) throw new Error('No app state: render the component inside App, or pass appContext(state) in a test.');
  return state;
}

/** The context map that provides `state`, for mounting a component on its own. */
export function appContext(state: AppState): Map<symbol, AppState> {
  return new Map([[APP_STATE, state]]);
}

/** The app state where there is one: a card mounted on its own in a test has none, and shows what it was given. */
export function optionalAppState(): AppState | undefined {
  return getContext<AppState | undefined>(APP_STATE);
}
