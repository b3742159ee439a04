/**
 * Charts are painted on canvases with colours read once from CSS; they must be painted again when the OS switches
 * between light and dark. Reading `theme.version` in an effect makes that effect re-run on a switch.
 */
class Theme {
  version = $state(0);

  constructor() {
    if (typeof window === 'undefined' || !window.matchMedia) return;
    window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => this.version++);
  }
}

export const theme = new Theme();
