/**
 * Message catalogs and the `t()` function. Plural forms are chosen with Intl.PluralRules for the
 * active locale, so languages with more forms than English (e.g. `few`, `many`) work by adding
 * those keys. `{name}` placeholders are replaced with plain text — never HTML.
 */
import { en } from './i18n/en';
import { it } from './i18n/it';
import { de } from './i18n/de';

export type KitPluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type KitMessageKey = keyof typeof en;
export type KitCatalog = { [K in KitMessageKey]: (typeof en)[K] extends string ? string : KitPluralForms };
/** Overrides for any string, e.g. `{ 'thread.empty': 'Say hi!' }`. */
export type KitMessagesOverride = Partial<KitCatalog>;
export type KitLocale = 'en' | 'it' | 'de' | (string & {});

export const catalogs: Record<string, KitCatalog> = { en, it, de };

export type KitTranslate = (key: KitMessageKey, vars?: Record<string, string | number>) => string;

/** The catalog for a BCP 47 tag: exact (`de`), then its language (`de-CH` → `de`), else English. */
export function catalogFor(locale: string): KitCatalog {
  return catalogs[locale] ?? catalogs[locale.split('-')[0]!.toLowerCase()] ?? en;
}

export function createTranslator(locale: string, overrides?: KitMessagesOverride): KitTranslate {
  const catalog: KitCatalog = overrides ? { ...catalogFor(locale), ...overrides } : catalogFor(locale);
  let plural: Intl.PluralRules;
  try {
    plural = new Intl.PluralRules(locale);
  } catch {
    plural = new Intl.PluralRules('en');
  }
  const number = new Intl.NumberFormat(safeLocale(locale));
  return (key, vars) => {
    const entry: string | KitPluralForms = catalog[key] ?? en[key];
    let template: string;
    if (typeof entry === 'string') template = entry;
    else {
      const count = Number(vars?.count ?? 0);
      template = entry[plural.select(count)] ?? entry.other;
    }
    if (!vars) return template;
    return template.replace(/\{(\w+)\}/g, (m, name: string) => {
      const v = vars[name];
      if (v === undefined) return m;
      return typeof v === 'number' ? number.format(v) : v;
    });
  };
}

/** A locale Intl accepts (an invalid tag would throw RangeError in every formatter). */
export function safeLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? 'en';
  } catch {
    return 'en';
  }
}
