/**
 * What only Postgres promises: several proxy instances on one schema. Every test opens two
 * stores (two pools, as two processes would) on a throwaway schema of the real server; the
 * single-store contract runs in store.test.ts.
 */
import { Client, Pool } from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { KitConversation, KitEvent } from '@kit/core';
import { APP_SECRET, IG_ACCOUNT, metaJson, signBody, startHarness, type Harness } from '../test/harness';
import { dropSchema, PG_URL, testSchema } from '../test/postgres';
import { conv, msg } from './contract-fixtures';
import { postgresStore, type PostgresStore } from './postgres';
import { POSTGRES_MIGRATIONS } from './postgres-migrations';
import type { NewOutboxSend, StoredMessage } from './types';

let opened: PostgresStore[] = [];
let schemas: string[] = [];

/** `count` stores on one new schema, like `count` proxy instances sharing a database. */
function instances(count: number, schema = testSchema()): PostgresStore[] {
  schemas.push(schema);
  const stores = Array.from({ length: count }, () => postgresStore({ connectionString: PG_URL, schema, max: 4 }));
  opened.push(...stores);
  return stores;
}

afterEach(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await Promise.all(schemas.map(dropSchema));
  opened = [];
  schemas = [];
});

async function sql<R>(text: string, params: unknown[] = []): Promise<R[]> {
  const c = new Client({ connectionString: PG_URL });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as R[];
  } finally {
    await c.end();
  }
}



const ev = (n: number, messageId = `m${n}`): KitEvent => ({ type: 'read', accountId: 'acc', at: n, conversationId: 'acc:c1', messageId, by: 'customer' });

const send = (clientId: string, createdAt: number, customer = 'c1'): NewOutboxSend => ({
  accountId: 'acc',
  clientId,
  conversationId: `acc:${customer}`,
  to: customer,
  request: { text: clientId },
  createdAt,
});

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

describe('postgresStore: migrations', () => {
  it('migrates once when two instances start together, versioned in kit_migrations', async () => {
    const [a, b] = instances(2);
    await Promise.all([a!.ready(), b!.ready()]);
    const versions = await sql<{ version: number }>(`SELECT version FROM ${a!.schema}.kit_migrations ORDER BY version`);
    expect(versions.map((v) => v.version)).toEqual(POSTGRES_MIGRATIONS.map((_, i) => i + 1));
    // A later start finds nothing to do and the data written meanwhile is untouched.
    await a!.putConversation(conv('a'));
    const [c] = instances(1, a!.schema);
    expect((await c!.getConversation('acc:a'))?.id).toBe('acc:a');
    expect(await sql(`SELECT version FROM ${a!.schema}.kit_migrations`)).toHaveLength(POSTGRES_MIGRATIONS.length);
  });

  it('keeps its tables in its own schema (default "kit"), not in the application\'s', async () => {
    const [a] = instances(1);
    await a!.ready();
    const tables = await sql<{ table_name: string }>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
      [a!.schema],
    );
    expect(tables.map((t) => t.table_name)).toEqual(['accounts', 'comments', 'conversations', 'dead_letters', 'dedupe', 'events', 'kit_migrations', 'media', 'messages', 'saved_replies', 'schedules', 'sends', 'webhooks']);
    const defaulted = postgresStore({ connectionString: PG_URL });
    expect(defaulted.schema).toBe('kit');
    await defaulted.close(); // never used: nothing was created
  });

  it('refuses a schema migrated by a newer version, saying what to do', async () => {
    const [a] = instances(1);
    await a!.ready();
    await sql(`INSERT INTO ${a!.schema}.kit_migrations (version) VALUES (999)`);
    const [b] = instances(1, a!.schema);
    await expect(b!.getConversation('x')).rejects.toThrow(/version 999, newer than this @kit\/proxy.*Upgrade/);
  });

  it('explains bad options and an unreachable server without leaking the connection string', async () => {
    expect(() => postgresStore({} as never)).toThrow(/pass \{ connectionString:/);
    expect(() => postgresStore({ connectionString: PG_URL, schema: 'kit; DROP TABLE x' })).toThrow(/schema must be a plain identifier/);
    const down = postgresStore({ connectionString: 'postgres://kit:s3cret-pw@127.0.0.1:1/nope' });
    const err = await down.ready().then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/^postgresStore: could not prepare schema "kit": /);
    expect(err?.message).not.toContain('s3cret-pw');
    await down.close();
  });
});

