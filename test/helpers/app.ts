import type { App } from '../../electron/services/app.js';

/** Adds a connection to a simulator through the contract, as the Connections screen does, and signs in. */
export async function connectToSimulator(app: App, webService: string, name = 'Simulator'): Promise<string> {
  const saved = await app.dispatch('connections:save', {
    name,
    webService,
    format: 'json',
    tls: { mode: 'system' },
    rtoTargetMinutes: null,
  });
  if (!saved.ok) throw new Error(saved.error.message);
  const connectionId = (saved.value as { id: string }).id;
  const signedIn = await app.dispatch('session:signIn', {
    connectionId,
    username: 'demo',
    password: 'demo',
    domain: '',
    staySignedIn: false,
    rememberPassword: false,
  });
  if (!signedIn.ok) throw new Error(signedIn.error.message);
  return connectionId;
}
