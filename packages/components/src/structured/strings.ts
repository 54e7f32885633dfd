'use client';
/**
 * `t()` for the strings of the structured-message tools and of the shared-story card
 * (i18n/structured.ts, loaded with them, never with the inbox's first bundle). A module of its own,
 * without @kit/core's validators, so the shared-story card does not download them.
 */
import { useMemo } from 'react';
import { structuredCatalogs } from '../i18n/structured';
import type { KitStructuredCatalog, KitStructuredKey } from '../i18n/structured';
import { createScopedTranslator } from '../i18n/scoped';
import type { KitScopedTranslate } from '../i18n/scoped';
import { useKit } from '../provider';

export type StructuredT = KitScopedTranslate<KitStructuredKey>;

/** `t()` for the tools' keys: the catalog for the provider's locale (else English), the provider's and the component's overrides. */
export function useStructuredT(messages?: Partial<KitStructuredCatalog>): StructuredT {
  const { locale, messages: hostMessages } = useKit();
  return useMemo(
    () => createScopedTranslator(locale, structuredCatalogs, hostMessages as Partial<KitStructuredCatalog> | undefined, messages),
    [locale, hostMessages, messages],
  );
}
