/**
 * What every store writes beside a conversation or message so `findConversations` is an index
 * lookup, not a scan: the words (@kit/core `searchWords`) and the window-state filter's bounds.
 */
import { personSearchText, searchWords, WINDOW_FILTERS, type KitConversation, type KitWindowStateName } from '@kit/core';
import type { StoredMessage } from './types';

/** The window-state filter among `filters`, if any (the route lets through at most one). */
export const windowFilter = (filters: readonly string[]): KitWindowStateName | undefined =>
  filters.find((f): f is KitWindowStateName => (WINDOW_FILTERS as readonly string[]).includes(f));

/** A person's folded words, each after a space, so `LIKE '% term%'` finds a word start. */
export const personWords = (c: KitConversation): string => ` ${searchWords(personSearchText(c)).join(' ')}`;

/** A message's folded words, space-separated; empty for a stub or tombstone (nothing to find). */
export const messageWords = (m: StoredMessage): string => (!m.stub && !m.deleted && m.text ? searchWords(m.text).join(' ') : '');
