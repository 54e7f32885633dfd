/**
 * Pure state transitions of the kit store. Normalized so that one new message re-renders one row:
 * each thread keeps an ordered id list and a Map by id; a row component selects
 * `threads[cid].byId.get(id)` and only re-renders when that one object is replaced. Updates copy only
 * the thread they touch (never a global message map), so a 100,000-message thread does not make
 * events in other conversations slow.
 */
import { conversationAfterMessage, conversationAfterUnsend, isLocalMessageId, localMessageId, messagePreview, tombstoneOf } from '@kit/core';
import type { KitAccountPause, KitAttachment, KitConversation, KitEvent, KitMessage, KitStatusReason, SendStatus } from '@kit/core';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface KitLoadError {
  code: string;
  message: string;
  retryable: boolean;
}

export interface ThreadState {
  /** Message ids, oldest first. */
  ids: string[];
  /**
   * Messages by id. A Map, not an object: indexing 100,000 ids into an object's dictionary costs
   * ~2–3× the time and ~2.5 MB more heap (every key string is internalized). Never mutated: an
   * update makes a new Map.
   */
  byId: ReadonlyMap<string, KitMessage>;
  /** clientId → current message id (`local:<clientId>` until Graph returned a mid). */
  byClientId: Record<string, string>;
  status: LoadStatus;
  error?: KitLoadError;
  /** Cursor for the next older page; `null` = the beginning of the thread is loaded. */
  nextBefore: string | null;
  loadingOlder: boolean;
  olderError?: KitLoadError;
  /** The customer has seen outbound messages created up to this time (messaging_seen). */
  seenUpTo?: number;
}

export interface KitData {
  conversations: Record<string, KitConversation>;
  /** Conversation ids, newest activity first. */
  conversationIds: string[];
  conversationsStatus: LoadStatus;
  conversationsError?: KitLoadError;
  threads: Record<string, ThreadState>;
  lastEventId: string | null;
  /**
   * An operator's pause of each account's sending (GET /accounts, then `account_updated` events);
   * absent: not known yet, null: sending normally.
   */
  accountPause: Record<string, KitAccountPause | null>;
}

export const initialData = (): KitData => ({
  conversations: {},
  conversationIds: [],
  conversationsStatus: 'idle',
  threads: {},
  lastEventId: null,
  accountPause: {},
});

export const emptyThread = (): ThreadState => ({
  ids: [],
  byId: new Map(),
  byClientId: {},
  status: 'idle',
  nextBefore: null,
  loadingOlder: false,
});

// ---------------------------------------------------------------------------------------------
// Conversations
// ---------------------------------------------------------------------------------------------

const byActivity = (convs: Record<string, KitConversation>) => (a: string, b: string) =>
  (convs[b]?.lastMessageAt ?? 0) - (convs[a]?.lastMessageAt ?? 0);

export function setConversations(state: KitData, list: KitConversation[]): KitData {
  const conversations: Record<string, KitConversation> = {};
  for (const c of list) conversations[c.id] = c;
  const conversationIds = Object.keys(conversations).sort(byActivity(conversations));
  return { ...state, conversations, conversationIds, conversationsStatus: 'ready', conversationsError: undefined };
}

export function upsertConversation(state: KitData, conv: KitConversation): KitData {
  const conversations = { ...state.conversations, [conv.id]: conv };
  const conversationIds = state.conversationIds.includes(conv.id) ? [...state.conversationIds] : [...state.conversationIds, conv.id];
  conversationIds.sort(byActivity(conversations));
  return { ...state, conversations, conversationIds };
}

/** Move a conversation's preview, window and unread count after a message arrives or changes (core's rules). */
function touchConversation(state: KitData, message: KitMessage, isNew: boolean): KitData {
  const conv = state.conversations[message.conversationId];
  if (!conv) return state;
  const next = conversationAfterMessage(conv, message, { isNew });
  return next === conv ? state : upsertConversation(state, next);
}

// ---------------------------------------------------------------------------------------------
// Threads
// ---------------------------------------------------------------------------------------------

function withThread(state: KitData, cid: string, fn: (t: ThreadState) => ThreadState): KitData {
  const prev = state.threads[cid] ?? emptyThread();
  const next = fn(prev);
  return next === prev ? state : { ...state, threads: { ...state.threads, [cid]: next } };
}

