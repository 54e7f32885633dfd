/**
 * One contract, every store: the same tests run against memoryStore() and sqliteStore(), so a
 * caller can never tell them apart (and a Postgres store gets its test suite for free).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KitEvent } from '@kit/core';
import { memoryStore } from './memory';
import { SQLITE_MIGRATIONS, sqliteStore } from './sqlite';
import { throwawayPostgresStore } from '../test/postgres';
import { conv, msg } from '../test/store-fixtures';
import type { Store } from './types';

const dir = mkdtempSync(join(tmpdir(), 'kit-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;

/** `mvcc`: readers never wait for a writer (Postgres); the embedded stores serialize every call. */
const factories: [string, () => Store, { mvcc: boolean }][] = [
  ['memory', () => memoryStore(), { mvcc: false }],
  ['sqlite', () => sqliteStore({ file: join(dir, `s${++fileNo}.db`) }), { mvcc: false }],
  // One throwaway schema per test on the real server (src/test/postgres.ts); close() drops it.
  ['postgres', () => throwawayPostgresStore(), { mvcc: true }],
];



const ev = (accountId: string, at: number): KitEvent => ({
  type: 'read',
  accountId,
  at,
  conversationId: `${accountId}:c`,
  messageId: 'm',
  by: 'customer',
});

