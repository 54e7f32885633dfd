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
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { commentNeedsReply, type KitComment, type KitConversation, type KitEvent, type Millis } from '@kit/core';
import { ERASED_WEBHOOK_BODY, eraseFromEvent } from './erase';
import { leaseRenewable, newSendRow, patchedSend, singleWriterStore } from './rows';
import type {
  AccountState,
  ClaimSendsOptions,
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
} from './types';

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
  // Schedules: background work any instance may do but one does (profile reads, back-fills).
  `
  CREATE TABLE schedules (
    key TEXT PRIMARY KEY,
    due_at BIGINT NOT NULL
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
      `INSERT INTO conversations (id, account_id, last_message_at, graph_id, data) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET account_id = excluded.account_id, last_message_at = excluded.last_message_at,
         graph_id = excluded.graph_id, data = excluded.data`,
      c.id,
      c.accountId,
      c.lastMessageAt,
      c.graphId ?? null,
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
    this.run('DELETE FROM messages WHERE account_id = ? AND id = ?', accountId, messageId);
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
    // secure_delete overwrites the old rows in the database file, but the WAL still holds the
    // pages as they were until a checkpoint: copy them back and truncate the WAL to zero bytes.
    // Inside a transaction this cannot run; the caller erases again after committing.
    if (!this.db.isTransaction) this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
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
  const db = new DatabaseSync(options.file);
  // busy_timeout first: switching to WAL takes a lock another process may hold for a moment.
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec('PRAGMA journal_mode = WAL');
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
