import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findLinks, invalidLinks, validateLink } from './links';

describe('validateLink', () => {
  it.each([
    ['https://example.com', 'https://example.com/'],
    ['http://example.com/path?q=1#x', 'http://example.com/path?q=1#x'],
    ['https://sub.example.co.uk/a/b', 'https://sub.example.co.uk/a/b'],
    ['HTTPS://EXAMPLE.COM/Path', 'https://example.com/Path'],
    ['https://bücher.example/', 'https://xn--bcher-kva.example/'],
    ['https://xn--bcher-kva.example', 'https://xn--bcher-kva.example/'],
    ['https://example.com.', 'https://example.com./'],
    ['https://93.184.216.34/x', 'https://93.184.216.34/x'],
    ['https://[2001:db8::1]/', 'https://[2001:db8::1]/'],
    ['https://example.com:8443/shop', 'https://example.com:8443/shop'],
  ])('accepts %s', (input, normalized) => {
    expect(validateLink(input)).toEqual({ ok: true, url: normalized });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['https://exa mple.com', 'whitespace'],
    [' https://example.com', 'whitespace'],
    ['example.com', 'protocol'],
    ['www.example.com', 'protocol'],
    ['ftp://example.com/file', 'protocol'],
    ['javascript:alert(1)', 'protocol'],
    ['data:text/html,hi', 'protocol'],
    ['mailto:a@example.com', 'protocol'],
    ['https://', 'malformed'],
    ['http://exa_mple.com:99999', 'malformed'],
    ['https://user:pass@example.com', 'credentials'],
    ['https://user@example.com', 'credentials'],
    ['http://localhost:3000', 'host'],
    ['https://intranet/page', 'host'],
    ['https://example.c0m', 'host'],
    ['https://-bad-.example.com', 'host'],
  ])('rejects %j (%s)', (input, reason) => {
    const r = validateLink(input);
    expect(r).toMatchObject({ ok: false, reason });
    if (!r.ok) expect(r.message.length).toBeGreaterThan(10);
  });

  it('only ever accepts http(s) URLs that parse', () => {
    fc.assert(
      fc.property(fc.oneof(fc.webUrl(), fc.string()), (s) => {
        const r = validateLink(s);
        if (r.ok) {
          const u = new URL(r.url);
          expect(['http:', 'https:']).toContain(u.protocol);
          expect(u.username).toBe('');
        }
      }),
    );
  });
});

describe('findLinks', () => {
  it('finds links with their offsets and validates each', () => {
    const text = 'See https://example.com/a, or (http://foo.example/b_(c)) and www.shop.example! Not ftp://x.example.';
    const links = findLinks(text);
    expect(links.map((l) => l.text)).toEqual([
      'https://example.com/a',
      'http://foo.example/b_(c)',
      'www.shop.example',
      'ftp://x.example',
    ]);
    for (const l of links) expect(text.slice(l.start, l.end)).toBe(l.text);
    expect(links.map((l) => l.validation.ok)).toEqual([true, true, true, false]);
    expect(links[2]?.implicitScheme).toBe(true);
    expect(links[2]?.validation).toEqual({ ok: true, url: 'https://www.shop.example/' });
    expect(links[3]?.validation).toMatchObject({ ok: false, reason: 'protocol' });
  });

  it('returns nothing for text without links', () => {
    expect(findLinks('Hello! Nothing to see here: 3.14, e.g. this.')).toEqual([]);
  });

  it('lists only the unsendable links in invalidLinks', () => {
    expect(invalidLinks('ok https://example.com but not http://localhost:8080/x').map((l) => l.text)).toEqual([
      'http://localhost:8080/x',
    ]);
  });
});
