import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/contract/security.js';
import { ROOT } from '../cli/builtCli.js';

// The node project's global setup builds the app (test/cli/buildOnce.ts), renderer included.
describe('the built page', () => {
  it('carries the CSP in a <meta> too (for any way it is loaded), the same policy but frame-ancestors', async () => {
    const html = await readFile(join(ROOT, 'out/renderer/index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY.replace(/; frame-ancestors [^;]*/, ''));
    // frame-ancestors is ignored in a <meta>; the header carries it.
    expect(CONTENT_SECURITY_POLICY).toMatch(/frame-ancestors 'none'/);
  });
});
