/**
 * Webhook payloads for messages and customer actions, shaped as reference §5.5–§5.6 documents.
 * Business side ids are the IG professional account id (`igUserId`), also for Page accounts.
 */

import type { SandboxContext } from './context';
import type { SandboxAccount, StoredMessage } from './types';

/** `message` object of a `messages` webhook for a stored message (reference §5.6). */
export function webhookMessage(msg: StoredMessage, echo: boolean): Record<string, unknown> {
  if (msg.isDeleted) return { mid: msg.mid, is_deleted: true };
  if (msg.attachments[0]?.type === 'unsupported') return { mid: msg.mid, is_unsupported: true };
  const m: Record<string, unknown> = { mid: msg.mid };
  if (msg.text !== undefined) m.text = msg.text;
  if (msg.attachments.length > 0) m.attachments = msg.attachments.map((a) => ({ type: a.type, payload: a.payload }));
  if (msg.replyTo) {
    m.reply_to = 'story' in msg.replyTo ? { story: msg.replyTo.story } : { mid: msg.replyTo.mid, is_self_reply: msg.replyTo.isSelfReply };
  }
  if (msg.quickReply) m.quick_reply = msg.quickReply;
  if (msg.referral) m.referral = msg.referral;
  if (echo) m.is_echo = true;
  return m;
}

/** Envelope parts: who sent it, who got it, when. */
export function messagingBase(
  account: SandboxAccount,
  customerId: string,
  from: 'customer' | 'business',
  timestamp: number,
): Record<string, unknown> {
  const business = { id: account.igUserId };
  const customer = { id: customerId };
  return from === 'customer'
    ? { sender: customer, recipient: business, timestamp }
    : { sender: business, recipient: customer, timestamp };
}

/** Queue the `messages` webhook for a message (customer message, or echo of a business send). */
export function emitMessage(ctx: SandboxContext, account: SandboxAccount, msg: StoredMessage, at = msg.createdAt): void {
  const echo = msg.direction === 'outbound';
  ctx.webhooks.enqueue({
    entryId: account.igUserId,
    field: 'messages',
    messaging: { ...messagingBase(account, msg.customerId, echo ? 'business' : 'customer', at), message: webhookMessage(msg, echo) },
  });
}

/** Queue any other messaging event (`reaction`, `read`, `postback`, `message_edit`, ...). */
export function emitEvent(
  ctx: SandboxContext,
  account: SandboxAccount,
  customerId: string,
  field: string,
  body: Record<string, unknown>,
  at = ctx.clock.now(),
): void {
  ctx.webhooks.enqueue({
    entryId: account.igUserId,
    field,
    messaging: { ...messagingBase(account, customerId, 'customer', at), ...body },
  });
}
