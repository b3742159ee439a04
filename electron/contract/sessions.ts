import { z } from 'zod';
import { ConnectionRefSchema } from './ids.js';

/** Whether secrets outlive this run: what the OS keychain can do right now, shown to the user, never guessed. */
export const KeychainStatusSchema = z.object({
  state: z.enum(['available', 'locked', 'none']),
  /** One sentence for the user: why secrets are (not) kept across restarts. */
  detail: z.string(),
});

export type KeychainStatus = z.infer<typeof KeychainStatusSchema>;
export type KeychainState = KeychainStatus['state'];

export const SessionStatusSchema = z.object({
  connectionId: z.string(),
  signedIn: z.boolean(),
  userName: z.string().nullable(),
  keychain: KeychainStatusSchema,
  /** True when the token is kept in the keychain (false while it lives in memory only). */
  tokenKept: z.boolean(),
  passwordKept: z.boolean(),
  /** Why a connection kept signed in is not signed in now (its kept token was refused, say); null otherwise. */
  problem: z.string().nullable().default(null),
});
export type SessionStatus = z.infer<typeof SessionStatusSchema>;

export const SignInRequestSchema = ConnectionRefSchema.extend({
  username: z.string().trim().min(1, 'Enter a user name').max(256),
  password: z.string().min(1, 'Enter a password').max(1024),
  domain: z.string().trim().max(256).default(''),
  staySignedIn: z.boolean(),
  rememberPassword: z.boolean(),
});

export const UseTokenRequestSchema = ConnectionRefSchema.extend({
  token: z.string().min(1, 'Paste a token').max(16_384),
  staySignedIn: z.boolean(),
  /**
   * For this process only: the connection's saved choices and the keychain are left as they are (a scheduled export
   * given a token in DRJS_TOKEN must not sign the app out of what it keeps).
   */
  transient: z.boolean().default(false),
});
