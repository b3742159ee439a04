import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../contract/security.js';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, appFileFor } from '../shell/appOrigin.js';

/** Gives `app://` a real, secure origin. Electron accepts this only before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

/** Serves the built renderer on `app://`, nothing outside its folder, every answer with the CSP (a miss too). */
export function serveAppProtocol(rendererDir: string): void {
  const notFound = () =>
    new Response('Not found', {
      status: 404,
      headers: { 'Content-Type': 'text/plain', 'Content-Security-Policy': CONTENT_SECURITY_POLICY },
    });
  protocol.handle(APP_SCHEME, async (request) => {
    const target = appFileFor(request.url, rendererDir);
    if (!target) return notFound();
    try {
      const body = await readFile(target.file);
      return new Response(body, {
        headers: { 'Content-Type': target.type, 'Content-Security-Policy': CONTENT_SECURITY_POLICY },
      });
    } catch {
      return notFound();
    }
  });
}
