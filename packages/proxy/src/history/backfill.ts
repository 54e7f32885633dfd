/**
 * First-connection back-fill from the Conversations API (reference §6; Meta names "inbox sync of
 * past conversations when an account is newly connected" as its use case). Runs in the
 * background once per account (state kept in the store, so restarts do not repeat it), within
 * the Conversations API's 2 calls/s per account (reference §6.3, via AccountLimits).
 *
 * Only the 20 newest messages of a thread can be read in detail (reference §6.3), so that is what
 * each thread gets. Webhook data wins: a message the store already has is never overwritten.
 */
import {
  CONVERSATION_DETAIL_MESSAGES,
  conversationId,
  type KitAttachment,
  type KitConversation,
  type KitMessage,
  messagePreview,
  withWindowState,
} from '@kit/core';
import type { Logger } from 'pino';
import type { AccountRegistry } from '../accounts';
import type { EventBus } from '../live/bus';
import { GraphApiError, GraphNetworkError, type GraphClient } from '../graph/client';
import type { ProfileFetcher } from './profiles';
import type { AccountLimits } from '../limits/account-limits';
import { fullJitter, sleep, type BackoffOptions } from '../limits/backoff';
import type { AccountState, LoggedEvent, Store } from '../store/types';

export interface BackfillOptions {
  /** Default true. */
  enabled?: boolean;
  /** Most conversations to import per account (newest first). Default 100. */
  maxConversations?: number;
  /**
   * Retries of one Conversations API call that failed retryably (throttle 4/17/32/613/80002…,
   * transient 1/2, a connection error): exponential backoff with full jitter, at most
   * `maxAttempts` tries per call. Default `{ baseMs: 1000, capMs: 60000, maxAttempts: 8 }`.
   */
  retry?: Partial<BackoffOptions> & { maxAttempts?: number };
}

/** How long a running back-fill holds its account against other instances without progress. */
const BACKFILL_LEASE_MS = 10 * 60_000;

export const BACKFILL_RETRY_DEFAULTS = { baseMs: 1000, capMs: 60_000, maxAttempts: 8 } as const;

interface GraphParticipant {
  id?: string;
  username?: string;
  name?: string;
}
interface GraphMessageNode {
  id?: string;
  created_time?: string | number;
  from?: GraphParticipant;
  to?: { data?: GraphParticipant[] };
  message?: string;
  attachments?: { data?: Record<string, unknown>[] };
  reply_to?: { mid?: string; is_self_reply?: boolean; story?: GraphStoryRef };
  /**
   * Story a message refers to (Message node `story`, reference §6.2): `reply_to` for a story reply,
   * `mention` for a story mention — `{ link, id }` each, as Meta's story-mention page shows it.
   */
  story?: { reply_to?: GraphStoryRef; mention?: GraphStoryRef };
  is_unsupported?: boolean;
}
interface GraphStoryRef {
  id?: string;
  link?: string;
  url?: string;
}
interface GraphConversationNode {
  id?: string;
  updated_time?: string | number;
  participants?: { data?: GraphParticipant[] };
  messages?: { data?: GraphMessageNode[] };
}
interface GraphList<T> {
  data?: T[];
  paging?: { cursors?: { after?: string }; next?: string };
}

