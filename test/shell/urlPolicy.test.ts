import { describe, expect, it } from 'vitest';
import { isAllowedExternal, isAppUrl } from '../../electron/shell/urlPolicy.js';

const RENDERER = 'file:///opt/DR%20Job%20Stats/resources/app.asar/out/renderer/index.html';

describe('the app origin', () => {
  it('is the app:// scheme on its own host only (custom schemes have no origin to compare)', () => {
    const app = 'app://dr-job-stats/index.html';
    expect(isAppUrl('app://dr-job-stats/index.html', app)).toBe(true);
    expect(isAppUrl('app://dr-job-stats/index.html#jobs', app)).toBe(true);
    expect(isAppUrl('app://evil/index.html', app)).toBe(false);
    expect(isAppUrl('evil://dr-job-stats/index.html', app)).toBe(false);
    expect(isAppUrl('file:///index.html', app)).toBe(false);
    expect(isAppUrl('https://dr-job-stats/index.html', app)).toBe(false);
  });

  it('knows its own page, also from a file:// build and the dev server', () => {
    expect(isAppUrl(RENDERER, RENDERER)).toBe(true);
    expect(isAppUrl('file:///somewhere/else/index.html', RENDERER)).toBe(false);
    expect(isAppUrl('http://localhost:5173/src/x.ts', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
  });

  it('is never a URL that does not parse', () => {
    expect(isAppUrl('not a url', 'app://dr-job-stats/index.html')).toBe(false);
    expect(isAppUrl('app://dr-job-stats/index.html', 'not a url')).toBe(false);
  });
});

describe('links for the OS browser', () => {
  it.each(['https://documentation.commvault.com/2024/essential/', 'https://api.commvault.com/'])('allows %s', (url) => {
    expect(isAllowedExternal(url)).toBe(true);
  });

  it.each([
    'http://documentation.commvault.com/',
    'https://documentation.commvault.com.evil.example/',
    'https://evil.example/?documentation.commvault.com',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isAllowedExternal(url)).toBe(false);
  });
});
