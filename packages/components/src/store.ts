/**
 * The kit's state: a zustand *vanilla* store (no React here, so it runs on the server and in
 * tests), one per provider so several kit instances can live on one page. Data transitions are the
 * pure functions in `reducers.ts`; this module adds the actions that talk to the proxy.
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import { isLocalMessageId, localMessageId, parseConversationId } from '@kit/core';
import type { KitAttachment, KitEvent, KitMessage, KitReplyTo, KitStatusReason } from '@kit/core';
import { KitClientError } from './client';
import type { KitClient, KitSendRecord, KitSendRequest } from './client';
import type { KitConnectionState } from './events';
import * as R from './reducers';
import type { KitData, KitLoadError } from './reducers';

/** What a caller (the Composer, a bot button, your own UI) asks to send. */
export type KitSendDraft = Omit<KitSendRequest, 'to' | 'clientId'> & {
  /** What to show in the thread until the proxy answers (e.g. local blob URLs of picked files). */
  preview?: KitAttachment[];
};

export interface KitActions {
  connection: KitConnectionState;
  setConnection(state: KitConnectionState): void;
  applyEvent(event: KitEvent): void;
  loadConversations(): Promise<void>;
  /** Load the newest page of a thread (no-op when loaded or loading, unless `force`). */
  loadThread(conversationId: string, options?: { force?: boolean }): Promise<void>;
  /** Load the next older page; no-op at the beginning of the thread or while loading. */
  loadOlder(conversationId: string): Promise<void>;
  /** Optimistic send; resolves with the clientId once the proxy answered (or failed). */
  send(conversationId: string, draft: KitSendDraft): Promise<string>;
  /** Send a failed or uncertain message again. */
  retry(conversationId: string, clientId: string): Promise<void>;
  /** Drop a failed or uncertain message from the thread (it was never confirmed). */
  discard(conversationId: string, clientId: string): void;
  /** React (or with `null`, unreact) to a message as the business; optimistic. */
  react(conversationId: string, messageId: string, reaction: string | null): Promise<void>;
  /** The agent has seen the thread: clear its unread count here and at the proxy (optimistic). */
  markRead(conversationId: string): Promise<void>;
  /** Mark a conversation unread again, here at once and at the proxy (rolled back if it refuses). */
  markUnread(conversationId: string): Promise<void>;
  /** Reload the conversation list and every loaded thread (after the event stream was reset). */
  reloadAll(): Promise<void>;
  /** Put data into the store without the network (SSR hydration, stories, benchmarks). */
  seedThread(conversationId: string, messages: KitMessage[], nextBefore?: string | null): void;
  seedConversations(conversations: Parameters<typeof R.setConversations>[1]): void;
}

export type KitState = KitData & KitActions;
export type KitStore = StoreApi<KitState>;

export interface KitStoreOptions {
  client: KitClient;
  accountId: string;
  /** Messages per page when loading a thread. */
  pageSize?: number;
  /** Clock (tests). */
  now?: () => number;
  /** Idempotency keys for sends (tests). */
  newClientId?: () => string;
}

const defaultClientId = () =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;

export function toLoadError(err: unknown): KitLoadError {
  if (err instanceof KitClientError) return { code: err.code, message: err.message, retryable: err.retryable };
  return { code: 'unknown', message: err instanceof Error ? err.message : String(err), retryable: true };
}

function reasonOf(err: unknown): KitStatusReason {
  if (err instanceof KitClientError) {
    return {
      code: err.code,
      message: err.message,
      category: err.category,
      retryable: err.retryable,
      ...(err.graph ? { graph: err.graph } : {}),
    };
  }
  return { code: 'unknown', message: err instanceof Error ? err.message : String(err), category: 'unknown', retryable: true };
}

/** What to render for a draft until the proxy's echo arrives. */
function optimisticAttachments(draft: KitSendDraft): KitAttachment[] {
  if (draft.preview) return draft.preview;
  if (draft.sticker === 'like_heart') return [{ type: 'like_heart' }];
  const list = draft.attachments ?? (draft.attachment ? [draft.attachment] : []);
  return list.map((a) => ({ type: a.type, ...(a.url ? { url: a.url } : {}), ...(a.attachmentId ? { attachmentId: a.attachmentId } : {}) }));
}

