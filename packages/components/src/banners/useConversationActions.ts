'use client';
/**
 * Agent actions that change a conversation's state on the proxy: switching between automated
 * replies and a human, and recording an opt-out the customer asked for in words. The answer (the
 * updated conversation) goes straight into the store; the proxy's `conversation_updated` event,
 * arriving later over SSE, carries the same data.
 */
import { useMemo } from 'react';
import type { KitConversation } from '@kit/core';
import type { KitConversationUpdate } from '../client';
import { useKit } from '../provider';

function conversationOf(update: KitConversationUpdate): KitConversation | undefined {
  if (!update || typeof update !== 'object') return undefined;
  if ('conversation' in update) return update.conversation;
  return 'id' in update ? update : undefined;
}

export interface ConversationActions {
  setAutomated(automated: boolean): Promise<void>;
  recordOptOut(): Promise<void>;
}

export function useConversationActions(conversationId: string): ConversationActions {
  const { client, store, accountId } = useKit();
  return useMemo(() => {
    const apply = (update: KitConversationUpdate) => {
      const conversation = conversationOf(update);
      if (conversation) {
        store.getState().applyEvent({ type: 'conversation_updated', accountId, conversationId, at: Date.now(), conversation });
      }
    };
    const missing = (what: string) =>
      new TypeError(`This kit client cannot ${what}: use createKitClient() or implement ${what === 'switch modes' ? 'setConversationMode' : 'recordConsent'}.`);
    return {
      async setAutomated(automated) {
        if (!client.setConversationMode) throw missing('switch modes');
        apply(await client.setConversationMode(accountId, conversationId, automated));
      },
      async recordOptOut() {
        if (!client.recordConsent) throw missing('record consent');
        apply(await client.recordConsent(accountId, conversationId, 'opted_out'));
      },
    };
  }, [client, store, accountId, conversationId]);
}
