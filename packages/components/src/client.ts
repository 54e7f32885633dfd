/**
 * HTTP client for every `@kit/proxy` route. Framework-free (no React), so it works in stores,
 * tests and server code alike. It never sees a token: the proxy holds them, the browser only talks
 * to the mount path (`baseUrl`, e.g. `/kit`).
 */
import type {
  KitAttachment,
  KitComment,
  KitConversation,
  KitErrorBody,
  KitEvent,
  KitGraphErrorRef,
  KitMessage,
  KitMessageTag,
  SendStatus,
  KitStatusReason,
  KitErrorCategory,
  KitAccountPause,
  KitDeadLetter,
  KitMessagingType,
  KitMessengerProfile,
  KitMessengerProfileUpdate,
  KitQuickReply,
  KitTemplate,
  KitOutboxSend,
  KitSendOutcome,
  KitSavedReply,
  KitConversationFilter,
  KitSearchMatch,
} from '@kit/core';

// The operator routes' shapes are core's (the proxy builds them); named here too for hosts.
export type { KitDeadLetter, KitOutboxSend, KitSendOutcome, KitSavedReply };

/** An account the proxy serves (no token: the proxy never sends one). */
export interface KitAccount {
  id: string;
  flavor?: 'page' | 'instagram';
  username?: string;
  name?: string;
  profilePic?: string;
  /** An operator paused the account's sending (sends wait queued); null or absent: not paused. */
  paused?: KitAccountPause | null;
  /** Whether the proxy's token for the account works, or an operator must log in again. */
  status?: 'connected' | 'needs_reauth';
  /** The one-time import of the account's history. */
  backfill?: KitAccountBackfill;
}

/** Where the import of an account's history stands (`GET /accounts`). */
export interface KitAccountBackfill {
  state: 'pending' | 'running' | 'done' | 'failed';
  startedAt?: number;
  finishedAt?: number;
  conversations?: number;
  messages?: number;
  /** Error code when it failed. */
  error?: string;
}

export interface KitOutbox {
  /** Oldest first. */
  sends: KitOutboxSend[];
  oldestQueuedAt: number | null;
}

/** What `POST /accounts/:id/pause` and `/resume` answer. */
export interface KitAccountPauseResult {
  accountId: string;
  paused: KitAccountPause | null;
}

export interface KitDeadLetterPage {
  deadLetters: KitDeadLetter[];
  nextBefore: string | null;
}

export interface KitMessagePage {
  /** Oldest first. */
  messages: KitMessage[];
  /** Cursor for the next older page; `null` when the beginning of the thread was reached. */
  nextBefore: string | null;
}

export interface KitConversationPage {
  conversations: KitConversation[];
  nextBefore?: string | null;
}

/** What the conversation search asks (`GET /accounts/:id/conversations?q=&filter=`). */
export interface KitConversationSearch {
  /** Search text: every word must start a word of the person's name, @username or a message. */
  q?: string;
  /** All must hold; at most one window state. */
  filters?: readonly KitConversationFilter[];
  before?: string;
  limit?: number;
  signal?: AbortSignal;
}

/** A page of search results: `matches` names, per conversation, the message that matched. */
export interface KitConversationSearchPage {
  conversations: KitConversation[];
  matches?: Record<string, KitSearchMatch>;
  nextBefore?: string | null;
}

/** What an outbound attachment reference looks like in a send request. */
export interface KitOutboundAttachment {
  type: 'image' | 'video' | 'audio' | 'file';
  /** From `uploadAttachment`. */
  attachmentId?: string;
  url?: string;
}

/** What `GET /accounts/:id/profile` answers: the default locale's lists, and which other locales exist. */
export interface KitMessengerProfileView extends KitMessengerProfile {
  otherLocales: string[];
}

/** Body of `POST /accounts/:id/messages` (DESIGN §4). */
export interface KitSendRequest {
  /** The customer's IGSID. */
  to: string;
  /** Idempotency key: the proxy sends each clientId at most once. */
  clientId: string;
  text?: string;
  attachment?: KitOutboundAttachment;
  attachments?: KitOutboundAttachment[];
  sticker?: 'like_heart';
  /** A button or generic template (checked with core's `checkTemplate`). */
  template?: KitTemplate;
  /** Chips under a text message (core's `checkQuickReplies`). */
  quickReplies?: KitQuickReply[];
  messagingType?: KitMessagingType;
  replyTo?: string;
  tag?: KitMessageTag;
  automated?: boolean;
}

