/**
 * memoryStore(): everything in the heap — for tests, demos and development. Single process only;
 * state is lost on exit. Transactions are serialized (rows.ts singleWriterStore) and rolled back
 * with an undo journal, so the semantics match the SQL stores (callers cannot tell them apart).
 */
import { commentNeedsReply, conversationMatchesFilters, personSearchText, searchWords, wordsMatchTerms, type KitComment, type KitConversation, type KitMedia, type KitEvent, type KitSavedReply, type Millis } from '@kit/core';
import { ERASED_WEBHOOK_BODY, eraseFromEvent } from './erase';
import { compareDesc, isOlder } from './paging';
import { claimableHeads, LANE_STATUSES, leaseRenewable, newSendRow, oldestFirst, patchedSend, singleWriterStore } from './rows';
import type {
  AccountState,
  ClaimSendsOptions,
  ConversationHit,
  FindConversationsOptions,
  InsertSendOptions,
  ListCommentsOptions,
  ListSendsOptions,
  ListOptions,
  LoggedEvent,
  NewOutboxSend,
  OutboxSend,
  ReadEventsOptions,
  SendKey,
  SendStatusPatch,
  Store,
  StoreOps,
  StoredMessage,
  StoredWebhook,
  DeadLetter,
  SavedReplyPatch,
} from './types';
import { DUPLICATE_SHORTCUT } from './types';

interface WebhookRow extends StoredWebhook {
  processedAt?: Millis;
  error?: string;
  attempts?: number;
}

interface DeadLetterRow extends Omit<DeadLetter, 'bytes'> {
  body: string;
}

interface State {
  conversations: Map<string, KitConversation>;
  messages: Map<string, StoredMessage>; // key: accountId \0 messageId
  comments: Map<string, KitComment>; // key: accountId \0 commentId
  media: Map<string, KitMedia>; // key: accountId \0 mediaId
  savedReplies: Map<string, KitSavedReply>; // key: accountId \0 id
  dedupe: Map<string, Millis>; // key → expiresAt
  events: LoggedEvent[];
  eventSeq: number;
  /** When each event was logged, for pruning (`at` is Meta's time, not ours). */
  eventLoggedAt: Map<string, Millis>;
  webhooks: Map<string, WebhookRow>;
  /**
   * Ids of saved, not yet processed payloads: the pipeline asks for them after every POST, and
   * scanning every payload kept for the retention period made each ack slower the longer the
   * process ran (bench/proxy profile).
   */
  unprocessed: Map<string, true>;
  webhookSeq: number;
  deadLetters: Map<string, DeadLetterRow>;
  deadLetterSeq: number;
  accounts: Map<string, AccountState>;
  schedules: Map<string, Millis>; // key → dueAt
  sends: Map<string, OutboxSend>; // key: accountId \0 clientId
  /** Keys of sends still in a lane (queued, sending, uncertain): what claiming looks at. */
  openSends: Map<string, true>;
}

type Undo = () => void;

const clone = <T>(v: T): T => structuredClone(v);
const mkey = (a: string, b: string) => `${a}\u0000${b}`;

class MemoryOps implements StoreOps {
  /** When set, every mutation records how to undo itself. */
  journal: Undo[] | null = null;

  constructor(
    private readonly s: State,
    private readonly now: () => Millis,
  ) {}

  private set<K, V>(map: Map<K, V>, key: K, value: V): void {
    if (this.journal) {
      const had = map.has(key);
      const prev = map.get(key);
      this.journal.push(() => (had ? map.set(key, prev as V) : map.delete(key)));
    }
    map.set(key, value);
  }

  private del<K, V>(map: Map<K, V>, key: K): void {
    if (!map.has(key)) return;
    if (this.journal) {
      const prev = map.get(key) as V;
      this.journal.push(() => map.set(key, prev));
    }
    map.delete(key);
  }

  /** Every write of a send row goes through here, so the index of open sends stays right. */
  private putSend(key: string, row: OutboxSend): void {
    this.set(this.s.sends, key, row);
    if ((LANE_STATUSES as readonly string[]).includes(row.status)) {
      if (!this.s.openSends.has(key)) this.set(this.s.openSends, key, true);
    } else this.del(this.s.openSends, key);
  }

