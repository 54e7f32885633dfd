'use client';
/**
 * Sending as a human agent, headless: text (one message or split parts, in order), the
 * like_heart sticker, or uploaded attachments. Each send is optimistic through the kit store
 * (it appears in the thread at once as `sending`, then follows the proxy's status events).
 */
import { useMemo } from 'react';
import type { KitMessageTag } from '@kit/core';
import { useKit } from '../provider';
import type { KitOutboundAttachment } from '../client';
import type { KitSendDraft } from '../store';

export interface SendOptions {
  /** `HUMAN_AGENT` when the window requires it (see core's `sendPolicy`). */
  tag?: KitMessageTag;
  replyTo?: string;
}

export interface UseSendResult {
  /** Any draft, as the store takes it. Resolves with the clientId. */
  send(draft: KitSendDraft): Promise<string>;
  sendText(text: string, options?: SendOptions): Promise<string>;
  /**
   * Several texts as consecutive messages (e.g. `splitText` parts). Each is handed to the proxy
   * only after the previous one was accepted, so they arrive in order.
   */
  sendParts(parts: readonly string[], options?: SendOptions): Promise<string[]>;
  sendLikeHeart(options?: SendOptions): Promise<string>;
  sendAttachments(attachments: readonly KitOutboundAttachment[], options?: SendOptions & Pick<KitSendDraft, 'preview'>): Promise<string>;
}

function extras(options: SendOptions = {}): Pick<KitSendDraft, 'tag' | 'replyTo'> {
  return { ...(options.tag ? { tag: options.tag } : {}), ...(options.replyTo ? { replyTo: options.replyTo } : {}) };
}

export function useSend(conversationId: string): UseSendResult {
  const { store } = useKit();
  return useMemo(() => {
    const send = (draft: KitSendDraft) => store.getState().send(conversationId, draft);
    return {
      send,
      sendText: (text, options) => send({ text, ...extras(options) }),
      async sendParts(parts, options) {
        const ids: string[] = [];
        for (const text of parts) ids.push(await send({ text, ...extras(options) }));
        return ids;
      },
      sendLikeHeart: (options) => send({ sticker: 'like_heart', ...extras(options) }),
      sendAttachments(attachments, options = {}) {
        const [first] = attachments;
        if (!first) return Promise.reject(new TypeError('sendAttachments: pass at least one uploaded attachment'));
        return send({
          ...(attachments.length === 1 ? { attachment: first } : { attachments: [...attachments] }),
          ...extras(options),
          ...(options.preview ? { preview: options.preview } : {}),
        });
      },
    } satisfies UseSendResult;
  }, [store, conversationId]);
}
