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