/** The proxy's send record (its outbox row). */
/**
 * What `POST /accounts/:id/messages` answers. The proxy sends `{ message }`: the outbound
 * KitMessage with `status`, `clientId` and `statusReason` (its id is the Graph mid once sent,
 * else `local:<clientId>`). The flat fields are accepted too, for proxies that answer a bare record.
 */
export interface KitSendRecord {
  message?: KitMessage;
  clientId?: string;
  status?: SendStatus;
  messageId?: string;
  reason?: KitStatusReason;
  [key: string]: unknown;
}

export interface KitReactionRequest {
  to: string;
  messageId: string;
  reaction?: string;
  action: 'react' | 'unreact';
}

export interface KitUploadResult {
  attachmentId?: string;
  url?: string;
  type?: KitAttachment['type'];
  [key: string]: unknown;
}

export interface KitEventsPoll {
  events: KitEvent[];
  /** Id to pass as `after` next time. */
  lastEventId?: string | null;
  /** The proxy could not resume from `after`: reload state over REST. */
  reset?: boolean;
}

/** An error answered by the proxy (or a network failure, `status` 0, code `network`). */
export class KitClientError extends Error {
  override readonly name = 'KitClientError';
  readonly code: string;
  readonly status: number;
  readonly retryable: boolean;
  /** The proxy's category for the failure (its error envelope), `network` when it was not reached, `unknown` when something else answered. */
  readonly category: KitErrorCategory;
  readonly graph?: KitGraphErrorRef;
  constructor(init: { code: string; message: string; status: number; retryable: boolean; category: KitErrorCategory; graph?: KitGraphErrorRef; cause?: unknown }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.status = init.status;
    this.category = init.category;
    this.retryable = init.retryable;
    if (init.graph) this.graph = init.graph;
  }
}

export interface KitClientOptions {
  /** Where the proxy is mounted, e.g. `/kit` or `https://crm.example.com/kit`. */
  baseUrl: string;
  /** Inject a fetch (tests, SSR, auth wrappers). Defaults to the global fetch at call time. */
  fetch?: typeof fetch;
  /** Extra headers for every request (e.g. your own session header). */
  headers?: Record<string, string>;
}

/** What an agent writes to save a reply: the shortcut typed after `/` and the text with `{variables}`. */
export interface KitSavedReplyInput {
  shortcut: string;
  text: string;
}