describe.each(factories)('%s store', (_name, make, { mvcc }) => {
  let store: Store;
  beforeEach(() => {
    store = make();
  });
  afterEach(async () => {
    await store.close();
  });

  it('lists conversations newest first with a keyset cursor that neither skips nor repeats ties', async () => {
    for (const [id, at] of [
      ['a', 100],
      ['b', 300],
      ['c', 200],
      ['d', 200],
      ['other', 999],
    ] as const) {
      await store.putConversation(id === 'other' ? { ...conv(id, at), id: 'x:1', accountId: 'x' } : conv(id, at));
    }
    const first = await store.listConversations('acc', { limit: 2 });
    expect(first.map((c) => c.customerId)).toEqual(['b', 'd']);
    const last = first.at(-1)!;
    const second = await store.listConversations('acc', { limit: 10, before: { at: last.lastMessageAt, id: last.id } });
    expect(second.map((c) => c.customerId)).toEqual(['c', 'a']);
  });

  it('round-trips a conversation document and finds it by Graph id', async () => {
    await store.putConversation(conv('a', 1, { graphId: 't_1', customer: { username: 'ana' } }));
    expect(await store.getConversation('acc:a')).toMatchObject({ customer: { username: 'ana' }, graphId: 't_1' });
    expect((await store.findConversationByGraphId('acc', 't_1'))?.id).toBe('acc:a');
    expect(await store.findConversationByGraphId('other', 't_1')).toBeNull();
  });

  it('keeps consent and disclosure on the conversation', async () => {
    expect(await store.setConsent('acc:none', { state: 'opted_in' })).toBeNull();
    await store.putConversation(conv('a', 1));
    await store.setConsent('acc:a', { state: 'opted_out', at: 5, topic: 'news' });
    await store.setDisclosure('acc:a', { automated: true, lastDisclosedAt: 7 });
    expect(await store.getConversation('acc:a')).toMatchObject({
      consent: { state: 'opted_out', at: 5, topic: 'news' },
      disclosure: { automated: true, lastDisclosedAt: 7 },
    });
  });

  it('pages messages newest first, excludes stubs, and upserts by (account, id)', async () => {
    await store.putMessage(msg('m1', 10));
    await store.putMessage(msg('m2', 20));
    await store.putMessage(msg('m3', 20));
    await store.putMessage(msg('m4', 30, { stub: true }));
    await store.putMessage(msg('m1', 10, { text: 'edited', editCount: 1 }));
    const page = await store.listMessages('acc:c1', { limit: 2 });
    expect(page.map((m) => m.id)).toEqual(['m3', 'm2']);
    const rest = await store.listMessages('acc:c1', { limit: 5, before: { at: 20, id: 'm2' } });
    expect(rest.map((m) => [m.id, m.text])).toEqual([['m1', 'edited']]);
    expect((await store.getMessage('acc', 'm4'))?.stub).toBe(true);
    await store.deleteMessage('acc', 'm4');
    expect(await store.getMessage('acc', 'm4')).toBeNull();
  });

  it('claims a dedupe key once until it expires, also under parallel claims', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => store.claimDedupeKey('k', { now: 1000, ttlMs: 100 })));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.claimDedupeKey('k', { now: 1099, ttlMs: 100 })).toBe(false);
    expect(await store.claimDedupeKey('k', { now: 1100, ttlMs: 100 })).toBe(true);
    expect(await store.pruneDedupe(5000)).toBe(1);
    expect(await store.claimDedupeKey('k', { now: 5000, ttlMs: 100 })).toBe(true);
  });

  it('gives events strictly increasing ids and replays after an id, filtered by account', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await store.appendEvent(ev(i % 2 ? 'b' : 'a', i))).id);
    expect(ids.map(Number)).toEqual([...ids.map(Number)].sort((x, y) => x - y));
    expect(new Set(ids).size).toBe(5);
    const all = await store.readEvents({ limit: 100 });
    expect(all.map((e) => e.id)).toEqual(ids);
    const afterSecond = await store.readEvents({ after: ids[1], accountIds: ['a'], limit: 100 });
    expect(afterSecond.map((e) => [e.id, e.accountId])).toEqual([
      [ids[2], 'a'],
      [ids[4], 'a'],
    ]);
    expect(await store.readEvents({ accountIds: [], limit: 10 })).toEqual([]);
    expect(await store.lastEventId()).toBe(ids[4]);
    expect(await store.firstEventId()).toBe(ids[0]);
  });

  it('rolls back every write of a failed transaction', async () => {
    await store.putConversation(conv('a', 1));
    await expect(
      store.transaction(async (tx) => {
        await tx.claimDedupeKey('tx-key', { now: 1, ttlMs: 1000 });
        await tx.appendEvent(ev('acc', 1));
        await tx.putConversation(conv('a', 99));
        await tx.putMessage(msg('mx', 1));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.claimDedupeKey('tx-key', { now: 2, ttlMs: 1000 })).toBe(true);
    expect(await store.lastEventId()).toBeNull();
    expect((await store.getConversation('acc:a'))?.lastMessageAt).toBe(1);
    expect(await store.getMessage('acc', 'mx')).toBeNull();
  });

  it('isolates a transaction: other callers wait until it commits', async () => {
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let written!: () => void;
    const wrote = new Promise<void>((r) => (written = r));
    const tx = store.transaction(async (t) => {
      await t.putConversation(conv('a', 1));
      order.push('tx-write');
      written();
      await gate;
      order.push('tx-commit');
    });
    if (mvcc) {
      // Postgres: a reader never waits for a writer, and must not see the uncommitted write.
      await wrote;
      order.push(`read:${(await store.getConversation('acc:a')) ? 'found' : 'missing'}`);
      release();
      await tx;
      expect(order).toEqual(['tx-write', 'read:missing', 'tx-commit']);
      expect(await store.getConversation('acc:a')).not.toBeNull();
      return;
    }
    const reader = store.getConversation('acc:a').then((c) => order.push(`read:${c ? 'found' : 'missing'}`));
    await new Promise((r) => setTimeout(r, 20));
    release();
    await Promise.all([tx, reader]);
    expect(order).toEqual(['tx-write', 'tx-commit', 'read:found']);
  });

  it('erases an unsent message from logged events and processed raw payloads', async () => {
    const m = msg('gone', 5, { text: 'secret words', attachments: [{ type: 'image', url: 'https://cdn/x' }] });
    await store.appendEvent({ type: 'message', accountId: 'acc', conversationId: 'acc:c1', at: 5, message: m });
    await store.appendEvent({ type: 'message_edited', accountId: 'acc', conversationId: 'acc:c1', at: 6, messageId: 'gone', text: 'secret edit', editCount: 1 });
    await store.appendEvent({
      type: 'conversation_updated',
      accountId: 'acc',
      conversationId: 'acc:c1',
      at: 6,
      conversation: { ...conv('c1', 6), lastMessage: { id: 'gone', direction: 'inbound', text: 'secret edit', createdAt: 5 } },
    });
    await store.appendEvent({ type: 'message', accountId: 'acc', conversationId: 'acc:c1', at: 7, message: msg('kept', 7, { text: 'still here' }) });
    const processed = await store.saveWebhook('{"mid":"gone","text":"secret words"}', 5);
    await store.markWebhookProcessed(processed, { at: 6 });
    const pending = await store.saveWebhook('{"mid":"gone","is_deleted":true}', 8);
    expect(await store.eraseMessageTraces('acc', 'gone')).toBe(4);
    const events = await store.readEvents({ limit: 10 });
    expect(JSON.stringify(events)).not.toContain('secret');
    expect(events[0]).toMatchObject({ type: 'message', message: { id: 'gone', deleted: true, attachments: [] } });
    expect(JSON.stringify(events)).toContain('still here');
    expect(await store.listUnprocessedWebhooks(10)).toEqual([expect.objectContaining({ id: pending })]);
    expect(await store.eraseMessageTraces('acc', 'gone')).toBe(0);
  });

  it('keeps raw webhook payloads until they are processed', async () => {
    const a = await store.saveWebhook('{"a":1}', 10);
    const b = await store.saveWebhook('{"b":"\\u00e4"}', 11);
    await store.markWebhookProcessed(a, { at: 12 });
    expect(await store.listUnprocessedWebhooks(10)).toEqual([{ id: b, body: '{"b":"\\u00e4"}', receivedAt: 11 }]);
    expect(await store.pruneWebhooks(100)).toBe(1);
  });

  it('remembers account state', async () => {
    expect(await store.getAccountState('acc')).toBeNull();
    await store.putAccountState({ accountId: 'acc', backfill: { state: 'done', conversations: 3 } });
    expect(await store.getAccountState('acc')).toEqual({ accountId: 'acc', backfill: { state: 'done', conversations: 3 } });
  });

  describe('outbox', () => {
    const send = (clientId: string, createdAt: number) => ({
      accountId: 'acc',
      clientId,
      conversationId: 'acc:c1',
      to: 'c1',
      request: { text: clientId },
      createdAt,
    });

    it('inserts once per (account, clientId)', async () => {
      const first = await store.insertSend(send('x', 1));
      const again = await store.insertSend({ ...send('x', 2), request: { text: 'different' } });
      expect(first).toMatchObject({ inserted: true, send: { status: 'queued', attempts: 0 } });
      expect(again.inserted).toBe(false);
      expect(again.send.request).toEqual({ text: 'x' });
      expect((await store.insertSend({ ...send('x', 3), accountId: 'other' })).inserted).toBe(true);
      expect(await store.getSendByClientId('acc', 'x')).toMatchObject({ clientId: 'x', createdAt: 1 });
    });

    it('leases queued sends to one worker, oldest first, and honours notBefore and lease expiry', async () => {
      await store.insertSend(send('late', 5));
      await store.insertSend(send('early', 1));
      await store.insertSend({ ...send('future', 0), notBefore: 1000 });
      const w1 = await store.claimNextSends({ owner: 'w1', leaseMs: 100, limit: 10, now: 10 });
      expect(w1.map((s) => s.clientId)).toEqual(['early', 'late']);
      expect(await store.claimNextSends({ owner: 'w2', leaseMs: 100, limit: 10, now: 20 })).toEqual([]);
      // w1 died: after the lease expires another worker may take the still-queued sends.
      expect((await store.claimNextSends({ owner: 'w2', leaseMs: 100, limit: 1, now: 111 })).map((s) => s.clientId)).toEqual([
        'early',
      ]);
      // Later still, every lease has expired and `future` is due: all three, oldest created first.
      expect((await store.claimNextSends({ owner: 'w3', leaseMs: 100, limit: 10, now: 2000 })).map((s) => s.clientId)).toEqual([
        'future',
        'early',
        'late',
      ]);
    });

    it('updates status with lease fencing and reports sends whose worker died mid-request', async () => {
      await store.insertSend(send('s', 1));
      await store.claimNextSends({ owner: 'w1', leaseMs: 100, limit: 1, now: 10 });
      expect(await store.updateSendStatus('acc', 's', { status: 'sending', attempts: 1, ifLeaseOwner: 'w2', now: 11 })).toBeNull();
      const sending = await store.updateSendStatus('acc', 's', { status: 'sending', attempts: 1, ifLeaseOwner: 'w1', now: 11 });
      expect(sending).toMatchObject({ status: 'sending', attempts: 1, leaseOwner: 'w1', updatedAt: 11 });
      expect(await store.listExpiredSending(50, 10)).toEqual([]);
      expect((await store.listExpiredSending(500, 10)).map((s) => s.clientId)).toEqual(['s']);
      const sent = await store.updateSendStatus('acc', 's', { status: 'sent', messageId: 'mid.1', releaseLease: true, now: 12 });
      expect(sent).toMatchObject({ status: 'sent', messageId: 'mid.1' });
      expect(sent?.leaseOwner).toBeUndefined();
      expect(await store.claimNextSends({ owner: 'w2', leaseMs: 100, limit: 10, now: 1000 })).toEqual([]);
    });
  });
});

describe('sqliteStore on disk', () => {
  it('persists across reopen, runs in WAL mode and records the schema version', async () => {
    const file = join(dir, 'reopen.db');
    const a = sqliteStore({ file });
    await a.putConversation(conv('a', 1));
    const id = (await a.appendEvent(ev('acc', 1))).id;
    await a.close();
    const b = sqliteStore({ file });
    expect((await b.getConversation('acc:a'))?.id).toBe('acc:a');
    expect((await b.appendEvent(ev('acc', 2))).id).toBe(String(Number(id) + 1));
    await b.close();
    const raw = new DatabaseSync(file);
    expect(raw.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(raw.prepare('PRAGMA user_version').get()).toEqual({ user_version: SQLITE_MIGRATIONS.length });
    raw.close();
  });

  it('refuses a database written by a newer version, saying what to do', () => {
    const file = join(dir, 'newer.db');
    const raw = new DatabaseSync(file);
    raw.exec('PRAGMA user_version = 999');
    raw.close();
    expect(() => sqliteStore({ file })).toThrow(/newer than this @kit\/proxy.*Upgrade/);
  });

  it('explains a missing file option', () => {
    expect(() => sqliteStore({} as never)).toThrow(/pass \{ file:/);
  });
});