export function createKitStore(options: KitStoreOptions): KitStore {
  const { client, accountId } = options;
  if (!client) throw new TypeError('createKitStore: pass { client } (from createKitClient({ baseUrl }))');
  if (!accountId) throw new TypeError('createKitStore: pass { accountId }, the business account this inbox serves');
  const now = options.now ?? Date.now;
  const newClientId = options.newClientId ?? defaultClientId;
  const pageSize = options.pageSize ?? 50;
  // The request bodies of sends not yet confirmed, for retries. Not state: nothing renders them.
  const drafts = new Map<string, KitSendDraft>();

  return createStore<KitState>()((set, get) => {
    const update = (fn: (s: KitData) => KitData) => set((s) => fn(s) as KitState);

    const post = async (conversationId: string, clientId: string, draft: KitSendDraft) => {
      const to = get().conversations[conversationId]?.customerId ?? parseConversationId(conversationId)?.customerId;
      if (!to) throw new TypeError(`send: ${conversationId} is not a conversation id (expected "<accountId>:<igsid>")`);
      const { preview: _preview, ...body } = draft;
      let record: KitSendRecord;
      try {
        record = await client.sendMessage(accountId, { ...body, to, clientId });
      } catch (err) {
        update((s) => R.applySendStatus(s, conversationId, clientId, 'failed', reasonOf(err)));
        return;
      }
      const m = record.message;
      const status = record.status ?? m?.status ?? 'queued';
      const reason = record.reason ?? m?.statusReason;
      const messageId = record.messageId ?? (m && !isLocalMessageId(m.id) ? m.id : undefined);
      // The proxy's copy replaces the placeholder (same row, Graph id once known).
      if (m) update((s) => R.upsertMessage(s, { ...m, clientId, status }));
      update((s) => R.applySendStatus(s, conversationId, clientId, status, reason, messageId));
      if (status === 'sent') drafts.delete(clientId);
    };

    return {
      ...R.initialData(),
      connection: 'idle',
      setConnection: (connection) => set({ connection }),
      applyEvent: (event) => {
        update((s) => R.applyEvent(s, event));
        if (event.type === 'send_status' && event.status === 'sent') drafts.delete(event.clientId);
      },

      async loadConversations() {
        if (get().conversationsStatus === 'loading') return;
        set({ conversationsStatus: 'loading', conversationsError: undefined });
        try {
          const page = await client.listConversations(accountId);
          update((s) => R.setConversations(s, page.conversations));
        } catch (err) {
          set({ conversationsStatus: 'error', conversationsError: toLoadError(err) });
        }
      },

      async loadThread(conversationId, options = {}) {
        const t = get().threads[conversationId];
        if (t && !options.force && (t.status === 'loading' || t.status === 'ready')) return;
        update((s) => R.threadLoading(s, conversationId, false));
        try {
          const page = await client.listMessages(accountId, conversationId, { limit: pageSize });
          update((s) => R.applyPage(s, conversationId, page, false));
        } catch (err) {
          update((s) => R.threadFailed(s, conversationId, false, toLoadError(err)));
        }
      },

      async loadOlder(conversationId) {
        const t = get().threads[conversationId];
        if (!t || t.status !== 'ready' || t.loadingOlder || t.nextBefore === null) return;
        update((s) => R.threadLoading(s, conversationId, true));
        try {
          const page = await client.listMessages(accountId, conversationId, { before: t.nextBefore, limit: pageSize });
          update((s) => R.applyPage(s, conversationId, page, true));
        } catch (err) {
          update((s) => R.threadFailed(s, conversationId, true, toLoadError(err)));
        }
      },

      async send(conversationId, draft) {
        const clientId = newClientId();
        const to = get().conversations[conversationId]?.customerId ?? parseConversationId(conversationId)?.customerId ?? '';
        const replyTo: KitReplyTo | undefined = draft.replyTo ? { messageId: draft.replyTo } : undefined;
        const message: KitMessage = {
          id: localMessageId(clientId),
          conversationId,
          accountId,
          direction: 'outbound',
          from: { id: accountId },
          to: { id: to },
          ...(draft.text !== undefined ? { text: draft.text } : {}),
          attachments: optimisticAttachments(draft),
          ...(replyTo ? { replyTo } : {}),
          createdAt: now(),
          editCount: 0,
          deleted: false,
          reactions: [],
          status: 'sending',
          clientId,
          ...(draft.tag ? { tag: draft.tag } : {}),
          ...(draft.automated ? { automated: true } : {}),
        };
        drafts.set(clientId, draft);
        update((s) => R.upsertMessage(s, message));
        await post(conversationId, clientId, draft);
        return clientId;
      },

      async retry(conversationId, clientId) {
        const t = get().threads[conversationId];
        const id = t?.byClientId[clientId];
        const m = id ? t?.byId.get(id) : undefined;
        const draft = drafts.get(clientId);
        if (!m || !draft || (m.status !== 'failed' && m.status !== 'uncertain')) return;
        if (m.status === 'failed' && m.statusReason?.category === 'network') {
          // The proxy never answered: the same clientId is safe, the proxy deduplicates by it.
          update((s) => R.applySendStatus(s, conversationId, clientId, 'sending'));
          await post(conversationId, clientId, draft);
          return;
        }
        // The proxy already recorded an outcome for this clientId; a deliberate resend needs a new key.
        const fresh = newClientId();
        drafts.delete(clientId);
        drafts.set(fresh, draft);
        update((s) => R.rekeyLocalMessage(s, conversationId, clientId, fresh));
        await post(conversationId, fresh, draft);
      },

      discard(conversationId, clientId) {
        const t = get().threads[conversationId];
        const id = t?.byClientId[clientId];
        const m = id ? t?.byId.get(id) : undefined;
        if (!id || !m || m.status === 'sent') return;
        drafts.delete(clientId);
        update((s) => R.removeMessage(s, conversationId, id));
      },

      async react(conversationId, messageId, reaction) {
        const before = get().threads[conversationId]?.byId.get(messageId)?.reactions;
        const to = get().conversations[conversationId]?.customerId ?? parseConversationId(conversationId)?.customerId;
        if (!before || !to) return;
        const at = now();
        const event: KitEvent = reaction
          ? { type: 'reaction', accountId, conversationId, at, messageId, action: 'react', by: 'business', reaction }
          : { type: 'reaction', accountId, conversationId, at, messageId, action: 'unreact', by: 'business' };
        update((s) => R.applyEvent(s, event));
        try {
          await client.react(accountId, reaction ? { to, messageId, reaction, action: 'react' } : { to, messageId, action: 'unreact' });
        } catch (err) {
          // Put the reactions back as they were: the proxy refused.
          update((s) => {
            const th = s.threads[conversationId];
            const m = th?.byId.get(messageId);
            if (!th || !m) return s;
            return { ...s, threads: { ...s.threads, [conversationId]: { ...th, byId: new Map(th.byId).set(messageId, { ...m, reactions: before }) } } };
          });
          throw err;
        }
      },

      async markRead(conversationId) {
        const conv = get().conversations[conversationId];
        if (!conv || conv.unreadCount === 0 || !client.markRead) return;
        update((s) => R.upsertConversation(s, { ...conv, unreadCount: 0 }));
        try {
          const res = await client.markRead(accountId, conversationId);
          const next = res && 'conversation' in res ? res.conversation : res;
          if (next?.id === conversationId) update((s) => R.upsertConversation(s, next));
        } catch {
          // Not fatal: the badge comes back so the agent knows the proxy did not record it.
          update((s) => {
            const c = s.conversations[conversationId];
            return c && c.unreadCount === 0 ? R.upsertConversation(s, { ...c, unreadCount: conv.unreadCount }) : s;
          });
        }
      },

      async markUnread(conversationId) {
        const conv = get().conversations[conversationId];
        if (!conv || conv.unreadCount > 0) return;
        update((s) => R.upsertConversation(s, { ...conv, unreadCount: 1 }));
        try {
          const res = await client.markUnread?.(accountId, conversationId);
          const next = res && 'conversation' in res ? res.conversation : res;
          if (next?.id === conversationId) update((s) => R.upsertConversation(s, next));
        } catch (err) {
          update((s) => {
            const c = s.conversations[conversationId];
            return c ? R.upsertConversation(s, { ...c, unreadCount: conv.unreadCount }) : s;
          });
          throw err;
        }
      },

      async reloadAll() {
        const s = get();
        const loaded = Object.keys(s.threads).filter((cid) => s.threads[cid]!.status === 'ready' || s.threads[cid]!.status === 'error');
        await Promise.all([
          s.conversationsStatus === 'idle' ? Promise.resolve() : s.loadConversations(),
          ...loaded.map((cid) => s.loadThread(cid, { force: true })),
        ]);
      },

      seedThread(conversationId, messages, nextBefore = null) {
        update((s) => R.applyPage(s, conversationId, { messages, nextBefore }, false));
      },
      seedConversations(conversations) {
        update((s) => R.setConversations(s, conversations));
      },
    };
  });
}
