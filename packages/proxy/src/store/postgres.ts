/**
 * postgresStore({ connectionString }): the store for several proxy instances sharing one
 * database. Same tables and semantics as sqliteStore (see postgres-migrations.ts); what changes is
 * how the concurrency contract of types.ts is met without a process-wide mutex:
 *
 * - Read-modify-write: inside `transaction()`, getConversation/getMessage/getSendByClientId take a
 *   transaction-level advisory lock on the key, then `SELECT … FOR UPDATE`. The advisory lock also
 *   covers rows that do not exist yet — two instances receiving a new customer's first two
 *   messages would otherwise both see "no conversation" and one unread count would be lost.
 * - Event ids: an IDENTITY column, plus an advisory lock taken right before the insert and held
 *   to COMMIT, so ids become visible in increasing order. Without it, transaction A could take
 *   id 7, B take 8 and commit first, and an SSE reader that saw 8 would never replay 7. Every
 *   writer of every instance queues on that lock, so it is held as briefly as possible: inside a
 *   transaction, appendEvent only buffers the event; COMMIT sends the lock, ONE insert of all the
 *   transaction's events and the COMMIT as a single simple-protocol query. The lock is then held
 *   for the insert and the commit's WAL flush, never across a round trip to Node (which, on a
 *   busy machine, waits for a CPU). The returned event's `id` is filled in by that COMMIT:
 *   callers publish the events after the transaction, as they must anyway.
 * - Dedupe: one `INSERT … ON CONFLICT DO UPDATE … WHERE expired` statement; a parallel duplicate
 *   waits on the row and then finds a live claim.
 * - Outbox: claims pick rows with `FOR UPDATE SKIP LOCKED`, so two workers never lease one send
 *   and never wait for each other.
 *
 * Lock waits can form a cycle (e.g. a back-fill locks conversation → messages while a webhook
 * locks message → conversation); Postgres then aborts one side with a deadlock error and
 * `transaction()` re-runs `fn` on a fresh transaction (callers only do store work inside it).
 */
import { createRequire } from 'node:module';
import type * as pg from 'pg';
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { commentNeedsReply, lastInboundBounds, needsReply, type KitComment, type KitConversation, type KitMedia, type KitEvent, type KitSavedReply, type Millis } from '@kit/core';
import { ERASED_WEBHOOK_BODY, eraseFromEvent } from './erase';
import { migratePostgres, quoteIdent } from './postgres-migrations';
import { messageWords, personWords, windowFilter } from './search';
import { assembleStore, claimableHeads, newSendRow, wrapCalls } from './rows';
import type {
  AccountState,
  ClaimSendsOptions,
  ConversationHit,
  FindConversationsOptions,
  InsertSendOptions,
  ListCommentsOptions,
  ListOptions,
  ListSendsOptions,
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

/** Rows one retention DELETE removes (pruneInBatches). */
const PRUNE_BATCH = 5000;

export interface PostgresStoreOptions {
  /** e.g. `postgres://kit@db.internal:5432/app`. Required unless you pass `pool`. */
  connectionString?: string;
  /** Schema holding the kit's tables (created when missing). Default `kit`, so the kit's
   * `conversations`, `messages`, … never meet your application's tables. */
  schema?: string;
  /** Your own pg Pool. The store then never ends it: `close()` leaves it to you. */
  pool?: Pool;
  /** Pool size when the store creates the pool. Default 10. */
  max?: number;
  /** Idle connection errors (server restart, network). The pool drops the client and reconnects;
   * default ignores them (a process without an 'error' listener would crash). */
  onError?: (err: Error) => void;
  /** Clock for event-log pruning; defaults to Date.now. */
  now?: () => Millis;
}

export interface PostgresStore extends Store {
  readonly kind: 'postgres';
  readonly schema: string;
  /** The pg Pool in use, e.g. for rate-limiter-flexible's `RateLimiterPostgres` (`storeClient`). */
  readonly pool: Pool;
  /** Resolves once the schema is migrated (every call waits for it anyway); use it to fail fast at startup. */
  ready(): Promise<void>;
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
/** SQLSTATEs after which re-running the whole transaction is the documented remedy. */
const RETRYABLE = new Set(['40001' /* serialization_failure */, '40P01' /* deadlock_detected */]);
const MAX_ATTEMPTS = 5;

/**
 * Postgres text and jsonb cannot hold U+0000. It never occurs in real Instagram content, but a
 * single one must not make a webhook unstorable, so it becomes U+FFFD (the replacement character).
 */
const noNul = (s: string) => (s.includes('\u0000') ? s.replaceAll('\u0000', '\uFFFD') : s);
const json = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'string' ? noNul(x) : x));

type Db = Pool | PoolClient;

interface Ctx {
  schema: string;
  /** Schema-qualified table names. */
  t: Record<'conversations' | 'messages' | 'comments' | 'media' | 'savedReplies' | 'dedupe' | 'events' | 'webhooks' | 'deadLetters' | 'accounts' | 'sends' | 'schedules', string>;
  now: () => Millis;
  transaction<T>(fn: (tx: PgOps) => Promise<T>): Promise<T>;
}

/** An event appended inside a transaction, inserted by the COMMIT (PgOps.commit). */
interface PendingEvent {
  accountId: string;
  type: string;
  loggedAt: Millis;
  data: string;
  /** What appendEvent returned; its id is set once the COMMIT succeeded. */
  logged: LoggedEvent;
}

class PgOps implements StoreOps {
  /** Events appended in this transaction, in order (inserted by commit()). */
  private readonly pendingEvents: PendingEvent[] = [];
  /**
   * Whether BEGIN has gone out. A transaction sends it with its first statement: as a prefix of
   * that statement's simple-protocol query when the statement is one of ours written for it
   * (locked reads, a send's status write, the claiming insert, the COMMIT), so the round trip of
   * a lone BEGIN is saved; before any other statement on its own, as before.
   */
  private begun = false;

  constructor(
    private readonly db: Db,
    private readonly ctx: Ctx,
    /** True when `db` is a client inside BEGIN … COMMIT. */
    private readonly inTx: boolean,
  ) {}

