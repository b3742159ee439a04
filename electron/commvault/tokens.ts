import { CommvaultError } from './errors.js';

/** How a token is presented to the web service. */
export interface TokenHeader {
  name: 'Authtoken' | 'Authorization';
  value: string;
}

/**
 * A token as pasted by an admin → the exact string to send. `QSDK …` and `SAML …` tokens go in `Authtoken`
 * whole; a bare token is a QSDK one; `Bearer …` access tokens go in `Authorization`. Line breaks inside the
 * token (documentation and mail wrap long tokens) are removed.
 */
export function normaliseToken(pasted: string): string {
  let text = pasted.trim().replace(/^authtoken\s*:\s*/i, '');
  const match = /^(QSDK|SAML|Bearer)\s+([\s\S]+)$/i.exec(text);
  const scheme = match ? canonicalScheme(match[1] as string) : 'QSDK';
  const body = (match ? (match[2] as string) : text).replace(/\s+/g, '');
  if (body === '') throw new CommvaultError('invalid-input', 'Paste the whole token, e.g. "QSDK 3a9f…".');
  if (!/^[\x21-\x7e]+$/.test(body)) {
    throw new CommvaultError('invalid-input', 'The token contains characters that cannot be sent in a header.');
  }
  text = `${scheme} ${body}`;
  return text;
}

function canonicalScheme(scheme: string): string {
  const upper = scheme.toUpperCase();
  return upper === 'BEARER' ? 'Bearer' : upper;
}

export function tokenHeader(token: string): TokenHeader {
  return token.startsWith('Bearer ') ? { name: 'Authorization', value: token } : { name: 'Authtoken', value: token };
}

/** Base64 of the UTF-8 bytes, as the Login endpoint expects (non-ASCII passwords included). */
export function encodePassword(password: string): string {
  return Buffer.from(password, 'utf8').toString('base64');
}
