/**
 * Content types of the built renderer's files, for the two ways they are served: the desktop's `app://` protocol
 * and the browser mode's loopback server. Anything else is sent as an opaque download type.
 */
export const STATIC_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export function staticType(extension: string): string {
  return STATIC_TYPES[extension] ?? 'application/octet-stream';
}
