'use client';
/**
 * `t()` for the strings of the structured-message tools and of the shared-story card
 * (i18n/structured.ts, loaded with them, never with the inbox's first bundle). A module of its own,
 * without @kit/core's validators, so the shared-story card does not download them.
 */
import { useMemo } from 'react';
import { useKit } from '../provider';
import { createTranslator } from '../i18n';
import type { KitMessagesOverride } from '../i18n';
import { structuredCatalogs, structuredEn } from '../i18n/structured';
import type { KitStructuredCatalog, KitStructuredKey } from '../i18n/structured';

export type StructuredT = (key: KitStructuredKey, vars?: Record<string, string | number>) => string;

/** `t()` for the tools' keys: the catalog for the provider's locale (else English) and overrides. */
export function useStructuredT(messages?: Partial<KitStructuredCatalog>): StructuredT {
  const { locale } = useKit();
  return useMemo(() => {
    const catalog = structuredCatalogs[locale] ?? structuredCatalogs[locale.split('-')[0]!.toLowerCase()] ?? structuredEn;
    return createTranslator(locale, { ...catalog, ...messages } as unknown as KitMessagesOverride) as unknown as StructuredT;
  }, [locale, messages]);
}
