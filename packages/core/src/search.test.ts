import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from './limits';
import { conversationMatchesFilters, searchSnippet, searchTerms, searchWords, wordsMatchTerms } from './search';
import type { KitConversation } from './types';
import { lastInboundBounds, windowState } from './window';

const marked = (r: ReturnType<typeof searchSnippet>) =>
  r && r.highlights.reduceRight((s, [a, b]) => `${s.slice(0, a)}[${s.slice(a, b)}]${s.slice(b)}`, r.snippet);

describe('search words and terms', () => {
  it('folds case and accents and cuts at anything that is not a letter or digit', () => {
    expect(searchWords('Città di PERUGIA, order #12345 — ça va? 東京')).toEqual(['citta', 'di', 'perugia', 'order', '12345', 'ca', 'va', '東京']);
    expect(searchTerms('@ana_rossi  ana')).toEqual(['ana', 'rossi']);
    expect(searchTerms('?!')).toEqual([]);
  });

  it('matches when every term starts some word', () => {
    const words = searchWords('Your order #12345 ships from Città tomorrow');
    expect(wordsMatchTerms(words, searchTerms('ord 123'))).toBe(true);
    expect(wordsMatchTerms(words, searchTerms('CITTÀ'))).toBe(true);
    expect(wordsMatchTerms(words, searchTerms('rder'))).toBe(false);
    expect(wordsMatchTerms(words, searchTerms('order refund'))).toBe(false);
    expect(wordsMatchTerms(words, [])).toBe(false);
  });
});

describe('searchSnippet', () => {
  it('marks every matched word start, mapped back through accents', () => {
    expect(marked(searchSnippet('La città è bella, Città mia', ['citta']))).toBe('La [città] è bella, [Città] mia');
    expect(marked(searchSnippet('Order 12 and order 13', ['ord', 'or']))).toBe('[Ord]er 12 and [ord]er 13');
  });

  it('cuts a long text at word boundaries around the first match, with ellipses', () => {
    const text = `${'lorem ipsum '.repeat(20)}the parcel arrived broken ${'dolor sit '.repeat(20)}`;
    const r = searchSnippet(text, ['parcel'], 60)!;
    expect(r.snippet.startsWith('…')).toBe(true);
    expect(r.snippet.endsWith('…')).toBe(true);
    expect(r.snippet.length).toBeLessThanOrEqual(62);
    expect(marked(r)).toContain('the [parcel] arrived');
    expect(r.snippet).not.toMatch(/…\S*\s?…/); // something real between the ellipses
    expect(r.snippet.slice(1, -1)).toBe(r.snippet.slice(1, -1).trim());
  });

  it('is null when nothing matches', () => {
    expect(searchSnippet('hello there', ['bye'])).toBeNull();
  });
});

describe('filters', () => {
  const now = Date.UTC(2026, 11, 1);
  const c = (extra: Partial<KitConversation>): KitConversation => ({ id: 'a:c', accountId: 'a', customerId: 'c', lastMessageAt: now, unreadCount: 0, ...extra });

  it('reads unread, needs reply (customer wrote last) and opted out from the conversation', () => {
    expect(conversationMatchesFilters(c({ unreadCount: 2 }), ['unread'], now)).toBe(true);
    expect(conversationMatchesFilters(c({}), ['unread'], now)).toBe(false);
    expect(conversationMatchesFilters(c({ lastMessage: { id: 'm', direction: 'inbound', createdAt: now } }), ['needs_reply'], now)).toBe(true);
    expect(conversationMatchesFilters(c({ lastMessage: { id: 'm', direction: 'outbound', createdAt: now } }), ['needs_reply'], now)).toBe(false);
    expect(conversationMatchesFilters(c({ consent: { state: 'opted_out' } }), ['opted_out'], now)).toBe(true);
    expect(conversationMatchesFilters(c({ consent: { state: 'opted_in' } }), ['opted_out'], now)).toBe(false);
    expect(conversationMatchesFilters(c({ unreadCount: 1 }), ['unread', 'opted_out'], now)).toBe(false);
  });

  it('lastInboundBounds agrees with windowState at every edge', () => {
    const inBounds = (at: number | null, b: ReturnType<typeof lastInboundBounds>) =>
      at === null ? b.never : (b.after === undefined || at > b.after) && (b.atOrBefore === undefined || at <= b.atOrBefore);
    const times = [null, now + HOUR_MS, now, now - DAY_MS + 1, now - DAY_MS, now - DAY_MS - 1, now - 7 * DAY_MS + 1, now - 7 * DAY_MS, now - 30 * DAY_MS];
    for (const at of times) {
      const state = windowState({ lastInboundAt: at, now }).state;
      for (const s of ['open', 'human_agent', 'closed'] as const) {
        expect(inBounds(at, lastInboundBounds(s, now)), `${String(at)} in ${s}`).toBe(s === state);
        expect(conversationMatchesFilters(c(at === null ? {} : { lastInboundAt: at }), [s], now)).toBe(s === state);
      }
    }
  });
});