describe('postgresStore: several instances on one schema', () => {
  it("see each other's conversations, messages and events", async () => {
    const [a, b] = instances(2);
    await a!.putConversation(conv('c1', 1, { graphId: 't_1' }));
    expect(await b!.findConversationByGraphId('acc', 't_1')).toMatchObject({ id: 'acc:c1' });
    await b!.putMessage(msg('m1', 10));
    await a!.putMessage(msg('m2', 20));
    expect((await a!.listMessages('acc:c1', { limit: 10 })).map((m) => m.id)).toEqual(['m2', 'm1']);
    expect((await b!.listMessages('acc:c1', { limit: 10 })).map((m) => m.id)).toEqual(['m2', 'm1']);

    const first = await a!.appendEvent(ev(1));
    const second = await b!.appendEvent(ev(2));
    const third = await a!.appendEvent(ev(3));
    expect(Number(second.id)).toBeGreaterThan(Number(first.id));
    expect(Number(third.id)).toBeGreaterThan(Number(second.id));
    expect((await b!.readEvents({ after: first.id, limit: 10 })).map((e) => [e.id, e.at])).toEqual([
      [second.id, 2],
      [third.id, 3],
    ]);
    expect(await b!.lastEventId()).toBe(third.id);
  });

  it('makes event ids visible in commit order: a reader that saw id N never finds a smaller one later', async () => {
    const [a, b] = instances(2);
    const hold = gate();
    const appended = gate();
    // Instance A appends inside a transaction that stays open.
    const txA = a!.transaction(async (tx) => {
      const e = await tx.appendEvent(ev(1));
      appended.open();
      await hold.opened;
      return e;
    });
    await appended.opened;
    // Instance B appends meanwhile and commits first: it does not wait for A's open transaction
    // (the id is drawn at COMMIT), and its id is the smaller one.
    let eB: Awaited<ReturnType<PostgresStore['appendEvent']>>;
    try {
      eB = await b!.appendEvent(ev(2));
      expect((await b!.readEvents({ limit: 10 })).map((e) => e.id)).toEqual([eB.id]);
      expect(await b!.lastEventId()).toBe(eB.id);
    } finally {
      hold.open(); // also when an expectation failed, so the hook can close the stores
    }
    const eA = await txA;
    expect(Number(eA.id)).toBeGreaterThan(Number(eB.id));
    expect((await b!.readEvents({ after: eB.id, limit: 10 })).map((e) => e.id)).toEqual([eA.id]);
  });

  it('never lets a reader skip an event while writers of several instances commit in parallel', async () => {
    const [a, b, c] = instances(3);
    const writers = [a!, b!, c!].map(async (store, w) => {
      const ids: string[] = [];
      for (let i = 0; i < 40; i++) {
        const logged = await store.transaction(async (tx) => {
          const one = await tx.appendEvent(ev(i, `w${w}.${i}.a`));
          await new Promise((r) => setTimeout(r, Math.random() * 3)); // other statements of the transaction
          return [one, await tx.appendEvent(ev(i, `w${w}.${i}.b`))];
        });
        ids.push(...logged.map((e) => e.id));
      }
      return ids;
    });
    // A reader that always continues after the last id it saw, as SSE replays and the bus do.
    const seen: string[] = [];
    let done = false;
    const all = Promise.all(writers).finally(() => (done = true));
    for (let last = '0'; ; ) {
      const finished = done;
      const page = await a!.readEvents({ after: last, limit: 1000 });
      for (const e of page) seen.push((last = e.id));
      if (finished && page.length === 0) break;
    }
    const written = (await all).flat();
    expect(new Set(written).size).toBe(240);
    expect([...seen].sort()).toEqual([...written].sort());
    expect(seen.map(Number)).toEqual([...seen.map(Number)].sort((x, y) => x - y));
  });

  it('applies a webhook once when two instances process the same deliveries in parallel', async () => {
    const [a, b] = instances(2);
    const keys = Array.from({ length: 20 }, (_, i) => `mid.${i}`);
    // Like the inbound pipeline: claim the dedupe key (≥ 36 h), apply, log — one transaction.
    const apply = (store: PostgresStore, key: string) =>
      store.transaction(async (tx) => {
        if (!(await tx.claimDedupeKey(key, { now: 1000, ttlMs: 36 * 3600_000 }))) return false;
        await tx.appendEvent(ev(1, key));
        return true;
      });
    const results = await Promise.all(keys.flatMap((k) => [apply(a!, k), apply(b!, k), apply(a!, k), apply(b!, k)]));
    expect(results.filter(Boolean)).toHaveLength(keys.length);
    const logged = await a!.readEvents({ limit: 1000 });
    expect(logged.map((e) => (e as { messageId: string }).messageId).sort()).toEqual([...keys].sort());
    // Still a duplicate just before 36 h, claimable again after.
    expect(await b!.claimDedupeKey('mid.0', { now: 1000 + 36 * 3600_000 - 1, ttlMs: 1 })).toBe(false);
    expect(await b!.claimDedupeKey('mid.0', { now: 1000 + 36 * 3600_000, ttlMs: 1 })).toBe(true);
  });

  it('loses no update when instances read-modify-write the same row, even one that does not exist yet', async () => {
    const [a, b] = instances(2);
    // Each "webhook" bumps the unread count of a conversation the first one creates.
    const bump = (store: PostgresStore) =>
      store.transaction(async (tx) => {
        const c = (await tx.getConversation('acc:new')) ?? conv('new');
        await new Promise((r) => setTimeout(r, 5)); // widen the window a lost update would need
        await tx.putConversation({ ...c, unreadCount: c.unreadCount + 1 });
      });
    await Promise.all(Array.from({ length: 12 }, (_, i) => bump(i % 2 ? a! : b!)));
    expect((await a!.getConversation('acc:new'))?.unreadCount).toBe(12);
  });

  it('re-runs a transaction that Postgres aborted to break a deadlock', async () => {
    const [a, b] = instances(2);
    await a!.putConversation(conv('x'));
    await a!.putConversation(conv('y'));
    const bothLocked = { count: 0, ...gate() };
    let runs = 0;
    // A locks x then y, B locks y then x: a lock cycle. Postgres aborts one (deadlock_detected);
    // the store retries it after the other commits, so both updates land.
    const cross = (store: PostgresStore, first: string, second: string) =>
      store.transaction(async (tx) => {
        runs++;
        const c1 = (await tx.getConversation(`acc:${first}`))!;
        if (++bothLocked.count === 2) bothLocked.open();
        await bothLocked.opened;
        const c2 = (await tx.getConversation(`acc:${second}`))!;
        await tx.putConversation({ ...c1, unreadCount: c1.unreadCount + 1 });
        await tx.putConversation({ ...c2, unreadCount: c2.unreadCount + 1 });
      });
    await Promise.all([cross(a!, 'x', 'y'), cross(b!, 'y', 'x')]);
    expect(runs).toBe(3);
    expect((await b!.getConversation('acc:x'))?.unreadCount).toBe(2);
    expect((await b!.getConversation('acc:y'))?.unreadCount).toBe(2);
  });

  it('never leases one send to two instances claiming concurrently, and never splits a conversation between them', async () => {
    const [a, b] = instances(2);
    // 30 sends over 10 conversations, interleaved in time.
    for (let i = 0; i < 30; i++) await a!.insertSend(send(`s${String(i).padStart(2, '0')}`, i, `c${i % 10}`));
    const claimed: string[] = [];
    for (let round = 0; ; round++) {
      const [fromA, fromB] = await Promise.all([
        a!.claimNextSends({ owner: 'A', leaseMs: 60_000, limit: 4, now: 100 }),
        b!.claimNextSends({ owner: 'B', leaseMs: 60_000, limit: 4, now: 100 }),
      ]);
      if (fromA.length + fromB.length === 0) break;
      for (const s of fromB) expect(s).toMatchObject({ leaseOwner: 'B', leaseUntil: 60_100 });
      const lanesA = new Set(fromA.map((s) => s.conversationId));
      expect(fromB.filter((s) => lanesA.has(s.conversationId)), `round ${round}: a conversation ran on both instances`).toEqual([]);
      claimed.push(...fromA.map((s) => s.clientId), ...fromB.map((s) => s.clientId));
      for (const s of [...fromA, ...fromB]) await a!.updateSendStatus('acc', s.clientId, { status: 'sent', messageId: `m-${s.clientId}`, releaseLease: true, now: 101 });
    }
    expect(claimed).toHaveLength(30);
    expect(new Set(claimed).size).toBe(30);
    // Each conversation's sends were claimed in their order.
    for (let c = 0; c < 10; c++) {
      const mine = claimed.filter((id) => Number(id.slice(1)) % 10 === c);
      expect(mine).toEqual([...mine].sort());
    }
  });

  it('skips conversations another instance is claiming instead of waiting for it', async () => {
    const [a, b] = instances(2);
    for (const [id, at, customer] of [
      ['s0', 0, 'c1'],
      ['s1', 1, 'c1'],
      ['s2', 2, 'c1'],
      ['s3', 3, 'c2'],
      ['s4', 4, 'c3'],
      ['s5', 5, 'c3'],
    ] as const) {
      await a!.insertSend(send(id, at, customer));
    }
    const hold = gate();
    const claimedA = gate();
    let fromA: string[] = [];
    const txA = a!.transaction(async (tx) => {
      fromA = (await tx.claimNextSends({ owner: 'A', leaseMs: 1000, limit: 2, now: 100 })).map((s) => s.clientId);
      claimedA.open();
      await hold.opened; // A's claim is not committed yet
    });
    await claimedA.opened;
    // B must answer while A still holds its lanes. Were it to wait for A it would wait forever
    // (A commits only after B answers), so a generous timer turns that hang into a failure.
    const claimB = b!.claimNextSends({ owner: 'B', leaseMs: 1000, limit: 10, now: 100 });
    const fromB = await Promise.race([claimB, new Promise<'blocked'>((r) => setTimeout(() => r('blocked'), 10_000))]);
    hold.open();
    await Promise.all([txA, claimB]);
    expect(fromA).toEqual(['s0', 's3']); // the heads of c1 and c2 (fair: heads first)
    // c1 and c2 are A's while it claims (and leased to A after): B takes only c3, and nothing of c1.
    expect(fromB === 'blocked' ? fromB : fromB.map((s) => s.clientId)).toEqual(['s4', 's5']);
    expect(await b!.claimNextSends({ owner: 'B', leaseMs: 1000, limit: 10, now: 100 })).toEqual([]);
  });

  it('leases a new send in its insert to one instance only when two insert into one free conversation at once', async () => {
    const [a, b] = instances(2);
    const hold = gate();
    const insertedA = gate();
    const txA = a!.transaction(async (tx) => {
      const r = await tx.insertSend(send('a1', 1), { claim: { owner: 'A', until: 1000 } });
      insertedA.open();
      await hold.opened; // A's insert is not committed yet
      return r;
    });
    await insertedA.opened;
    // B cannot see A's uncommitted row: without the conversation's lock it would find the lane free.
    const fromB = b!.insertSend(send('b1', 2), { claim: { owner: 'B', until: 1000 } });
    await new Promise((r) => setTimeout(r, 200));
    hold.open();
    const [ra, rb] = await Promise.all([txA, fromB]);
    expect([ra.send.leaseOwner, rb.send.leaseOwner]).toEqual(['A', undefined]);
    expect(await a!.claimNextSends({ owner: 'C', leaseMs: 10, limit: 10, now: 100 })).toEqual([]);
  });

  it('sends BEGIN with a transaction’s first statement: whatever comes first, a failed transaction leaves nothing', async () => {
    const [a] = instances(1);
    await a!.insertSend(send('s', 1));
    await a!.claimNextSends({ owner: 'A', leaseMs: 1000, limit: 1, now: 10 });
    await a!.putConversation(conv('c9', 1));
    const firsts: Array<[string, (tx: Parameters<Parameters<PostgresStore['transaction']>[0]>[0]) => Promise<unknown>]> = [
      ['a status write', (tx) => tx.updateSendStatus('acc', 's', { status: 'sending', attempts: 1, ifLeaseOwner: 'A', now: 11 })],
      ['a locked read', (tx) => tx.getConversation('acc:c9')],
      ['a claiming insert', (tx) => tx.insertSend(send('n', 2, 'c7'), { claim: { owner: 'A', until: 1000 } })],
      ['a claim', (tx) => tx.claimNextSends({ owner: 'B', leaseMs: 1000, limit: 1, now: 5000 })],
    ];
    for (const [name, first] of firsts) {
      await expect(
        a!.transaction(async (tx) => {
          await first(tx);
          await tx.putConversation({ ...conv('c9', 1), unreadCount: 99 });
          await tx.appendEvent({ type: 'read', accountId: 'acc', at: 1, conversationId: 'acc:c9', messageId: 'm', by: 'customer' });
          throw new Error(`after ${name}`);
        }),
      ).rejects.toThrow(`after ${name}`);
      expect((await a!.getConversation('acc:c9'))?.unreadCount, name).not.toBe(99);
      expect(await a!.getSendByClientId('acc', 'n'), name).toBeNull();
      expect(await a!.getSendByClientId('acc', 's'), name).toMatchObject({ status: 'queued', leaseOwner: 'A' });
    }
    // Committed when it succeeds; a transaction that sent nothing commits nothing, and the next one works.
    await a!.transaction(async (tx) => {
      await tx.updateSendStatus('acc', 's', { status: 'sending', attempts: 1, ifLeaseOwner: 'A', now: 12 });
      await tx.appendEvent({ type: 'read', accountId: 'acc', at: 2, conversationId: 'acc:c9', messageId: 'm', by: 'customer' });
    });
    expect(await a!.transaction(async () => 'nothing')).toBe('nothing');
    expect(await a!.getSendByClientId('acc', 's')).toMatchObject({ status: 'sending' });
    expect((await a!.readEvents({ after: '0', limit: 10 })).map((e) => e.type)).toEqual(['read']);
  });

  it('hands an expired lease to another instance and fences the old worker out', async () => {
    const [a, b] = instances(2);
    await a!.insertSend(send('s', 1));
    await a!.claimNextSends({ owner: 'A', leaseMs: 100, limit: 1, now: 10 });
    expect(await b!.claimNextSends({ owner: 'B', leaseMs: 100, limit: 1, now: 50 })).toEqual([]);
    expect((await b!.claimNextSends({ owner: 'B', leaseMs: 100, limit: 1, now: 111 })).map((s) => s.leaseOwner)).toEqual(['B']);
    expect(await a!.updateSendStatus('acc', 's', { status: 'sending', attempts: 1, ifLeaseOwner: 'A', now: 112 })).toBeNull();
    expect(await a!.renewSendLeases('A', [{ accountId: 'acc', clientId: 's' }], 9999)).toEqual([]);
    expect(await b!.updateSendStatus('acc', 's', { status: 'sending', attempts: 1, ifLeaseOwner: 'B', now: 112 })).toMatchObject({
      status: 'sending',
      leaseOwner: 'B',
    });
  });

  it('erases an unsent message everywhere, whichever instance logged it', async () => {
    const [a, b] = instances(2);
    await a!.appendEvent({ type: 'message', accountId: 'acc', conversationId: 'acc:c1', at: 5, message: msg('gone', 5, { text: 'secret words' }) });
    const raw = await a!.saveWebhook('{"mid":"gone","text":"secret words"}', 5);
    await a!.markWebhookProcessed(raw, { at: 6 });
    expect(await b!.eraseMessageTraces('acc', 'gone')).toBe(2);
    const rows = await sql<{ t: string }>(
      `SELECT data::text AS t FROM ${a!.schema}.events UNION ALL SELECT body FROM ${a!.schema}.webhooks`,
    );
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.t).join()).not.toContain('secret');
    expect((await a!.readEvents({ limit: 10 }))[0]).toMatchObject({ message: { id: 'gone', deleted: true } });
  });
});

