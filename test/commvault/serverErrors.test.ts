import { describe, expect, it } from 'vitest';
import { findServerError, lockOutSeconds } from '../../electron/commvault/serverErrors.js';

describe('findServerError', () => {
  it.each([
    ['top-level errorCode', { errorCode: 2, errorMessage: 'Bad thing' }, 2, 'Bad thing'],
    [
      'errList',
      { errList: [{ errorCode: 5, errLogMessage: 'Invalid Username or Password' }] },
      5,
      'Invalid Username or Password',
    ],
    ['errList as one object', { errList: { errorCode: '5', errLogMessage: 'One' } }, 5, 'One'],
    ['error object', { error: { errorCode: 3, errorMessage: 'Nested' } }, 3, 'Nested'],
    ['error with errList', { error: { errList: [{ errorCode: 4, errLogMessage: 'Deep' }] } }, 4, 'Deep'],
    ['errors[0].errList[0]', { errors: [{ errList: [{ errorCode: 6, errLogMessage: 'JobStats' }] }] }, 6, 'JobStats'],
    ['message without code', { error: { errLogMessage: 'Renew failed' } }, undefined, 'Renew failed'],
    ['code without message', { errorCode: 9 }, 9, 'Error code 9'],
  ])('finds %s', (_name, body, code, message) => {
    expect(findServerError(body)).toEqual({ code, message });
  });

  it.each([
    ['success code', { errorCode: 0, errorMessage: '' }],
    ['empty errList', { errList: [], token: 'QSDK x' }],
    ['errList of successes', { errList: [{ errorCode: 0 }] }],
    ['plain data', { job: [] }],
  ])('sees no error in %s', (_name, body) => {
    expect(findServerError(body)).toBeUndefined();
  });
});

describe('lockOutSeconds', () => {
  it('reads the lock-out of a locked account', () => {
    expect(lockOutSeconds({ isAccountLocked: true, remainingLockTime: 840 })).toBe(840);
    expect(lockOutSeconds({ isAccountLocked: 'true', remainingLockTime: '60' })).toBe(60);
    expect(lockOutSeconds({ isAccountLocked: false, remainingLockTime: 0 })).toBeUndefined();
  });
});
