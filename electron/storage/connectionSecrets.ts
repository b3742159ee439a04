import type { SecretStore } from './secretStore.js';

/**
 * The two secrets a connection may keep, under the account names the keychain shows: the session token
 * (account = connection id) and, only on its own opt-in, the password for silent re-login.
 */
export class ConnectionSecrets {
  constructor(private readonly store: SecretStore) {}

  getToken(connectionId: string): Promise<string | null> {
    return this.store.get(connectionId);
  }

  setToken(connectionId: string, token: string): Promise<void> {
    return this.store.set(connectionId, token);
  }

  deleteToken(connectionId: string): Promise<void> {
    return this.store.delete(connectionId);
  }

  getPassword(connectionId: string): Promise<string | null> {
    return this.store.get(passwordAccount(connectionId));
  }

  setPassword(connectionId: string, password: string): Promise<void> {
    return this.store.set(passwordAccount(connectionId), password);
  }

  deletePassword(connectionId: string): Promise<void> {
    return this.store.delete(passwordAccount(connectionId));
  }

  /** Deletes both secrets; rejects (after trying both) when either could not be deleted. */
  async forget(connectionId: string): Promise<void> {
    const results = await Promise.allSettled([
      this.store.delete(connectionId),
      this.store.delete(passwordAccount(connectionId)),
    ]);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  status() {
    return this.store.status();
  }
}

function passwordAccount(connectionId: string): string {
  return `${connectionId}#password`;
}