  private openSendRows(accountId?: string): OutboxSend[] {
    const rows: OutboxSend[] = [];
    for (const key of this.s.openSends.keys()) {
      const s = this.s.sends.get(key);
      if (s && (!accountId || s.accountId === accountId)) rows.push(s);
    }
    return rows;
  }

  /** Whether the conversation has an unfinished send (a walk over the open sends, no copies). */
  private laneBusy(accountId: string, conversationId: string): boolean {
    for (const key of this.s.openSends.keys()) {
      const s = this.s.sends.get(key);
      if (s && s.accountId === accountId && s.conversationId === conversationId) return true;
    }
    return false;
  }

  async getConversation(id: string) {
    const c = this.s.conversations.get(id);
    return c ? clone(c) : null;
  }

  async putConversation(conversation: KitConversation) {
    this.set(this.s.conversations, conversation.id, clone(conversation));
  }

  async listConversations(accountId: string, { before, limit }: ListOptions) {
    return [...this.s.conversations.values()]
      .filter((c) => c.accountId === accountId && (!before || isOlder(c.lastMessageAt, c.id, before)))
      .sort((a, b) => compareDesc(a.lastMessageAt, a.id, b.lastMessageAt, b.id))
      .slice(0, limit)
      .map(clone);
  }

  async findConversations(accountId: string, { before, limit, terms = [], filters = [], now }: FindConversationsOptions) {
    // A scan: the memory store is for tests and demos, where a few thousand messages is a lot.
    const newestHit = new Map<string, StoredMessage>();
    if (terms.length > 0) {
      for (const m of this.s.messages.values()) {
        if (m.accountId !== accountId || m.stub || m.deleted || !m.text || !wordsMatchTerms(searchWords(m.text), terms)) continue;
        const best = newestHit.get(m.conversationId);
        if (!best || compareDesc(m.createdAt, m.id, best.createdAt, best.id) < 0) newestHit.set(m.conversationId, m);
      }
    }
    const hits: ConversationHit[] = [];
    for (const c of this.s.conversations.values()) {
      if (c.accountId !== accountId || (before && !isOlder(c.lastMessageAt, c.id, before))) continue;
      if (!conversationMatchesFilters(c, filters, now)) continue;
      const message = newestHit.get(c.id);
      if (terms.length > 0 && !message && !wordsMatchTerms(searchWords(personSearchText(c)), terms)) continue;
      hits.push(message ? { conversation: c, message } : { conversation: c });
    }
    return hits
      .sort((a, b) => compareDesc(a.conversation.lastMessageAt, a.conversation.id, b.conversation.lastMessageAt, b.conversation.id))
      .slice(0, limit)
      .map(clone);
  }

  async findConversationByGraphId(accountId: string, graphId: string) {
    for (const c of this.s.conversations.values()) {
      if (c.accountId === accountId && c.graphId === graphId) return clone(c);
    }
    return null;
  }

  async getMessage(accountId: string, messageId: string) {
    const m = this.s.messages.get(mkey(accountId, messageId));
    return m ? clone(m) : null;
  }

  async putMessage(message: StoredMessage) {
    this.set(this.s.messages, mkey(message.accountId, message.id), clone(message));
  }

  async deleteMessage(accountId: string, messageId: string) {
    this.del(this.s.messages, mkey(accountId, messageId));
  }

  async listMessages(conversationId: string, { before, limit }: ListOptions) {
    return [...this.s.messages.values()]
      .filter((m) => m.conversationId === conversationId && !m.stub && (!before || isOlder(m.createdAt, m.id, before)))
      .sort((a, b) => compareDesc(a.createdAt, a.id, b.createdAt, b.id))
      .slice(0, limit)
      .map(clone);
  }

  async getComment(accountId: string, commentId: string) {
    const c = this.s.comments.get(mkey(accountId, commentId));
    return c ? clone(c) : null;
  }

  async putComment(comment: KitComment) {
    this.set(this.s.comments, mkey(comment.accountId, comment.id), clone(comment));
  }

  async getMedia(accountId: string, mediaId: string) {
    const m = this.s.media.get(mkey(accountId, mediaId));
    return m ? clone(m) : null;
  }

  async putMedia(accountId: string, media: KitMedia) {
    this.set(this.s.media, mkey(accountId, media.id), clone(media));
  }