export interface KitClient {
  readonly baseUrl: string;
  listAccounts(signal?: AbortSignal): Promise<KitAccount[]>;
  listConversations(accountId: string, options?: { before?: string; limit?: number; signal?: AbortSignal }): Promise<KitConversationPage>;
  listMessages(
    accountId: string,
    conversationId: string,
    options?: { before?: string | null; limit?: number; signal?: AbortSignal },
  ): Promise<KitMessagePage>;
  sendMessage(accountId: string, body: KitSendRequest, signal?: AbortSignal): Promise<KitSendRecord>;
  react(accountId: string, body: KitReactionRequest, signal?: AbortSignal): Promise<unknown>;
  uploadAttachment(accountId: string, file: Blob, options?: { name?: string; signal?: AbortSignal }): Promise<KitUploadResult>;
  /** URL of the SSE stream (for `EventSource`). */
  eventsUrl(params?: Record<string, string>): string;
  /** Long-poll fallback: events after `after` (waits server-side until some arrive or it times out). */
  pollEvents(after: string | null, signal?: AbortSignal): Promise<KitEventsPoll>;
  // Conversation state changes made by an agent.
  /**
   * Switch a conversation between automated replies and a human agent
   * (`POST /accounts/:id/conversations/:cid/mode { automated }`). Answers the updated conversation.
   * Optional so hand-written clients and test doubles need not implement it.
   */
  setConversationMode?(accountId: string, conversationId: string, automated: boolean, signal?: AbortSignal): Promise<KitConversationUpdate>;
  /**
   * Conversation Routing (reference §9.3): take the thread from the app holding it
   * (`POST .../conversations/:cid/routing/take`), or pass it (`.../routing/pass { targetAppId? }`;
   * without one, back to the app that had it). <RoutingBanner> calls the proxy's routes itself when
   * these are absent (a createKitClient client), so they cost an <Inbox> page nothing.
   */
  takeThread?(accountId: string, conversationId: string, signal?: AbortSignal): Promise<KitConversationUpdate>;
  passThread?(accountId: string, conversationId: string, targetAppId?: string, signal?: AbortSignal): Promise<KitConversationUpdate>;
  /** Record consent the customer gave or withdrew in words (`POST .../consent { state }`). */
  recordConsent?(accountId: string, conversationId: string, state: 'opted_in' | 'opted_out', signal?: AbortSignal): Promise<KitConversationUpdate>;
  /**
   * The agent has seen the thread's newest messages (`POST .../conversations/:cid/seen`): clears
   * its unread count, and the proxy tells Instagram (`mark_seen`, so the customer sees "Seen")
   * unless the account turned that off (`senderActions.markSeenOnOpen`). Optional for test doubles.
   */
  markRead?(accountId: string, conversationId: string, signal?: AbortSignal): Promise<KitConversationUpdate>;
  /** Mark a conversation unread again (`POST .../conversations/:cid/unread`): the agent will come back to it. */
  markUnread?(accountId: string, conversationId: string, signal?: AbortSignal): Promise<KitConversationUpdate>;
  /** Show or stop "typing…" to the customer (`POST .../conversations/:cid/typing { on }`). */
  setTyping?(accountId: string, conversationId: string, on: boolean, signal?: AbortSignal): Promise<unknown>;
  // The account's ice breakers and persistent menu (<ProfileSettings>). Optional likewise.
  /** `GET /accounts/:id/profile`. */
  getProfile?(accountId: string, signal?: AbortSignal): Promise<{ profile: KitMessengerProfileView }>;
  /** `POST /accounts/:id/profile { iceBreakers?, persistentMenu? }`: each list given replaces the default locale's. */
  setProfile?(accountId: string, update: KitMessengerProfileUpdate, signal?: AbortSignal): Promise<{ profile: KitMessengerProfileView }>;
  /**
   * Search and filter the account's conversations (`GET /accounts/:id/conversations?q=&filter=`).
   * Optional: a createKitClient client gets it from the search chunk (search/searchRoute.ts).
   */
  searchConversations?(accountId: string, options: KitConversationSearch): Promise<KitConversationSearchPage>;
  // Operator routes (<KitOps>). Optional for hand-written clients and test doubles.
  /** Sends not settled yet, oldest first (`GET /accounts/:id/outbox`). */
  listOutbox?(accountId: string, options?: { limit?: number; signal?: AbortSignal }): Promise<KitOutbox>;
  /** Settle an `uncertain` send (`POST /accounts/:id/sends/:clientId/resolve { outcome }`). */
  resolveSend?(accountId: string, clientId: string, outcome: KitSendOutcome, signal?: AbortSignal): Promise<{ message: KitMessage }>;
  /** Hold the account's sends queued, with a message agents see (`POST /accounts/:id/pause { message }`). */
  pauseAccount?(accountId: string, message: string, signal?: AbortSignal): Promise<KitAccountPauseResult>;
  /** Let held sends go out again, in order (`POST /accounts/:id/resume`). */
  resumeAccount?(accountId: string, signal?: AbortSignal): Promise<KitAccountPauseResult>;
  /** Webhook deliveries the proxy gave up on (`GET /admin/dead-letters`); 403 unless allowed for every account. */
  listDeadLetters?(options?: { limit?: number; signal?: AbortSignal }): Promise<KitDeadLetterPage>;
  /** Queue a dead letter again once its cause is fixed (`POST /admin/dead-letters/:id/replay`); 403 unless `admin.write` for every account. */
  replayDeadLetter?(id: string, signal?: AbortSignal): Promise<{ webhookId: string }>;
  /** Give a dead letter up for good (`DELETE /admin/dead-letters/:id`). */
  discardDeadLetter?(id: string, signal?: AbortSignal): Promise<unknown>;
  // Comment routes (<CommentsView>, src/comments/commentsRoutes.ts). Optional like the operator routes.
  /** Comments on the account's media, newest first (`GET /accounts/:id/comments?needsReply=&mediaId=`). */
  listComments?(accountId: string, options?: KitCommentQuery): Promise<KitCommentPage>;
  /** Answer a comment in Direct, once (`POST /accounts/:id/comments/:commentId/private-reply { clientId, text }`). */
  sendPrivateReply?(accountId: string, commentId: string, body: { clientId: string; text: string }, signal?: AbortSignal): Promise<KitPrivateReplyResult>;
  /** Answer a comment under the post (`POST /accounts/:id/comments/:commentId/replies { clientId, text }`; a repeat with the same clientId answers with the first reply). */
  replyToComment?(accountId: string, commentId: string, body: { clientId: string; text: string }, signal?: AbortSignal): Promise<{ reply: KitComment | null; comment: KitComment }>;
  /** Hide a comment from everyone but its author, or show it again (`POST .../comments/:commentId/hide { hidden }`). */
  hideComment?(accountId: string, commentId: string, hidden: boolean, signal?: AbortSignal): Promise<{ comment: KitComment }>;

