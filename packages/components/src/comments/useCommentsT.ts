'use client';
import { useMemo } from 'react';
import { commentsCatalogs } from '../i18n/comments';
import type { KitCommentsCatalog, KitCommentsKey } from '../i18n/comments';
import { createScopedTranslator } from '../i18n/scoped';
import type { KitScopedTranslate } from '../i18n/scoped';
import { useKit } from '../provider';

export type CommentsT = KitScopedTranslate<KitCommentsKey>;

/** `t()` for the comments strings: their catalog for the provider's locale (else English), the provider's and the view's overrides. */
export function useCommentsT(messages?: Partial<KitCommentsCatalog>): CommentsT {
  const { locale, messages: hostMessages } = useKit();
  return useMemo(
    () => createScopedTranslator(locale, commentsCatalogs, hostMessages as Partial<KitCommentsCatalog> | undefined, messages),
    [locale, hostMessages, messages],
  );
}
