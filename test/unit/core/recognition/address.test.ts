import { describe, expect, it } from 'vitest';
import { normalizeUrl } from '../../../../src/core/recognition/address';

const KEY = 'jyllands-posten.dk/international/europa/ECE10772669/putin-har-inviteret-trump-til-moskva';

describe('normalizeUrl keeps what identifies a document and drops what does not', () => {
  it.each([
    ['the address as published', 'https://jyllands-posten.dk/international/europa/ECE10772669/putin-har-inviteret-trump-til-moskva/', KEY],
    ['http and www.', 'http://www.jyllands-posten.dk/international/europa/ECE10772669/putin-har-inviteret-trump-til-moskva/', KEY],
    ['no trailing slash, a fragment', 'https://jyllands-posten.dk/international/europa/ECE10772669/putin-har-inviteret-trump-til-moskva#kommentarer', KEY],
    ['utm_*, fbclid and gclid', 'https://jyllands-posten.dk/international/europa/ECE10772669/putin-har-inviteret-trump-til-moskva/?utm_source=x&UTM_Medium=y&fbclid=1&gclid=2', KEY],
    ['an upper-case host and the default port', 'https://JYLLANDS-POSTEN.DK:443/international/europa/ECE10772669/putin-har-inviteret-trump-til-moskva/', KEY],
    ['other parameters are kept, in a stable order', 'https://example.dk/a?b=2&a=1&utm_campaign=z', 'example.dk/a?a=1&b=2'],
    ['a path differs by case', 'https://example.dk/Artikel', 'example.dk/Artikel'],
  ])('%s', (_reason, address, key) => {
    expect(normalizeUrl(address)).toBe(key);
  });

  it.each([
    ['not an address', 'not a url'],
    ['a javascript: address', 'javascript:alert(1)'],
    ['a file', 'file:///etc/passwd'],
  ])('%s has no key', (_reason, address) => {
    expect(normalizeUrl(address)).toBeNull();
  });

  it('resolves a relative canonical link against the page', () => {
    expect(normalizeUrl('/a/b/', 'https://www.example.dk/x?y=1')).toBe('example.dk/a/b');
  });
});
