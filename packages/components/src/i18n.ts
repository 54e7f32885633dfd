/**
 * Message catalogs and the `t()` function. Plural forms are chosen with Intl.PluralRules for the
 * active locale, so languages with more forms than English (e.g. `few`, `many`) work by adding
 * those keys. `{name}` placeholders are replaced with plain text — never HTML.
 *
 * Only English is bundled with the kit's entry. Italian and German are separate chunks: the
 * provider loads one when its `locale` asks for it (`loadCatalog`), or a host imports
 * `@kit/components/locales/it` (or `/de`) to have it from the first paint (and on the server).
 */
import { en } from './i18n/en';
import { DISCLOSURE_NOTICES } from './i18n/notices';
import type { KitCatalog, KitMessageKey, KitMessagesOverride, KitPluralForms } from './i18n/types';

export type { KitCatalog, KitLocale, KitMessageKey, KitMessagesOverride, KitPluralForms } from './i18n/types';

/** Catalogs available right now, by language: English, plus what was registered or loaded. */
export const catalogs: Record<string, KitCatalog> = { en };

/** Catalogs shipped as their own chunks, fetched on demand. */
export const catalogLoaders: Record<string, () => Promise<KitCatalog>> = {
  it: () => import('./i18n/it').then((m) => m.it),
  de: () => import('./i18n/de').then((m) => m.de),
};

/** Make a catalog available for a language (what `@kit/components/locales/*` do on import). */
export function registerCatalog(language: string, catalog: KitCatalog): void {
  catalogs[language.toLowerCase()] = catalog;
}

const languageOf = (locale: string) => locale.split('-')[0]!.toLowerCase();

/**
 * The language whose catalog `locale` needs but is not loaded yet, if the kit ships one
 * (`it-CH` → `it`); undefined when the catalog is here or the locale falls back to English.
 */
export function pendingCatalog(locale: string): string | undefined {
  if (catalogs[locale] || catalogs[languageOf(locale)]) return undefined;
  return catalogLoaders[languageOf(locale)] ? languageOf(locale) : undefined;
}

const loading = new Map<string, Promise<KitCatalog | undefined>>();
/** Fetch and register the catalog a locale needs (once; a failed fetch may be tried again). */
export function loadCatalog(locale: string): Promise<KitCatalog | undefined> {
  const language = pendingCatalog(locale);
  if (!language) return Promise.resolve(catalogFor(locale));
  let p = loading.get(language);
  if (!p) {
    p = catalogLoaders[language]!().then(
      (catalog) => {
        registerCatalog(language, catalog);
        return catalog;
      },
      (err: unknown) => {
        loading.delete(language);
        throw err;
      },
    );
    loading.set(language, p);
  }
  return p;
}

/** The automated-experience notice in a (customer's) locale, whether or not its catalog is loaded. */
export function disclosureNotice(locale: string): string {
  const catalog = catalogFor(locale);
  if (catalog !== en) return catalog['disclosure.notice'];
  return (DISCLOSURE_NOTICES as Record<string, string>)[languageOf(locale)] ?? en['disclosure.notice'];
}

export type KitTranslate = (key: KitMessageKey, vars?: Record<string, string | number>) => string;


/** The catalog for a BCP 47 tag: exact (`de`), then its language (`de-CH` → `de`), else English. */
export function catalogFor(locale: string): KitCatalog {
  return catalogs[locale] ?? catalogs[languageOf(locale)] ?? en;
}

const translators = new Map<string, KitTranslate>();

/**
 * `t()` for a locale. Without overrides it is made once per locale and shared (every provider,
 * every mount); its Intl objects are built on the first plural or number that needs them.
 */
export function createTranslator(locale: string, overrides?: KitMessagesOverride): KitTranslate {
  const catalog: KitCatalog = overrides ? { ...catalogFor(locale), ...overrides } : catalogFor(locale);
  // Keyed by the catalog too: a catalog registered later (a lazy locale) gets its own translator.
  const shared = overrides ? undefined : translators.get(locale);
  if (shared && sharedCatalog.get(shared) === catalog) return shared;
  let plural: Intl.PluralRules | undefined;
  let number: Intl.NumberFormat | undefined;
  const pluralRules = () => {
    if (!plural) {
      try {
        plural = new Intl.PluralRules(locale);
      } catch {
        plural = new Intl.PluralRules('en');
      }
    }
    return plural;
  };
  const t: KitTranslate = (key, vars) => {
    const entry: string | KitPluralForms = catalog[key] ?? en[key];
    let template: string;
    if (typeof entry === 'string') template = entry;
    else {
      const count = Number(vars?.count ?? 0);
      template = entry[pluralRules().select(count)] ?? entry.other;
    }
    if (!vars) return template;
    return template.replace(/\{(\w+)\}/g, (m, name: string) => {
      const v = vars[name];
      if (v === undefined) return m;
      return typeof v === 'number' ? (number ??= new Intl.NumberFormat(safeLocale(locale))).format(v) : v;
    });
  };
  if (!overrides) {
    translators.set(locale, t);
    sharedCatalog.set(t, catalog);
  }
  return t;
}
const sharedCatalog = new WeakMap<KitTranslate, KitCatalog>();

/** A locale Intl accepts (an invalid tag would throw RangeError in every formatter). */
export function safeLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? 'en';
  } catch {
    return 'en';
  }
}
