/**
 * Graph request shapes for sends (reference §1.2) and what each outcome means for the outbox.
 * Both flavors take the same body on `POST /{node}/messages` (the node is the Page id for `page`
 * accounts, the IG professional account id for `instagram` ones; the host comes from the flavor
 * in GraphClient). Plain replies omit `messaging_type` unless the sender chose RESPONSE/UPDATE; tagged sends carry
 * `messaging_type: "MESSAGE_TAG"` + `tag: "HUMAN_AGENT"` (reference D8/D15).
 *
 * Outcomes (reference §4.4): retry only what classifyGraphError calls retryable or what clearly
 * never reached Meta (connection refused, DNS); a timeout or reset after the request left, and
 * Graph's "sent but invalid reply" (1/1357046), are `uncertain` — never resent blindly, the echo
 * webhook reconciles them.
 */
import {
  GRAPH_ERROR_MESSAGES,
  type GraphErrorClassification,
  type KitMessagingType,
  type KitQuickReply,
  type KitStatusReason,
  type KitTemplate,
  type KitTemplateButton,
} from '@kit/core';
import { GraphApiError, GraphNetworkError, kitCodeOfGraphError, type GraphClient } from '../graph/client';
import type { SendContent } from './validate';
import { metaAttachmentId } from './references';

export interface MessageOptions {
  tag?: 'HUMAN_AGENT' | undefined;
  replyTo?: string | undefined;
  messagingType?: KitMessagingType | undefined;
}

/** Graph's wire shape of the kit's quick replies (reference §1.7). */
function quickRepliesPayload(list: readonly KitQuickReply[]): Record<string, unknown>[] {
  return list.map((q) => (q.contentType === 'text' ? { content_type: 'text', title: q.title, payload: q.payload } : { content_type: q.contentType }));
}

function buttonPayload(b: KitTemplateButton): Record<string, unknown> {
  return b.type === 'web_url' ? { type: 'web_url', title: b.title, url: b.url } : { type: 'postback', title: b.title, payload: b.payload };
}

/** Graph's wire shape of a button or generic template (reference §1.8). */
function templatePayload(t: KitTemplate): Record<string, unknown> {
  if (t.type === 'button') return { template_type: 'button', text: t.text, buttons: t.buttons.map(buttonPayload) };
  return {
    template_type: 'generic',
    elements: t.elements.map((e) => ({
      title: e.title,
      ...(e.subtitle !== undefined ? { subtitle: e.subtitle } : {}),
      ...(e.imageUrl !== undefined ? { image_url: e.imageUrl } : {}),
      ...(e.defaultActionUrl !== undefined ? { default_action: { type: 'web_url', url: e.defaultActionUrl } } : {}),
      ...(e.buttons?.length ? { buttons: e.buttons.map(buttonPayload) } : {}),
    })),
  };
}

function mediaPayload(a: NonNullable<SendContent['attachments']>[number]): Record<string, unknown> {
  return { type: a.type, payload: a.attachmentId ? { attachment_id: metaAttachmentId(a.attachmentId) } : { url: a.url } };
}

export function messageBody(to: string, c: SendContent, o: MessageOptions = {}): Record<string, unknown> {
  let message: Record<string, unknown>;
  if (c.text !== undefined) message = { text: c.text, ...(c.quickReplies ? { quick_replies: quickRepliesPayload(c.quickReplies) } : {}) };
  else if (c.template) message = { attachment: { type: 'template', payload: templatePayload(c.template) } };
  else if (c.sticker) message = { attachment: { type: 'like_heart' } };
  else if (c.share) message = { attachment: { type: 'MEDIA_SHARE', payload: { id: c.share.mediaId } } };
  else {
    const list = c.attachments ?? [];
    // One item: `attachment`; several images: `attachments` (reference §1.5, IG doc bug noted there).
    message = list.length === 1 ? { attachment: mediaPayload(list[0]!) } : { attachments: list.map(mediaPayload) };
  }
  return {
    recipient: { id: to },
    message,
    ...(o.tag ? { messaging_type: 'MESSAGE_TAG', tag: o.tag } : o.messagingType ? { messaging_type: o.messagingType } : {}),
    ...(o.replyTo ? { reply_to: { mid: o.replyTo } } : {}),
  };
}

