/**
 * The Store: the proxy's system of record (DESIGN §3.5). Every method is async and every SQL
 * implementation uses statements that map onto both SQLite and Postgres (`INSERT … ON CONFLICT`,
 * `RETURNING`, JSON documents in a text/jsonb column beside a few indexed columns), so a
 * `postgresStore()` shared by several proxy instances can follow without changing any caller.
 *
 * Concurrency contract (what a multi-instance implementation must honour):
 * - `transaction(fn)` runs `fn` atomically and isolated from other transactions; callers do
 *   read-modify-write of a conversation/message only inside one (Postgres: `SELECT … FOR UPDATE`
 *   or SERIALIZABLE; SQLite/memory: one writer at a time).
 * - `claimDedupeKey` is atomic across instances (a unique key + `ON CONFLICT`).
 * - `appendEvent` ids are strictly increasing in COMMIT order, so a reader that has seen id N
 *   never later finds an id < N appear (Postgres: take a transaction-level advisory lock before
 *   inserting into the log, or allocate ids from a single-row counter inside the transaction).
 *   Inside `transaction()` an implementation may assign the id at COMMIT (postgresStore does, to
 *   hold that lock briefly): the returned event's `id` is then set once the transaction has
 *   committed, so callers read it (publish) after the transaction, never inside it.
 * - `claimNextSends` leases rows so two workers never hold the same send (Postgres:
 *   `FOR UPDATE SKIP LOCKED`).
 */
import type {
  KitAccountPause,
  KitDeadLetter,
  KitComment,
  KitMedia,
  KitConversation,
  KitConversationFilter,
  KitEvent,
  KitMessage,
  KitSavedReply,
  KitStatusReason,
  Millis,
  SendStatus,
} from '@kit/core';

/**
 * A message as stored. A `stub` is a placeholder created when an edit, reaction, read or unsend
 * arrives before the message itself (Meta does not guarantee order, reference §5.3); stubs hold
 * that state, are never listed, and are merged into the real message when it arrives.
 */
export interface StoredMessage extends KitMessage {
  stub?: boolean;
}

/** Keyset cursor for newest-first pages: rows strictly older than (at, id). */
export interface PageCursor {
  at: Millis;
  id: string;
}

export interface ListOptions {
  before?: PageCursor;
  limit: number;
}

/**
 * What `findConversations` looks for (`GET /accounts/:id/conversations?q=&filter=`); every
 * condition given must hold, and rows page like `listConversations`.
 */
export interface FindConversationsOptions extends ListOptions {
  /**
   * Folded query words (@kit/core `searchTerms`): a conversation matches when the person's name
   * and @username, or one of its messages' text, has a word starting with each of them.
   */
  terms?: readonly string[];
  filters?: readonly KitConversationFilter[];
  /** The time window-state filters are judged at. */
  now: Millis;
}

/** A conversation `findConversations` found, with the newest message the terms matched in it. */
export interface ConversationHit {
  conversation: KitConversation;
  /** Absent when only the person matched (or no terms were given). */
  message?: StoredMessage;
}

/**
 * Which comments `listComments` returns. `needsReply`: only those @kit/core's `commentNeedsReply`
 * says still wait for the business (each store keeps that verdict beside the row when it is put,
 * so the filter is an index, not a scan).
 */
export interface ListCommentsOptions extends ListOptions {
  needsReply?: boolean;
  mediaId?: string;
}

/** A KitEvent after the event log gave it its monotonic id. */
export type LoggedEvent = KitEvent & { id: string };

export interface ReadEventsOptions {
  /** Return events with id strictly greater than this (decimal string). Absent: from the start. */
  after?: string;
  /** Only events for these accounts; absent = all. */
  accountIds?: readonly string[];
  limit: number;
}

export interface StoredWebhook {
  id: string;
  receivedAt: Millis;
  /** The raw body exactly as received (verified bytes, decoded as UTF-8). */
  body: string;
}

/**
 * A saved payload the pipeline gave up on (it failed processing too often, or can never be
 * processed): moved out of the webhook queue so it never blocks later payloads. The raw body stays
 * in the store (replay, erasure) but is not part of this listing.
 */