/** Graph times come as ISO-8601 (`2022-07-12T19:11:07+0000`) or unix seconds (reference §6.1). */
export function parseGraphTime(v: unknown): number | undefined {
  if (typeof v === 'number') return v < 1e12 ? v * 1000 : v;
  if (typeof v !== 'string' || !v) return undefined;
  if (/^\d+$/.test(v)) return parseGraphTime(Number(v));
  const iso = v.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'); // +0000 → +00:00 for Date.parse
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

/** Message-node attachments (`image_data`, `video_data`, `file_url`…) → KitAttachment. */
function nodeAttachments(list: Record<string, unknown>[] | undefined): KitAttachment[] {
  const out: KitAttachment[] = [];
  for (const a of list ?? []) {
    const image = a.image_data as { url?: string; width?: number; height?: number } | undefined;
    const video = a.video_data as { url?: string; preview_url?: string } | undefined;
    const mime = typeof a.mime_type === 'string' ? a.mime_type : undefined;
    const fileUrl = typeof a.file_url === 'string' ? a.file_url : undefined;
    if (image?.url) out.push({ type: 'image', url: image.url, ...(mime ? { mime } : {}) });
    else if (video?.url) out.push({ type: 'video', url: video.url, ...(video.preview_url ? { previewUrl: video.preview_url } : {}) });
    else if (fileUrl && mime?.startsWith('audio/')) out.push({ type: 'audio', url: fileUrl, mime });
    else if (fileUrl) out.push({ type: 'file', url: fileUrl, ...(mime ? { mime } : {}) });
    else out.push({ type: 'unsupported', raw: a });
  }
  return out;
}

export interface BackfillerDeps {
  store: Store;
  bus: EventBus;
  graph: GraphClient;
  accounts: AccountRegistry;
  limits: AccountLimits;
  /** Reads the customer profile when the Conversations API gave no name (reference §6.4). */
  profiles?: ProfileFetcher;
  log: Logger;
  now: () => number;
  options: Required<Omit<BackfillOptions, 'retry'>> & { retry?: BackfillOptions['retry'] };
  /** Jitter source (tests). Default Math.random. */
  random?: () => number;
}

export class Backfiller {
  private readonly running = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();

  constructor(private readonly d: BackfillerDeps) {}

  /** Starts the back-fill for every account that has not had one. */
  startAll(): void {
    if (!this.d.options.enabled) return;
    for (const id of this.d.accounts.ids()) this.start(id);
  }

  start(accountId: string): Promise<void> {
    const existing = this.running.get(accountId);
    if (existing) return existing;
    const p = this.run(accountId)
      .catch((err) => this.d.log.error({ err, accountId }, 'backfill crashed'))
      .finally(() => this.running.delete(accountId));
    this.running.set(accountId, p);
    return p;
  }

  async idle(): Promise<void> {
    await Promise.all([...this.running.values()]);
  }

  async close(): Promise<void> {
    this.abort.abort(new Error('kit proxy closed'));
    await this.idle();
  }

  /**
   * One Conversations API read, retried in place when it failed retryably, so the back-fill
   * continues where it stopped (same cursor, same thread) instead of failing until the next
   * start. A throttle also pauses the account's whole read class for the delay: Meta says calls
   * made while limited extend the block (reference §3.3). Reads are idempotent, so a connection
   * error is retried too.
   */
  private async get<T>(accountId: string, path: string[], query: Record<string, string>): Promise<T> {
    const retry = { ...BACKFILL_RETRY_DEFAULTS, ...this.d.options.retry };
    for (let attempt = 1; ; attempt++) {
      await this.d.limits.acquire(accountId, 'conversations', this.abort.signal);
      try {
        return (await this.d.graph.request<T>(accountId, { path, query, signal: this.abort.signal })).data;
      } catch (err) {
        if (this.abort.signal.aborted || attempt >= retry.maxAttempts || !retryableRead(err)) throw err;
        const delay = fullJitter(attempt - 1, retry, this.d.random);
        const throttled = err instanceof GraphApiError && err.classification.category === 'rate_limit';
        if (throttled) await this.d.limits.pause(accountId, delay, 'reads');
        this.d.log.info(
          { accountId, attempt, delayMs: delay, graph: err instanceof GraphApiError ? err.graph : undefined },
          throttled ? 'backfill throttled by Graph; backing off' : 'backfill read failed; retrying',
        );
        await sleep(delay, this.abort.signal);
      }
    }
  }

  private async run(accountId: string): Promise<void> {
    const { store, log, now } = this.d;
    const state = (await store.getAccountState(accountId)) ?? { accountId };
    if (state.backfill?.state === 'done') return;
    // Instances sharing a store start together: one of them runs it (the lease is renewed after
    // each thread; if that instance dies, the next start elsewhere takes over after it ends).
    const job = `backfill:${accountId}`;
    if (!(await store.claimDue(job, { now: now(), until: now() + BACKFILL_LEASE_MS }))) {
      log.info({ accountId }, 'backfill already running on another instance');
      return;
    }
    const startedAt = now();
    await this.saveProgress(accountId, { state: 'running', startedAt });
    let conversations = 0;
    let messages = 0;
    try {
      let after: string | undefined;
      do {
        const list = await this.get<GraphList<GraphConversationNode>>(accountId, [accountId, 'conversations'], {
          platform: 'instagram',
          fields: 'id,updated_time,participants',
          limit: '25',
          ...(after ? { after } : {}),
        });
        for (const c of list.data ?? []) {
          if (conversations >= this.d.options.maxConversations || this.abort.signal.aborted) break;
          if (!c.id) continue;
          messages += await this.importConversation(accountId, c);
          conversations++;
          await store.reschedule(job, now() + BACKFILL_LEASE_MS);
        }
        after = list.paging?.next ? list.paging.cursors?.after : undefined;
      } while (after && conversations < this.d.options.maxConversations && !this.abort.signal.aborted);
      const done = { state: 'done' as const, startedAt, finishedAt: now(), conversations, messages };
      await this.saveProgress(accountId, done);
      log.info({ accountId, conversations, messages }, 'backfill done');
    } catch (err) {
      const code = (err as { toKitHttpError?: () => { code: string } }).toKitHttpError?.().code ?? 'internal';
      if (!this.abort.signal.aborted) log.warn({ accountId, code }, 'backfill failed; it will run again on the next start');
      const failed = { state: 'failed' as const, startedAt, finishedAt: now(), conversations, messages, error: code };
      await this.saveProgress(accountId, failed).catch(() => undefined);
      // Released: the next start (here or on another instance) runs it again.
      await store.reschedule(job, now()).catch(() => undefined);
    }
  }

  /** The account's back-fill progress, changed without losing what other instances write beside it (pause, token state). */
  private saveProgress(accountId: string, backfill: NonNullable<AccountState['backfill']>): Promise<void> {
    return this.d.store.transaction(async (tx) => {
      const state = (await tx.getAccountState(accountId)) ?? { accountId };
      await tx.putAccountState({ ...state, backfill, updatedAt: this.d.now() });
    });
  }

  /** Imports one thread; returns how many messages were new. */
  private async importConversation(accountId: string, node: GraphConversationNode): Promise<number> {
    const info = this.d.accounts.info(accountId)!;
    const business = new Set([info.igUserId, info.id]);
    let participants = node.participants?.data ?? [];
    const detail = await this.get<GraphConversationNode>(accountId, [node.id as string], {
      fields: `participants,messages.limit(${CONVERSATION_DETAIL_MESSAGES}){id,created_time,from,to,message,attachments,reply_to,story,is_unsupported}`,
    });
    if (participants.length === 0) participants = detail.participants?.data ?? [];
    const nodes = detail.messages?.data ?? [];
    // The customer is the participant who is not the business; when Meta gave no participants,
    // the side of a message that is not the business (its `from`, else its `to`).
    const customer =
      participants.find((p) => p.id && !business.has(p.id)) ??
      nodes.flatMap((m) => [m.from, ...(m.to?.data ?? [])]).find((p): p is GraphParticipant => !!p?.id && !business.has(p.id));
    if (!customer?.id) {
      this.d.log.warn(
        { accountId, graphConversationId: node.id, messages: nodes.length, reason: 'no_customer_id' },
        'backfill skipped a conversation: the Conversations API named no participant other than the business (no participants, no from/to on its messages)',
      );
      return 0;
    }
    const cid = conversationId(accountId, customer.id);
    const customerId = customer.id;
    const businessSide = { id: info.igUserId };
    const customerSide = { id: customer.id, ...(customer.username ? { username: customer.username } : {}) };

    const imported: KitMessage[] = [];
    // Graph times have whole seconds; messages come newest first. Within one second keep Graph's
    // order by spreading them over that second's milliseconds (still inside the true second).
    const perSecond = new Map<number, number>();
    for (const m of nodes) {
      const t = parseGraphTime(m.created_time);
      if (t !== undefined) perSecond.set(t, (perSecond.get(t) ?? 0) + 1);
    }
    const seenInSecond = new Map<number, number>();
    const unplaced: string[] = [];
    for (const m of nodes) {
      const second = parseGraphTime(m.created_time);
      if (!m.id || second === undefined) continue;
      const rank = seenInSecond.get(second) ?? 0;
      seenInSecond.set(second, rank + 1);
      const createdAt = second % 1000 === 0 ? second + Math.min(999, (perSecond.get(second) ?? 1) - 1 - rank) : second;
      const inbound = direction(m, customer.id, business);
      if (inbound === undefined) {
        unplaced.push(m.id);
        continue;
      }
      const msg: KitMessage = {
        id: m.id,
        conversationId: cid,
        accountId,
        direction: inbound ? 'inbound' : 'outbound',
        from: inbound ? customerSide : businessSide,
        to: inbound ? businessSide : customerSide,
        attachments: nodeAttachments(m.attachments?.data),
        createdAt,
        editCount: 0,
        deleted: false,
        reactions: [],
      };
      if (typeof m.message === 'string' && m.message) msg.text = m.message;
      const storyReply = m.story?.reply_to?.id ? m.story.reply_to : m.reply_to?.story;
      if (m.reply_to?.mid) msg.replyTo = { messageId: m.reply_to.mid, ...(m.reply_to.is_self_reply !== undefined ? { isSelfReply: m.reply_to.is_self_reply } : {}) };
      else if (storyReply?.id) {
        const url = storyReply.link ?? storyReply.url;
        msg.replyTo = { story: { id: storyReply.id, ...(url ? { url } : {}) } };
      }
      const mention = m.story?.mention;
      if (mention && !msg.attachments.some((a) => a.type === 'story_mention')) {
        const url = mention.link ?? mention.url;
        msg.attachments.push({ type: 'story_mention', ...(url ? { url } : {}), ...(mention.id ? { storyId: mention.id } : {}) });
      }
      if (m.is_unsupported) msg.unsupported = true;
      if (!inbound) msg.status = 'sent';
      imported.push(msg);
    }
    if (unplaced.length > 0) {
      this.d.log.warn(
        { accountId, graphConversationId: node.id, skipped: unplaced.length, reason: 'no_from_or_to' },
        'backfill skipped messages whose author the Conversations API did not give (no from, no to)',
      );
    }

    const now = this.d.now();
    const { count, events } = await this.d.store.transaction(async (tx) => {
      let count = 0;
      const c: KitConversation = (await tx.getConversation(cid)) ?? {
        id: cid,
        accountId,
        customerId: customer.id as string,
        lastMessageAt: parseGraphTime(node.updated_time) ?? 0,
        unreadCount: 0,
      };
      c.graphId = node.id as string;
      if (customer.username || customer.name) {
        c.customer = { ...c.customer, ...(customer.username ? { username: customer.username } : {}), ...(customer.name ? { name: customer.name } : {}) };
      }
      for (const m of imported) {
        const existing = await tx.getMessage(accountId, m.id);
        if (existing && !existing.stub) continue; // webhook data wins
        const merged = existing?.stub ? { ...m, reactions: existing.reactions, ...(existing.readAt ? { readAt: existing.readAt } : {}) } : m;
        if (existing?.deleted) continue;
        await tx.putMessage(merged);
        count++;
        if (!c.lastMessage || merged.createdAt > c.lastMessage.createdAt) c.lastMessage = messagePreview(merged);
        c.lastMessageAt = Math.max(c.lastMessageAt, merged.createdAt);
        if (merged.direction === 'inbound' && (c.lastInboundAt === undefined || merged.createdAt > c.lastInboundAt)) c.lastInboundAt = merged.createdAt;
      }
      const next = withWindowState({ ...c, updatedAt: now }, now);
      await tx.putConversation(next);
      const event = await tx.appendEvent({ type: 'conversation_updated', accountId, conversationId: cid, at: now, conversation: next });
      return { count, events: [event] as LoggedEvent[] };
    });
    for (const e of events) this.d.bus.publish(e);
    // The Conversations API gives a username at best (reference §6.1): read the profile for the
    // name and picture, in the background and within the same per-account budget.
    if (!customer.name) this.d.profiles?.request(accountId, cid, customerId);
    return count;
  }
}

/**
 * Whether a message node is the customer's: by `from`; when Meta left `from` out, by `to` (a
 * message to the business is the customer's). Undefined when neither says.
 */
function direction(m: GraphMessageNode, customerId: string, business: Set<string | undefined>): boolean | undefined {
  if (m.from?.id) return m.from.id === customerId;
  const to = (m.to?.data ?? []).map((p) => p.id).filter((id): id is string => !!id);
  if (to.includes(customerId)) return false;
  if (to.some((id) => business.has(id))) return true;
  return undefined;
}

/** What a back-fill read may try again: core's retryable classes, or a connection that failed. */
function retryableRead(err: unknown): boolean {
  if (err instanceof GraphApiError) return err.classification.retryable && err.classification.category !== 'auth';
  return err instanceof GraphNetworkError;
}