  async listComments(accountId: string, { before, limit, needsReply, mediaId }: ListCommentsOptions) {
    return [...this.s.comments.values()]
      .filter(
        (c) =>
          c.accountId === accountId &&
          (!mediaId || c.mediaId === mediaId) &&
          (!needsReply || commentNeedsReply(c)) &&
          (!before || isOlder(c.createdAt, c.id, before)),
      )
      .sort((a, b) => compareDesc(a.createdAt, a.id, b.createdAt, b.id))
      .slice(0, limit)
      .map(clone);
  }

  async listSavedReplies(accountId: string) {
    return [...this.s.savedReplies.values()]
      .filter((r) => r.accountId === accountId)
      .sort((a, b) => (a.shortcut < b.shortcut ? -1 : a.shortcut > b.shortcut ? 1 : 0))
      .map(clone);
  }

  private shortcutTaken(accountId: string, shortcut: string, exceptId?: string) {
    for (const r of this.s.savedReplies.values()) if (r.accountId === accountId && r.shortcut === shortcut && r.id !== exceptId) return true;
    return false;
  }

  async insertSavedReply(reply: KitSavedReply) {
    if (this.shortcutTaken(reply.accountId, reply.shortcut)) return DUPLICATE_SHORTCUT;
    this.set(this.s.savedReplies, mkey(reply.accountId, reply.id), clone(reply));
    return clone(reply);
  }

  async updateSavedReply(accountId: string, id: string, patch: SavedReplyPatch) {
    const r = this.s.savedReplies.get(mkey(accountId, id));
    if (!r) return null;
    if (patch.shortcut !== undefined && this.shortcutTaken(accountId, patch.shortcut, id)) return DUPLICATE_SHORTCUT;
    const next: KitSavedReply = { ...r, ...(patch.shortcut !== undefined ? { shortcut: patch.shortcut } : {}), ...(patch.text !== undefined ? { text: patch.text } : {}), updatedAt: patch.updatedAt };
    this.set(this.s.savedReplies, mkey(accountId, id), next);
    return clone(next);
  }

  async deleteSavedReply(accountId: string, id: string) {
    const key = mkey(accountId, id);
    if (!this.s.savedReplies.has(key)) return false;
    this.del(this.s.savedReplies, key);
    return true;
  }

  async claimDedupeKey(key: string, { now, ttlMs }: { now: Millis; ttlMs: number }) {
    const expiresAt = this.s.dedupe.get(key);
    if (expiresAt !== undefined && expiresAt > now) return false;
    this.set(this.s.dedupe, key, now + ttlMs);
    return true;
  }

  async pruneDedupe(now: Millis) {
    let n = 0;
    for (const [k, exp] of this.s.dedupe) {
      if (exp <= now) {
        this.del(this.s.dedupe, k);
        n++;
      }
    }
    return n;
  }

  async appendEvent(event: KitEvent) {
    const id = String(++this.s.eventSeq);
    const logged = { ...clone(event), id } as LoggedEvent;
    this.s.events.push(logged);
    this.s.eventLoggedAt.set(id, this.now());
    if (this.journal) {
      this.journal.push(() => {
        this.s.events.pop();
        this.s.eventLoggedAt.delete(id);
        this.s.eventSeq--;
      });
    }
    return clone(logged);
  }

  async readEvents({ after, accountIds, limit }: ReadEventsOptions) {
    const afterN = after === undefined ? 0 : Number(after);
    const allowed = accountIds ? new Set(accountIds) : null;
    const out: LoggedEvent[] = [];
    for (const e of this.s.events) {
      if (Number(e.id) <= afterN) continue;
      if (allowed && !allowed.has(e.accountId)) continue;
      out.push(clone(e));
      if (out.length >= limit) break;
    }
    return out;
  }

  async lastEventId() {
    return this.s.events.at(-1)?.id ?? null;
  }

  async firstEventId() {
    return this.s.events[0]?.id ?? null;
  }

  async pruneEvents(before: Millis) {
    const keep: LoggedEvent[] = [];
    for (const e of this.s.events) {
      if ((this.s.eventLoggedAt.get(e.id) ?? Infinity) >= before) keep.push(e);
      else this.s.eventLoggedAt.delete(e.id);
    }
    const n = this.s.events.length - keep.length;
    this.s.events = keep;
    return n;
  }

