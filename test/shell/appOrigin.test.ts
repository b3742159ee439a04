import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appFileFor } from '../../electron/shell/appOrigin.js';

describe('the app:// protocol', () => {
  const root = '/opt/drjs/out/renderer';
  it('serves the renderer files with their types', () => {
    expect(appFileFor('app://dr-job-stats/index.html', root)).toEqual({
      file: join(root, 'index.html'),
      type: 'text/html; charset=utf-8',
    });
    expect(appFileFor('app://dr-job-stats/assets/index-1.js', root)?.type).toBe('text/javascript; charset=utf-8');
    expect(appFileFor('app://dr-job-stats/', root)?.file).toBe(join(root, 'index.html'));
  });

  it('keeps dot segments inside the renderer folder (the URL parser resolves them first)', () => {
    for (const url of ['app://dr-job-stats/../main/index.js', 'app://dr-job-stats/%2e%2e/main/index.js'])
      expect(appFileFor(url, root)?.file).toBe(join(root, 'main/index.js'));
  });

  it.each([
    'app://dr-job-stats/assets/..%2f..%2f..%2fsecrets',
    'app://dr-job-stats/..%2f..%2fmain%2findex.js',
    'app://dr-job-stats/%E0%A4%A',
    'app://other-host/index.html',
    'file:///etc/passwd',
  ])('refuses %s', (url) => {
    expect(appFileFor(url, root)).toBeNull();
  });
});
