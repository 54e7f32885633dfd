/**
 * Applies one normalized webhook event to the store, inside the caller's transaction, and logs
 * the KitEvents that clients should see. Rules:
 * - a message arriving after its unsend stays a tombstone (content never re-enters the store);
 * - edits, reactions, reads and unsends that overtake their message are kept on a stub and merged
 *   when the message arrives (Meta does not guarantee order, reference §5.3);
 * - unsend erases text, attachments, reply/quick-reply/referral data and reactions, leaving id,
 *   sides and time (DESIGN §3.5);
 * - echoes reconcile an outbound message the outbox already stored under the same mid (keeping
 *   clientId, tag, automation flag and status) instead of duplicating it;
 * - the conversation row's preview moves only forward in time; customer actions that open the
 *   messaging window (message, reaction, postback, referral — reference §2.1) advance
 *   `lastInboundAt`;
 * - Conversation Routing (reference §9.3): a `messaging_handover` moves the thread's holder and
 *   anything delivered on `standby` says another app holds it — unless the state already known is
 *   newer (Meta does not order deliveries).
 */
import {
  conversationAfterMessage,
  conversationAfterUnsend,
  messagePreview,
  routingAfterHandover,
  routingAfterStandby,
  supersedesPreview,
  tombstoneOf,
  withWindowState,
  type KitConversation,
  type KitEvent,
  type RoutingApps,
} from '@kit/core';
import type { LoggedEvent, StoreOps, StoredMessage } from '../store/types';
import { applyComment } from './comments';
import type { InboundItem } from './normalize';

/** Tombstone that keeps the stub flag (an unsend that overtook its message). */
function erase(m: StoredMessage): StoredMessage {
  const t: StoredMessage = tombstoneOf(m);
  if (m.stub) t.stub = true;
  return t;
}

function stub(item: InboundItem, messageId: string): StoredMessage {
  const customer = { id: item.customerId as string };
  return {
    id: messageId,
    conversationId: (item.event as { conversationId: string }).conversationId,
    accountId: item.accountId,
    direction: 'inbound',
    from: customer,
    to: { id: item.accountId },
    attachments: [],
    createdAt: item.at,
    editCount: 0,
    deleted: false,
    reactions: [],
    stub: true,
  };
}

/**
 * The thread row of a postback or referral. Its id is the postback's mid when Meta gives one,
 * else derived from the event's dedupe key, so a redelivery finds the same row.
 */
function systemRow(item: InboundItem, e: Extract<KitEvent, { type: 'postback' | 'referral' }>): StoredMessage {
  const row: StoredMessage = {
    ...stub(item, e.type === 'postback' && e.messageId ? e.messageId : `${e.type}:${item.dedupeKey}`),
    conversationId: e.conversationId,
  };
  delete row.stub;
  if (e.type === 'postback') {
    row.postback = { payload: e.payload, ...(e.title !== undefined ? { title: e.title } : {}) };
    if (e.referral) row.referral = e.referral;
  } else {
    row.referral = e.referral;
  }
  return row;
}

export interface ApplyContext {
  tx: StoreOps;
  now: number;
  /** Which app id is the kit's (routing/identity.ts); without it no handover names the kit. */
  apps?: RoutingApps;
  /**
   * Told the id of an unsent message this item concerns (the unsend itself, or a retry, late edit or
   * reaction arriving after it): the item's raw payload mentions it and must be erased once processed.
   */
  unsent?: (messageId: string) => void;
}

