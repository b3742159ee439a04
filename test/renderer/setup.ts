import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/svelte';
import { afterEach, expect, vi } from 'vitest';
import { useBridge } from '../../renderer/src/lib/api';
import { takeContractBreaches } from './fakeBridge';

// One jsdom serves every file of a worker (isolate: false): whatever a test put in place goes after it.
afterEach(() => {
  cleanup();
  useBridge(undefined);
  vi.unstubAllGlobals();
  // A request main would refuse, or test data main could never send, fails the test that made it.
  expect(takeContractBreaches()).toEqual([]);
});

// jsdom does no layout, so every box measures 0×0 and a virtual list would show no rows. Give elements the size
// of a desktop window instead.
Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get: () => 1200 });
Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 800 });

// jsdom lays nothing out, so it has no scrolling either: scrolling a row into view is a no-op here.
Element.prototype.scrollIntoView ??= function scrollIntoView() {};
