// Runs in a separate process with a prepared D-Bus environment (locked keyring, or none) and reports what the
// secret store saw, as JSON on stdout. argv[2]: how long a keychain call may take (ms).
import { KeychainSecretStore, loadKeytar } from '../../electron/storage/secretStore.js';

const timeoutMs = Number(process.argv[2] ?? 4000);
const store = new KeychainSecretStore(loadKeytar, { service: 'DR Job Stats test', timeoutMs });
const status = await store.status();
await store.set('conn-1', 'QSDK in-memory-token');
const readBack = await store.get('conn-1');
// The in-memory copy goes; the keychain says it could not be reached (a sign-out must not look complete).
const deleteError = await store.delete('conn-1').then(
  () => null,
  (error: unknown) => (error as Error).message,
);
const afterDelete = await store.get('conn-1');
process.stdout.write(JSON.stringify({ status, readBack, afterDelete, deleteError }) + '\n');
// A keychain call that timed out may still be pending on D-Bus (for up to its own 25 s); do not wait for it.
process.exit(0);