  // Saved replies (the composer's `/` picker, <SavedRepliesSettings>). Optional for hand-written clients and test doubles.
  /** The account's saved replies, by shortcut (`GET /accounts/:id/saved-replies`). */
  listSavedReplies?(accountId: string, signal?: AbortSignal): Promise<KitSavedReply[]>;
  /** `POST /accounts/:id/saved-replies { shortcut, text }`; 409 `duplicate_shortcut`, 400 `unknown_variables`. */
  createSavedReply?(accountId: string, reply: KitSavedReplyInput, signal?: AbortSignal): Promise<KitSavedReply>;
  /** `PATCH /accounts/:id/saved-replies/:replyId { shortcut?, text? }`. */
  updateSavedReply?(accountId: string, id: string, patch: Partial<KitSavedReplyInput>, signal?: AbortSignal): Promise<KitSavedReply>;
  /** `DELETE /accounts/:id/saved-replies/:replyId`. */
  deleteSavedReply?(accountId: string, id: string, signal?: AbortSignal): Promise<unknown>;
}

export interface KitCommentQuery {
  /** Only comments still waiting for an answer (@kit/core's `commentNeedsReply`). */
  needsReply?: boolean;
  /** One post, reel or Live broadcast. */
  mediaId?: string;
  before?: string;
  limit?: number;
  signal?: AbortSignal;
}

export interface KitCommentPage {
  comments: KitComment[];
  nextBefore: string | null;
}

/** The private reply as the thread stores it, and the comment with its spent reply. */
export interface KitPrivateReplyResult {
  message: KitMessage;
  comment: KitComment | null;
}

/** What the conversation-changing routes answer: the conversation, bare or wrapped (or nothing). */
export type KitConversationUpdate = KitConversation | { conversation: KitConversation } | undefined;

/** The CSRF guard the proxy requires on every state-changing request. */
export const KIT_REQUEST_HEADER = 'X-Kit-Request';

/** A request through a client made by createKitClient (its headers, fetch and error handling). */
export type KitRequest = <T>(method: string, path: string, init?: { json?: unknown; signal?: AbortSignal }) => Promise<T>;

/**
 * Each createKitClient client's request function, for routes implemented outside it (the operator
 * routes <KitOps> uses, src/ops/opsRoutes.ts; <RoutingBanner>'s take and pass; the saved replies),
 * so their code stays out of the bundle an <Inbox> loads. Read it with `kitRequestOf`
 * (client-request.ts), which lives in its own module for the same reason: only lazily loaded parts
 * import it.
 */
export const requesters = new WeakMap<KitClient, (method: string, target: string, init?: { json?: unknown; signal?: AbortSignal }) => Promise<unknown>>();

