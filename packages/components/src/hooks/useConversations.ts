'use client';
/** Headless access to the conversation list; loads it on mount. */
import { useCallback, useEffect } from 'react';
import type { KitConversation } from '@kit/core';
import { useKit, useKitStore } from '../provider';
import type { KitLoadError, LoadStatus } from '../reducers';

export interface UseConversationsResult {
  ids: string[];
  status: LoadStatus;
  error: KitLoadError | undefined;
  reload(): Promise<void>;
}

export function useConversations(options: { load?: boolean } = {}): UseConversationsResult {
  const { store } = useKit();
  const ids = useKitStore((s) => s.conversationIds);
  const status = useKitStore((s) => s.conversationsStatus);
  const error = useKitStore((s) => s.conversationsError);
  const load = options.load ?? true;
  useEffect(() => {
    if (load && store.getState().conversationsStatus === 'idle') void store.getState().loadConversations();
  }, [store, load]);
  return { ids, status, error, reload: useCallback(() => store.getState().loadConversations(), [store]) };
}

/** One conversation by id; re-renders only when that row changes. */
export function useConversation(conversationId: string): KitConversation | undefined {
  return useKitStore((s) => s.conversations[conversationId]);
}