/** Applies the item and appends its events; returns the logged events in order. */
export async function applyInbound(item: InboundItem, { tx, now, apps = { appId: '' }, unsent }: ApplyContext): Promise<LoggedEvent[]> {
  const out: KitEvent[] = [];
  const e = item.event;
  let conversation: KitConversation | null = null;
  let conversationChanged = false;

  const loadConversation = async (id: string): Promise<KitConversation> => {
    if (conversation) return conversation;
    conversation = (await tx.getConversation(id)) ?? {
      id,
      accountId: item.accountId,
      customerId: item.customerId as string,
      lastMessageAt: item.at,
      unreadCount: 0,
    };
    return conversation;
  };
  const update = (next: KitConversation) => {
    if (next === conversation) return;
    conversation = next;
    conversationChanged = true;
  };
  /** A customer action that opens the window without a message (reaction, postback, referral). */
  const touchInbound = async (id: string) => {
    const c = await loadConversation(id);
    if (c.lastInboundAt === undefined || item.at > c.lastInboundAt) update({ ...c, lastInboundAt: item.at });
  };
  /** Refresh the row's preview if an edited `m` is (still) the newest message. */
  const touchPreview = async (m: StoredMessage) => {
    if (m.stub) return;
    const c = await loadConversation(m.conversationId);
    if (supersedesPreview(c.lastMessage, m)) update({ ...c, lastMessage: messagePreview(m), lastMessageAt: Math.max(c.lastMessageAt, m.createdAt) });
  };

  switch (e.type) {
    case 'message': {
      const incoming = e.message;
      const existing = await tx.getMessage(incoming.accountId, incoming.id);
      let merged: StoredMessage;
      let isNew = !existing || existing.stub === true;
      if (existing?.deleted) {
        // Unsent before we saw it (or a redelivery after the unsend): stay a tombstone.
        unsent?.(incoming.id);
        merged = erase({ ...existing, ...incoming, stub: false, deleted: true, editCount: existing.editCount });
        delete merged.stub;
        isNew = existing.stub === true;
        if (!isNew) break;
      } else if (existing?.stub) {
        merged = { ...incoming, reactions: existing.reactions, editCount: Math.max(existing.editCount, incoming.editCount) };
        if (existing.editCount > 0 && existing.text !== undefined) merged.text = existing.text;
        if (existing.editedAt !== undefined) merged.editedAt = existing.editedAt;
        if (existing.readAt !== undefined) merged.readAt = existing.readAt;
      } else if (existing) {
        // Known already: the outbox's own record (echo reconcile) or a backfilled copy.
        merged = { ...existing, ...incoming, reactions: existing.reactions.length ? existing.reactions : incoming.reactions };
        for (const k of ['clientId', 'tag', 'automated', 'readAt', 'editedAt'] as const) {
          if (existing[k] !== undefined) (merged as unknown as Record<string, unknown>)[k] = existing[k];
        }
        if (existing.editCount > incoming.editCount) {
          merged.editCount = existing.editCount;
          if (existing.text !== undefined) merged.text = existing.text;
        }
        if (incoming.isEcho) merged.status = 'sent';
        delete merged.statusReason;
      } else {
        merged = { ...incoming };
      }
      if (merged.appId !== undefined && merged.appId === apps.appId) delete merged.appId; // the kit's own echo
      await tx.putMessage(merged);
      out.push({ ...e, message: merged });
      update(conversationAfterMessage(await loadConversation(merged.conversationId), merged, { isNew }));
      break;
    }

    case 'message_deleted': {
      const existing = await tx.getMessage(item.accountId, e.messageId);
      const tomb = erase(existing ?? stub(item, e.messageId));
      await tx.putMessage(tomb);
      // The content must not survive in the event log (replayed to browsers) or raw payloads.
      await tx.eraseMessageTraces(item.accountId, e.messageId);
      unsent?.(e.messageId);
      out.push(e);
      if (existing && !existing.stub) update(conversationAfterUnsend(await loadConversation(tomb.conversationId), existing));
      break;
    }

    case 'message_edited': {
      const existing = (await tx.getMessage(item.accountId, e.messageId)) ?? stub(item, e.messageId);
      if (existing.deleted) {
        unsent?.(e.messageId); // erased: nothing to apply, and the late edit's text must go too
        break;
      }
      if (item.editCountUnknown) {
        // No usable `num_edit`: the edit counts as one more than known, unless it changes nothing.
        if (e.text === undefined || e.text === existing.text) break;
        e.editCount = existing.editCount + 1;
      } else if (e.editCount <= existing.editCount) break; // old: nothing to apply
      existing.editCount = e.editCount;
      existing.editedAt = item.at;
      if (e.text !== undefined) existing.text = e.text;
      await tx.putMessage(existing);
      out.push(e);
      await touchPreview(existing);
      break;
    }

    case 'reaction': {
      const existing = (await tx.getMessage(item.accountId, e.messageId)) ?? stub(item, e.messageId);
      if (existing.deleted) {
        unsent?.(e.messageId);
        break;
      }
      // One reaction per person; a later react replaces it (reference §1.9).
      existing.reactions = existing.reactions.filter((r) => r.by !== e.by);
      if (e.action === 'react') {
        existing.reactions.push({
          by: e.by,
          reaction: e.reaction ?? 'other',
          at: item.at,
          ...(e.emoji ? { emoji: e.emoji } : {}),
        });
      }
      await tx.putMessage(existing);
      out.push(e);
      if (e.by === 'customer') await touchInbound(e.conversationId);
      break;
    }

    case 'read': {
      const existing = (await tx.getMessage(item.accountId, e.messageId)) ?? stub(item, e.messageId);
      if (existing.readAt === undefined || existing.readAt < item.at) existing.readAt = item.at;
      await tx.putMessage(existing);
      // Seeing a message means seeing the ones before it: mark earlier outbound messages too.
      if (e.by === 'customer' && !existing.stub) {
        const earlier = await tx.listMessages(e.conversationId, { before: { at: existing.createdAt, id: existing.id }, limit: 100 });
        for (const m of earlier) {
          if (m.direction !== 'outbound') continue;
          if (m.readAt !== undefined) break;
          m.readAt = item.at;
          await tx.putMessage(m);
        }
      }
      out.push(e);
      break;
    }

    case 'postback':
    case 'referral': {
      // Also a row of the thread (KitMessage.postback / .referral), so the agent sees what the
      // customer tapped or where they came from — not only a bot listening to the event.
      out.push(e);
      const row = systemRow(item, e);
      if (await tx.getMessage(row.accountId, row.id)) {
        await touchInbound(e.conversationId);
        break;
      }
      await tx.putMessage(row);
      out.push({ type: 'message', accountId: row.accountId, conversationId: row.conversationId, at: item.at, message: row });
      // A postback previews as its title and counts as unread; a bare referral only opens the window.
      if (row.postback) update(conversationAfterMessage(await loadConversation(row.conversationId), row, { isNew: true }));
      else await touchInbound(e.conversationId);
      break;
    }

    case 'optin': {
      const c = await loadConversation(e.conversationId);
      update({ ...c, consent: { state: e.state, at: item.at, ...(e.topic ? { topic: e.topic } : {}) } });
      out.push(e);
      break;
    }

    case 'comment':
      out.push(...(await applyComment(tx, e)));
      break;

    case 'handover': {
      const c = await loadConversation(e.conversationId);
      if (!c.routing || item.at >= c.routing.since) {
        const change = {
          action: e.action,
          at: item.at,
          ...(e.previousAppId ? { previousAppId: e.previousAppId } : {}),
          ...(e.newAppId ? { newAppId: e.newAppId } : {}),
          ...(e.requestedByAppId ? { requestedByAppId: e.requestedByAppId } : {}),
          ...(e.metadata ? { metadata: e.metadata } : {}),
        };
        update({ ...c, routing: routingAfterHandover(c.routing, change, apps) });
      }
      out.push(e);
      break;
    }

    default:
      out.push(e);
  }

  if (item.standby && 'conversationId' in e && typeof e.conversationId === 'string') {
    const c = await loadConversation(e.conversationId);
    const routing = !c.routing || item.at >= c.routing.since ? routingAfterStandby(c.routing, item.at) : c.routing;
    if (routing !== c.routing) update({ ...c, routing });
  }

  if (conversationChanged && conversation) {
    const c = withWindowState(conversation, now);
    c.updatedAt = now;
    await tx.putConversation(c);
    out.push({ type: 'conversation_updated', accountId: c.accountId, conversationId: c.id, at: item.at, conversation: c });
  }

  const logged: LoggedEvent[] = [];
  for (const ev of out) logged.push(await tx.appendEvent(ev));
  return logged;
}