  private async q<R extends QueryResultRow = QueryResultRow>(sql: string, params: unknown[] = []) {
    if (this.inTx && !this.begun) {
      this.begun = true;
      await this.db.query('BEGIN');
    }
    return this.db.query<R>(sql, params);
  }

  /**
   * q() for a statement whose parameters can all be inlined (inlineParams): when it opens the
   * transaction, BEGIN travels in the same simple-protocol query.
   */
  private async qInline<R extends QueryResultRow = QueryResultRow>(sql: string, params: unknown[]): Promise<{ rows: R[] }> {
    const begin = this.beginPrefix();
    if (!begin) return this.q<R>(sql, params);
    const client = this.db as PoolClient;
    const results = (await client.query(begin + inlineParams(client, sql, params))) as unknown as Array<{ rows: R[] }>;
    return results[1]!;
  }

  /** 'BEGIN; ' when this statement opens the transaction (see `begun`), else ''. */
  private beginPrefix(): string {
    if (!this.inTx || this.begun) return '';
    this.begun = true;
    return 'BEGIN; ';
  }

  /** Runs `fn` atomically: in the current transaction, or in a new one at top level. */
  private atomic<T>(fn: (ops: PgOps) => Promise<T>): Promise<T> {
    return this.inTx ? fn(this) : this.ctx.transaction(fn);
  }

  /**
   * Inside a transaction, a read is the first half of a read-modify-write: lock the key first.
   * Lock and read go as one simple-protocol query (one round trip instead of two; the values are
   * ids, sent as escaped literals), since every webhook and every send status change does this.
   */
  private async readForUpdate<R extends QueryResultRow>(key: string, sql: string, params: string[]) {
    if (!this.inTx) return this.q<R>(sql, params);
    const client = this.db as PoolClient;
    const lit = (v: string) => client.escapeLiteral(noNul(v));
    const read = `${sql} FOR UPDATE`.replace(/\$(\d+)/g, (_m, n: string) => lit(params[Number(n) - 1] as string));
    const begin = this.beginPrefix();
    const results = (await client.query(
      `${begin}SELECT pg_advisory_xact_lock(hashtextextended(${lit(`kit:${this.ctx.schema}:${key}`)}, 0)); ${read}`,
    )) as unknown as Array<{ rows: R[] }>;
    return results[begin ? 2 : 1]!;
  }

  // Conversations ------------------------------------------------------------------------------

  async getConversation(id: string) {
    const { rows } = await this.readForUpdate<{ data: KitConversation }>(
      `conversation:${id}`,
      `SELECT data FROM ${this.ctx.t.conversations} WHERE id = $1`,
      [id],
    );
    return rows[0]?.data ?? null;
  }

  async putConversation(c: KitConversation) {
    await this.q(
      `INSERT INTO ${this.ctx.t.conversations} (id, account_id, last_message_at, graph_id, last_inbound_at, unread, needs_reply, opted_out, person_words, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)
       ON CONFLICT (id) DO UPDATE SET account_id = excluded.account_id, last_message_at = excluded.last_message_at,
         graph_id = excluded.graph_id, last_inbound_at = excluded.last_inbound_at, unread = excluded.unread,
         needs_reply = excluded.needs_reply, opted_out = excluded.opted_out, person_words = excluded.person_words, data = excluded.data`,
      [
        c.id,
        c.accountId,
        c.lastMessageAt,
        c.graphId ?? null,
        c.lastInboundAt ?? null,
        c.unreadCount > 0,
        needsReply(c),
        c.consent?.state === 'opted_out',
        noNul(personWords(c)),
        json(c),
      ],
    );
  }

  async listConversations(accountId: string, { before, limit }: ListOptions) {
    // Row comparison = "strictly older in (last_message_at, id) order"; id is COLLATE "C".
    const { rows } = before
      ? await this.q<{ data: KitConversation }>(
          `SELECT data FROM ${this.ctx.t.conversations} WHERE account_id = $1 AND (last_message_at, id) < ($2, $3)
           ORDER BY last_message_at DESC, id DESC LIMIT $4`,
          [accountId, before.at, before.id, limit],
        )
      : await this.q<{ data: KitConversation }>(
          `SELECT data FROM ${this.ctx.t.conversations} WHERE account_id = $1 ORDER BY last_message_at DESC, id DESC LIMIT $2`,
          [accountId, limit],
        );
    return rows.map((r) => r.data);
  }

  async findConversations(accountId: string, { before, limit, terms = [], filters = [], now }: FindConversationsOptions) {
    const params: unknown[] = [accountId];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where = ['c.account_id = $1'];
    // The newest matching message of each conversation: every term as a prefix (`term:*`); terms
    // are letters and digits only (searchTerms), nothing tsquery would read as an operator.
    const hits =
      terms.length > 0
        ? `WITH hits AS (
             SELECT DISTINCT ON (conversation_id) conversation_id, data FROM ${this.ctx.t.messages}
             WHERE account_id = $1 AND search_words @@ to_tsquery('simple', ${p(terms.map((t) => `${t}:*`).join(' & '))})
             ORDER BY conversation_id, created_at DESC, id DESC
           )`
        : `WITH hits AS (SELECT NULL::text AS conversation_id, NULL::jsonb AS data WHERE false)`;
    if (terms.length > 0) {
      where.push(`(hits.conversation_id IS NOT NULL OR (${terms.map((t) => `c.person_words LIKE ${p(`% ${t}%`)}`).join(' AND ')}))`);
    }
    for (const f of filters) if (f === 'unread' || f === 'needs_reply' || f === 'opted_out') where.push(`c.${f}`);
    const window = windowFilter(filters);
    if (window) {
      const b = lastInboundBounds(window, now);
      const range = ['c.last_inbound_at IS NOT NULL'];
      if (b.after !== undefined) range.push(`c.last_inbound_at > ${p(b.after)}`);
      if (b.atOrBefore !== undefined) range.push(`c.last_inbound_at <= ${p(b.atOrBefore)}`);
      where.push(`(${b.never ? 'c.last_inbound_at IS NULL OR ' : ''}(${range.join(' AND ')}))`);
    }
    if (before) where.push(`(c.last_message_at, c.id) < (${p(before.at)}, ${p(before.id)})`);
    const { rows } = await this.q<{ data: KitConversation; message: StoredMessage | null }>(
      `${hits}
       SELECT c.data, hits.data AS message FROM ${this.ctx.t.conversations} c LEFT JOIN hits ON hits.conversation_id = c.id
       WHERE ${where.join(' AND ')} ORDER BY c.last_message_at DESC, c.id DESC LIMIT ${p(limit)}`,
      params,
    );
    return rows.map((r): ConversationHit => (r.message ? { conversation: r.data, message: r.message } : { conversation: r.data }));
  }

