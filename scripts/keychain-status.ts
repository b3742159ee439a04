// Prints what the app will find in the OS keychain (its state and the sentence the connection card shows), as
// JSON: `npm install` (scripts/keychain-setup.mjs) says the same thing the app will.
import { KeychainSecretStore, loadKeytar } from '../electron/storage/secretStore.js';

const status = await new KeychainSecretStore(loadKeytar).status();
process.stdout.write(`${JSON.stringify(status)}\n`);
// A keychain call may keep a D-Bus connection open.
process.exit(0);