export function threadLoading(state: KitData, cid: string, older: boolean): KitData {
  return withThread(state, cid, (t) =>
    older ? { ...t, loadingOlder: true, olderError: undefined } : { ...t, status: 'loading', error: undefined },
  );
}

export function threadFailed(state: KitData, cid: string, older: boolean, error: KitLoadError): KitData {
  return withThread(state, cid, (t) => (older ? { ...t, loadingOlder: false, olderError: error } : { ...t, status: 'error', error }));
}

/** Index at which a message created at `at` belongs (after equal timestamps), searching from the end. */
function insertionIndex(ids: string[], byId: ReadonlyMap<string, KitMessage>, at: number): number {
  let lo = 0;
  let hi = ids.length;
  // Fast path: live messages are almost always the newest.
  const last = ids[hi - 1];
  if (last === undefined || (byId.get(last)?.createdAt ?? 0) <= at) return hi;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((byId.get(ids[mid]!)?.createdAt ?? 0) <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Apply a page from `listMessages`. `older` pages are prepended; the first page replaces what is
 * there but keeps live messages newer than it (they may have arrived while it loaded) and pending
 * local sends.
 */
export function applyPage(state: KitData, cid: string, page: { messages: KitMessage[]; nextBefore: string | null }, older: boolean): KitData {
  return withThread(state, cid, (t) => {
    if (t.ids.length === 0) return { ...t, ...indexPage(page.messages), nextBefore: page.nextBefore, ...pageLoaded(older) };
    const byId = new Map(t.byId);
    const byClientId = { ...t.byClientId };
    const fresh: string[] = [];
    let dropped = false;
    for (const m of page.messages) {
      if (byId.has(m.id)) continue;
      // An echo of a local send: drop the placeholder, keep the real message.
      if (m.clientId && byClientId[m.clientId] && byClientId[m.clientId] !== m.id) {
        byId.delete(byClientId[m.clientId]!);
        dropped = true;
      }
      if (m.clientId) byClientId[m.clientId] = m.id;
      byId.set(m.id, m);
      fresh.push(m.id);
    }
    const at = (id: string) => byId.get(id)!.createdAt;
    // Pages arrive oldest → newest; only sort when one does not (sorting 100k ids is not free).
    let sorted = true;
    for (let i = 1; i < fresh.length && sorted; i++) sorted = at(fresh[i - 1]!) <= at(fresh[i]!);
    if (!sorted) fresh.sort((a, b) => at(a) - at(b));
    // Placeholders replaced by their echo were deleted from byId: drop them from the ids too.
    const kept = dropped ? t.ids.filter((id) => byId.has(id)) : t.ids;
    let ids: string[];
    if (older) ids = fresh.concat(kept);
    else {
      // Merge two sorted lists: what we had (live messages, pending sends, older pages) and the page.
      ids = [];
      let i = 0;
      let j = 0;
      while (i < kept.length || j < fresh.length) {
        const a = kept[i];
        const b = fresh[j];
        if (b === undefined || (a !== undefined && at(a) <= at(b))) {
          ids.push(a!);
          i++;
        } else {
          ids.push(b);
          j++;
        }
      }
    }
    return { ...t, ids, byId, byClientId, nextBefore: page.nextBefore, ...pageLoaded(older) };
  });
}

const pageLoaded = (older: boolean) => (older ? { loadingOlder: false, olderError: undefined } : { status: 'ready' as const, error: undefined });

/**
 * The first page of an empty thread (or a seeded history of any length): one Map operation per
 * message, no copies of the messages, the id list allocated once at its length; sorted only if
 * the page is not oldest-first. A page that repeats an id (Graph does not) keeps one row for it,
 * with its last copy.
 */
function indexPage(messages: readonly KitMessage[]): Pick<ThreadState, 'ids' | 'byId' | 'byClientId'> {
  const byId = new Map<string, KitMessage>();
  const byClientId: Record<string, string> = {};
  let sorted = true;
  let last = -Infinity;
  for (const m of messages) {
    byId.set(m.id, m);
    if (m.clientId) byClientId[m.clientId] = m.id;
    if (m.createdAt < last) sorted = false;
    else last = m.createdAt;
  }
  const unique = byId.size === messages.length;
  const ids = unique ? messages.map((m) => m.id) : [...byId.keys()];
  if (!sorted || !unique) ids.sort((a, b) => byId.get(a)!.createdAt - byId.get(b)!.createdAt);
  return { ids, byId, byClientId };
}

/** Insert or replace one message (live event, optimistic send, echo). */
/**
 * The same message from two sources (echo webhook, POST answer, send_status): later fields win, but
 * an attachment keeps what only one source knew — the echo carries Meta's CDN url, the POST answer
 * only the attachment id — so whichever lands last never blanks the image.
 */
export function mergeMessage(old: KitMessage, next: KitMessage): KitMessage {
  const merged = { ...old, ...next };
  // A tombstone erases content: never bring an attachment back into it.
  if (!next.deleted && next.attachments.length > 0 && next.attachments.length === old.attachments.length) {
    merged.attachments = next.attachments.map((a, i) => ({ ...old.attachments[i], ...a }) as KitAttachment);
  }
  return merged;
}

export function upsertMessage(state: KitData, message: KitMessage): KitData {
  let m = message;
  let isNew = false;
  const next = withThread(state, m.conversationId, (t) => {
    const byId = new Map(t.byId);
    let ids = t.ids;
    const byClientId = { ...t.byClientId };
    const placeholder = m.clientId ? t.byClientId[m.clientId] : undefined;
    const current = byId.get(m.id);
    if (placeholder && placeholder !== m.id && byId.has(placeholder)) {
      // Echo/confirmation of an optimistic send: take the placeholder's place — or, when the
      // echo already arrived on its own (without our clientId), drop the placeholder.
      const old = byId.get(placeholder)!;
      byId.delete(placeholder);
      ids = current ? ids.filter((id) => id !== placeholder) : ids.map((id) => (id === placeholder ? m.id : id));
      if (current) m = mergeMessage(current, m);
      // A real Graph id means Meta accepted it.
      byId.set(m.id, { ...m, status: m.status ?? (isLocalMessageId(m.id) ? old.status : 'sent') });
    } else if (current) {
      byId.set(m.id, { ...mergeMessage(current, m), status: m.status ?? current.status, statusReason: m.statusReason ?? (m.status ? undefined : current.statusReason) });
    } else {
      byId.set(m.id, m);
      ids = [...ids];
      ids.splice(insertionIndex(ids, byId, m.createdAt), 0, m.id);
      isNew = !isLocalMessageId(m.id);
    }
    if (m.clientId) byClientId[m.clientId] = m.id;
    return { ...t, ids, byId, byClientId };
  });
  return touchConversation(next, m, isNew);
}

function patchMessage(state: KitData, cid: string, id: string, fn: (m: KitMessage) => KitMessage): KitData {
  const t = state.threads[cid];
  const m = t?.byId.get(id);
  if (!t || !m) return state;
  const updated = fn(m);
  const next = withThread(state, cid, (th) => ({ ...th, byId: new Map(th.byId).set(id, updated) }));
  const conv = next.conversations[cid];
  return conv?.lastMessage?.id === id ? upsertConversation(next, { ...conv, lastMessage: messagePreview(updated) }) : next;
}

/** Record a send status by clientId (optimistic result, POST answer or `send_status` event). */
export function applySendStatus(
  state: KitData,
  cid: string,
  clientId: string,
  status: SendStatus,
  reason?: KitStatusReason,
  messageId?: string,
): KitData {
  const t = state.threads[cid];
  const current = t?.byClientId[clientId];
  if (!t || !current) return state;
  const m = t.byId.get(current);
  if (!m) return state;
  // Statuses only move forward, except that a retry (handled by the store) starts over.
  if (m.status === 'sent' && status !== 'sent') return state;
  const updated: KitMessage = { ...m, status, ...(reason ? { statusReason: reason } : { statusReason: undefined }) };
  if (messageId && messageId !== current) {
    if (t.byId.has(messageId)) {
      // The echo arrived first: keep it, drop the placeholder, merge the status.
      return withThread(state, cid, (th) => {
        const byId = new Map(th.byId);
        byId.delete(current);
        byId.set(messageId, { ...byId.get(messageId)!, status, clientId });
        return { ...th, byId, ids: th.ids.filter((id) => id !== current), byClientId: { ...th.byClientId, [clientId]: messageId } };
      });
    }
    const renamed = { ...updated, id: messageId };
    const next = withThread(state, cid, (th) => {
      const byId = new Map(th.byId);
      byId.delete(current);
      byId.set(messageId, renamed);
      return { ...th, byId, ids: th.ids.map((id) => (id === current ? messageId : id)), byClientId: { ...th.byClientId, [clientId]: messageId } };
    });
    const conv = next.conversations[cid];
    return conv?.lastMessage?.id === current ? upsertConversation(next, { ...conv, lastMessage: messagePreview(renamed) }) : next;
  }
  return patchMessage(state, cid, current, () => updated);
}

/** Remove an unsent local message (discard after failed/uncertain). */
export function removeMessage(state: KitData, cid: string, id: string): KitData {
  return withThread(state, cid, (t) => {
    const clientId = t.byId.get(id)?.clientId;
    if (!t.byId.has(id)) return t;
    const byId = new Map(t.byId);
    byId.delete(id);
    const byClientId = { ...t.byClientId };
    if (clientId) delete byClientId[clientId];
    return { ...t, byId, byClientId, ids: t.ids.filter((x) => x !== id) };
  });
}

/** Re-key a local message to a fresh clientId (a retry that must not be deduplicated away). */
export function rekeyLocalMessage(state: KitData, cid: string, oldClientId: string, newClientId: string): KitData {
  return withThread(state, cid, (t) => {
    const id = t.byClientId[oldClientId];
    const m = id ? t.byId.get(id) : undefined;
    if (!id || !m) return t;
    const newId = localMessageId(newClientId);
    const byId = new Map(t.byId);
    byId.delete(id);
    byId.set(newId, { ...m, id: newId, clientId: newClientId, status: 'sending', statusReason: undefined });
    const byClientId = { ...t.byClientId };
    delete byClientId[oldClientId];
    byClientId[newClientId] = newId;
    return { ...t, byId, byClientId, ids: t.ids.map((x) => (x === id ? newId : x)) };
  });
}

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

/** Apply one live KitEvent. Unknown or irrelevant events return the same state object. */
export function applyEvent(state: KitData, event: KitEvent): KitData {
  const s = event.id ? { ...state, lastEventId: event.id } : state;
  switch (event.type) {
    case 'message':
      return upsertMessage(s, event.message);
    case 'message_edited':
      return patchMessage(s, event.conversationId, event.messageId, (m) => ({
        ...m,
        ...(event.text !== undefined ? { text: event.text } : {}),
        editCount: event.editCount,
        editedAt: event.at,
      }));
    case 'message_deleted':
    {
      // Meta's terms: erase the content, keep a tombstone.
      const before = s.threads[event.conversationId]?.byId.get(event.messageId);
      if (!before || before.deleted) return s;
      const next = patchMessage(s, event.conversationId, event.messageId, tombstoneOf);
      const conv = next.conversations[event.conversationId];
      const after = conv && conversationAfterUnsend(conv, before);
      return after && after !== conv ? upsertConversation(next, after) : next;
    }
    case 'reaction':
      return patchMessage(s, event.conversationId, event.messageId, (m) => {
        const others = m.reactions.filter((r) => r.by !== event.by);
        return event.action === 'unreact' || !event.reaction
          ? { ...m, reactions: others }
          : { ...m, reactions: [...others, { by: event.by, reaction: event.reaction, ...(event.emoji ? { emoji: event.emoji } : {}), at: event.at }] };
      });
    case 'read': {
      if (event.by === 'business') {
        const conv = s.conversations[event.conversationId];
        return conv && conv.unreadCount !== 0 ? upsertConversation(s, { ...conv, unreadCount: 0 }) : s;
      }
      const t = s.threads[event.conversationId];
      const seen = t?.byId.get(event.messageId)?.createdAt ?? event.at;
      return withThread(s, event.conversationId, (th) => (th.seenUpTo !== undefined && th.seenUpTo >= seen ? th : { ...th, seenUpTo: seen }));
    }
    case 'send_status':
      return applySendStatus(s, event.conversationId, event.clientId, event.status, event.reason, event.messageId);
    case 'conversation_updated':
      return upsertConversation(s, event.conversation);
    case 'account_updated':
      return { ...s, accountPause: { ...s.accountPause, [event.accountId]: event.paused } };
    default:
      return s;
  }
}

/** Whether an outbound message has been seen by the customer. */
export function isSeen(message: KitMessage, seenUpTo: number | undefined): boolean {
  return message.direction === 'outbound' && (message.readAt !== undefined || (seenUpTo !== undefined && message.createdAt <= seenUpTo));
}
