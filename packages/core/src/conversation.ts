/**
 * Conversation rules both sides apply: what a conversation row shows as its preview, when a
 * message moves that preview, how the unread count and the messaging window follow messages, and
 * what an unsent message leaves behind. The proxy's store and the browser's store both call these,
 * so a row never looks different after a reload than it did live.
 */
import type { KitConversation, KitEvent, KitMessage, KitMessagePreview } from './types';
import { windowState } from './window';

/** Longest preview text a conversation row keeps (display only; the row truncates visually). */
export const PREVIEW_MAX_CHARS = 280;

/** What remains of an unsent message (Meta's terms): identity, sides, time and delivery state, no content. */
export function tombstoneOf(message: KitMessage): KitMessage {
  const t: KitMessage = {
    id: message.id,
    conversationId: message.conversationId,
    accountId: message.accountId,
    direction: message.direction,
    from: message.from,
    to: message.to,
    attachments: [],
    createdAt: message.createdAt,
    editCount: message.editCount,
    deleted: true,
    reactions: [],
  };
  if (message.editedAt !== undefined) t.editedAt = message.editedAt;
  if (message.status) t.status = message.status;
  if (message.clientId) t.clientId = message.clientId;
  if (message.isEcho) t.isEcho = true;
  return t;
}

/** The conversation row's summary of a message. An unsent message previews as deleted, with no text. */
export function messagePreview(message: KitMessage): KitMessagePreview {
  const preview: KitMessagePreview = { id: message.id, direction: message.direction, createdAt: message.createdAt };
  if (message.deleted) preview.deleted = true;
  else {
    if (message.text !== undefined) preview.text = truncate(message.text, PREVIEW_MAX_CHARS);
    // A tapped ice breaker or button reads as what the customer chose (Instagram shows it so too).
    else if (message.postback) preview.text = truncate(message.postback.title ?? message.postback.payload, PREVIEW_MAX_CHARS);
    const first = message.attachments[0];
    if (first) {
      preview.attachmentType = first.type;
      preview.attachmentCount = message.attachments.length;
    }
  }
  if (message.status) preview.status = message.status;
  return preview;
}

/** Cuts at a code point boundary, never leaving half a surrogate pair. */
function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const code = text.charCodeAt(maxChars - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? maxChars - 1 : maxChars;
  return text.slice(0, end);
}

/**
 * Whether `message` becomes (or stays) the row's preview: it is the previewed message itself, or newer.
 * Same-millisecond messages are ordered by id so both sides pick the same one.
 */
export function supersedesPreview(preview: KitMessagePreview | undefined, message: Pick<KitMessage, 'id' | 'createdAt'>): boolean {
  if (!preview || preview.id === message.id) return true;
  return message.createdAt > preview.createdAt || (message.createdAt === preview.createdAt && message.id > preview.id);
}

/** The conversation with `window` and `windowClosesAt` computed for `now` from the latest customer action. */
export function withWindowState(conversation: KitConversation, now: number): KitConversation {
  const w = windowState({ lastInboundAt: conversation.lastInboundAt ?? null, now });
  const out: KitConversation = { ...conversation, window: w.state };
  if (w.state === 'closed') delete out.windowClosesAt;
  else out.windowClosesAt = w.closesAt;
  return out;
}

/**
 * Whether a live event is a customer action that opens (or refreshes) the messaging window:
 * a message, a reaction, a postback or a referral from the customer (reference §2.1).
 */
export function opensWindow(event: KitEvent): boolean {
  switch (event.type) {
    case 'message':
      return event.message.direction === 'inbound';
    case 'reaction':
      return event.by === 'customer';
    case 'postback':
    case 'referral':
      return true;
    default:
      return false;
  }
}

/**
 * The conversation after `message` was stored. Rules: the preview moves only forward in time; a customer
 * message advances `lastInboundAt` and, when it is new and not unsent, counts as unread; a business
 * message at or after the customer's latest one means the thread was seen (unread back to 0).
 * Returns the same object when nothing changed.
 */
export function conversationAfterMessage(conversation: KitConversation, message: KitMessage, { isNew }: { isNew: boolean }): KitConversation {
  const patch: Partial<KitConversation> = {};
  if (supersedesPreview(conversation.lastMessage, message)) {
    const preview = messagePreview(message);
    if (!samePreview(conversation.lastMessage, preview)) patch.lastMessage = preview;
    if (message.createdAt > conversation.lastMessageAt) patch.lastMessageAt = message.createdAt;
  }
  if (message.direction === 'inbound') {
    if (conversation.lastInboundAt === undefined || message.createdAt > conversation.lastInboundAt) patch.lastInboundAt = message.createdAt;
    if (isNew && !message.deleted) patch.unreadCount = conversation.unreadCount + 1;
  } else if (conversation.unreadCount !== 0 && message.createdAt >= (conversation.lastInboundAt ?? 0)) {
    patch.unreadCount = 0;
  }
  return Object.keys(patch).length === 0 ? conversation : { ...conversation, ...patch };
}

/**
 * The conversation after message `before` was unsent: a previewed message previews as deleted, and
 * an unread customer message no longer counts as unread. Returns the same object when nothing changed.
 */
export function conversationAfterUnsend(conversation: KitConversation, before: KitMessage): KitConversation {
  const patch: Partial<KitConversation> = {};
  if (conversation.lastMessage?.id === before.id && !conversation.lastMessage.deleted) patch.lastMessage = messagePreview(tombstoneOf(before));
  if (before.direction === 'inbound' && !before.deleted && before.readAt === undefined && conversation.unreadCount > 0) {
    patch.unreadCount = conversation.unreadCount - 1;
  }
  return Object.keys(patch).length === 0 ? conversation : { ...conversation, ...patch };
}

function samePreview(left: KitMessagePreview | undefined, right: KitMessagePreview): boolean {
  if (!left) return false;
  const keys = Object.keys(right) as (keyof KitMessagePreview)[];
  return keys.length === Object.keys(left).length && keys.every((k) => left[k] === right[k]);
}
