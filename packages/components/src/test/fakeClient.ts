/**
 * An in-memory stand-in for the proxy behind a KitClient, for component tests and stories: it
 * serves conversations and paged threads from fixtures and records sends. Latency is optional so
 * stories can show loading states.
 */
import { checkSavedReply, conversationMatchesFilters, personSearchText, searchSnippet, searchTerms, searchWords, wordsMatchTerms } from '@kit/core';
import type { KitConversation, KitEvent, KitMessage, KitSavedReply, KitSearchMatch } from '@kit/core';
import { KitClientError } from '../client';
import type { KitAccountPause } from '@kit/core';
import type { KitMessengerProfileUpdate } from '@kit/core';
import type { KitClient, KitConversationSearch, KitMessengerProfileView, KitDeadLetter, KitOutboxSend, KitSendOutcome, KitSendRecord, KitSendRequest } from '../client';
import { ACCOUNT, CONVERSATIONS } from './fixtures';

export interface FakeProxy {
  client: KitClient;
  sends: KitSendRequest[];
  /** Conversation ids marked read. */
  reads: string[];
  /** Conversation ids marked unread. */
  unreads: string[];
  /** Sends not settled yet, as GET /accounts/:id/outbox serves them (a resolved one leaves). */
  outbox: KitOutboxSend[];
  /** resolveSend calls, in order. */
  resolves: { clientId: string; outcome: KitSendOutcome }[];
  /** Replays and discards of dead letters, in order. */
  deadActions: { id: string; action: 'replay' | 'discard' }[];
  /** pauseAccount (its message) and resumeAccount (null) calls, in order. */
  pauses: (string | null)[];
  /** The account's ice breakers and menu as GET /accounts/:id/profile serves them; setProfile updates it. */
  profile: KitMessengerProfileView;
  /** setProfile calls, in order. */
  profileUpdates: KitMessengerProfileUpdate[];
  /** The account's saved replies as the fake proxy keeps them (changed by the settings panel). */
  savedReplies: KitSavedReply[];
  /** searchConversations calls, in order (without their signal). */
  searches: Omit<KitConversationSearch, 'signal'>[];
  /** Queue live events for the long-poll fallback. */
  push(event: KitEvent): void;
}

