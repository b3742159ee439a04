import { z } from 'zod';

/**
 * How a browser-mode page gets the session secret without it ever being in an address: `npm run web` opens (or
 * prints) `http://127.0.0.1:<port>/#open=<nonce>`; the page takes the nonce out of the address bar and posts it
 * here once; the server answers the secret, and never accepts that nonce again.
 */
export const LINK_EXCHANGE_PATH = '/api/session';
/** The fragment key of the one-time link (a fragment is never sent in a request, so no request line carries it). */
export const LINK_FRAGMENT_KEY = 'open';

export const LinkExchangeRequestSchema = z.object({ link: z.string().min(1).max(200) }).strict();
export type LinkExchangeRequest = z.infer<typeof LinkExchangeRequestSchema>;

export const LinkExchangeAnswerSchema = z.object({ secret: z.string().min(1) }).strict();
export type LinkExchangeAnswer = z.infer<typeof LinkExchangeAnswerSchema>;