  async findConversationByGraphId(accountId: string, graphId: string) {
    const { rows } = await this.q<{ data: KitConversation }>(
      `SELECT data FROM ${this.ctx.t.conversations} WHERE account_id = $1 AND graph_id = $2 LIMIT 1`,
      [accountId, graphId],
    );
    return rows[0]?.data ?? null;
  }

  // Messages -----------------------------------------------------------------------------------

  async getMessage(accountId: string, messageId: string) {
    const { rows } = await this.readForUpdate<{ data: StoredMessage }>(
      `message:${accountId}:${messageId}`,
      `SELECT data FROM ${this.ctx.t.messages} WHERE account_id = $1 AND id = $2`,
      [accountId, messageId],
    );
    return rows[0]?.data ?? null;
  }

  async putMessage(m: StoredMessage) {
    await this.q(
      `INSERT INTO ${this.ctx.t.messages} (account_id, id, conversation_id, created_at, stub, data, search_words)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, CASE WHEN $7::text = '' THEN NULL ELSE to_tsvector('simple', $7::text) END)
       ON CONFLICT (account_id, id) DO UPDATE SET conversation_id = excluded.conversation_id,
         created_at = excluded.created_at, stub = excluded.stub, data = excluded.data, search_words = excluded.search_words`,
      [m.accountId, m.id, m.conversationId, m.createdAt, m.stub === true, json(m), noNul(messageWords(m))],
    );
  }

  async deleteMessage(accountId: string, messageId: string) {
    await this.q(`DELETE FROM ${this.ctx.t.messages} WHERE account_id = $1 AND id = $2`, [accountId, messageId]);
  }

  async listMessages(conversationId: string, { before, limit }: ListOptions) {
    const { rows } = before
      ? await this.q<{ data: StoredMessage }>(
          `SELECT data FROM ${this.ctx.t.messages} WHERE conversation_id = $1 AND NOT stub AND (created_at, id) < ($2, $3)
           ORDER BY created_at DESC, id DESC LIMIT $4`,
          [conversationId, before.at, before.id, limit],
        )
      : await this.q<{ data: StoredMessage }>(
          `SELECT data FROM ${this.ctx.t.messages} WHERE conversation_id = $1 AND NOT stub ORDER BY created_at DESC, id DESC LIMIT $2`,
          [conversationId, limit],
        );
    return rows.map((r) => r.data);
  }

  // Comments -----------------------------------------------------------------------------------

  async getComment(accountId: string, commentId: string) {
    const { rows } = await this.readForUpdate<{ data: KitComment }>(
      `comment:${accountId}:${commentId}`,
      `SELECT data FROM ${this.ctx.t.comments} WHERE account_id = $1 AND id = $2`,
      [accountId, commentId],
    );
    return rows[0]?.data ?? null;
  }

  async putComment(c: KitComment) {
    await this.q(
      `INSERT INTO ${this.ctx.t.comments} (account_id, id, media_id, created_at, needs_reply, data) VALUES ($1, $2, $3, $4, $5, $6::jsonb)
       ON CONFLICT (account_id, id) DO UPDATE SET media_id = excluded.media_id, created_at = excluded.created_at,
         needs_reply = excluded.needs_reply, data = excluded.data`,
      [c.accountId, c.id, c.mediaId, c.createdAt, commentNeedsReply(c), json(c)],
    );
  }

  async getMedia(accountId: string, mediaId: string) {
    const { rows } = await this.q<{ data: KitMedia }>(`SELECT data FROM ${this.ctx.t.media} WHERE account_id = $1 AND id = $2`, [accountId, mediaId]);
    return rows[0]?.data ?? null;
  }

  async putMedia(accountId: string, media: KitMedia) {
    await this.q(
      `INSERT INTO ${this.ctx.t.media} (account_id, id, data) VALUES ($1, $2, $3::jsonb) ON CONFLICT (account_id, id) DO UPDATE SET data = excluded.data`,
      [accountId, media.id, json(media)],
    );
  }

  async listComments(accountId: string, { before, limit, needsReply, mediaId }: ListCommentsOptions) {
    const { rows } = await this.q<{ data: KitComment }>(
      `SELECT data FROM ${this.ctx.t.comments}
       WHERE account_id = $1 AND (NOT $2::boolean OR needs_reply) AND ($3::text IS NULL OR media_id = $3)
         AND ($4::bigint IS NULL OR (created_at, id) < ($4::bigint, $5::text COLLATE "C"))
       ORDER BY created_at DESC, id DESC LIMIT $6`,
      [accountId, needsReply === true, mediaId ?? null, before?.at ?? null, before?.id ?? null, limit],
    );
    return rows.map((r) => r.data);
  }

  // Saved replies ------------------------------------------------------------------------------

  async listSavedReplies(accountId: string) {
    const { rows } = await this.q<{ data: KitSavedReply }>(`SELECT data FROM ${this.ctx.t.savedReplies} WHERE account_id = $1 ORDER BY shortcut`, [accountId]);
    return rows.map((r) => r.data);
  }

  async insertSavedReply(reply: KitSavedReply) {
    const { rowCount } = await this.q(
      `INSERT INTO ${this.ctx.t.savedReplies} (account_id, id, shortcut, data) VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT (account_id, shortcut) DO NOTHING`,
      [reply.accountId, reply.id, reply.shortcut, json(reply)],
    );
    return rowCount === 0 ? DUPLICATE_SHORTCUT : reply;
  }

