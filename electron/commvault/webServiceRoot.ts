import { CommvaultError } from './errors.js';

export type WebServiceFlavour = 'commandcenter' | 'webconsole' | 'searchsvc' | 'custom';

export interface WebServiceRoot {
  /** Normalised root without a trailing slash, e.g. `https://cs.example.com/commandcenter/api`. */
  url: string;
  flavour: WebServiceFlavour;
  /** Things worth telling the admin that do not stop us (plain http, a path we do not recognise). */
  warnings: string[];
}

const KNOWN_PATHS: ReadonlyArray<[RegExp, WebServiceFlavour, string]> = [
  [/^\/commandcenter\/api$/i, 'commandcenter', '/commandcenter/api'],
  [/^\/webconsole\/api$/i, 'webconsole', '/webconsole/api'],
  [/^\/searchsvc\/cvwebservice\.svc$/i, 'searchsvc', '/SearchSvc/CVWebService.svc'],
];

/**
 * Turns what an admin typed into the web service root every request is built on. Accepts the three roots
 * Commvault documents (Command Center, Web Console, the IIS SearchSvc), with or without a trailing slash; a bare
 * host gets Command Center's root, the current default.
 */
export function parseWebServiceRoot(input: string): WebServiceRoot {
  const text = input.trim();
  if (text === '') throw invalid('Enter the web service address, e.g. https://commserve.example.com/commandcenter/api');
  let parsed: URL;
  try {
    parsed = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw invalid(`"${text}" is not a valid web address.`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw invalid(`The web service address must start with https:// (got ${parsed.protocol}//).`);
  }
  if (parsed.username || parsed.password) {
    throw invalid('Do not put a user name or password in the address; sign in with the form instead.');
  }
  if (parsed.search || parsed.hash) {
    throw invalid('The web service address must not contain "?" or "#" parts.');
  }
  if (!parsed.hostname) throw invalid(`"${text}" has no host name.`);

  const warnings: string[] = [];
  // Plain http to this machine itself (the demo server, a local tunnel) never crosses a network.
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol === 'http:' && !loopback) {
    warnings.push('This address uses plain http: the password and the session token travel unencrypted.');
  }
  const path = parsed.pathname.replace(/\/+$/, '');
  let flavour: WebServiceFlavour = 'custom';
  let canonicalPath = path;
  if (path === '') {
    flavour = 'commandcenter';
    canonicalPath = '/commandcenter/api';
  } else {
    const known = KNOWN_PATHS.find(([pattern]) => pattern.test(path));
    if (known) {
      flavour = known[1];
      canonicalPath = known[2];
    } else {
      warnings.push(
        `"${path}" is not one of Commvault's usual roots (/commandcenter/api, /webconsole/api, /SearchSvc/CVWebService.svc).`,
      );
    }
  }
  return { url: `${parsed.protocol}//${parsed.host}${canonicalPath}`, flavour, warnings };
}

function invalid(message: string): CommvaultError {
  return new CommvaultError('invalid-input', message);
}
