'use client';
/**
 * Unsent text per conversation, so switching threads never loses what an agent was typing. One
 * small vanilla store per kit store (per provider), so two inboxes on one page keep separate
 * drafts; it lives as long as the provider's store does.
 */
import { useCallback } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import { useKit } from '../provider';

export type DraftStore = StoreApi<Record<string, string>>;

const registry = new WeakMap<object, DraftStore>();

/** The draft store that belongs to `owner` (a kit store), created on first use. */
export function draftsFor(owner: object): DraftStore {
  let drafts = registry.get(owner);
  if (!drafts) {
    drafts = createStore<Record<string, string>>()(() => ({}));
    registry.set(owner, drafts);
  }
  return drafts;
}

/** `[text, setText]` of a conversation's draft. */
export function useDraft(conversationId: string): [string, (text: string) => void] {
  const drafts = draftsFor(useKit().store);
  const text = useStore(drafts, (s) => s[conversationId] ?? '');
  const setText = useCallback(
    (next: string) =>
      drafts.setState((s) => {
        if (next === '') {
          const { [conversationId]: _gone, ...rest } = s;
          return rest;
        }
        return { ...s, [conversationId]: next };
      }, true),
    [drafts, conversationId],
  );
  return [text, setText];
}
