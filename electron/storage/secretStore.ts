import { createRequire } from 'node:module';
import { AppFailure, appError } from '../contract/errors.js';
import type { KeychainStatus } from '../contract/sessions.js';
import { realTimers, type Timers } from '../contract/timers.js';
import { SerialQueue } from './serialQueue.js';

export interface SecretStore {
  status(): Promise<KeychainStatus>;
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<void>;
}

/** The part of keytar we use. `findCredentials` is deliberately absent: it can crash the process on Linux. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export const KEYCHAIN_SERVICE = 'DR Job Stats';
const PROBE_ACCOUNT = '__dr-job-stats-probe__';

/**
 * Why secrets would not outlive this run, one per cause, each naming its fix: the same words on the connection
 * card, in the sign-in form and in what `npm install` prints (scripts/keychain-setup.mjs asks this store).
 */
const SESSION_ONLY = 'so sign-ins last until the app closes (never written to a file)';

/** keytar is an optional native module: an install that could not build it leaves it out. */
export const KEYTAR_MISSING_DETAIL =
  `The keychain module (keytar) is not installed on this machine, ${SESSION_ONLY}. To fix: install libsecret’s ` +
  'development package (Debian/Ubuntu: sudo apt-get install libsecret-1-dev), then run npm run setup:keychain.';

export const NO_SERVICE_DETAIL =
  `No keychain service is running (no Secret Service on D-Bus), ${SESSION_ONLY}. To fix: start the app in a ` +
  'desktop session with a keyring (GNOME Keyring or KWallet); without a desktop, install gnome-keyring and start ' +
  'it in a D-Bus session (see docs/scheduled-reports.md).';

const LOCKED_DETAIL =
  `The keychain is locked, ${SESSION_ONLY}. To fix: unlock it (your desktop’s keyring, or ` +
  'gnome-keyring-daemon --unlock), then sign in again with “Stay signed in”.';

const NO_KEYRING_DETAIL =
  `The keychain has no default keyring yet, ${SESSION_ONLY}. To fix: create or unlock the default keyring in ` +
  'your desktop’s keyring manager (Seahorse, “Passwords and Keys”).';

const NO_ANSWER_DETAIL =
  `The keychain did not answer (it may be waiting for you to unlock it), ${SESSION_ONLY}. To fix: unlock it, ` +
  'then sign in again with “Stay signed in”.';

