import { describe, expect, it } from 'vitest';
import { CommvaultError } from '../../electron/commvault/errors.js';
import { AppFailure, AppErrorSchema } from '../../electron/contract/errors.js';
import { toAppError } from '../../electron/services/errors.js';

describe('CommvaultError', () => {
  const error = new CommvaultError('tls', 'The certificate is not trusted.', {
    code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    status: undefined,
    limitBytes: 10,
  });

  it('is the one throwable, carrying the AppError that crosses the bridge', () => {
    expect(error).toBeInstanceOf(AppFailure);
    expect(error.name).toBe('CommvaultError');
    expect(error.message).toBe('The certificate is not trusted.');
    expect(AppErrorSchema.parse(error.error)).toEqual(error.error);
    // A field left undefined is absent, as it would be after a trip over the bridge.
    expect(error.error).toEqual({
      kind: 'tls',
      message: 'The certificate is not trusted.',
      details: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', limitBytes: 10 },
    });
  });

  it('carries the same value the services would make of it', () => {
    expect(error.error).toEqual(toAppError(error));
  });

  it('keeps its typed details and serialised form', () => {
    expect(error.kind).toBe('tls');
    expect(error.details.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      kind: 'tls',
      message: 'The certificate is not trusted.',
      details: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', limitBytes: 10 },
    });
  });
});
