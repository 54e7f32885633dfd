'use client';
import { useMemo } from 'react';
import { createTranslator } from '../i18n';
import type { KitMessagesOverride } from '../i18n';
import { commentsCatalogs, commentsEn } from '../i18n/comments';
import type { KitCommentsCatalog, KitCommentsKey } from '../i18n/comments';
import { useKit } from '../provider';

export type CommentsT = (key: KitCommentsKey, vars?: Record<string, string | number>) => string;

const languageOf = (locale: string) => locale.split('-')[0]!.toLowerCase();

/** `t()` for the comments strings: their catalog for the provider's locale (else English) and the overrides. */
export function useCommentsT(messages?: Partial<KitCommentsCatalog>): CommentsT {
  const { locale } = useKit();
  return useMemo(() => {
    const catalog = commentsCatalogs[locale] ?? commentsCatalogs[languageOf(locale)] ?? commentsEn;
    return createTranslator(locale, { ...catalog, ...messages } as unknown as KitMessagesOverride) as unknown as CommentsT;
  }, [locale, messages]);
}
