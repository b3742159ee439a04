import { describe, expect, it } from 'vitest';
import { decodeBody, decodeXmlText, parseXml } from '../../electron/commvault/decodeBody.js';

const raw = (text: string, contentType = 'application/json', status = 200) => ({
  text,
  contentType,
  status,
  url: 'https://cs/x',
});

describe('decodeBody', () => {
  it('reads JSON and XML by the body, whatever was asked for', () => {
    expect(decodeBody(raw('{"a":1}', 'application/xml'))).toEqual({ a: 1 });
    expect(decodeBody(raw('<r a="1"/>', 'application/json'))).toEqual({ r: { a: '1' } });
  });

  it('reports an HTML page by its title', () => {
    expect(() =>
      decodeBody(
        raw('<!DOCTYPE html><html><head><title>502 Bad Gateway &amp; co</title></head></html>', 'text/html', 502),
      ),
    ).toThrow(/web page instead of data: "502 Bad Gateway & co"/);
  });

  it('passes the page title through the same secret filter as the excerpt (a title holding a token does not show it)', () => {
    const token = 'QSDK 3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c';
    const bare = 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6';
    for (const title of [`Session ${token} expired`, `Error for ${bare}`]) {
      try {
        decodeBody(raw(`<html><head><title>${title}</title></head></html>`, 'text/html', 401));
        expect.unreachable('no error for a web page');
      } catch (error) {
        const text = JSON.stringify(error) + String(error);
        expect(text).not.toContain('3f9a8b7c6d5e4f3a2b1c0d9e8f7a');
        expect(text).not.toContain(bare);
        expect(String(error)).toMatch(/web page instead of data: "(Session QSDK … expired|Error for …)"/);
      }
    }
  });

  it('reports damaged JSON, damaged XML and empty bodies as unexpected responses with an excerpt', () => {
    for (const text of [
      '{"job": [',
      '<Api_Resp><job jobId="1"></job>',
      '<Api_Resp><job x=1 /></Api_Resp>',
      '   ',
      'hello',
    ]) {
      try {
        decodeBody(raw(text));
        expect.unreachable(`no error for ${text}`);
      } catch (error) {
        expect(error).toMatchObject({ kind: 'unexpected-response', details: { status: 200 } });
      }
    }
  });

  it('refuses a DTD, so no entity can expand', () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><r v="&b;"/>';
    expect(() => parseXml(bomb)).toThrow(/document type declaration/);
  });

  it('decodes the predefined entities and character references in values', () => {
    expect(decodeXmlText('R&amp;D &lt;x&gt; &quot;q&quot; &#233;&#x20AC; &unknown;')).toBe('R&D <x> "q" é€ &unknown;');
    expect(parseXml('<r m="a &amp; b"><e>1 &lt; 2</e></r>')).toEqual({ r: { m: 'a & b', e: '1 < 2' } });
  });
});