  async updateSavedReply(accountId: string, id: string, patch: SavedReplyPatch) {
    // Another instance may take the shortcut at the same moment: the unique index decides, and
    // the savepoint keeps a caller's transaction usable after the refusal.
    return this.atomic(async (tx) => {
      const { rows } = await tx.q<{ data: KitSavedReply }>(`SELECT data FROM ${this.ctx.t.savedReplies} WHERE account_id = $1 AND id = $2 FOR UPDATE`, [accountId, id]);
      if (!rows[0]) return null;
      const next: KitSavedReply = { ...rows[0].data, ...patch };
      await tx.q('SAVEPOINT kit_saved_reply');
      try {
        await tx.q(`UPDATE ${this.ctx.t.savedReplies} SET shortcut = $3, data = $4::jsonb WHERE account_id = $1 AND id = $2`, [accountId, id, next.shortcut, json(next)]);
      } catch (err) {
        if ((err as { code?: unknown }).code !== '23505') throw err;
        await tx.q('ROLLBACK TO SAVEPOINT kit_saved_reply');
        return DUPLICATE_SHORTCUT;
      }
      await tx.q('RELEASE SAVEPOINT kit_saved_reply');
      return next;
    });
  }

  async deleteSavedReply(accountId: string, id: string) {
    const { rowCount } = await this.q(`DELETE FROM ${this.ctx.t.savedReplies} WHERE account_id = $1 AND id = $2`, [accountId, id]);
    return (rowCount ?? 0) > 0;
  }

  // Dedupe -------------------------------------------------------------------------------------

  async claimDedupeKey(key: string, { now, ttlMs }: { now: Millis; ttlMs: number }) {
    // New key: inserted. Expired claim: taken over. Live claim: the WHERE fails and nothing is
    // returned. A parallel claim of the same key (another instance) waits for the first to
    // commit, then re-checks the WHERE against the row it wrote — so exactly one wins.
    const r = await this.q(
      `INSERT INTO ${this.ctx.t.dedupe} (key, expires_at) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE dedupe.expires_at <= $3
       RETURNING 1`,
      [key, now + ttlMs, now],
    );
    return r.rowCount === 1;
  }

  /**
   * Retention, for every instance's maintenance timer: deletes in batches of PRUNE_BATCH rows (short
   * statements, so pruning a busy week never holds one long transaction or bloats one snapshot),
   * and only while this instance holds the table's prune lock — when another instance is pruning
   * the same table, this one stops and leaves the rest to it.
   */
  private async pruneInBatches(table: string, key: string, where: string, param: Millis): Promise<number> {
    let total = 0;
    for (;;) {
      const { rowCount } = await this.q(
        `WITH turn AS (SELECT pg_try_advisory_xact_lock(hashtextextended($2, 0)) AS ours)
         DELETE FROM ${table} WHERE ${key} IN (SELECT ${key} FROM ${table}, turn WHERE turn.ours AND ${where} LIMIT ${PRUNE_BATCH})`,
        [param, `kit:${this.ctx.schema}:prune:${table}`],
      );
      total += rowCount ?? 0;
      if ((rowCount ?? 0) < PRUNE_BATCH) return total;
    }
  }

  async pruneDedupe(now: Millis) {
    return this.pruneInBatches(this.ctx.t.dedupe, 'key', 'expires_at <= $1', now);
  }

  // Event log ----------------------------------------------------------------------------------

  async appendEvent(event: KitEvent) {
    const { id: _ignored, ...rest } = event;
    return this.atomic(async (ops) => {
      // Buffered: the COMMIT inserts it under the event-log lock (file header, commit()).
      const logged = { ...rest, id: '' } as LoggedEvent;
      ops.pendingEvents.push({ accountId: event.accountId, type: event.type, loggedAt: this.ctx.now(), data: json(rest), logged });
      return logged;
    });
  }

