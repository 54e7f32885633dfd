'use client';
/**
 * Strings for parts that carry their own catalogs in their own chunk (the media picker, <KitOps>):
 * en.ts ships with every <Inbox> first paint, so strings only a dialog or an admin page reads live
 * beside that code instead. This module is imported only by those parts, so it stays out of the
 * first chunk too.
 */
import { useMemo } from 'react';
import { createTranslator } from '../i18n';
import type { KitMessagesOverride } from '../i18n';
import { useKit } from '../provider';
import type { KitPluralForms } from './types';

export type KitScopedTranslate<K extends string> = (key: K, vars?: Record<string, string | number>) => string;
type Catalogs<K extends string> = Record<string, Record<K, string | KitPluralForms>>;

const languageOf = (locale: string) => locale.split('-')[0]!.toLowerCase();

/**
 * `t()` over a part's catalog for `locale` (exact, then its language, else English) under any
 * overrides. The inbox's translator underneath, so plurals and `{placeholders}` work the same.
 */
export function createScopedTranslator<K extends string>(
  locale: string,
  catalogs: Catalogs<K>,
  ...overrides: (Partial<Record<K, string | KitPluralForms>> | undefined)[]
): KitScopedTranslate<K> {
  const catalog = catalogs[locale] ?? catalogs[languageOf(locale)] ?? catalogs.en!;
  return createTranslator(locale, Object.assign({}, catalog, ...overrides) as KitMessagesOverride) as unknown as KitScopedTranslate<K>;
}

/** The scoped `t()` under the nearest provider's locale and its `messages` overrides. */
export function useScopedT<K extends string>(catalogs: Catalogs<K>): KitScopedTranslate<K> {
  const { locale, messages } = useKit();
  return useMemo(() => createScopedTranslator(locale, catalogs, messages as Partial<Record<K, string>> | undefined), [locale, catalogs, messages]);
}