  async eraseMessageTraces(accountId: string, messageId: string) {
    let n = 0;
    this.s.events.forEach((e, i) => {
      if (e.accountId !== accountId) return;
      const erased = eraseFromEvent(e, messageId);
      if (!erased) return;
      if (this.journal) this.journal.push(() => (this.s.events[i] = e));
      this.s.events[i] = { ...erased, id: e.id } as LoggedEvent;
      n++;
    });
    for (const [id, w] of this.s.webhooks) {
      if (w.processedAt !== undefined && w.body.includes(messageId)) {
        this.set(this.s.webhooks, id, { ...w, body: ERASED_WEBHOOK_BODY });
        n++;
      }
    }
    for (const [id, d] of this.s.deadLetters) {
      if (d.body.includes(messageId)) {
        this.set(this.s.deadLetters, id, { ...d, body: ERASED_WEBHOOK_BODY });
        n++;
      }
    }
    return n;
  }

  async saveWebhook(body: string, receivedAt: Millis) {
    const id = String(++this.s.webhookSeq);
    this.set(this.s.webhooks, id, { id, body, receivedAt });
    this.set(this.s.unprocessed, id, true);
    return id;
  }

  async markWebhookProcessed(id: string, outcome: { at: Millis; error?: string }) {
    const w = this.s.webhooks.get(id);
    if (!w) return;
    this.set(this.s.webhooks, id, { ...w, processedAt: outcome.at, ...(outcome.error ? { error: outcome.error } : {}) });
    this.del(this.s.unprocessed, id);
  }

  async listUnprocessedWebhooks(limit: number, after?: string) {
    const pending: WebhookRow[] = [];
    for (const id of this.s.unprocessed.keys()) {
      const w = this.s.webhooks.get(id);
      if (w && w.processedAt === undefined && Number(id) > Number(after ?? 0)) pending.push(w);
    }
    return pending
      .sort((a, b) => Number(a.id) - Number(b.id))
      .slice(0, limit)
      .map(({ id, body, receivedAt }) => ({ id, body, receivedAt }));
  }

  async requeueDeadLetter(id: string) {
    const dead = this.s.deadLetters.get(id);
    if (!dead) return null;
    this.del(this.s.deadLetters, id);
    const queued = String(++this.s.webhookSeq);
    this.set(this.s.webhooks, queued, { id: queued, body: dead.body, receivedAt: dead.receivedAt });
    this.set(this.s.unprocessed, queued, true);
    return queued;
  }

  async discardDeadLetter(id: string) {
    if (!this.s.deadLetters.has(id)) return false;
    this.del(this.s.deadLetters, id);
    return true;
  }

  async recordWebhookFailure(id: string) {
    const w = this.s.webhooks.get(id);
    if (!w || w.processedAt !== undefined) return 0;
    const attempts = (w.attempts ?? 0) + 1;
    this.set(this.s.webhooks, id, { ...w, attempts });
    return attempts;
  }

  async deadLetterWebhook(id: string, { at, reason }: { at: Millis; reason: string }) {
    const w = this.s.webhooks.get(id);
    if (!w || w.processedAt !== undefined) return;
    this.del(this.s.webhooks, id);
    this.del(this.s.unprocessed, id);
    const deadId = String(++this.s.deadLetterSeq);
    this.set(this.s.deadLetters, deadId, { id: deadId, webhookId: id, receivedAt: w.receivedAt, deadAt: at, attempts: w.attempts ?? 0, reason, body: w.body });
  }

  async listDeadLetters({ limit, before }: { limit: number; before?: string }): Promise<DeadLetter[]> {
    return [...this.s.deadLetters.values()]
      .filter((d) => before === undefined || Number(d.id) < Number(before))
      .sort((a, b) => Number(b.id) - Number(a.id))
      .slice(0, limit)
      .map(({ body, ...d }) => ({ ...d, bytes: Buffer.byteLength(body, 'utf8') }));
  }

  async pruneWebhooks(before: Millis) {
    let n = 0;
    for (const [id, w] of this.s.webhooks) {
      if (w.processedAt !== undefined && w.receivedAt < before) {
        this.del(this.s.webhooks, id);
        n++;
      }
    }
    return n;
  }