/** A dead letter as listed (core's shape: the operator routes answer it as is). */
export type DeadLetter = KitDeadLetter;

export type BackfillState = 'pending' | 'running' | 'done' | 'failed';

/** Per-account bookkeeping the proxy keeps across restarts. */
export interface AccountState {
  accountId: string;
  backfill?: {
    state: BackfillState;
    startedAt?: Millis;
    finishedAt?: Millis;
    conversations?: number;
    messages?: number;
    /** Error code (never a message from upstream that could echo request data). */
    error?: string;
  };
  /** The operator paused sending (send/pause.ts); null or absent: sending normally. */
  paused?: KitAccountPause | null;
  /**
   * Graph rejected the account's token (190/102…, accounts-sync.ts): every instance stops sending
   * for it until a call with its token succeeds again. `code` is Graph's error code, never text.
   */
  needsReauth?: { since: Millis; code: string } | null;
  updatedAt?: Millis;
}

// ---------------------------------------------------------------------------------------------
// Outbox (the sending side)
// ---------------------------------------------------------------------------------------------

/** One outbound send, keyed by (accountId, clientId) — the browser's idempotency key. */
export interface OutboxSend {
  accountId: string;
  clientId: string;
  conversationId: string;
  /** Recipient IGSID. */
  to: string;
  /** The validated request as JSON (what the worker turns into Graph calls). */
  request: unknown;
  status: SendStatus;
  attempts: number;
  /** Graph `message_id` once known. */
  messageId?: string;
  reason?: KitStatusReason;
  createdAt: Millis;
  updatedAt: Millis;
  /** Earliest time the worker may (re)try. */
  notBefore: Millis;
  /** Lease: which worker holds it and until when. */
  leaseOwner?: string;
  leaseUntil?: Millis;
}

export type NewOutboxSend = Omit<OutboxSend, 'status' | 'attempts' | 'updatedAt' | 'notBefore' | 'leaseOwner' | 'leaseUntil'> & {
  status?: SendStatus;
  notBefore?: Millis;
};

export interface InsertSendOptions {
  /** Lease the new row to `owner` until `until` when its conversation's lane is free. */
  claim?: { owner: string; until: Millis };
}

export interface ClaimSendsOptions {
  /** Worker identity (e.g. hostname:pid:random). */
  owner: string;
  leaseMs: number;
  limit: number;
  now: Millis;
  accountId?: string;
}

export interface SendStatusPatch {
  status: SendStatus;
  attempts?: number;
  messageId?: string;
  reason?: KitStatusReason | null;
  notBefore?: Millis;
  /** Drop the lease (done, failed, or handed back for a later retry). */
  releaseLease?: boolean;
  /** Only apply while this worker still holds the lease (fencing against a lost lease). */
  ifLeaseOwner?: string;
  /** Extend the lease to this time (its holder, with ifLeaseOwner: e.g. before a Graph call). */
  leaseUntil?: Millis;
  now: Millis;
}

export interface SendKey {
  accountId: string;
  clientId: string;
}

export interface ListSendsOptions {
  accountId: string;
  conversationId?: string;
  statuses?: readonly SendStatus[];
  limit: number;
}

// ---------------------------------------------------------------------------------------------
// Saved replies
// ---------------------------------------------------------------------------------------------

/** What a saved-reply write answers when another reply of the account already has the shortcut. */
export const DUPLICATE_SHORTCUT = 'duplicate_shortcut' as const;

export interface SavedReplyPatch {
  shortcut?: string;
  text?: string;
  updatedAt: Millis;
}

// ---------------------------------------------------------------------------------------------
// The interface
// ---------------------------------------------------------------------------------------------

/** Everything a store can do inside or outside a transaction. */
export interface StoreOps {
  // Conversations ------------------------------------------------------------------------------
  getConversation(id: string): Promise<KitConversation | null>;
  putConversation(conversation: KitConversation): Promise<void>;
  /** Newest first by `lastMessageAt`, then id. */
  listConversations(accountId: string, options: ListOptions): Promise<KitConversation[]>;
  /**
   * Search and filter an account's conversations (newest first, like listConversations). Stores
   * keep what this needs current when a conversation or message is put: a word index over the
   * text of messages (tombstones and stubs have none), and the filter columns.
   */
  findConversations(accountId: string, options: FindConversationsOptions): Promise<ConversationHit[]>;
  /** Find by Graph conversation id (t_…) — used by the forwarder's ownership check. */
  findConversationByGraphId(accountId: string, graphId: string): Promise<KitConversation | null>;

