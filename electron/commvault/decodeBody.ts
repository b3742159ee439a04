import { XMLParser } from 'fast-xml-parser';
import { CommvaultError } from './errors.js';
import type { RawResponse } from './http.js';
import { isRecord, type Loose } from './loose.js';
import { xmlProblem } from './xmlWellFormed.js';

/** Elements that are lists in Commvault's XML, even when only one is present. */
const LIST_TAGS = new Set(['job', 'phase', 'vApp', 'clientList', 'errList', 'errors', 'selectedEntities']);

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Only XML's five predefined entities and numeric character references are decoded. The parser's own entity
 * processing stays off and bodies with a DTD are refused, so no entity can expand (billion laughs, XXE).
 */
export function decodeXmlText(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return PREDEFINED[name] ?? whole;
  });
}

const PARSER_OPTIONS = {
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (tagName: string, _jPath: unknown, _isLeaf: boolean, isAttribute: boolean) =>
    !isAttribute && LIST_TAGS.has(tagName),
  attributeValueProcessor: (_name: string, value: string) => decodeXmlText(value),
  tagValueProcessor: (_name: string, value: string) => decodeXmlText(value),
};
const xmlParser = new XMLParser(PARSER_OPTIONS);

/**
 * The elements of a well-formed XML fragment (children of one element, e.g. some `<job>` entries cut from a large
 * answer), read as `parseXml` reads them inside the whole document: by name, lists as lists.
 */
export function parseXmlChildren(fragment: string): Loose {
  const parsed: unknown = xmlParser.parse(`<r>${fragment}</r>`);
  const children = isRecord(parsed) ? parsed.r : undefined;
  return isRecord(children) ? children : {};
}

/** A `<!DOCTYPE` or `<!ENTITY` anywhere in the document (entity tricks can sit after megabytes of padding). */
export function hasDeclarations(text: string): boolean {
  for (let at = text.indexOf('<!'); at !== -1; at = text.indexOf('<!', at + 2)) {
    const word = text.slice(at + 2, at + 9).toUpperCase();
    if (word.startsWith('DOCTYPE') || word.startsWith('ENTITY')) return true;
  }
  return false;
}

export function parseXml(text: string): Loose {
  if (hasDeclarations(text)) throw new Error('XML with a document type declaration is refused');
  // The parser alone is lenient (mismatched or unclosed tags, unquoted attributes pass and data silently goes
  // missing), so a well-formedness check runs first: a damaged body must be an error, not fewer jobs.
  const problem = xmlProblem(text);
  if (problem) throw new Error(problem);
  const parsed: unknown = xmlParser.parse(text);
  if (!isRecord(parsed)) throw new Error('XML has no root element');
  return parsed;
}

const HTML_START = /^\s*(<!doctype html|<html|<head|<body)/i;

/**
 * Anything in a server's text that could be a secret, taken out: values of token-like fields, `QSDK …` /
 * `Bearer …` / `SAML …` tokens, and any long run of token characters. Every piece of a body that reaches an error
 * message (the excerpt, a web page's title) goes through it.
 */
function withoutSecrets(text: string): string {
  return text
    .replace(/("(?:token|authToken|sessionId|password|secret)"\s*:\s*)"[^"]*"/gi, '$1"…"')
    .replace(/\b(QSDK|Bearer|SAML)\s+\S+/gi, '$1 …')
    .replace(/[A-Za-z0-9+/=._~-]{24,}/g, '…')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A short, printable start of a bad body for the error message. */
function excerpt(text: string): string {
  return withoutSecrets(text.slice(0, 4096)).slice(0, 200);
}

function htmlTitle(text: string): string | undefined {
  const match = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text.slice(0, 65536));
  // Entities are decoded before the filter, so an encoded token cannot slip past it.
  return match?.[1] ? withoutSecrets(decodeXmlText(match[1])).slice(0, 200) || undefined : undefined;
}

export function unexpectedResponse(raw: RawResponse, why: string): CommvaultError {
  return new CommvaultError('unexpected-response', why, {
    status: raw.status,
    contentType: raw.contentType || 'none',
    excerpt: excerpt(raw.text),
    url: raw.url,
  });
}

/**
 * A response body → a parsed object. The body's own first character decides JSON or XML (servers do not always
 * honour `Accept`); an HTML page (IIS, Tomcat, a proxy) is reported with its title, not parsed.
 */
export function decodeBody(raw: RawResponse): Loose {
  const text = raw.text;
  if (/text\/html/i.test(raw.contentType) || HTML_START.test(text)) {
    const title = htmlTitle(text);
    throw unexpectedResponse(
      raw,
      `The server answered with a web page instead of data${title ? `: "${title}"` : ''} (HTTP ${raw.status}). A proxy or the web server may be in the way.`,
    );
  }
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw unexpectedResponse(raw, 'The server sent damaged JSON (it could not be read).');
    }
    if (!isRecord(parsed)) throw unexpectedResponse(raw, 'The server sent JSON that is not an object.');
    return parsed;
  }
  if (first === '<') {
    try {
      return parseXml(text);
    } catch (error) {
      throw unexpectedResponse(raw, `The server sent damaged XML (${(error as Error).message}).`);
    }
  }
  if (text.trim() === '') throw unexpectedResponse(raw, `The server sent an empty response (HTTP ${raw.status}).`);
  throw unexpectedResponse(raw, `The server sent something that is neither JSON nor XML (HTTP ${raw.status}).`);
}