export type SenderAction = 'typing_on' | 'typing_off' | 'mark_seen' | 'react' | 'unreact';

export function senderActionBody(to: string, action: SenderAction, payload?: { messageId: string; reaction?: string }): Record<string, unknown> {
  return {
    recipient: { id: to },
    sender_action: action,
    ...(payload ? { payload: { message_id: payload.messageId, ...(payload.reaction ? { reaction: payload.reaction } : {}) } } : {}),
  };
}

export type DeliveryOutcome =
  | { kind: 'sent'; messageId: string; headers: Headers }
  | { kind: 'retry'; reason: KitStatusReason; throttled: boolean; maxAttempts?: number }
  | { kind: 'failed'; reason: KitStatusReason; coolDown?: boolean }
  | { kind: 'uncertain'; reason: KitStatusReason };

/** Connection errors that prove the request never reached the server. */
const NEVER_LEFT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

export function graphReason(c: GraphErrorClassification, ref: GraphApiError['graph']): KitStatusReason {
  return { code: kitCodeOfGraphError(c), message: GRAPH_ERROR_MESSAGES[c.userMessageKey], category: c.category, retryable: c.retryable, graph: ref };
}

export function outcomeOfError(err: unknown): DeliveryOutcome {
  if (err instanceof GraphApiError) {
    const c = err.classification;
    const reason = graphReason(c, err.graph);
    if (c.action === 'reconcile') return { kind: 'uncertain', reason: { ...reason, retryable: false } };
    if (c.retryable) return { kind: 'retry', reason, throttled: c.category === 'rate_limit', ...(c.maxAttempts ? { maxAttempts: c.maxAttempts } : {}) };
    return { kind: 'failed', reason, ...(c.action === 'cool_down' ? { coolDown: true } : {}) };
  }
  if (err instanceof GraphNetworkError) {
    if (NEVER_LEFT.has(err.reason)) {
      return { kind: 'retry', throttled: false, reason: { code: 'graph_unreachable', message: 'Could not connect to Instagram; retrying.', category: 'network', retryable: true } };
    }
    return {
      kind: 'uncertain',
      reason: {
        code: err.reason === 'timeout' ? 'timeout' : 'response_lost',
        message: 'The request reached Instagram but no answer came back, so the message may or may not have been delivered. It is not resent automatically; it is confirmed when Instagram reports it.',
        category: 'network',
        retryable: false,
      },
    };
  }
  // Before the request (e.g. the host's token resolver failed): nothing left, safe to retry.
  return { kind: 'retry', throttled: false, reason: { code: 'send_preparation_failed', message: 'Could not prepare the request (token unavailable?); retrying.', category: 'unknown', retryable: true } };
}

/** POST /{node}/messages; resolves to an outcome, never throws. */
export async function postMessages(graph: GraphClient, accountId: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<DeliveryOutcome> {
  try {
    const res = await graph.request<{ message_id?: unknown; recipient_id?: unknown }>(accountId, {
      method: 'POST',
      path: [accountId, 'messages'],
      json: body,
      ...(signal ? { signal } : {}),
    });
    const mid = res.data.message_id;
    if (typeof mid !== 'string' || mid === '') {
      // 200 without an id: Meta took it, we cannot tell which message it is.
      return { kind: 'uncertain', reason: { code: 'no_message_id', message: 'Instagram accepted the message without returning its id; it is confirmed when Instagram reports it.', category: 'network', retryable: false } };
    }
    return { kind: 'sent', messageId: mid, headers: res.headers };
  } catch (err) {
    return outcomeOfError(err);
  }
}
