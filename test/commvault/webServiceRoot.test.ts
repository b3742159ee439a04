import { describe, expect, it } from 'vitest';
import { parseWebServiceRoot } from '../../electron/commvault/webServiceRoot.js';

describe('parseWebServiceRoot', () => {
  it.each([
    ['https://cs.example.com/commandcenter/api', 'https://cs.example.com/commandcenter/api', 'commandcenter'],
    ['https://cs.example.com/commandcenter/api/', 'https://cs.example.com/commandcenter/api', 'commandcenter'],
    ['https://cs.example.com/webconsole/api//', 'https://cs.example.com/webconsole/api', 'webconsole'],
    ['https://web01:81/SearchSvc/CVWebService.svc', 'https://web01:81/SearchSvc/CVWebService.svc', 'searchsvc'],
    ['https://web01:81/searchsvc/cvwebservice.svc/', 'https://web01:81/SearchSvc/CVWebService.svc', 'searchsvc'],
    ['cs.example.com', 'https://cs.example.com/commandcenter/api', 'commandcenter'],
    ['  https://CS.Example.com  ', 'https://cs.example.com/commandcenter/api', 'commandcenter'],
  ])('accepts %s', (input, url, flavour) => {
    const root = parseWebServiceRoot(input);
    expect(root.url).toBe(url);
    expect(root.flavour).toBe(flavour);
    expect(root.warnings).toEqual([]);
  });

  it('warns, but accepts, plain http', () => {
    const root = parseWebServiceRoot('http://web01:81/SearchSvc/CVWebService.svc');
    expect(root.url).toBe('http://web01:81/SearchSvc/CVWebService.svc');
    expect(root.warnings.join(' ')).toMatch(/plain http/);
  });

  it('warns about an unusual path but keeps it', () => {
    const root = parseWebServiceRoot('https://proxy.example.com/cv/api/');
    expect(root.url).toBe('https://proxy.example.com/cv/api');
    expect(root.flavour).toBe('custom');
    expect(root.warnings.join(' ')).toMatch(/not one of Commvault's usual roots/);
  });

  it.each([
    ['', /Enter the web service address/],
    ['https://', /not a valid web address/],
    ['ftp://cs.example.com/commandcenter/api', /must start with https:\/\//],
    ['https://admin:pw@cs.example.com/commandcenter/api', /user name or password/],
    ['https://cs.example.com/commandcenter/api?x=1', /"\?" or "#"/],
    ['https://exa mple.com', /not a valid web address/],
  ])('rejects %j with a clear message', (input, message) => {
    expect(() => parseWebServiceRoot(input)).toThrow(message);
    try {
      parseWebServiceRoot(input);
    } catch (error) {
      expect(error).toMatchObject({ kind: 'invalid-input' });
    }
  });
});