/** A keychain that cannot be used, and why: the message is one sentence for the user, the state the status it sets. */
export class KeychainError extends AppFailure {
  constructor(readonly status: KeychainStatus & { state: 'locked' | 'none' }) {
    super(appError('keychain', status.detail, { state: status.state }));
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, timers: Timers): Promise<T> {
  let timer: unknown;
  const timeout = new Promise<never>((_, reject) => {
    timer = timers.set(() => reject(new KeychainError({ state: 'locked', detail: NO_ANSWER_DETAIL })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => timers.clear(timer));
}

/** keytar's errors are plain `Error`s with D-Bus or OS text; this maps the known ones to a state. */
export function keychainStateOf(error: unknown): KeychainError['status'] {
  // The store's own: no answer in time, or no keytar.
  if (error instanceof KeychainError) return error.status;
  const message = error instanceof Error ? error.message : String(error);
  if (/locked collection|is locked|user interaction|denied/i.test(message))
    return { state: 'locked', detail: LOCKED_DETAIL };
  if (/Object does not exist at path/i.test(message)) return { state: 'locked', detail: NO_KEYRING_DETAIL };
  if (/autolaunch D-Bus|org\.freedesktop\.secrets|D-?Bus|ServiceUnknown|not provided by any/i.test(message)) {
    return { state: 'none', detail: NO_SERVICE_DETAIL };
  }
  return {
    state: 'none',
    detail: `The keychain cannot be used (${message}), ${SESSION_ONLY}. To fix: check the system keychain, then restart the app.`,
  };
}

/**
 * Secrets in the OS keychain through keytar, with every call bounded by a timeout. When the keychain is locked or
 * missing, secrets live in memory for this run only and `status()` says so; they are never written to a file.
 */
export class KeychainSecretStore implements SecretStore {
  private probed: Promise<KeychainStatus> | undefined;
  private readonly memory = new Map<string, string>();
  /**
   * What this process last read or wrote per account. Status screens ask often; each keychain call is a D-Bus
   * round trip that holds a libuv thread, so repeated reads are answered from here.
   */
  private readonly known = new Map<string, string | null>();
  private readonly service: string;
  private readonly timeoutMs: number;
  /** The clock the timeouts wait on (tests pass manual timers). */
  private readonly timers: Timers;
  /** Keychain calls, one at a time: the next starts only after the last has really finished (see `call`). */
  private readonly queue = new SerialQueue();

  constructor(
    private readonly backend: KeytarLike | (() => KeytarLike),
    options: { service?: string; timeoutMs?: number; timers?: Timers } = {},
  ) {
    this.service = options.service ?? KEYCHAIN_SERVICE;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.timers = options.timers ?? realTimers;
  }

  status(): Promise<KeychainStatus> {
    this.probed ??= this.probe();
    return this.probed;
  }

  /** Forget the cached state, e.g. after the user says they unlocked the keychain. */
  recheck(): Promise<KeychainStatus> {
    this.probed = undefined;
    this.known.clear();
    return this.status();
  }

  async get(account: string): Promise<string | null> {
    const remembered = this.memory.get(account);
    if (remembered !== undefined) return remembered;
    if ((await this.status()).state !== 'available') return null;
    if (this.known.has(account)) return this.known.get(account)!;
    const value = await this.call((k) => k.getPassword(this.service, account)).catch(() => undefined);
    if (value === undefined) return null;
    this.known.set(account, value);
    return value;
  }

  async set(account: string, secret: string): Promise<void> {
    if ((await this.status()).state === 'available') {
      try {
        await this.call((k) => k.setPassword(this.service, account, secret));
        this.memory.delete(account);
        this.known.set(account, secret);
        return;
      } catch (error) {
        this.probed = Promise.resolve(keychainStateOf(error));
      }
    }
    this.memory.set(account, secret);
  }

  /**
   * Deletes a secret, or throws a `KeychainError` saying why it could not: a sign-out must never look done while
   * the token is still in the keychain. Callers that only tidy up may ignore the error.
   */
  async delete(account: string): Promise<void> {
    this.memory.delete(account);
    const status = await this.status();
    if (status.state !== 'available') throw new KeychainError({ state: status.state, detail: status.detail });
    this.known.delete(account);
    try {
      await this.call((k) => k.deletePassword(this.service, account));
    } catch (error) {
      throw new KeychainError(keychainStateOf(error));
    }
    this.known.set(account, null);
  }

  private async probe(): Promise<KeychainStatus> {
    try {
      // A write is the only honest test: a locked Secret Service still answers reads (with null).
      await this.call((k) => k.setPassword(this.service, PROBE_ACCOUNT, 'probe'));
      await this.call((k) => k.deletePassword(this.service, PROBE_ACCOUNT));
      return { state: 'available', detail: 'Secrets are kept in the system keychain.' };
    } catch (error) {
      return keychainStateOf(error);
    }
  }

  /**
   * One keychain call at a time. Each keytar call holds one of libuv's four worker threads until the keychain
   * answers, and a keychain waiting for an unlock prompt may never answer: queued calls do not start until the
   * one before them has really finished, so a hung keychain holds at most one thread and file and network I/O
   * keep going. Every caller still gets its answer or a timeout within `timeoutMs`.
   */
  private call<T>(action: (keytar: KeytarLike) => Promise<T>): Promise<T> {
    let keytar: KeytarLike;
    try {
      keytar = typeof this.backend === 'function' ? this.backend() : this.backend;
    } catch {
      return Promise.reject(new KeychainError({ state: 'none', detail: KEYTAR_MISSING_DETAIL }));
    }
    return withTimeout(
      this.queue.run(() => action(keytar)),
      this.timeoutMs,
      this.timers,
    );
  }
}

/**
 * Secrets for this run only, with no keychain behind them (benchmarks, tests about something else). Reports
 * itself as "none", as the keychain store does when no keychain exists.
 */
export class MemorySecretStore implements SecretStore {
  private readonly secrets = new Map<string, string>();

  constructor(private readonly detail = 'Secrets are kept in memory only.') {}

  status(): Promise<KeychainStatus> {
    return Promise.resolve({ state: 'none', detail: this.detail });
  }

  get(account: string): Promise<string | null> {
    return Promise.resolve(this.secrets.get(account) ?? null);
  }

  set(account: string, secret: string): Promise<void> {
    this.secrets.set(account, secret);
    return Promise.resolve();
  }

  delete(account: string): Promise<void> {
    this.secrets.delete(account);
    return Promise.resolve();
  }
}

/** keytar, loaded on first use so a missing native module is a keychain state, not a crash at start-up. */
export function loadKeytar(): KeytarLike {
  const require = createRequire(import.meta.url);
  return require('keytar') as KeytarLike;
}