  // Messages -----------------------------------------------------------------------------------
  getMessage(accountId: string, messageId: string): Promise<StoredMessage | null>;
  putMessage(message: StoredMessage): Promise<void>;
  deleteMessage(accountId: string, messageId: string): Promise<void>;
  /** Newest first by `createdAt`, then id; stubs excluded. */
  listMessages(conversationId: string, options: ListOptions): Promise<StoredMessage[]>;

  // Comments (reference §2.4, §5.6) -------------------------------------------------------------
  getComment(accountId: string, commentId: string): Promise<KitComment | null>;
  /** Upsert by (accountId, id). */
  putComment(comment: KitComment): Promise<void>;
  /** Newest first by `createdAt`, then id (keyset cursor like listMessages). */
  listComments(accountId: string, options: ListCommentsOptions): Promise<KitComment[]>;

  // Media the comments are on (posts, reels, Live), as read once from Graph (inbound/media.ts) ---
  /** The account's media as the kit read it, or null when it never did. */
  getMedia(accountId: string, mediaId: string): Promise<KitMedia | null>;
  /** Upsert by (accountId, media.id). */
  putMedia(accountId: string, media: KitMedia): Promise<void>;

  // Dedupe -------------------------------------------------------------------------------------
  /**
   * Atomically claim a key for `ttlMs`. True the first time (or once an earlier claim expired),
   * false while an earlier claim lives — so redeliveries and parallel duplicates apply once.
   */
  claimDedupeKey(key: string, options: { now: Millis; ttlMs: number }): Promise<boolean>;
  pruneDedupe(now: Millis): Promise<number>;

  // Event log ----------------------------------------------------------------------------------
  /** Append and assign the next monotonic id (decimal string). */
  appendEvent(event: KitEvent): Promise<LoggedEvent>;
  readEvents(options: ReadEventsOptions): Promise<LoggedEvent[]>;
  /** Id of the newest event, or null when the log is empty. */
  lastEventId(): Promise<string | null>;
  /** Id of the oldest retained event (replay from before it is impossible), null when empty. */
  firstEventId(): Promise<string | null>;
  /** Drop events logged before `before` (ms). */
  pruneEvents(before: Millis): Promise<number>;
  /**
   * Unsend: rewrite every logged event of the account that carries the message's content (see
   * store/erase.ts) and blank processed raw webhook payloads and dead letters that mention it.
   * Returns rows changed. A store that writes a journal beside its data (SQLite's WAL) also
   * rewrites the journal here, so the erased text is gone from disk, not only from the tables.
   */
  eraseMessageTraces(accountId: string, messageId: string): Promise<number>;

  // Raw webhook payloads (Meta offers no way to fetch past webhooks, reference §5.3) ----------
  saveWebhook(body: string, receivedAt: Millis): Promise<string>;
  markWebhookProcessed(id: string, outcome: { at: Millis; error?: string }): Promise<void>;
  /**
   * Saved but not yet processed (e.g. the process died after answering 200), oldest first;
   * with `after`, only those with a greater id (a pass that skips payloads waiting for a retry).
   */
  listUnprocessedWebhooks(limit: number, after?: string): Promise<StoredWebhook[]>;
  pruneWebhooks(before: Millis): Promise<number>;
  /** Count one failed processing attempt of an unprocessed payload; returns the attempts so far. */
  recordWebhookFailure(id: string): Promise<number>;
  /** Move an unprocessed payload out of the queue into the dead letters (atomically). */
  deadLetterWebhook(id: string, outcome: { at: Millis; reason: string }): Promise<void>;
  /** Dead letters newest first; `before` is the id of the last one of the previous page. */
  listDeadLetters(options: { limit: number; before?: string }): Promise<DeadLetter[]>;
  /**
   * An operator replays a dead letter: it leaves the dead letters and is queued again as a new,
   * unprocessed payload (same bytes and received time, attempts from zero). Returns the new
   * webhook id, or null when there is no such dead letter (already replayed or discarded).
   */
  requeueDeadLetter(id: string): Promise<string | null>;
  /** An operator gives a dead letter up for good; false when there was none. */
  discardDeadLetter(id: string): Promise<boolean>;

