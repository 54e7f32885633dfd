import { describe, expect, it } from 'vitest';
import { en } from './i18n/en';
import { de } from './i18n/de';
import { it as itCatalog } from './i18n/it';
import { opsCatalogs } from './i18n/ops';
import { pickerCatalogs } from './i18n/picker';
import { commentsCatalogs } from './i18n/comments';
import { structuredCatalogs } from './i18n/structured';
import { routingCatalogs } from './i18n/routing';
import { savedCatalogs } from './i18n/saved-replies';
import { searchCatalogs } from './i18n/search';
import { catalogFor, createTranslator } from './i18n';
import { createFormatters } from './format';

describe('catalogs', () => {
  it('Italian and German translate every English key with the same placeholders', () => {
    const placeholders = (value: unknown) => [...JSON.stringify(value).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const cat of [itCatalog, de]) {
      expect(Object.keys(cat).sort()).toEqual(Object.keys(en).sort());
      for (const [k, v] of Object.entries(en)) expect(placeholders(cat[k as keyof typeof en]), k).toEqual(placeholders(v));
    }
  });

  it("the strings that ship with their own part (<KitOps>, the media picker, the comments view, the structured-message tools, the routing banner, saved replies, the search) mirror English in Italian and German too", () => {
    const placeholders = (value: unknown) => [...JSON.stringify(value).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const catalogs of [opsCatalogs, pickerCatalogs, commentsCatalogs, structuredCatalogs, routingCatalogs, savedCatalogs, searchCatalogs] as Record<string, Record<string, unknown>>[]) {
      const english = catalogs.en!;
      for (const cat of [catalogs.it!, catalogs.de!]) {
        expect(Object.keys(cat).sort()).toEqual(Object.keys(english).sort());
        for (const [k, v] of Object.entries(english)) expect(placeholders(cat[k]), k).toEqual(placeholders(v));
      }
    }
  });

  it('falls back from a region tag to its language, and to English for unknown ones', () => {
    expect(catalogFor('de-CH')).toBe(de);
    expect(catalogFor('fr')).toBe(en);
  });
});

describe('createTranslator', () => {
  it('chooses plural forms with Intl.PluralRules and formats numbers per locale', () => {
    const t = createTranslator('de');
    expect(t('conversations.unread', { count: 1 })).toBe('1 ungelesene Nachricht');
    expect(t('conversations.unread', { count: 1200 })).toBe('1.200 ungelesene Nachrichten');
    expect(createTranslator('it')('thread.newMessages', { count: 3 })).toBe('3 nuovi messaggi');
    expect(createTranslator('en')('thread.newMessages', { count: 1 })).toBe('1 new message');
  });

  it('is made once per locale and shared (a new one only with overrides)', () => {
    expect(createTranslator('it')).toBe(createTranslator('it'));
    expect(createTranslator('it')).not.toBe(createTranslator('de'));
    const custom = createTranslator('it', { 'thread.empty': 'Ciao!' });
    expect(custom).not.toBe(createTranslator('it'));
    expect(custom('thread.empty')).toBe('Ciao!');
    expect(createTranslator('it')('thread.empty')).not.toBe('Ciao!');
  });

  it('uses extra plural categories a locale needs when the override provides them', () => {
    const t = createTranslator('pl', { 'thread.newMessages': { one: '{count} nowa', few: '{count} nowe', many: '{count} nowych', other: '{count} nowej' } });
    expect([1, 3, 5].map((count) => t('thread.newMessages', { count }))).toEqual(['1 nowa', '3 nowe', '5 nowych']);
  });

  it('lets the messages prop override any string and keeps placeholders as plain text', () => {
    const t = createTranslator('en', { 'thread.empty': 'Say hi!' });
    expect(t('thread.empty')).toBe('Say hi!');
    expect(t('thread.announce', { name: '<b>x</b>', text: 'hi' })).toBe('New message from <b>x</b>: hi');
  });

  it('survives an invalid locale tag', () => {
    expect(createTranslator('not a locale!')('date.today')).toBe('Today');
  });
});

describe('formatters', () => {
  const now = new Date(2026, 10, 21, 15, 0).getTime();
  it('names today and yesterday, weekdays within a week and dates beyond', () => {
    const f = createFormatters('en', createTranslator('en'));
    expect(f.day(new Date(2026, 10, 21, 9, 0).getTime(), now)).toBe('Today');
    expect(f.day(new Date(2026, 10, 20, 23, 0).getTime(), now)).toBe('Yesterday');
    expect(f.day(new Date(2026, 10, 17, 9, 0).getTime(), now)).toBe('Tuesday');
    expect(f.day(new Date(2026, 0, 5).getTime(), now)).toBe('January 5, 2026');
    const g = createFormatters('it', createTranslator('it'));
    expect(g.day(new Date(2026, 10, 20, 9, 0).getTime(), now)).toBe('Ieri');
    expect(g.day(new Date(2026, 0, 5).getTime(), now)).toBe('5 gennaio 2026');
  });

  it('formats relative times and durations', () => {
    const f = createFormatters('de', createTranslator('de'));
    expect(f.relative(now - 5 * 60_000, now)).toBe('vor 5 Minuten');
    expect(f.relative(now - 26 * 3_600_000, now)).toBe('gestern');
    // A time ahead of this browser's clock (clock skew) is "now", in every locale.
    const english = createFormatters('en', createTranslator('en'));
    expect(english.relative(now + 3 * 60_000, now)).toBe('now');
    expect(english.relative(now + 2 * 86_400_000, now)).toBe('now');
    expect(english.relative(now + 400, now)).toBe('now');
    expect(english.relative(now - 400, now)).toBe('now');
    expect(english.relative(now, now)).toBe('now');
    expect(f.relative(now + 5 * 60_000, now)).toBe('jetzt');
    expect(createFormatters('it', createTranslator('it')).relative(now + 90_000, now)).toBe('ora');
    expect(english.relative(now - 3 * 60_000, now)).toBe('3 minutes ago');
    expect(f.duration(75_400)).toBe('1:15');
    expect(createFormatters('en', createTranslator('en')).time(new Date(2026, 10, 21, 14, 5).getTime())).toMatch(/^2:05\sPM$/);
  });
});
