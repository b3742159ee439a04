import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/svelte';
import { afterEach, vi } from 'vitest';
import { useBridge } from '../../renderer/src/lib/api';

// One jsdom serves every file of a worker (isolate: false): whatever a test put in place goes after it.
afterEach(() => {
  cleanup();
  useBridge(undefined);
  vi.unstubAllGlobals();
});

// jsdom does no layout, so every box measures 0×0 and a virtual list would show no rows. Give elements the size
// of a desktop window instead.
Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get: () => 1200 });
Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 800 });