  // Saved replies (unique shortcut per account) -------------------------------------------------
  /** The account's saved replies, by shortcut. */
  listSavedReplies(accountId: string): Promise<KitSavedReply[]>;
  /** Inserts; `duplicate_shortcut` (nothing written) when the account has the shortcut already. */
  insertSavedReply(reply: KitSavedReply): Promise<KitSavedReply | typeof DUPLICATE_SHORTCUT>;
  /** Changes the given fields; null when there is no such reply, `duplicate_shortcut` when another one has the shortcut. */
  updateSavedReply(accountId: string, id: string, patch: SavedReplyPatch): Promise<KitSavedReply | null | typeof DUPLICATE_SHORTCUT>;
  /** False when there was none. */
  deleteSavedReply(accountId: string, id: string): Promise<boolean>;

  // Accounts -----------------------------------------------------------------------------------
  getAccountState(accountId: string): Promise<AccountState | null>;
  putAccountState(state: AccountState): Promise<void>;

  // Schedules (background work every instance may do, done by one: profile reads, back-fills) --
  /**
   * Atomically take the job `key` when it is due (never scheduled, or its time ≤ `now`) and move
   * its time to `until` (a lease: if the taker dies, the job is due again then). True for exactly
   * one caller across instances; false while the job is not due.
   */
  claimDue(key: string, options: { now: Millis; until: Millis }): Promise<boolean>;
  /** Set when the job `key` is next due (after it ran: its next run; to release a lease: now). */
  reschedule(key: string, dueAt: Millis): Promise<void>;

  // Outbox ------------------------------------------------------------------------------------
  /**
   * Insert unless (accountId, clientId) exists; returns the row either way. With `claim`, a new
   * row that is the only unfinished send of its conversation (its lane is free) is leased to
   * `claim.owner` until `claim.until` by the same write: the durable write and the claim in one
   * step, no claim round trip. A row with unfinished sends before it stays unleased (the claim
   * serves lanes head first). Atomic with respect to other inserts into the conversation; callers
   * hold the conversation in their transaction anyway (they read it for the window policy).
   */
  insertSend(send: NewOutboxSend, options?: InsertSendOptions): Promise<{ inserted: boolean; send: OutboxSend }>;
  getSendByClientId(accountId: string, clientId: string): Promise<OutboxSend | null>;
  /** Lease up to `limit` `queued` sends whose `notBefore` has passed and whose lease is free/expired. */
  claimNextSends(options: ClaimSendsOptions): Promise<OutboxSend[]>;
  /** Sends stuck in `sending` whose lease expired (worker died mid-request): candidates for `uncertain`. */
  listExpiredSending(now: Millis, limit: number): Promise<OutboxSend[]>;
  updateSendStatus(accountId: string, clientId: string, patch: SendStatusPatch): Promise<OutboxSend | null>;
  /**
   * Extend the leases `owner` holds on these sends (still `queued` or `sending`) to `until`, so a
   * send waiting for a rate-limit slot or a retry is not claimed by another worker. Touches only
   * the lease, never the status. Returns the keys still held.
   */
  renewSendLeases(owner: string, keys: readonly SendKey[], until: Millis): Promise<SendKey[]>;
  /** Sends of one account, oldest first, filtered by status and conversation (echo reconciliation). */
  listSends(options: ListSendsOptions): Promise<OutboxSend[]>;
}

export interface Store extends StoreOps {
  /** Short name for logs and errors: 'memory', 'sqlite', 'postgres'. */
  readonly kind: string;
  /** Run `fn` atomically; `tx` must be used for every call inside. Rolls back if `fn` throws. */
  transaction<T>(fn: (tx: StoreOps) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