export function createKitClient(options: KitClientOptions): KitClient {
  if (typeof options?.baseUrl !== 'string') {
    throw new TypeError('createKitClient: baseUrl is required, e.g. createKitClient({ baseUrl: "/kit" })');
  }
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch: typeof fetch = (input, init) => (options.fetch ?? globalThis.fetch)(input, init);

  const url = (path: string, query?: Record<string, string | number | null | undefined>) => {
    let q = '';
    if (query) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
      const s = params.toString();
      if (s) q = `?${s}`;
    }
    return `${base}${path}${q}`;
  };
  const seg = encodeURIComponent;

  async function request<T>(method: string, target: string, init: { body?: BodyInit; json?: unknown; signal?: AbortSignal } = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    if (method !== 'GET') headers[KIT_REQUEST_HEADER] = '1';
    let body = init.body;
    if (init.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    let res: Response;
    try {
      res = await doFetch(target, { method, headers, body, signal: init.signal, credentials: 'same-origin' });
    } catch (cause) {
      if (init.signal?.aborted) throw cause;
      throw new KitClientError({
        code: 'network',
        message: `Could not reach the kit proxy at ${base || '/'}: ${cause instanceof Error ? cause.message : String(cause)}`,
        status: 0,
        retryable: true,
        category: 'network',
        cause,
      });
    }
    const text = await res.text();
    let data: unknown = undefined;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = undefined;
      }
    }
    if (!res.ok) {
      const err = (data as Partial<KitErrorBody> | undefined)?.error;
      throw new KitClientError({
        code: err?.code ?? `http_${res.status}`,
        message: err?.message ?? `The kit proxy answered ${res.status} ${res.statusText} for ${method} ${target}`,
        status: res.status,
        retryable: err?.retryable ?? (res.status >= 500 || res.status === 429),
        category: err?.category ?? 'unknown',
        ...(err?.graph ? { graph: err.graph } : {}),
      });
    }
    if (data === undefined && text) {
      throw new KitClientError({ code: 'bad_response', message: `The kit proxy answered non-JSON for ${method} ${target}`, status: res.status, retryable: false, category: 'unknown' });
    }
    return data as T;
  }

  const client: KitClient = {
    baseUrl: base,
    async listAccounts(signal) {
      const data = await request<KitAccount[] | { accounts: KitAccount[] }>('GET', url('/accounts'), { signal });
      return Array.isArray(data) ? data : data.accounts;
    },
    async listConversations(accountId, options = {}) {
      const data = await request<KitConversation[] | KitConversationPage>(
        'GET',
        url(`/accounts/${seg(accountId)}/conversations`, { before: options.before, limit: options.limit }),
        { signal: options.signal },
      );
      return Array.isArray(data) ? { conversations: data, nextBefore: null } : data;
    },
    async listMessages(accountId, conversationId, options = {}) {
      const data = await request<KitMessagePage>(
        'GET',
        url(`/accounts/${seg(accountId)}/conversations/${seg(conversationId)}/messages`, { before: options.before, limit: options.limit }),
        { signal: options.signal },
      );
      return { messages: data.messages ?? [], nextBefore: data.nextBefore ?? null };
    },
    sendMessage(accountId, body, signal) {
      return request<KitSendRecord>('POST', url(`/accounts/${seg(accountId)}/messages`), { json: body, signal });
    },
    react(accountId, body, signal) {
      return request<unknown>('POST', url(`/accounts/${seg(accountId)}/reactions`), { json: body, signal });
    },
    uploadAttachment(accountId, file, options = {}) {
      const form = new FormData();
      const name = options.name ?? (typeof File !== 'undefined' && file instanceof File ? file.name : 'upload');
      form.append('file', file, name);
      return request<KitUploadResult>('POST', url(`/accounts/${seg(accountId)}/attachments`), { body: form, signal: options.signal });
    },
    eventsUrl(params) {
      return url('/events', params);
    },
    // Conversation state changes made by an agent.
    setConversationMode(accountId, conversationId, automated, signal) {
      return request<KitConversationUpdate>('POST', url(`/accounts/${seg(accountId)}/conversations/${seg(conversationId)}/mode`), { json: { automated }, signal });
    },
    markRead(accountId, conversationId, signal) {
      return request<KitConversationUpdate>('POST', url(`/accounts/${seg(accountId)}/conversations/${seg(conversationId)}/seen`), { json: {}, signal });
    },
    markUnread(accountId, conversationId, signal) {
      return request<KitConversationUpdate>('POST', url(`/accounts/${seg(accountId)}/conversations/${seg(conversationId)}/unread`), { json: {}, signal });
    },
    setTyping(accountId, conversationId, on, signal) {
      return request<unknown>('POST', url(`/accounts/${seg(accountId)}/conversations/${seg(conversationId)}/typing`), { json: { on }, signal });
    },
    recordConsent(accountId, conversationId, state, signal) {
      return request<KitConversationUpdate>('POST', url(`/accounts/${seg(accountId)}/conversations/${seg(conversationId)}/consent`), { json: { state }, signal });
    },
    async pollEvents(after, signal) {
      const data = await request<KitEventsPoll | KitEvent[]>('GET', url('/events', { after }), { signal });
      if (Array.isArray(data)) return { events: data, lastEventId: data.at(-1)?.id ?? after };
      return data;
    },
  };
  requesters.set(client, request);
  return client;
}