export function fakeProxy(options: {
  conversations?: KitConversation[] | Error | 'never';
  threads?: Record<string, KitMessage[]>;
  threadError?: Error;
  pageSize?: number;
  latencyMs?: number;
  sendResult?: (b: KitSendRequest) => KitSendRecord | Error;
  /** The operator routes: sends not settled yet, dead letters (or 'forbidden': a 403), the pause. */
  outbox?: KitOutboxSend[];
  deadLetters?: KitDeadLetter[] | 'forbidden';
  paused?: KitAccountPause | null;
  /** The clock pauseAccount stamps `since` with (and the search judges window filters at). */
  now?: () => number;
  /** The account's ice breakers and menu (<ProfileSettings>); 'error' makes both routes fail. */
  profile?: Partial<KitMessengerProfileView> | 'error';
  /** Saved replies the proxy starts with (or 'failing': listing them fails). */
  savedReplies?: KitSavedReply[] | 'failing';
  /** The search: served from the conversations and threads (default), never answered, or failing. */
  search?: 'never' | Error;
} = {}): FakeProxy {
  const profileUpdates: KitMessengerProfileUpdate[] = [];
  let profile: KitMessengerProfileView = { iceBreakers: [], persistentMenu: [], otherLocales: [], ...(options.profile === 'error' ? {} : options.profile) };
  const profileFails = () => new KitClientError({ code: 'graph_unreachable', message: 'Instagram did not answer (fake).', status: 503, retryable: true, category: 'network' });
  const searches: FakeProxy['searches'] = [];
  const sends: KitSendRequest[] = [];
  const reads: string[] = [];
  const unreads: string[] = [];
  const queue: KitEvent[] = [];
  const outbox = [...(options.outbox ?? [])];
  const resolves: FakeProxy['resolves'] = [];
  const deadLetters: KitDeadLetter[] = options.deadLetters === 'forbidden' ? [] : [...(options.deadLetters ?? [])];
  const deadActions: FakeProxy['deadActions'] = [];
  const pauses: FakeProxy['pauses'] = [];
  let paused = options.paused ?? null;
  const savedReplies: KitSavedReply[] = options.savedReplies === 'failing' ? [] : [...(options.savedReplies ?? [])];
  let savedNo = 0;
  const clientError = (status: number, code: string, message: string) => new KitClientError({ code, message, status, retryable: false, category: 'validation' });
  /** The proxy's refusals, in the same order: body rules (core's checkSavedReply), then a duplicate shortcut. */
  const refuseSaved = (reply: { shortcut?: string; text?: string }, id?: string) => {
    const issue = checkSavedReply(reply)[0];
    if (issue) return clientError(400, issue.code === 'unknown_variables' ? 'unknown_variables' : issue.field === 'shortcut' ? 'invalid_shortcut' : 'invalid_text', `Refused: ${issue.code}`);
    if (reply.shortcut !== undefined && savedReplies.some((r) => r.shortcut === reply.shortcut && r.id !== id)) return clientError(409, 'duplicate_shortcut', `The shortcut "${reply.shortcut}" is taken`);
    return null;
  };
  let wake: (() => void) | null = null;
  const wait = <T>(read: () => T) =>
    new Promise<T>((resolve, reject) =>
      setTimeout(() => {
        try {
          resolve(read());
        } catch (e) {
          reject(e);
        }
      }, options.latencyMs ?? 0),
    );
  const client: KitClient = {
    baseUrl: '/kit',
    getProfile: () => (options.profile === 'error' ? Promise.reject(profileFails()) : wait(() => ({ profile: structuredClone(profile) }))),
    setProfile: (_accountId, update) => {
      if (options.profile === 'error') return Promise.reject(profileFails());
      profileUpdates.push(structuredClone(update));
      return wait(() => {
        profile = { ...profile, ...update };
        return { profile: structuredClone(profile) };
      });
    },
    listAccounts: () => Promise.resolve([{ id: ACCOUNT, status: 'connected' as const, backfill: { state: 'done' as const }, paused }]),
    listConversations: () => {
      const c = options.conversations ?? CONVERSATIONS;
      if (c === 'never') return new Promise(() => {});
      return wait(() => {
        if (c instanceof Error) throw c;
        return { conversations: c };
      });
    },
    listMessages: (_a, cid, page) =>
      wait(() => {
        if (options.threadError) throw options.threadError;
        const all = options.threads?.[cid] ?? [];
        const end = page?.before ? Number(page.before) : all.length;
        const start = Math.max(0, end - (page?.limit ?? options.pageSize ?? 50));
        return { messages: all.slice(start, end), nextBefore: start === 0 ? null : String(start) };
      }),
    // The proxy's rule (core's search.ts) over the fixtures: every match names the newest message.
    searchConversations: (_a, { signal: _signal, ...asked }) => {
      searches.push(asked);
      if (options.search === 'never') return new Promise(() => {});
      return wait(() => {
        if (options.search instanceof Error) throw options.search;
        const terms = searchTerms(asked.q ?? '');
        const list = options.conversations instanceof Array ? options.conversations : CONVERSATIONS;
        const matches: Record<string, KitSearchMatch> = {};
        const found = list.filter((c) => {
          if (!conversationMatchesFilters(c, asked.filters ?? [], (options.now ?? Date.now)())) return false;
          if (terms.length === 0) return true;
          const hit = [...(options.threads?.[c.id] ?? [])].reverse().find((m) => !m.deleted && m.text && wordsMatchTerms(searchWords(m.text), terms));
          const cut = hit?.text ? searchSnippet(hit.text, terms) : null;
          if (hit && cut) matches[c.id] = { messageId: hit.id, createdAt: hit.createdAt, direction: hit.direction, ...cut };
          return !!hit || wordsMatchTerms(searchWords(personSearchText(c)), terms);
        });
        return { conversations: found, ...(terms.length ? { matches } : {}), nextBefore: null };
      });
    },
    sendMessage: (_a, body) => {
      sends.push(body);
      const r = options.sendResult?.(body) ?? { clientId: body.clientId, status: 'queued' as const };
      return r instanceof Error ? Promise.reject(r) : Promise.resolve(r);
    },
    react: () => Promise.resolve({}),
    markUnread: (_a, cid) => {
      unreads.push(cid);
      return Promise.resolve(undefined);
    },
    markRead: (_a, cid) => {
      reads.push(cid);
      return Promise.resolve(undefined);
    },
    uploadAttachment: () => Promise.resolve({ attachmentId: 'att' }),
    listOutbox: () => wait(() => ({ sends: outbox.map((x) => ({ ...x })), oldestQueuedAt: outbox.find((x) => x.status === 'queued')?.createdAt ?? null })),
    resolveSend: (_a, clientId, outcome) => {
      resolves.push({ clientId, outcome });
      const i = outbox.findIndex((x) => x.clientId === clientId && x.status === 'uncertain');
      if (i < 0) return Promise.reject(new KitClientError({ code: 'send_not_uncertain', message: 'The send is not uncertain any more', status: 409, retryable: false, category: 'unknown' }));
      const [send] = outbox.splice(i, 1);
      const status = outcome === 'delivered' ? 'sent' : outcome === 'dropped' ? 'failed' : 'queued';
      return Promise.resolve({ message: { id: `local:${clientId}`, conversationId: send!.conversationId, direction: 'outbound', status, clientId, createdAt: send!.createdAt } as never });
    },
    pauseAccount: (accountId, message) => {
      pauses.push(message);
      paused = { message, since: (options.now ?? Date.now)() };
      return Promise.resolve({ accountId, paused });
    },
    resumeAccount: (accountId) => {
      pauses.push(null);
      paused = null;
      return Promise.resolve({ accountId, paused: null });
    },
    listDeadLetters: () =>
      options.deadLetters === 'forbidden'
        ? Promise.reject(new KitClientError({ code: 'forbidden', message: 'Dead letters are for operators of every account', status: 403, retryable: false, category: 'permission' }))
        : Promise.resolve({ deadLetters: [...deadLetters], nextBefore: null }),
    replayDeadLetter: (id) => {
      deadActions.push({ id, action: 'replay' });
      const i = deadLetters.findIndex((d) => d.id === id);
      if (i < 0) return Promise.reject(new KitClientError({ code: 'dead_letter_not_found', message: 'No such dead letter', status: 404, retryable: false, category: 'invalid_request' }));
      deadLetters.splice(i, 1);
      return Promise.resolve({ webhookId: `w-${id}` });
    },
    discardDeadLetter: (id) => {
      deadActions.push({ id, action: 'discard' });
      const i = deadLetters.findIndex((d) => d.id === id);
      if (i >= 0) deadLetters.splice(i, 1);
      return Promise.resolve(undefined);
    },
    listSavedReplies: () =>
      options.savedReplies === 'failing'
        ? wait(() => {
            throw clientError(503, 'unavailable', 'The proxy is unavailable');
          })
        : wait(() => savedReplies.map((r) => ({ ...r }))),
    createSavedReply: (accountId, body) =>
      wait(() => {
        const refused = refuseSaved(body);
        if (refused) throw refused;
        const at = (options.now ?? Date.now)();
        const reply = { id: `saved-${++savedNo}`, accountId, shortcut: body.shortcut, text: body.text, createdAt: at, updatedAt: at };
        savedReplies.push(reply);
        return { ...reply };
      }),
    updateSavedReply: (_a, id, patch) =>
      wait(() => {
        const reply = savedReplies.find((r) => r.id === id);
        if (!reply) throw clientError(404, 'saved_reply_not_found', 'No such saved reply');
        const refused = refuseSaved(patch, id);
        if (refused) throw refused;
        Object.assign(reply, patch, { updatedAt: (options.now ?? Date.now)() });
        return { ...reply };
      }),
    deleteSavedReply: (_a, id) =>
      wait(() => {
        const i = savedReplies.findIndex((r) => r.id === id);
        if (i < 0) throw clientError(404, 'saved_reply_not_found', 'No such saved reply');
        savedReplies.splice(i, 1);
        return undefined;
      }),
    eventsUrl: () => '/kit/events',
    pollEvents: (_after, signal) =>
      new Promise((resolve, reject) => {
        const flush = () => resolve({ events: queue.splice(0), lastEventId: null });
        if (queue.length) return flush();
        wake = flush;
        signal?.addEventListener('abort', () => reject(new KitClientError({ code: 'aborted', message: 'aborted', status: 0, retryable: false, category: 'network' })));
      }),
  };
  return {
    client,
    sends,
    searches,
    reads,
    unreads,
    outbox,
    resolves,
    deadActions,
    pauses,
    get profile() {
      return profile;
    },
    profileUpdates,
    savedReplies,
    push(event) {
      queue.push(event);
      const w = wake;
      wake = null;
      w?.();
    },
  };
}
