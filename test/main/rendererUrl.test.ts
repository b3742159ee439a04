import { expect, it } from 'vitest';
import { rendererUrlFor } from '../../electron/main/rendererUrl.js';

it('uses ELECTRON_RENDERER_URL only in an unpackaged app', () => {
  const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173/' };
  expect(rendererUrlFor(false, env, '/app/out/main')).toBe('http://localhost:5173/');
  expect(rendererUrlFor(true, env, '/app/out/main')).toBe('file:///app/out/renderer/index.html');
  expect(rendererUrlFor(false, {}, '/app/out/main')).toBe('file:///app/out/renderer/index.html');
});