describe('postgresStore: retention', () => {
  it('prunes in batches, and only the instance holding the prune lock does: the others leave it to that one', async () => {
    const [a, b] = instances(2) as [PostgresStore, PostgresStore];
    await a.ready();
    const events = `"${a.schema}".events`;
    // 12,345 old events and 2 new ones, written straight into the log (faster than 12,347 appends).
    await sql(
      `INSERT INTO ${events} (account_id, type, logged_at, data) SELECT 'acc', 'message', g, '{}'::jsonb FROM generate_series(1, 12345) AS g`,
    );
    await sql(`INSERT INTO ${events} (account_id, type, logged_at, data) VALUES ('acc', 'message', 999999, '{}'), ('acc', 'message', 999999, '{}')`);
    // Another instance is pruning the log right now (it holds the lock): this one does nothing.
    const holder = new Client({ connectionString: PG_URL });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [`kit:${a.schema}:prune:${events}`]);
      expect(await b.pruneEvents(500_000)).toBe(0);
    } finally {
      await holder.end();
    }
    // Now it may: every old event goes, in batches of 5,000, the new ones stay.
    expect(await b.pruneEvents(500_000)).toBe(12_345);
    expect((await sql<{ n: string }>(`SELECT count(*) AS n FROM ${events}`))[0]?.n).toBe('2');
  });
});

