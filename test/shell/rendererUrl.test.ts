import { expect, it } from 'vitest';
import { APP_INDEX_URL } from '../../electron/shell/appOrigin.js';
import { rendererUrlFor } from '../../electron/shell/rendererUrl.js';

it('uses ELECTRON_RENDERER_URL only in an unpackaged app, else the app:// scheme', () => {
  const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173/' };
  expect(rendererUrlFor(false, env)).toBe('http://localhost:5173/');
  expect(rendererUrlFor(true, env)).toBe(APP_INDEX_URL);
  expect(rendererUrlFor(false, {})).toBe('app://dr-job-stats/index.html');
});
