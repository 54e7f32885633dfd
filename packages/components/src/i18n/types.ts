/**
 * The shape of a catalog, derived from the English one (the reference every locale mirrors key for
 * key). Its own module so the Italian and German catalogs can name the type without importing the
 * translator, which loads them.
 */
import type { en } from './en';
import type { KitPickerCatalog } from './picker';
import type { KitPluralForms } from './plural';

export type { KitPluralForms } from './plural';
export type KitMessageKey = keyof typeof en;
export type KitCatalog = { [K in KitMessageKey]: (typeof en)[K] extends string ? string : KitPluralForms };
/**
 * Overrides for any string, e.g. `{ 'thread.empty': 'Say hi!' }`, including the strings that ship
 * with a lazily loaded part (the media picker's `picker.*`).
 */
export type KitMessagesOverride = Partial<KitCatalog> & Partial<KitPickerCatalog>;
export type KitLocale = 'en' | 'it' | 'de' | (string & {});
