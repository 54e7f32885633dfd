/**
 * sqliteStore({ file }): the embedded default, on Node's built-in `node:sqlite` (no native addon).
 * WAL mode, versioned migrations (PRAGMA user_version), one schema. One connection per process;
 * every call and transaction is serialized (rows.ts singleWriterStore) because the driver is
 * synchronous and a transaction may await in between statements.
 *
 * The SQL deliberately sticks to what Postgres also speaks (ON CONFLICT … DO UPDATE … WHERE,
 * RETURNING, JSON documents in a TEXT column next to the indexed columns) so `postgresStore`
 * can share the statements almost verbatim (BIGSERIAL for the AUTOINCREMENT ids, jsonb for data,
 * COLLATE "C" on id columns so keyset paging compares like SQLite's BINARY collation).
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import { commentNeedsReply, lastInboundBounds, needsReply, type KitComment, type KitConversation, type KitMedia, type KitEvent, type KitSavedReply, type Millis } from '@kit/core';
import { openSqliteFile } from './sqlite-file';
import { ERASED_WEBHOOK_BODY, eraseFromEvent } from './erase';
import { messageWords, personWords, windowFilter } from './search';
import { leaseRenewable, newSendRow, patchedSend, singleWriterStore } from './rows';
import type {
  AccountState,
  ClaimSendsOptions,
  ConversationHit,
  FindConversationsOptions,
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

/** Append-only: never edit a shipped migration, add a new one. */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    last_message_at BIGINT NOT NULL,
    graph_id TEXT,
    data TEXT NOT NULL
  );
  CREATE INDEX conversations_by_account ON conversations (account_id, last_message_at DESC, id DESC);
  CREATE INDEX conversations_by_graph_id ON conversations (account_id, graph_id);

  CREATE TABLE messages (
    account_id TEXT NOT NULL,
    id TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    stub INTEGER NOT NULL DEFAULT 0,
    data TEXT NOT NULL,
    PRIMARY KEY (account_id, id)
  );
  CREATE INDEX messages_by_conversation ON messages (conversation_id, created_at DESC, id DESC);

  CREATE TABLE dedupe (
    key TEXT PRIMARY KEY,
    expires_at BIGINT NOT NULL
  );

  CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id TEXT NOT NULL,
    type TEXT NOT NULL,
    logged_at BIGINT NOT NULL,
    data TEXT NOT NULL
  );
  CREATE INDEX events_by_account ON events (account_id, id);
  CREATE INDEX events_by_logged_at ON events (logged_at);

  CREATE TABLE webhooks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    received_at BIGINT NOT NULL,
    body TEXT NOT NULL,
    processed_at BIGINT,
    error TEXT
  );
  CREATE INDEX webhooks_unprocessed ON webhooks (processed_at, id);

  CREATE TABLE accounts (
    account_id TEXT PRIMARY KEY,
    data TEXT NOT NULL
  );

  CREATE TABLE sends (
    account_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    status TEXT NOT NULL,
    not_before BIGINT NOT NULL,
    lease_owner TEXT,
    lease_until BIGINT,
    created_at BIGINT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (account_id, client_id)
  );
  CREATE INDEX sends_claimable ON sends (status, not_before, created_at);
  `,
  `
  ALTER TABLE webhooks ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;

  CREATE TABLE dead_letters (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    dead_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL,
    reason TEXT NOT NULL,
    body TEXT NOT NULL
  );
  `,
  // Conversation lanes: the claim serves only the head of each conversation's unfinished sends.
  `
  ALTER TABLE sends ADD COLUMN conversation_id TEXT;
  UPDATE sends SET conversation_id = json_extract(data, '$.conversationId');
  CREATE INDEX sends_lanes ON sends (account_id, conversation_id, created_at, client_id)
    WHERE status IN ('queued', 'sending', 'uncertain');
  `,
  // Comments and their private/public replies (reference §2.4). needs_reply is @kit/core's
  // commentNeedsReply, computed when the row is written.
  `
  CREATE TABLE comments (
    account_id TEXT NOT NULL,
    id TEXT NOT NULL,
    media_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    needs_reply INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (account_id, id)
  );
  CREATE INDEX comments_by_account ON comments (account_id, created_at DESC, id DESC);
  CREATE INDEX comments_needing_reply ON comments (account_id, created_at DESC, id DESC) WHERE needs_reply = 1;
  `,
  // Saved replies: a shortcut names one reply per account (the unique index is what answers 409).
  `
  CREATE TABLE saved_replies (
    account_id TEXT NOT NULL,
    id TEXT NOT NULL,
    shortcut TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (account_id, id)
  );
  CREATE UNIQUE INDEX saved_replies_by_shortcut ON saved_replies (account_id, shortcut);
  `,
  // Conversation search and filters (@kit/core search.ts). The filter columns are written with
  // every conversation; message words go to an FTS5 index whose rows message_search_rows ties to
  // (account, message): an INTEGER PRIMARY KEY, so VACUUM cannot renumber it under the index.
  // The index is contentless (the text stays in messages only) and secure-delete, so an unsent
  // message's words leave the index file as well. Rows written before this migration are indexed
  // from their text (unicode61 folds them much as searchWords does; new rows get searchWords).
  `
  ALTER TABLE conversations ADD COLUMN last_inbound_at BIGINT;
  ALTER TABLE conversations ADD COLUMN unread INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE conversations ADD COLUMN needs_reply INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE conversations ADD COLUMN opted_out INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE conversations ADD COLUMN person_words TEXT NOT NULL DEFAULT '';
  UPDATE conversations SET
    last_inbound_at = json_extract(data, '$.lastInboundAt'),
    unread = coalesce(json_extract(data, '$.unreadCount') > 0, 0),
    needs_reply = coalesce(json_extract(data, '$.lastMessage.direction') = 'inbound', 0),
    opted_out = coalesce(json_extract(data, '$.consent.state') = 'opted_out', 0),
    person_words = ' ' || replace(replace(lower(coalesce(json_extract(data, '$.customer.name'), '') || ' ' || coalesce(json_extract(data, '$.customer.username'), '')), '_', ' '), '.', ' ');

  CREATE TABLE message_search_rows (
    id INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL,
    message_id TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (account_id, message_id)
  );
  CREATE VIRTUAL TABLE message_search USING fts5(words, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2');
  INSERT INTO message_search (message_search, rank) VALUES ('secure-delete', 1);
  INSERT INTO message_search_rows (account_id, message_id, conversation_id, created_at)
    SELECT account_id, id, conversation_id, created_at FROM messages
    WHERE stub = 0 AND NOT coalesce(json_extract(data, '$.deleted'), 0) AND coalesce(json_extract(data, '$.text'), '') <> '';
  INSERT INTO message_search (rowid, words)
    SELECT r.id, json_extract(m.data, '$.text') FROM message_search_rows r JOIN messages m ON m.account_id = r.account_id AND m.id = r.message_id;
  `,
  // Schedules: background work any instance may do but one does (profile reads, back-fills).
  `
  CREATE TABLE schedules (
    key TEXT PRIMARY KEY,
    due_at BIGINT NOT NULL
  );
  `,
  // The posts, reels and Live broadcasts comments are on, as read once from Graph
  // (permalink, thumbnail): inbound/media.ts reads each one a single time per account.
  `
  CREATE TABLE media (
    account_id TEXT NOT NULL,
    id TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (account_id, id)
  );
  `,
];

type Row = Record<string, SQLInputValue>;

const json = (v: unknown) => JSON.stringify(v);
const parse = <T>(v: unknown): T => JSON.parse(String(v)) as T;

class SqliteOps implements StoreOps {
  private readonly statements = new Map<string, StatementSync>();

  constructor(
    private readonly db: DatabaseSync,
    private readonly now: () => Millis,
  ) {}

  private stmt(sql: string): StatementSync {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  private run(sql: string, ...params: SQLInputValue[]) {
    return this.stmt(sql).run(...params);
  }

  private get(sql: string, ...params: SQLInputValue[]): Row | undefined {
    return this.stmt(sql).get(...params) as Row | undefined;
  }

  private all(sql: string, ...params: SQLInputValue[]): Row[] {
    return this.stmt(sql).all(...params) as Row[];
  }

  // Conversations ------------------------------------------------------------------------------

  async getConversation(id: string) {
    const row = this.get('SELECT data FROM conversations WHERE id = ?', id);
    return row ? parse<KitConversation>(row.data) : null;
  }

  async putConversation(c: KitConversation) {
    this.run(
      `INSERT INTO conversations (id, account_id, last_message_at, graph_id, last_inbound_at, unread, needs_reply, opted_out, person_words, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET account_id = excluded.account_id, last_message_at = excluded.last_message_at,
         graph_id = excluded.graph_id, last_inbound_at = excluded.last_inbound_at, unread = excluded.unread,
         needs_reply = excluded.needs_reply, opted_out = excluded.opted_out, person_words = excluded.person_words, data = excluded.data`,
      c.id,
      c.accountId,
      c.lastMessageAt,
      c.graphId ?? null,
      c.lastInboundAt ?? null,
      c.unreadCount > 0 ? 1 : 0,
      needsReply(c) ? 1 : 0,
      c.consent?.state === 'opted_out' ? 1 : 0,
      personWords(c),
      json(c),
    );
  }

  async listConversations(accountId: string, { before, limit }: ListOptions) {
    const rows = before
      ? this.all(
          `SELECT data FROM conversations WHERE account_id = ? AND (last_message_at < ? OR (last_message_at = ? AND id < ?))
           ORDER BY last_message_at DESC, id DESC LIMIT ?`,
          accountId,
          before.at,
          before.at,
          before.id,
          limit,
        )
      : this.all('SELECT data FROM conversations WHERE account_id = ? ORDER BY last_message_at DESC, id DESC LIMIT ?', accountId, limit);
    return rows.map((r) => parse<KitConversation>(r.data));
  }

  async findConversations(accountId: string, { before, limit, terms = [], filters = [], now }: FindConversationsOptions) {
    const where = ['c.account_id = ?'];
    const params: SQLInputValue[] = [];
    if (terms.length > 0) {
      // A person whose name or @username has a word starting with every term, or a message hit.
      where.push(`(hits.conversation_id IS NOT NULL OR (${terms.map(() => `c.person_words LIKE ?`).join(' AND ')}))`);
      params.push(...terms.map((t) => `% ${t}%`));
    }
    // The flag filters are columns of the same names.
    for (const f of filters) if (f === 'unread' || f === 'needs_reply' || f === 'opted_out') where.push(`c.${f} = 1`);
    const window = windowFilter(filters);
    if (window) {
      const b = lastInboundBounds(window, now);
      const range = ['c.last_inbound_at IS NOT NULL'];
      if (b.after !== undefined) {
        range.push('c.last_inbound_at > ?');
        params.push(b.after);
      }
      if (b.atOrBefore !== undefined) {
        range.push('c.last_inbound_at <= ?');
        params.push(b.atOrBefore);
      }
      where.push(`(${b.never ? 'c.last_inbound_at IS NULL OR ' : ''}(${range.join(' AND ')}))`);
    }
    if (before) {
      where.push('(c.last_message_at < ? OR (c.last_message_at = ? AND c.id < ?))');
      params.push(before.at, before.at, before.id);
    }
    // The newest matching message of each conversation (SQLite takes the bare columns from the
    // row that gave max()). An FTS query: every term as a quoted prefix.
    const hits =
      terms.length > 0
        ? `WITH hits AS (
             SELECT r.conversation_id, r.message_id, max(r.created_at) AS created_at
             FROM message_search JOIN message_search_rows r ON r.id = message_search.rowid
             WHERE message_search MATCH ? AND r.account_id = ? GROUP BY r.conversation_id
           )`
        : 'WITH hits AS (SELECT NULL AS conversation_id, NULL AS message_id WHERE 0)';
    const rows = this.all(
      `${hits}
       SELECT c.data, m.data AS message FROM conversations c
       LEFT JOIN hits ON hits.conversation_id = c.id
       LEFT JOIN messages m ON m.account_id = c.account_id AND m.id = hits.message_id
       WHERE ${where.join(' AND ')} ORDER BY c.last_message_at DESC, c.id DESC LIMIT ?`,
      ...(terms.length > 0 ? [terms.map((t) => `"${t}"*`).join(' '), accountId] : []),
      accountId,
      ...params,
      limit,
    );
    return rows.map((r): ConversationHit => {
      const conversation = parse<KitConversation>(r.data);
      return r.message == null ? { conversation } : { conversation, message: parse<StoredMessage>(r.message) };
    });
  }

  async findConversationByGraphId(accountId: string, graphId: string) {
    const row = this.get('SELECT data FROM conversations WHERE account_id = ? AND graph_id = ?', accountId, graphId);
    return row ? parse<KitConversation>(row.data) : null;
  }

  // Messages -----------------------------------------------------------------------------------

  async getMessage(accountId: string, messageId: string) {
    const row = this.get('SELECT data FROM messages WHERE account_id = ? AND id = ?', accountId, messageId);
    return row ? parse<StoredMessage>(row.data) : null;
  }

  async putMessage(m: StoredMessage) {
    this.indexMessage(m);
    this.run(
      `INSERT INTO messages (account_id, id, conversation_id, created_at, stub, data) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id, id) DO UPDATE SET conversation_id = excluded.conversation_id,
         created_at = excluded.created_at, stub = excluded.stub, data = excluded.data`,
      m.accountId,
      m.id,
      m.conversationId,
      m.createdAt,
      m.stub ? 1 : 0,
      json(m),
    );
  }

  async deleteMessage(accountId: string, messageId: string) {
    this.unindexMessage(accountId, messageId);
    this.run('DELETE FROM messages WHERE account_id = ? AND id = ?', accountId, messageId);
  }

  /** Keeps the word index in step with the message: its text's words, none for a tombstone or stub. */
  private indexMessage(m: StoredMessage) {
    const words = messageWords(m);
    if (!words) return this.unindexMessage(m.accountId, m.id);
    const row = this.get(
      `INSERT INTO message_search_rows (account_id, message_id, conversation_id, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (account_id, message_id) DO UPDATE SET conversation_id = excluded.conversation_id, created_at = excluded.created_at
       RETURNING id`,
      m.accountId,
      m.id,
      m.conversationId,
      m.createdAt,
    )!;
    this.run('DELETE FROM message_search WHERE rowid = ?', row.id as number);
    this.run('INSERT INTO message_search (rowid, words) VALUES (?, ?)', row.id as number, words);
  }

  private unindexMessage(accountId: string, messageId: string) {
    const row = this.get('DELETE FROM message_search_rows WHERE account_id = ? AND message_id = ? RETURNING id', accountId, messageId);
    if (row) this.run('DELETE FROM message_search WHERE rowid = ?', row.id as number);
  }

  async listMessages(conversationId: string, { before, limit }: ListOptions) {
    const rows = before
      ? this.all(
          `SELECT data FROM messages WHERE conversation_id = ? AND stub = 0 AND (created_at < ? OR (created_at = ? AND id < ?))
           ORDER BY created_at DESC, id DESC LIMIT ?`,
          conversationId,
          before.at,
          before.at,
          before.id,
          limit,
        )
      : this.all(
          'SELECT data FROM messages WHERE conversation_id = ? AND stub = 0 ORDER BY created_at DESC, id DESC LIMIT ?',
          conversationId,
          limit,
        );
    return rows.map((r) => parse<StoredMessage>(r.data));
  }

  // Comments -----------------------------------------------------------------------------------

  async getComment(accountId: string, commentId: string) {
    const row = this.get('SELECT data FROM comments WHERE account_id = ? AND id = ?', accountId, commentId);
    return row ? parse<KitComment>(row.data) : null;
  }

  async putComment(c: KitComment) {
    this.run(
      `INSERT INTO comments (account_id, id, media_id, created_at, needs_reply, data) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id, id) DO UPDATE SET media_id = excluded.media_id, created_at = excluded.created_at,
         needs_reply = excluded.needs_reply, data = excluded.data`,
      c.accountId,
      c.id,
      c.mediaId,
      c.createdAt,
      commentNeedsReply(c) ? 1 : 0,
      json(c),
    );
  }

  async getMedia(accountId: string, mediaId: string) {
    const row = this.get('SELECT data FROM media WHERE account_id = ? AND id = ?', accountId, mediaId);
    return row ? parse<KitMedia>(row.data) : null;
  }

  async putMedia(accountId: string, media: KitMedia) {
    this.run('INSERT INTO media (account_id, id, data) VALUES (?, ?, ?) ON CONFLICT (account_id, id) DO UPDATE SET data = excluded.data', accountId, media.id, json(media));
  }

  async listComments(accountId: string, { before, limit, needsReply, mediaId }: ListCommentsOptions) {
    const where = ['account_id = ?'];
    const params: SQLInputValue[] = [accountId];
    if (needsReply) where.push('needs_reply = 1');
    if (mediaId) {
      where.push('media_id = ?');
      params.push(mediaId);
    }
    if (before) {
      where.push('(created_at < ? OR (created_at = ? AND id < ?))');
      params.push(before.at, before.at, before.id);
    }
    const rows = this.all(`SELECT data FROM comments WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ?`, ...params, limit);
    return rows.map((r) => parse<KitComment>(r.data));
  }

  // Saved replies ------------------------------------------------------------------------------

  async listSavedReplies(accountId: string) {
    return this.all('SELECT data FROM saved_replies WHERE account_id = ? ORDER BY shortcut', accountId).map((r) => parse<KitSavedReply>(r.data));
  }

  async insertSavedReply(reply: KitSavedReply) {
    const r = this.run(
      'INSERT INTO saved_replies (account_id, id, shortcut, data) VALUES (?, ?, ?, ?) ON CONFLICT (account_id, shortcut) DO NOTHING',
      reply.accountId,
      reply.id,
      reply.shortcut,
      json(reply),
    );
    return r.changes === 0 ? DUPLICATE_SHORTCUT : reply;
  }

  async updateSavedReply(accountId: string, id: string, patch: SavedReplyPatch) {
    const row = this.get('SELECT data FROM saved_replies WHERE account_id = ? AND id = ?', accountId, id);
    if (!row) return null;
    const next: KitSavedReply = { ...parse<KitSavedReply>(row.data), ...patch };
    // One writer at a time (singleWriterStore): nothing can take the shortcut between check and write.
    if (this.get('SELECT 1 AS x FROM saved_replies WHERE account_id = ? AND shortcut = ? AND id <> ?', accountId, next.shortcut, id)) return DUPLICATE_SHORTCUT;
    this.run('UPDATE saved_replies SET shortcut = ?, data = ? WHERE account_id = ? AND id = ?', next.shortcut, json(next), accountId, id);
    return next;
  }

  async deleteSavedReply(accountId: string, id: string) {
    return this.run('DELETE FROM saved_replies WHERE account_id = ? AND id = ?', accountId, id).changes > 0;
  }

  // Dedupe -------------------------------------------------------------------------------------

  async claimDedupeKey(key: string, { now, ttlMs }: { now: Millis; ttlMs: number }) {
    // Inserts, or takes over an expired claim; a live claim makes the statement change nothing.
    const r = this.run(
      `INSERT INTO dedupe (key, expires_at) VALUES (?, ?)
       ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE dedupe.expires_at <= ?`,
      key,
      now + ttlMs,
      now,
    );
    return Number(r.changes) === 1;
  }

  async pruneDedupe(now: Millis) {
    return Number(this.run('DELETE FROM dedupe WHERE expires_at <= ?', now).changes);
  }

  // Event log ----------------------------------------------------------------------------------

  async appendEvent(event: KitEvent) {
    const { id: _ignored, ...rest } = event;
    const r = this.run(
      'INSERT INTO events (account_id, type, logged_at, data) VALUES (?, ?, ?, ?)',
      event.accountId,
      event.type,
      this.now(),
      json(rest),
    );
    return { ...rest, id: String(r.lastInsertRowid) } as LoggedEvent;
  }

  async readEvents({ after, accountIds, limit }: ReadEventsOptions) {
    const afterN = after === undefined ? 0 : Number(after);
    let rows: Row[];
    if (accountIds) {
      if (accountIds.length === 0) return [];
      const marks = accountIds.map(() => '?').join(', ');
      rows = this.all(
        `SELECT id, data FROM events WHERE id > ? AND account_id IN (${marks}) ORDER BY id LIMIT ?`,
        afterN,
        ...accountIds,
        limit,
      );
    } else {
      rows = this.all('SELECT id, data FROM events WHERE id > ? ORDER BY id LIMIT ?', afterN, limit);
    }
    return rows.map((r) => ({ ...parse<KitEvent>(r.data), id: String(r.id) }) as LoggedEvent);
  }

  async lastEventId() {
    const row = this.get('SELECT MAX(id) AS id FROM events');
    return row?.id == null ? null : String(row.id);
  }

  async firstEventId() {
    const row = this.get('SELECT MIN(id) AS id FROM events');
    return row?.id == null ? null : String(row.id);
  }

  async pruneEvents(before: Millis) {
    return Number(this.run('DELETE FROM events WHERE logged_at < ?', before).changes);
  }

  async eraseMessageTraces(accountId: string, messageId: string) {
    // instr() narrows to rows mentioning the id; the JSON rewrite decides (Postgres: strpos()).
    let n = 0;
    for (const r of this.all('SELECT id, data FROM events WHERE account_id = ? AND instr(data, ?) > 0', accountId, messageId)) {
      const erased = eraseFromEvent(parse<KitEvent>(r.data), messageId);
      if (!erased) continue;
      this.run('UPDATE events SET data = ? WHERE id = ?', json(erased), r.id as number);
      n++;
    }
    n += Number(
      this.run('UPDATE webhooks SET body = ? WHERE processed_at IS NOT NULL AND instr(body, ?) > 0', ERASED_WEBHOOK_BODY, messageId).changes,
    );
    n += Number(this.run('UPDATE dead_letters SET body = ? WHERE instr(body, ?) > 0', ERASED_WEBHOOK_BODY, messageId).changes);
    // Inside a transaction the rest waits: the caller erases again after committing, and it runs then, once.
    if (this.db.isTransaction) return n;
    // The word index: secure-delete takes the message's rowid out of every doclist, but a term left
    // with no rows can stay as a key in its segment until a merge. 'optimize' rewrites the index
    // into one segment without it (the freed pages are overwritten by secure_delete). It costs a
    // pass over the index, paid on unsend only.
    this.run("INSERT INTO message_search (message_search) VALUES ('optimize')");
    // secure_delete overwrites the old rows in the database file, but the WAL still holds the
    // pages as they were until a checkpoint: copy them back and truncate the WAL to zero bytes.
    this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    return n;
  }

  // Webhooks -----------------------------------------------------------------------------------

  async saveWebhook(body: string, receivedAt: Millis) {
    const r = this.run('INSERT INTO webhooks (received_at, body) VALUES (?, ?)', receivedAt, body);
    return String(r.lastInsertRowid);
  }

  async markWebhookProcessed(id: string, outcome: { at: Millis; error?: string }) {
    this.run('UPDATE webhooks SET processed_at = ?, error = ? WHERE id = ?', outcome.at, outcome.error ?? null, Number(id));
  }

  async listUnprocessedWebhooks(limit: number, after?: string): Promise<StoredWebhook[]> {
    return this.all('SELECT id, received_at, body FROM webhooks WHERE processed_at IS NULL AND id > ? ORDER BY id LIMIT ?', Number(after ?? 0), limit).map(
      (r) => ({ id: String(r.id), receivedAt: Number(r.received_at), body: String(r.body) }),
    );
  }

  async recordWebhookFailure(id: string) {
    const row = this.get('UPDATE webhooks SET attempts = attempts + 1 WHERE id = ? AND processed_at IS NULL RETURNING attempts', Number(id));
    return row ? Number(row.attempts) : 0;
  }

  /** Runs several statements as one: in the caller's transaction, or in a new one. */
  private atomically(fn: () => void): void {
    if (this.db.isTransaction) return fn();
    this.db.exec('BEGIN IMMEDIATE');
    try {
      fn();
      this.db.exec('COMMIT');
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
  }

  async deadLetterWebhook(id: string, { at, reason }: { at: Millis; reason: string }) {
    this.atomically(() => this.moveToDeadLetters(id, at, reason));
  }

  private moveToDeadLetters(id: string, at: Millis, reason: string) {
    const moved = this.get('DELETE FROM webhooks WHERE id = ? AND processed_at IS NULL RETURNING received_at, body, attempts', Number(id));
    if (!moved) return;
    this.run(
      'INSERT INTO dead_letters (webhook_id, received_at, dead_at, attempts, reason, body) VALUES (?, ?, ?, ?, ?, ?)',
      id,
      moved.received_at as number,
      at,
      moved.attempts as number,
      reason,
      moved.body as string,
    );
  }

  async requeueDeadLetter(id: string) {
    let queued: string | null = null;
    this.atomically(() => {
      const dead = this.get('DELETE FROM dead_letters WHERE id = ? RETURNING received_at, body', Number(id));
      if (!dead) return;
      queued = String(this.run('INSERT INTO webhooks (received_at, body) VALUES (?, ?)', dead.received_at as number, dead.body as string).lastInsertRowid);
    });
    return queued;
  }

  async discardDeadLetter(id: string) {
    return Number(this.run('DELETE FROM dead_letters WHERE id = ?', Number(id)).changes) > 0;
  }

  async listDeadLetters({ limit, before }: { limit: number; before?: string }): Promise<DeadLetter[]> {
    return this.all(
      `SELECT id, webhook_id, received_at, dead_at, attempts, reason, length(CAST(body AS BLOB)) AS bytes FROM dead_letters
       WHERE id < ? ORDER BY id DESC LIMIT ?`,
      before === undefined ? Number.MAX_SAFE_INTEGER : Number(before),
      limit,
    ).map((r) => ({
      id: String(r.id),
      webhookId: String(r.webhook_id),
      receivedAt: Number(r.received_at),
      deadAt: Number(r.dead_at),
      attempts: Number(r.attempts),
      reason: String(r.reason),
      bytes: Number(r.bytes),
    }));
  }

  async pruneWebhooks(before: Millis) {
    return Number(this.run('DELETE FROM webhooks WHERE processed_at IS NOT NULL AND received_at < ?', before).changes);
  }

  // Accounts -----------------------------------------------------------------------------------

  async getAccountState(accountId: string) {
    const row = this.get('SELECT data FROM accounts WHERE account_id = ?', accountId);
    return row ? parse<AccountState>(row.data) : null;
  }

  async putAccountState(state: AccountState) {
    this.run(
      'INSERT INTO accounts (account_id, data) VALUES (?, ?) ON CONFLICT (account_id) DO UPDATE SET data = excluded.data',
      state.accountId,
      json(state),
    );
  }

  // Schedules ----------------------------------------------------------------------------------

  async claimDue(key: string, { now, until }: { now: Millis; until: Millis }) {
    const r = this.run(
      'INSERT INTO schedules (key, due_at) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET due_at = excluded.due_at WHERE schedules.due_at <= ?',
      key,
      until,
      now,
    );
    return Number(r.changes) > 0;
  }

  async reschedule(key: string, dueAt: Millis) {
    this.run('INSERT INTO schedules (key, due_at) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET due_at = excluded.due_at', key, dueAt);
  }

  // Outbox -------------------------------------------------------------------------------------

  private writeSend(s: OutboxSend) {
    this.run(
      `INSERT INTO sends (account_id, client_id, conversation_id, status, not_before, lease_owner, lease_until, created_at, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id, client_id) DO UPDATE SET status = excluded.status, not_before = excluded.not_before,
         lease_owner = excluded.lease_owner, lease_until = excluded.lease_until, data = excluded.data`,
      s.accountId,
      s.clientId,
      s.conversationId,
      s.status,
      s.notBefore,
      s.leaseOwner ?? null,
      s.leaseUntil ?? null,
      s.createdAt,
      json(s),
    );
  }

  async insertSend(send: NewOutboxSend) {
    const row = newSendRow(send);
    const r = this.run(
      `INSERT INTO sends (account_id, client_id, conversation_id, status, not_before, created_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id, client_id) DO NOTHING`,
      row.accountId,
      row.clientId,
      row.conversationId,
      row.status,
      row.notBefore,
      row.createdAt,
      json(row),
    );
    if (Number(r.changes) === 1) return { inserted: true, send: row };
    return { inserted: false, send: (await this.getSendByClientId(send.accountId, send.clientId)) as OutboxSend };
  }

  async getSendByClientId(accountId: string, clientId: string) {
    const row = this.get('SELECT data FROM sends WHERE account_id = ? AND client_id = ?', accountId, clientId);
    return row ? parse<OutboxSend>(row.data) : null;
  }

  async claimNextSends({ owner, leaseMs, limit, now, accountId }: ClaimSendsOptions) {
    // The head of each conversation lane (rows.ts claimableHeads): `blocked` counts the rows up
    // to and including this one that are not free to claim, so only the leading run of free rows
    // of a lane has 0. Single writer: select-then-update cannot race here.
    const rows = this.all(
      `WITH lanes AS (
         SELECT account_id, client_id, created_at,
           ROW_NUMBER() OVER lane AS pos,
           SUM(CASE WHEN status = 'queued' AND not_before <= ? AND (lease_until IS NULL OR lease_until < ?) THEN 0 ELSE 1 END) OVER lane AS blocked
         FROM sends
         WHERE status IN ('queued', 'sending', 'uncertain') AND (? IS NULL OR account_id = ?)
         WINDOW lane AS (PARTITION BY account_id, conversation_id ORDER BY created_at, client_id ROWS UNBOUNDED PRECEDING)
       )
       SELECT s.data FROM lanes JOIN sends s ON s.account_id = lanes.account_id AND s.client_id = lanes.client_id
       WHERE lanes.blocked = 0
       ORDER BY lanes.pos, lanes.created_at, lanes.client_id LIMIT ?`,
      now,
      now,
      accountId ?? null,
      accountId ?? null,
      limit,
    );
    return rows.map((r) => {
      const leased = { ...parse<OutboxSend>(r.data), leaseOwner: owner, leaseUntil: now + leaseMs };
      this.writeSend(leased);
      return leased;
    });
  }

  async listExpiredSending(now: Millis, limit: number) {
    return this.all(
      "SELECT data FROM sends WHERE status = 'sending' AND lease_until IS NOT NULL AND lease_until < ? LIMIT ?",
      now,
      limit,
    ).map((r) => parse<OutboxSend>(r.data));
  }

  async renewSendLeases(owner: string, keys: readonly SendKey[], until: Millis) {
    const held: SendKey[] = [];
    for (const k of keys) {
      const s = await this.getSendByClientId(k.accountId, k.clientId);
      if (!leaseRenewable(s, owner)) continue;
      this.writeSend({ ...s, leaseUntil: until });
      held.push({ accountId: k.accountId, clientId: k.clientId });
    }
    return held;
  }

  async listSends({ accountId, conversationId, statuses, limit }: ListSendsOptions) {
    // Status is a column (indexed with the claim index); the conversation lives in the JSON
    // document, filtered here so the statement stays portable to Postgres.
    const rows = this.all(
      `SELECT data FROM sends WHERE account_id = ? ${statuses ? `AND status IN (${statuses.map(() => '?').join(', ')})` : ''}
       ORDER BY created_at, client_id`,
      accountId,
      ...(statuses ?? []),
    ).map((r) => parse<OutboxSend>(r.data));
    return rows.filter((s) => !conversationId || s.conversationId === conversationId).slice(0, limit);
  }

  async updateSendStatus(accountId: string, clientId: string, patch: SendStatusPatch) {
    const s = await this.getSendByClientId(accountId, clientId);
    const next = s ? patchedSend(s, patch) : null;
    if (next) this.writeSend(next);
    return next;
  }
}

export interface SqliteStoreOptions {
  /** Database file, or ':memory:'. Created (with its directory left to you) when missing. */
  file: string;
  /** Clock for event-log pruning; defaults to Date.now. */
  now?: () => Millis;
}

/** Applies pending migrations inside one transaction each; returns the resulting version. */
export function migrateSqlite(db: DatabaseSync): number {
  const current = Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
  if (current > SQLITE_MIGRATIONS.length) {
    throw new Error(
      `sqliteStore: the database schema (version ${current}) is newer than this @kit/proxy (${SQLITE_MIGRATIONS.length}). ` +
        'Upgrade @kit/proxy or point it at another file.',
    );
  }
  for (let v = current; v < SQLITE_MIGRATIONS.length; v++) {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(SQLITE_MIGRATIONS[v] as string);
      db.exec(`PRAGMA user_version = ${v + 1}`);
      db.exec('COMMIT');
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
  }
  return SQLITE_MIGRATIONS.length;
}

export function sqliteStore(options: SqliteStoreOptions): Store {
  if (!options || typeof options.file !== 'string' || options.file === '') {
    throw new TypeError("sqliteStore: pass { file: 'path/to/kit.db' } (or ':memory:' for a throwaway database).");
  }
  const db = openSqliteFile(options.file);
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA foreign_keys = ON');
  // Unsent messages must be gone, not merely unlinked: overwrite freed pages.
  db.exec('PRAGMA secure_delete = ON');
  migrateSqlite(db);

  return singleWriterStore(new SqliteOps(db, options.now ?? Date.now), {
    kind: 'sqlite',
    begin: () => db.exec('BEGIN IMMEDIATE'),
    commit: () => db.exec('COMMIT'),
    rollback: () => db.exec('ROLLBACK'),
    close: () => db.close(),
  });
}
