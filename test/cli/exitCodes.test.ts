import { describe, expect, it } from 'vitest';
import { EXIT, EXIT_BY_KIND } from '../../electron/cli/exitCodes.js';
import { AppErrorKindSchema } from '../../electron/contract/errors.js';

describe('exit codes of the headless export', () => {
  it('every kind of failure has one, from the documented set', () => {
    const documented = new Set<number>(Object.values(EXIT));
    for (const kind of AppErrorKindSchema.options) {
      expect(documented.has(EXIT_BY_KIND[kind]), kind).toBe(true);
      expect(EXIT_BY_KIND[kind], kind).not.toBe(EXIT.ok);
    }
  });

  it('a scheduler can tell signing in again from a CommServe or network failure from a file failure', () => {
    expect([EXIT_BY_KIND['session-expired'], EXIT_BY_KIND['bad-credentials']]).toEqual([EXIT.auth, EXIT.auth]);
    for (const kind of ['server-error', 'network', 'dns', 'tls', 'timeout', 'unexpected-response'] as const)
      expect(EXIT_BY_KIND[kind], kind).toBe(EXIT.server);
    expect(EXIT_BY_KIND.storage).toBe(EXIT.file);
    expect(EXIT_BY_KIND['invalid-input']).toBe(EXIT.usage);
  });
});