describe('postgresStore: lifecycle', () => {
  it('close() ends the pool it created; calls afterwards say the store is closed', async () => {
    const [a] = instances(1);
    await a!.putConversation(conv('a'));
    await a!.close();
    expect(a!.pool.ended).toBe(true);
    expect(a!.pool.totalCount).toBe(0);
    await expect(a!.getConversation('acc:a')).rejects.toThrow('postgresStore: the store is closed.');
    await expect(a!.transaction(async () => 1)).rejects.toThrow('postgresStore: the store is closed.');
  });

  it('leaves a pool you passed open for you to end', async () => {
    const pool = new Pool({ connectionString: PG_URL, max: 2 });
    const schema = testSchema();
    schemas.push(schema);
    const store = postgresStore({ pool, schema });
    await store.putConversation(conv('a'));
    await store.close();
    expect(pool.ended).toBe(false);
    expect((await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.conversations`)).rows[0]?.n).toBe(1);
    await pool.end();
  });
});

describe('two kit instances on one Postgres schema', () => {
  it('serve history from each other\'s webhooks and apply a delivery that reached both once', async () => {
    const [storeA, storeB] = instances(2);
    const harnesses: Harness[] = [];
    try {
      // A receives the sandbox's webhooks; B is another instance behind the same load balancer.
      const a = await startHarness({ proxy: { store: storeA! } });
      harnesses.push(a);
      const b = await startHarness({ proxy: { store: storeB! }, noWebhook: true });
      harnesses.push(b);

      const ana = a.customer.create({ accountId: IG_ACCOUNT.id, username: 'ana' });
      a.customer.text(ana.id, 'Ciao from Ana');
      await a.settle();
      const cid = `${IG_ACCOUNT.id}:${ana.id}`;
      const listed = (await b.call(`/accounts/${IG_ACCOUNT.id}/conversations`)).json as { conversations: KitConversation[] };
      expect(listed.conversations).toEqual([expect.objectContaining({ id: cid, unreadCount: 1, lastMessage: expect.objectContaining({ text: 'Ciao from Ana' }) })]);

      // Meta retries a delivery; the retry lands on the other instance while the first is in flight.
      const mid = 'aWdfZAG1faXRlbTpkdXBsaWNhdGUtdGVzdA';
      const body = metaJson({
        object: 'instagram',
        entry: [
          {
            id: IG_ACCOUNT.id,
            time: Date.now(),
            messaging: [{ sender: { id: ana.id }, recipient: { id: IG_ACCOUNT.id }, timestamp: Date.now(), message: { mid, text: 'sent twice' } }],
          },
        ],
      });
      const deliver = (h: Harness) =>
        h.call('/webhook', { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, APP_SECRET) }, body });
      const statuses = await Promise.all([deliver(a), deliver(b), deliver(a), deliver(b)]);
      expect(statuses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      await Promise.all([a.kit.idle(), b.kit.idle()]);

      const thread = (await a.call(`/accounts/${IG_ACCOUNT.id}/conversations/${encodeURIComponent(cid)}/messages`)).json as { messages: StoredMessage[] };
      expect(thread.messages.map((m) => m.text)).toEqual(['Ciao from Ana', 'sent twice']);
      expect((await storeB!.getConversation(cid))?.unreadCount).toBe(2);
      const logged = await storeA!.readEvents({ limit: 100 });
      expect(logged.filter((e) => e.type === 'message' && e.message.id === mid)).toHaveLength(1);
    } finally {
      for (const h of harnesses) await h.close();
    }
  });

  it('applies a payload that an instance saved and never processed (it died after answering Meta)', { timeout: 60_000 }, async () => {
    const [storeA, storeB] = instances(2);
    const b = await startHarness({ proxy: { store: storeB! }, noWebhook: true });
    try {
      const ana = b.customer.create({ accountId: IG_ACCOUNT.id, username: 'ana' });
      const mid = 'aWdfZAG1faXRlbTpvcnBoYW5lZC1wYXlsb2Fk';
      const body = metaJson({
        object: 'instagram',
        entry: [{ id: IG_ACCOUNT.id, time: Date.now(), messaging: [{ sender: { id: ana.id }, recipient: { id: IG_ACCOUNT.id }, timestamp: Date.now(), message: { mid, text: 'saved by A only' } }] }],
      });
      // Instance A's route saved it (Meta got its 200), then A was killed before processing it.
      await storeA!.saveWebhook(body, Date.now());
      // B leaves another instance's payload to it for a grace period, then takes it over.
      const cid = `${IG_ACCOUNT.id}:${ana.id}`;
      for (let i = 0; ; i++) {
        // Applied, then marked processed (a separate step after the apply's commit): wait for both.
        const m = await storeB!.listMessages(cid, { limit: 10 });
        if (m.some((x) => x.id === mid) && (await storeB!.listUnprocessedWebhooks(10)).length === 0) break;
        if (i > 400) throw new Error('the orphaned payload was never applied');
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await storeB!.listUnprocessedWebhooks(10)).toEqual([]);
      expect((await storeB!.readEvents({ limit: 100 })).filter((e) => e.type === 'message' && e.message.id === mid)).toHaveLength(1);
    } finally {
      await b.close();
    }
  });
});
