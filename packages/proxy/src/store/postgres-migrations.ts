/**
 * The Postgres schema, as append-only migrations (never edit a shipped one, add a new one).
 * Tables and semantics mirror SQLITE_MIGRATIONS; the differences are Postgres types:
 * - ids that page (keyset `id < $cursor`) or sort are `COLLATE "C"`, so they compare byte-wise
 *   like SQLite's BINARY collation and JavaScript's `<`, whatever the database's locale;
 * - documents are `jsonb` (lets single statements patch a field, e.g. a lease, atomically);
 * - the event log id is an IDENTITY column: one sequence for every instance sharing the schema.
 *
 * Each migration is plain DDL without a schema prefix: migratePostgres() runs it with
 * `SET LOCAL search_path` pointing at the store's schema.
 */
import type { Pool, PoolClient } from 'pg';

export const POSTGRES_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE conversations (
    id TEXT COLLATE "C" PRIMARY KEY,
    account_id TEXT NOT NULL,
    last_message_at BIGINT NOT NULL,
    graph_id TEXT,
    data JSONB NOT NULL
  );
  CREATE INDEX conversations_by_account ON conversations (account_id, last_message_at DESC, id DESC);
  CREATE INDEX conversations_by_graph_id ON conversations (account_id, graph_id);

  CREATE TABLE messages (
    account_id TEXT NOT NULL,
    id TEXT COLLATE "C" NOT NULL,
    conversation_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    stub BOOLEAN NOT NULL DEFAULT false,
    data JSONB NOT NULL,
    PRIMARY KEY (account_id, id)
  );
  CREATE INDEX messages_by_conversation ON messages (conversation_id, created_at DESC, id DESC);

  CREATE TABLE dedupe (
    key TEXT PRIMARY KEY,
    expires_at BIGINT NOT NULL
  );
  CREATE INDEX dedupe_by_expiry ON dedupe (expires_at);

  CREATE TABLE events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id TEXT NOT NULL,
    type TEXT NOT NULL,
    logged_at BIGINT NOT NULL,
    data JSONB NOT NULL
  );
  CREATE INDEX events_by_account ON events (account_id, id);
  CREATE INDEX events_by_logged_at ON events (logged_at);

  CREATE TABLE webhooks (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    received_at BIGINT NOT NULL,
    body TEXT NOT NULL,
    processed_at BIGINT,
    error TEXT
  );
  -- Partial: the restart scan only ever looks for unprocessed rows, a small set.
  CREATE INDEX webhooks_unprocessed ON webhooks (id) WHERE processed_at IS NULL;

  CREATE TABLE accounts (
    account_id TEXT PRIMARY KEY,
    data JSONB NOT NULL
  );

  CREATE TABLE sends (
    account_id TEXT NOT NULL,
    client_id TEXT COLLATE "C" NOT NULL,
    status TEXT NOT NULL,
    not_before BIGINT NOT NULL,
    lease_owner TEXT,
    lease_until BIGINT,
    created_at BIGINT NOT NULL,
    data JSONB NOT NULL,
    PRIMARY KEY (account_id, client_id)
  );
  CREATE INDEX sends_claimable ON sends (status, not_before, created_at);
  CREATE INDEX sends_by_account ON sends (account_id, created_at, client_id);
  `,
  `
  ALTER TABLE webhooks ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;

  CREATE TABLE dead_letters (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
  UPDATE sends SET conversation_id = data->>'conversationId';
  CREATE INDEX sends_lanes ON sends (account_id, conversation_id, created_at, client_id)
    WHERE status IN ('queued', 'sending', 'uncertain');
  `,
  // Comments and their private/public replies (reference §2.4); needs_reply as in SQLite.
  `
  CREATE TABLE comments (
    account_id TEXT NOT NULL,
    id TEXT COLLATE "C" NOT NULL,
    media_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    needs_reply BOOLEAN NOT NULL,
    data JSONB NOT NULL,
    PRIMARY KEY (account_id, id)
  );
  CREATE INDEX comments_by_account ON comments (account_id, created_at DESC, id DESC);
  CREATE INDEX comments_needing_reply ON comments (account_id, created_at DESC, id DESC) WHERE needs_reply;
  `,
  // Saved replies: a shortcut names one reply per account (the unique index is what answers 409).
  `
  CREATE TABLE saved_replies (
    account_id TEXT NOT NULL,
    id TEXT NOT NULL,
    shortcut TEXT COLLATE "C" NOT NULL,
    data JSONB NOT NULL,
    PRIMARY KEY (account_id, id)
  );
  CREATE UNIQUE INDEX saved_replies_by_shortcut ON saved_replies (account_id, shortcut);
  `,
  // Conversation search and filters (@kit/core search.ts), as in SQLite: filter columns written
  // with every conversation, and a GIN-indexed tsvector of each message's folded words (NULL for
  // stubs and tombstones, so an unsent message is out of the index with its text). The 'simple'
  // configuration only lower-cases; the words come folded from searchWords. Rows written before
  // this migration are indexed from their lower-cased text.
  `
  ALTER TABLE conversations
    ADD COLUMN last_inbound_at BIGINT,
    ADD COLUMN unread BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN needs_reply BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN opted_out BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN person_words TEXT NOT NULL DEFAULT '';
  UPDATE conversations SET
    last_inbound_at = (data->>'lastInboundAt')::bigint,
    unread = coalesce((data->>'unreadCount')::int > 0, false),
    needs_reply = coalesce(data#>>'{lastMessage,direction}' = 'inbound', false),
    opted_out = coalesce(data#>>'{consent,state}' = 'opted_out', false),
    person_words = ' ' || regexp_replace(lower(coalesce(data#>>'{customer,name}', '') || ' ' || coalesce(data#>>'{customer,username}', '')), '[^[:alnum:]]+', ' ', 'g');

  ALTER TABLE messages ADD COLUMN search_words tsvector;
  UPDATE messages SET search_words = to_tsvector('simple', lower(data->>'text'))
    WHERE NOT stub AND NOT coalesce((data->>'deleted')::boolean, false) AND coalesce(data->>'text', '') <> '';
  CREATE INDEX messages_search ON messages USING GIN (search_words);
  `,
  // Schedules: background work any instance may do but one does (profile reads, back-fills).
  `
  CREATE TABLE schedules (
    key TEXT PRIMARY KEY,
    due_at BIGINT NOT NULL
  );
  `,
  // The posts, reels and Live broadcasts comments are on, as read once from Graph (as in SQLite).
  `
  CREATE TABLE media (
    account_id TEXT NOT NULL,
    id TEXT NOT NULL,
    data JSONB NOT NULL,
    PRIMARY KEY (account_id, id)
  );
  `,
];

/** Quotes a schema name we already validated (letters, digits, underscore). */
export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Applies pending migrations in ONE transaction under a transaction-level advisory lock keyed
 * by the schema, so instances that start together queue up here instead of racing on
 * `CREATE SCHEMA`/`CREATE TABLE`; the second one finds the work done. Returns the version.
 */
export async function migratePostgres(db: Pool | PoolClient, schema: string): Promise<number> {
  const client = 'release' in db ? db : await db.connect();
  const s = quoteIdent(schema);
  try {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`kit:migrate:${schema}`]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
      await client.query(`SET LOCAL search_path TO ${s}`);
      await client.query(`
        CREATE TABLE IF NOT EXISTS kit_migrations (
          version INTEGER PRIMARY KEY,
          applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
        )`);
      const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM kit_migrations');
      const current = rows[0]?.v ?? 0;
      if (current > POSTGRES_MIGRATIONS.length) {
        throw new Error(
          `postgresStore: the schema "${schema}" is at version ${current}, newer than this @kit/proxy (${POSTGRES_MIGRATIONS.length}). ` +
            'Upgrade @kit/proxy on every instance, or point this one at another schema.',
        );
      }
      for (let v = current; v < POSTGRES_MIGRATIONS.length; v++) {
        await client.query(POSTGRES_MIGRATIONS[v] as string);
        await client.query('INSERT INTO kit_migrations (version) VALUES ($1)', [v + 1]);
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  } finally {
    if (client !== db) (client as PoolClient).release();
  }
  return POSTGRES_MIGRATIONS.length;
}
