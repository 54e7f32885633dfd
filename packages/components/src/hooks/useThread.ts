'use client';
/**
 * Headless access to one thread: its ordered ids, load state and the actions on it. Loads the
 * newest page on mount. Rows should select their own message (`useMessage`) so that a new or
 * changed message re-renders one row, not the list.
 */
import { useCallback, useEffect } from 'react';
import type { KitMessage } from '@kit/core';
import { useKit, useKitStore } from '../provider';
import { emptyThread, isSeen } from '../reducers';
import type { ThreadState } from '../reducers';
import type { KitSendDraft } from '../store';

const EMPTY = emptyThread();

export interface UseThreadResult {
  ids: string[];
  status: ThreadState['status'];
  error: ThreadState['error'];
  hasOlder: boolean;
  loadingOlder: boolean;
  olderError: ThreadState['olderError'];
  loadOlder(): Promise<void>;
  reload(): Promise<void>;
  send(draft: KitSendDraft): Promise<string>;
  retry(clientId: string): Promise<void>;
  discard(clientId: string): void;
}

export function useThread(conversationId: string, options: { load?: boolean } = {}): UseThreadResult {
  const { store } = useKit();
  const t = useKitStore((s) => s.threads[conversationId] ?? EMPTY);
  const load = options.load ?? true;
  useEffect(() => {
    if (load) void store.getState().loadThread(conversationId);
  }, [store, conversationId, load]);
  return {
    ids: t.ids,
    status: t.status,
    error: t.error,
    hasOlder: t.nextBefore !== null,
    loadingOlder: t.loadingOlder,
    olderError: t.olderError,
    loadOlder: useCallback(() => store.getState().loadOlder(conversationId), [store, conversationId]),
    reload: useCallback(() => store.getState().loadThread(conversationId, { force: true }), [store, conversationId]),
    send: useCallback((d: KitSendDraft) => store.getState().send(conversationId, d), [store, conversationId]),
    retry: useCallback((c: string) => store.getState().retry(conversationId, c), [store, conversationId]),
    discard: useCallback((c: string) => store.getState().discard(conversationId, c), [store, conversationId]),
  };
}

/** One message by id; re-renders only when that message object changes. */
export function useMessage(conversationId: string, messageId: string): KitMessage | undefined {
  return useKitStore((s) => s.threads[conversationId]?.byId.get(messageId));
}

/** Whether an outbound message has been seen by the customer (a boolean, so rows re-render only on change). */
export function useSeen(conversationId: string, messageId: string): boolean {
  return useKitStore((s) => {
    const t = s.threads[conversationId];
    const m = t?.byId.get(messageId);
    return m ? isSeen(m, t?.seenUpTo) : false;
  });
}