  async getAccountState(accountId: string) {
    const a = this.s.accounts.get(accountId);
    return a ? clone(a) : null;
  }

  async putAccountState(state: AccountState) {
    this.set(this.s.accounts, state.accountId, clone(state));
  }

  async claimDue(key: string, { now, until }: { now: Millis; until: Millis }) {
    const due = this.s.schedules.get(key);
    if (due !== undefined && due > now) return false;
    this.set(this.s.schedules, key, until);
    return true;
  }

  async reschedule(key: string, dueAt: Millis) {
    this.set(this.s.schedules, key, dueAt);
  }

  async insertSend(send: NewOutboxSend, { claim }: InsertSendOptions = {}) {
    const key = mkey(send.accountId, send.clientId);
    const existing = this.s.sends.get(key);
    if (existing) return { inserted: false, send: clone(existing) };
    const row = newSendRow(clone(send));
    if (claim && !this.laneBusy(send.accountId, send.conversationId)) {
      row.leaseOwner = claim.owner;
      row.leaseUntil = claim.until;
    }
    this.putSend(key, row);
    return { inserted: true, send: clone(row) };
  }

  async getSendByClientId(accountId: string, clientId: string) {
    const s = this.s.sends.get(mkey(accountId, clientId));
    return s ? clone(s) : null;
  }

  async claimNextSends({ owner, leaseMs, limit, now, accountId }: ClaimSendsOptions) {
    const free = claimableHeads(this.openSendRows(accountId), now, limit);
    return free.map((s) => {
      const leased = { ...s, leaseOwner: owner, leaseUntil: now + leaseMs };
      this.putSend(mkey(s.accountId, s.clientId), leased);
      return clone(leased);
    });
  }

  async listExpiredSending(now: Millis, limit: number) {
    return this.openSendRows()
      .filter((s) => s.status === 'sending' && s.leaseUntil !== undefined && s.leaseUntil < now)
      .slice(0, limit)
      .map(clone);
  }

  async renewSendLeases(owner: string, keys: readonly SendKey[], until: Millis) {
    const held: SendKey[] = [];
    for (const k of keys) {
      const key = mkey(k.accountId, k.clientId);
      const s = this.s.sends.get(key) ?? null;
      if (!leaseRenewable(s, owner)) continue;
      this.putSend(key, { ...s, leaseUntil: until });
      held.push({ accountId: k.accountId, clientId: k.clientId });
    }
    return held;
  }

  async listSends({ accountId, conversationId, statuses, limit }: ListSendsOptions) {
    return [...this.s.sends.values()]
      .filter((s) => s.accountId === accountId && (!conversationId || s.conversationId === conversationId) && (!statuses || statuses.includes(s.status)))
      .sort(oldestFirst)
      .slice(0, limit)
      .map(clone);
  }

  async updateSendStatus(accountId: string, clientId: string, patch: SendStatusPatch) {
    const key = mkey(accountId, clientId);
    const s = this.s.sends.get(key);
    const next = s ? patchedSend(clone(s), patch) : null;
    if (!next) return null;
    this.putSend(key, next);
    return clone(next);
  }
}

export interface MemoryStoreOptions {
  /** Clock for event-log pruning; defaults to Date.now. */
  now?: () => Millis;
}

export function memoryStore(options: MemoryStoreOptions = {}): Store {
  const state: State = {
    conversations: new Map(),
    messages: new Map(),
    comments: new Map(),
    media: new Map(),
    savedReplies: new Map(),
    dedupe: new Map(),
    events: [],
    eventSeq: 0,
    eventLoggedAt: new Map(),
    webhooks: new Map(),
    unprocessed: new Map(),
    webhookSeq: 0,
    deadLetters: new Map(),
    deadLetterSeq: 0,
    accounts: new Map(),
    schedules: new Map(),
    sends: new Map(),
    openSends: new Map(),
  };
  const ops = new MemoryOps(state, options.now ?? Date.now);
  let journal: Undo[] = [];
  return singleWriterStore(ops, {
    kind: 'memory',
    begin: () => {
      journal = [];
      ops.journal = journal;
    },
    commit: () => {
      ops.journal = null;
    },
    rollback: () => {
      for (const undo of journal.reverse()) undo();
      ops.journal = null;
    },
    close: () => {},
  });
}