  /**
   * Ends the transaction. With events appended, one round trip: take the event-log lock, insert
   * them all, COMMIT — so the lock that orders ids is held for the insert and the WAL flush only.
   * Values go in as literals (the simple protocol carries several statements, but no parameters).
   */
  async commit(): Promise<void> {
    const client = this.db as PoolClient;
    if (this.pendingEvents.length === 0) {
      // Nothing was sent at all: nothing to commit.
      if (this.begun) await client.query('COMMIT');
      return;
    }
    const begin = this.beginPrefix();
    const lit = (v: string) => client.escapeLiteral(v);
    const values = this.pendingEvents.map((e) => `(${lit(e.accountId)}, ${lit(e.type)}, ${Number(e.loggedAt)}, ${lit(e.data)}::jsonb)`).join(', ');
    const results = (await client.query(
      `${begin}SELECT pg_advisory_xact_lock(hashtextextended(${lit(`kit:${this.ctx.schema}:events`)}, 0));
       INSERT INTO ${this.ctx.t.events} (account_id, type, logged_at, data) VALUES ${values} RETURNING id;
       COMMIT`,
    )) as unknown as Array<{ rows: Array<{ id: string }> }>;
    // Identity values are drawn in VALUES order; sorted, the k-th id is the k-th event's.
    const ids = (results[begin ? 2 : 1]?.rows ?? []).map((r) => BigInt(r.id)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (ids.length !== this.pendingEvents.length) throw new Error(`postgresStore: the event log returned ${ids.length} ids for ${this.pendingEvents.length} events.`);
    // BIGINT as a decimal string: the id format the interface wants.
    this.pendingEvents.forEach((e, i) => (e.logged.id = String(ids[i])));
  }

  async readEvents({ after, accountIds, limit }: ReadEventsOptions) {
    if (after !== undefined && !/^\d{1,19}$/.test(after)) {
      throw new TypeError(`postgresStore.readEvents: "after" must be an event id (decimal digits), got ${JSON.stringify(after.slice(0, 40))}.`);
    }
    if (accountIds?.length === 0) return [];
    const { rows } = await this.q<{ id: string; data: KitEvent }>(
      `SELECT id, data FROM ${this.ctx.t.events}
       WHERE id > $1 AND ($2::text[] IS NULL OR account_id = ANY($2::text[]))
       ORDER BY id LIMIT $3`,
      [after ?? '0', accountIds ? [...accountIds] : null, limit],
    );
    return rows.map((r) => ({ ...r.data, id: r.id }) as LoggedEvent);
  }

  async lastEventId() {
    const { rows } = await this.q<{ id: string | null }>(`SELECT max(id)::text AS id FROM ${this.ctx.t.events}`);
    return rows[0]?.id ?? null;
  }

  async firstEventId() {
    const { rows } = await this.q<{ id: string | null }>(`SELECT min(id)::text AS id FROM ${this.ctx.t.events}`);
    return rows[0]?.id ?? null;
  }

  async pruneEvents(before: Millis) {
    return this.pruneInBatches(this.ctx.t.events, 'id', 'logged_at < $1', before);
  }

  async eraseMessageTraces(accountId: string, messageId: string) {
    return this.atomic(async (ops) => {
      // strpos() narrows to rows whose JSON mentions the id; eraseFromEvent decides (as in SQLite).
      const { rows } = await ops.q<{ id: string; data: KitEvent }>(
        `SELECT id, data FROM ${this.ctx.t.events} WHERE account_id = $1 AND strpos(data::text, $2) > 0 ORDER BY id FOR UPDATE`,
        [accountId, messageId],
      );
      let n = 0;
      for (const r of rows) {
        const erased = eraseFromEvent(r.data, messageId);
        if (!erased) continue;
        await ops.q(`UPDATE ${this.ctx.t.events} SET data = $1::jsonb WHERE id = $2`, [json(erased), r.id]);
        n++;
      }
      // Unprocessed payloads are left alone: the pipeline still has to read them (it erases
      // again once they are processed).
      const w = await ops.q(
        `UPDATE ${this.ctx.t.webhooks} SET body = $1 WHERE processed_at IS NOT NULL AND strpos(body, $2) > 0`,
        [ERASED_WEBHOOK_BODY, messageId],
      );
      const d = await ops.q(`UPDATE ${this.ctx.t.deadLetters} SET body = $1 WHERE strpos(body, $2) > 0`, [ERASED_WEBHOOK_BODY, messageId]);
      return n + (w.rowCount ?? 0) + (d.rowCount ?? 0);
    });
  }

  // Webhooks -----------------------------------------------------------------------------------

  async saveWebhook(body: string, receivedAt: Millis) {
    const { rows } = await this.q<{ id: string }>(
      `INSERT INTO ${this.ctx.t.webhooks} (received_at, body) VALUES ($1, $2) RETURNING id`,
      [receivedAt, noNul(body)],
    );
    return String(rows[0]?.id);
  }

  async markWebhookProcessed(id: string, outcome: { at: Millis; error?: string }) {
    await this.q(`UPDATE ${this.ctx.t.webhooks} SET processed_at = $2, error = $3 WHERE id = $1`, [id, outcome.at, outcome.error ?? null]);
  }

  async listUnprocessedWebhooks(limit: number, after?: string): Promise<StoredWebhook[]> {
    const { rows } = await this.q<{ id: string; received_at: string; body: string }>(
      `SELECT id, received_at, body FROM ${this.ctx.t.webhooks} WHERE processed_at IS NULL AND id > $2 ORDER BY id LIMIT $1`,
      [limit, after ?? '0'],
    );
    return rows.map((r) => ({ id: r.id, receivedAt: Number(r.received_at), body: r.body }));
  }

  async recordWebhookFailure(id: string) {
    const { rows } = await this.q<{ attempts: number }>(
      `UPDATE ${this.ctx.t.webhooks} SET attempts = attempts + 1 WHERE id = $1 AND processed_at IS NULL RETURNING attempts`,
      [id],
    );
    return rows[0]?.attempts ?? 0;
  }

  async deadLetterWebhook(id: string, { at, reason }: { at: Millis; reason: string }) {
    // One statement: the row leaves the queue and enters the dead letters together.
    await this.q(
      `WITH moved AS (DELETE FROM ${this.ctx.t.webhooks} WHERE id = $1 AND processed_at IS NULL RETURNING id, received_at, body, attempts)
       INSERT INTO ${this.ctx.t.deadLetters} (webhook_id, received_at, dead_at, attempts, reason, body)
       SELECT id::text, received_at, $2, attempts, $3, body FROM moved`,
      [id, at, noNul(reason)],
    );
  }

  async requeueDeadLetter(id: string) {
    if (!/^\d{1,19}$/.test(id)) return null;
    // One statement: the payload leaves the dead letters and re-enters the queue together.
    const { rows } = await this.q<{ id: string }>(
      `WITH dead AS (DELETE FROM ${this.ctx.t.deadLetters} WHERE id = $1 RETURNING received_at, body)
       INSERT INTO ${this.ctx.t.webhooks} (received_at, body) SELECT received_at, body FROM dead RETURNING id`,
      [id],
    );
    return rows[0] ? String(rows[0].id) : null;
  }

  async discardDeadLetter(id: string) {
    if (!/^\d{1,19}$/.test(id)) return false;
    return ((await this.q(`DELETE FROM ${this.ctx.t.deadLetters} WHERE id = $1`, [id])).rowCount ?? 0) > 0;
  }

  async listDeadLetters({ limit, before }: { limit: number; before?: string }): Promise<DeadLetter[]> {
    const { rows } = await this.q<{ id: string; webhook_id: string; received_at: string; dead_at: string; attempts: number; reason: string; bytes: number }>(
      `SELECT id, webhook_id, received_at, dead_at, attempts, reason, octet_length(body) AS bytes FROM ${this.ctx.t.deadLetters}
       WHERE ($2::bigint IS NULL OR id < $2::bigint) ORDER BY id DESC LIMIT $1`,
      [limit, before ?? null],
    );
    return rows.map((r) => ({
      id: String(r.id),
      webhookId: r.webhook_id,
      receivedAt: Number(r.received_at),
      deadAt: Number(r.dead_at),
      attempts: r.attempts,
      reason: r.reason,
      bytes: Number(r.bytes),
    }));
  }

  async pruneWebhooks(before: Millis) {
    return this.pruneInBatches(this.ctx.t.webhooks, 'id', 'processed_at IS NOT NULL AND received_at < $1', before);
  }

  // Accounts -----------------------------------------------------------------------------------

  async getAccountState(accountId: string) {
    // Pause and token state are written by read-modify-write: lock the row inside a transaction.
    const { rows } = await this.readForUpdate<{ data: AccountState }>(`account:${accountId}`, `SELECT data FROM ${this.ctx.t.accounts} WHERE account_id = $1`, [accountId]);
    return rows[0]?.data ?? null;
  }

  async putAccountState(state: AccountState) {
    await this.q(
      `INSERT INTO ${this.ctx.t.accounts} (account_id, data) VALUES ($1, $2::jsonb)
       ON CONFLICT (account_id) DO UPDATE SET data = excluded.data`,
      [state.accountId, json(state)],
    );
  }

  // Schedules ----------------------------------------------------------------------------------

  async claimDue(key: string, { now, until }: { now: Millis; until: Millis }) {
    // One statement: the row lock makes concurrent claimers queue, and only one finds it due.
    const { rowCount } = await this.q(
      `INSERT INTO ${this.ctx.t.schedules} (key, due_at) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET due_at = excluded.due_at WHERE ${this.ctx.t.schedules}.due_at <= $3`,
      [key, until, now],
    );
    return (rowCount ?? 0) > 0;
  }

  async reschedule(key: string, dueAt: Millis) {
    await this.q(
      `INSERT INTO ${this.ctx.t.schedules} (key, due_at) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET due_at = excluded.due_at`,
      [key, dueAt],
    );
  }

  // Outbox -------------------------------------------------------------------------------------

  async insertSend(send: NewOutboxSend, { claim }: InsertSendOptions = {}) {
    if (claim) return this.atomic((ops) => ops.insertClaimedSend(send, claim));
    const row = newSendRow(send);
    // A concurrent insert of the same key waits for the first one's COMMIT, then does nothing.
    const r = await this.q(
      `INSERT INTO ${this.ctx.t.sends} (account_id, client_id, conversation_id, status, not_before, created_at, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
       ON CONFLICT (account_id, client_id) DO NOTHING`,
      [row.accountId, row.clientId, row.conversationId, row.status, row.notBefore, row.createdAt, json(row)],
    );
    if (r.rowCount === 1) return { inserted: true, send: JSON.parse(json(row)) as OutboxSend };
    const { rows } = await this.q<{ data: OutboxSend }>(`SELECT data FROM ${this.ctx.t.sends} WHERE account_id = $1 AND client_id = $2`, [
      send.accountId,
      send.clientId,
    ]);
    return { inserted: false, send: rows[0]?.data as OutboxSend };
  }

  /**
   * insertSend with a claim, in one round trip: the conversation's lock (the one its readers take;
   * re-entrant for a caller that already holds it), then the insert, leased when no unfinished
   * send of the conversation exists — judged after the lock, by the insert's own snapshot.
   */
  private async insertClaimedSend(send: NewOutboxSend, claim: { owner: string; until: Millis }) {
    const row = newSendRow(send);
    const leased: OutboxSend = { ...row, leaseOwner: claim.owner, leaseUntil: claim.until };
    const client = this.db as PoolClient;
    const lit = (v: string) => client.escapeLiteral(noNul(v));
    const t = this.ctx.t.sends;
    const begin = this.beginPrefix();
    const results = (await client.query(
      `${begin}SELECT pg_advisory_xact_lock(hashtextextended(${lit(`kit:${this.ctx.schema}:conversation:${row.conversationId}`)}, 0));
       INSERT INTO ${t} (account_id, client_id, conversation_id, status, not_before, lease_owner, lease_until, created_at, data)
       SELECT ${lit(row.accountId)}, ${lit(row.clientId)}, ${lit(row.conversationId)}, ${lit(row.status)}, ${Number(row.notBefore)},
         CASE WHEN v.free THEN ${lit(claim.owner)} END, CASE WHEN v.free THEN ${Number(claim.until)}::bigint END, ${Number(row.createdAt)},
         CASE WHEN v.free THEN ${lit(json(leased))} ELSE ${lit(json(row))} END::jsonb
       FROM (SELECT NOT EXISTS (
         SELECT 1 FROM ${t} WHERE account_id = ${lit(row.accountId)} AND conversation_id = ${lit(row.conversationId)}
           AND status IN ('queued', 'sending', 'uncertain')) AS free) v
       ON CONFLICT (account_id, client_id) DO NOTHING
       RETURNING lease_owner`,
    )) as unknown as Array<{ rows: Array<{ lease_owner: string | null }> }>;
    const inserted = results[begin ? 2 : 1]!.rows[0];
    if (inserted) return { inserted: true, send: JSON.parse(json(inserted.lease_owner ? leased : row)) as OutboxSend };
    const { rows } = await this.q<{ data: OutboxSend }>(`SELECT data FROM ${t} WHERE account_id = $1 AND client_id = $2`, [send.accountId, send.clientId]);
    return { inserted: false, send: rows[0]?.data as OutboxSend };
  }

  async getSendByClientId(accountId: string, clientId: string) {
    const { rows } = await this.readForUpdate<{ data: OutboxSend }>(
      `send:${accountId}:${clientId}`,
      `SELECT data FROM ${this.ctx.t.sends} WHERE account_id = $1 AND client_id = $2`,
      [accountId, clientId],
    );
    return rows[0]?.data ?? null;
  }

  async claimNextSends({ owner, leaseMs, limit, now, accountId }: ClaimSendsOptions) {
    // Only the head of each conversation lane may be claimed (rows.ts claimableHeads), across
    // instances. 1) the lanes whose oldest unfinished row is free; 2) of those, the lanes no other
    // claimer is working on right now (a try-lock per lane: skipped, never waited for); 3) every
    // unfinished row of those lanes, locked FOR UPDATE — so the rule is judged on the latest
    // committed rows, and a worker's status change cannot slip in before our leases commit;
    // 4) lease the heads. Two instances therefore never run one conversation at the same time.
    // 1) runs before the transaction: most claims (the kick after each finished lane) find
    // nothing, and then cost this one statement instead of BEGIN, the query and COMMIT. The
    // lanes it names are judged again in 3), under their locks.
    const t = this.ctx.t.sends;
    const { rows: heads } = await this.q<{ account_id: string; conversation_id: string }>(
      `SELECT account_id, conversation_id FROM (
         SELECT DISTINCT ON (account_id, conversation_id) account_id, conversation_id, status, not_before, lease_until, created_at, client_id
         FROM ${t}
         WHERE status IN ('queued', 'sending', 'uncertain') AND ($2::text IS NULL OR account_id = $2)
         ORDER BY account_id, conversation_id, created_at, client_id
       ) head
       WHERE status = 'queued' AND not_before <= $1 AND (lease_until IS NULL OR lease_until < $1)
       ORDER BY created_at, client_id
       LIMIT $3`,
      [now, accountId ?? null, limit],
    );
    if (heads.length === 0) return [];
    return this.atomic(async (ops) => {
      const laneKey = (a: string, c: string) => `kit:${this.ctx.schema}:lane:${JSON.stringify([a, c])}`;
      const { rows: locked } = await ops.qInline<{ k: number }>(
        'SELECT k FROM unnest($1::text[]) WITH ORDINALITY AS l(key, k) WHERE pg_try_advisory_xact_lock(hashtextextended(key, 0))',
        [heads.map((h) => laneKey(h.account_id, h.conversation_id))],
      );
      const mine = locked.map((r) => heads[Number(r.k) - 1]!);
      if (mine.length === 0) return [];
      const { rows: laneRows } = await ops.q<{ data: OutboxSend }>(
        `SELECT data FROM ${t}
         WHERE status IN ('queued', 'sending', 'uncertain')
           AND (account_id, conversation_id) IN (SELECT a, c FROM unnest($1::text[], $2::text[]) AS l(a, c))
         ORDER BY created_at, client_id
         FOR UPDATE`,
        [mine.map((h) => h.account_id), mine.map((h) => h.conversation_id)],
      );
      const picked = claimableHeads(
        laneRows.map((r) => r.data),
        now,
        limit,
      );
      if (picked.length === 0) return [];
      const until = now + leaseMs;
      await ops.q(
        `UPDATE ${t} AS s
         SET lease_owner = $1, lease_until = $2,
             data = s.data || jsonb_build_object('leaseOwner', $1::text, 'leaseUntil', $2::bigint)
         WHERE (s.account_id, s.client_id) IN (SELECT a, c FROM unnest($3::text[], $4::text[]) AS k(a, c))`,
        [owner, until, picked.map((p) => p.accountId), picked.map((p) => p.clientId)],
      );
      return picked.map((p) => ({ ...p, leaseOwner: owner, leaseUntil: until }));
    });
  }

  async listExpiredSending(now: Millis, limit: number) {
    const { rows } = await this.q<{ data: OutboxSend }>(
      `SELECT data FROM ${this.ctx.t.sends} WHERE status = 'sending' AND lease_until IS NOT NULL AND lease_until < $1
       ORDER BY created_at, client_id LIMIT $2`,
      [now, limit],
    );
    return rows.map((r) => r.data);
  }

  async renewSendLeases(owner: string, keys: readonly SendKey[], until: Millis) {
    if (keys.length === 0) return [];
    const { rows } = await this.q<{ account_id: string; client_id: string }>(
      `UPDATE ${this.ctx.t.sends}
       SET lease_until = $2, data = data || jsonb_build_object('leaseUntil', $2::bigint)
       WHERE lease_owner = $1 AND status IN ('queued', 'sending')
         AND (account_id, client_id) IN (SELECT a, c FROM unnest($3::text[], $4::text[]) AS k(a, c))
       RETURNING account_id, client_id`,
      [owner, until, keys.map((k) => k.accountId), keys.map((k) => k.clientId)],
    );
    const held = new Set(rows.map((r) => `${r.account_id}\u0000${r.client_id}`));
    return keys.filter((k) => held.has(`${k.accountId}\u0000${k.clientId}`)).map((k) => ({ accountId: k.accountId, clientId: k.clientId }));
  }

  async listSends({ accountId, conversationId, statuses, limit }: ListSendsOptions) {
    const { rows } = await this.q<{ data: OutboxSend }>(
      `SELECT data FROM ${this.ctx.t.sends}
       WHERE account_id = $1 AND ($2::text IS NULL OR data->>'conversationId' = $2) AND ($3::text[] IS NULL OR status = ANY($3::text[]))
       ORDER BY created_at, client_id LIMIT $4`,
      [accountId, conversationId ?? null, statuses ? [...statuses] : null, limit],
    );
    return rows.map((r) => r.data);
  }

  /**
   * One statement (rows.ts patchedSend, in SQL): the fence is part of the WHERE, which Postgres
   * re-checks on the latest row version after waiting for its lock, so a worker whose lease was
   * taken over meanwhile changes nothing. RETURNING gives the new row: no read before the write.
   */
  async updateSendStatus(accountId: string, clientId: string, patch: SendStatusPatch) {
    const set: Record<string, unknown> = { status: patch.status, updatedAt: patch.now };
    if (patch.attempts !== undefined) set.attempts = patch.attempts;
    if (patch.messageId !== undefined) set.messageId = patch.messageId;
    if (patch.reason) set.reason = patch.reason;
    if (patch.notBefore !== undefined) set.notBefore = patch.notBefore;
    const drop = [...(patch.reason === null ? ['reason'] : []), ...(patch.releaseLease ? ['leaseOwner', 'leaseUntil'] : [])];
    const release = patch.releaseLease === true;
    const until = !release && patch.leaseUntil !== undefined ? patch.leaseUntil : null;
    const params = [accountId, clientId, patch.status, patch.notBefore ?? null, release, until, drop, json(set), patch.ifLeaseOwner ?? null];
    const sql = `UPDATE ${this.ctx.t.sends}
       SET status = $3, not_before = COALESCE($4::bigint, not_before),
         lease_owner = CASE WHEN $5::boolean THEN NULL ELSE lease_owner END,
         lease_until = CASE WHEN $5::boolean THEN NULL WHEN $6::bigint IS NOT NULL AND lease_owner IS NOT NULL THEN $6::bigint ELSE lease_until END,
         data = (data - $7::text[]) || $8::jsonb
           || CASE WHEN $6::bigint IS NOT NULL AND lease_owner IS NOT NULL THEN jsonb_build_object('leaseUntil', $6::bigint) ELSE '{}'::jsonb END
       WHERE account_id = $1 AND client_id = $2 AND ($9::text IS NULL OR lease_owner = $9::text)
       RETURNING data`;
    // The first statement of a transaction (a worker's status change): BEGIN goes with it.
    const { rows } = await this.qInline<{ data: OutboxSend }>(sql, params);
    return rows[0]?.data ?? null;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `sql` with its `$n` replaced by literals, for a simple-protocol query (which carries several
 * statements but no parameters). Only for statements whose every parameter is cast or typed by
 * its column: strings, finite numbers, booleans, null and string arrays.
 */
function inlineParams(client: PoolClient, sql: string, params: readonly unknown[]): string {
  const lit = (v: unknown): string => {
    if (v === null || v === undefined) return 'NULL';
    if (typeof v === 'string') return client.escapeLiteral(noNul(v));
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return `ARRAY[${v.map(lit).join(', ')}]::text[]`;
    throw new TypeError(`postgresStore: cannot inline a parameter of type ${typeof v}.`);
  };
  return sql.replace(/\$(\d+)/g, (_m, n: string) => lit(params[Number(n) - 1]));
}

/**
 * `pg` is an optional peer: loaded here, when a Postgres store is first made, so hosts on the
 * memory or SQLite store never need it installed. (`pg` is CommonJS, so `require` keeps
 * postgresStore synchronous.)
 */
function loadPg(): typeof pg {
  try {
    return createRequire(import.meta.url)('pg') as typeof pg;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') {
      throw new Error('postgresStore needs the "pg" package (an optional peer of @kit/proxy): install it with `npm install pg`.', { cause: err });
    }
    throw err;
  }
}

export function postgresStore(options: PostgresStoreOptions): PostgresStore {
  if (!options || (typeof options.connectionString !== 'string' && !options.pool) || options.connectionString === '') {
    throw new TypeError(
      "postgresStore: pass { connectionString: 'postgres://user@host:5432/db' } (or { pool } with your own pg Pool).",
    );
  }
  const schema = options.schema ?? 'kit';
  if (!SCHEMA_NAME.test(schema)) {
    throw new TypeError(`postgresStore: schema must be a plain identifier (letters, digits, underscore; at most 63), got ${JSON.stringify(schema)}.`);
  }
  const ownsPool = !options.pool;
  const pool =
    options.pool ??
    new (loadPg().Pool)({ connectionString: options.connectionString, max: options.max ?? 10, application_name: 'kit-proxy' });
  // Without a listener, an idle client's error (server restart) would crash the process.
  if (ownsPool) pool.on('error', (err) => options.onError?.(err));

  const s = quoteIdent(schema);
  const ctx: Ctx = {
    schema,
    t: {
      conversations: `${s}.conversations`,
      messages: `${s}.messages`,
      comments: `${s}.comments`,
      media: `${s}.media`,
      savedReplies: `${s}.saved_replies`,
      dedupe: `${s}.dedupe`,
      events: `${s}.events`,
      webhooks: `${s}.webhooks`,
      deadLetters: `${s}.dead_letters`,
      accounts: `${s}.accounts`,
      sends: `${s}.sends`,
      schedules: `${s}.schedules`,
    },
    now: options.now ?? Date.now,
    transaction: runTransaction,
  };

  let closed = false;
  let migrated: Promise<void> | null = null;
  /** Migrates once; after a failure (database down at startup) the next call tries again. */
  function ready(): Promise<void> {
    if (closed) return Promise.reject(new Error('postgresStore: the store is closed.'));
    migrated ??= migratePostgres(pool, schema).then(
      () => undefined,
      (err: unknown) => {
        migrated = null;
        throw err instanceof Error && err.message.startsWith('postgresStore:')
          ? err
          : new Error(`postgresStore: could not prepare schema "${schema}": ${(err as Error).message}`, { cause: err });
      },
    );
    return migrated;
  }

  async function runTransaction<T>(fn: (tx: PgOps) => Promise<T>): Promise<T> {
    await ready();
    for (let attempt = 1; ; attempt++) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        // BEGIN goes out with the transaction's first statement (PgOps.begun).
        const ops = new PgOps(client, ctx, true);
        const result = await fn(ops);
        await ops.commit();
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch((e: Error) => (broken = e));
        const code = (err as { code?: unknown }).code;
        if (typeof code === 'string' && RETRYABLE.has(code) && attempt < MAX_ATTEMPTS) {
          await sleep(5 * attempt + Math.random() * 20 * attempt); // jitter: let the other side finish
          continue;
        }
        throw err;
      } finally {
        // A client whose ROLLBACK failed is in an unknown state: destroy it rather than reuse it.
        client.release(broken);
      }
    }
  }

  // Every call outside a transaction first waits for the migrations.
  const ops = wrapCalls(new PgOps(pool, ctx, false) as StoreOps, async (call) => {
    await ready();
    return call();
  });
  return assembleStore<PostgresStore>(ops, {
    kind: 'postgres' as const,
    schema,
    pool,
    ready,
    transaction<T>(fn: (tx: StoreOps) => Promise<T>): Promise<T> {
      return runTransaction(fn);
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await migrated?.catch(() => undefined);
      if (ownsPool) await pool.end();
    },
  });
}
