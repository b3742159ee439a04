import { describe, expect, it } from 'vitest';
import { encodePassword, normaliseToken, tokenHeader } from '../../electron/commvault/tokens.js';

describe('normaliseToken', () => {
  it('keeps QSDK and SAML tokens whole and prefixes bare ones with QSDK', () => {
    expect(normaliseToken('QSDK 3da0abc')).toBe('QSDK 3da0abc');
    expect(normaliseToken('qsdk 3da0abc')).toBe('QSDK 3da0abc');
    expect(normaliseToken('3da0abc')).toBe('QSDK 3da0abc');
    expect(normaliseToken('SAML PHNhbWw+')).toBe('SAML PHNhbWw+');
    expect(normaliseToken('Authtoken: QSDK 3da0abc')).toBe('QSDK 3da0abc');
  });

  it('joins a token wrapped over several lines, as the API page prints it', () => {
    expect(normaliseToken('QSDK 3856801\n0f4dab8a\r\n  8549a4 ')).toBe('QSDK 38568010f4dab8a8549a4');
  });

  it('sends Bearer access tokens in Authorization and the rest in Authtoken', () => {
    expect(tokenHeader(normaliseToken('bearer eyJhbGc.x.y'))).toEqual({
      name: 'Authorization',
      value: 'Bearer eyJhbGc.x.y',
    });
    expect(tokenHeader('QSDK abc')).toEqual({ name: 'Authtoken', value: 'QSDK abc' });
  });

  it('refuses empty tokens and characters a header cannot carry', () => {
    expect(() => normaliseToken('   ')).toThrow(/Paste the whole token/);
    expect(() => normaliseToken('QSDK abc\u00e9')).toThrow(/cannot be sent in a header/);
  });
});

describe('encodePassword', () => {
  it('is Base64 of the UTF-8 bytes', () => {
    expect(encodePassword('demo')).toBe('ZGVtbw==');
    expect(Buffer.from(encodePassword('pässwörd€'), 'base64').toString('utf8')).toBe('pässwörd€');
  });
});
