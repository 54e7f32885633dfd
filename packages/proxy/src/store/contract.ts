/**
 * The store contract: one suite every Store runs — memoryStore, sqliteStore, postgresStore, and a
 * store you write yourself — so callers can never tell them apart (the style of Keyv's
 * test-suite and express-rate-limit's external store tests).
 *
 *   import { describe, it, beforeEach, afterEach } from 'vitest'; // or jest, mocha, node:test
 *   import { storeContract } from '@kit/proxy/store';
 *   storeContract({ name: 'my store', makeStore: () => myStore(), test: { describe, it, beforeEach, afterEach } });
 *
 * It asserts with `node:assert`, and takes the test functions as a parameter, so it needs no
 * particular test runner. Each test gets a new store from `makeStore` and closes it afterwards:
 * hand out an empty store each time (a fresh file, schema or key prefix).
 */
import assert from 'node:assert/strict';
import { tombstoneOf, type KitConversationFilter, type KitEvent } from '@kit/core';
import { comment, conv, msg } from './contract-fixtures';
import { ERASED_WEBHOOK_BODY } from './erase';
import { DUPLICATE_SHORTCUT, type NewOutboxSend, type Store, type StoredMessage } from './types';

/** The parts of a test runner the suite uses (vitest, jest, mocha and node:test all fit). */
export interface StoreContractTest {
  describe(name: string, fn: () => void): void;
  it(name: string, fn: () => Promise<void>): void;
  beforeEach(fn: () => Promise<void> | void): void;
  afterEach(fn: () => Promise<void> | void): void;
}

export interface StoreContractOptions {
  /** Shown in the test names. */
  name: string;
  /** A new, empty store for each test; the suite closes it. */
  makeStore: () => Store | Promise<Store>;
  test: StoreContractTest;
}

/** JSON is what a store keeps: compare as JSON, so an absent key and `undefined` are the same. */
const plain = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

function equal(actual: unknown, expected: unknown, message?: string): void {
  assert.deepStrictEqual(plain(actual), plain(expected), message);
}

/** `actual` has at least `expected`'s keys with equal values (recursively for objects). */
function matches(actual: unknown, expected: Record<string, unknown>, message?: string): void {
  const pick = (a: unknown, e: unknown): unknown => {
    if (!e || typeof e !== 'object' || Array.isArray(e) || !a || typeof a !== 'object') return a;
    return Object.fromEntries(Object.keys(e).map((k) => [k, pick((a as Record<string, unknown>)[k], (e as Record<string, unknown>)[k])]));
  };
  equal(pick(actual, expected), expected, message);
}

const ids = <T extends { clientId: string }>(rows: T[]) => rows.map((s) => s.clientId);

const readEvent = (accountId: string, at: number): KitEvent => ({ type: 'read', accountId, at, conversationId: `${accountId}:c`, messageId: 'm', by: 'customer' });

const newSend = (clientId: string, createdAt: number, conversationId = 'acc:c1'): NewOutboxSend => ({
  accountId: 'acc',
  clientId,
  conversationId,
  to: conversationId.split(':')[1] as string,
  request: { content: { text: clientId } },
  createdAt,
});

export function storeContract({ name, makeStore, test }: StoreContractOptions): void {
  const { describe, it, beforeEach, afterEach } = test;

  describe(`${name}: store contract`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('conversations', () => {
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
        equal(first.map((c) => c.customerId), ['b', 'd']);
        const last = first.at(-1)!;
        const second = await store.listConversations('acc', { limit: 10, before: { at: last.lastMessageAt, id: last.id } });
        equal(second.map((c) => c.customerId), ['c', 'a']);
      });

      it('round-trips a conversation document (consent, disclosure, customer) and finds it by Graph id', async () => {
        const consent = { state: 'opted_out' as const, at: 5, topic: 'news' };
        const disclosure = { automated: true, lastDisclosedAt: 7, lastSenderWasHuman: false };
        await store.putConversation(conv('a', 1, { graphId: 't_1', customer: { username: 'ana' }, consent, disclosure }));
        matches(await store.getConversation('acc:a'), { customer: { username: 'ana' }, graphId: 't_1', consent, disclosure });
        equal((await store.findConversationByGraphId('acc', 't_1'))?.id, 'acc:a');
        equal(await store.findConversationByGraphId('other', 't_1'), null);
        equal(await store.getConversation('acc:none'), null);
      });

      it('keeps a conversation\'s routing state (who holds the thread) through updates and in listings', async () => {
        const routing = { holder: 'inbox' as const, holderAppId: '263902037430900', previousAppId: '1', metadata: 'agent', since: 9 };
        await store.putConversation(conv('a', 1, { routing }));
        matches(await store.getConversation('acc:a'), { routing });
        await store.transaction(async (tx) => {
          const c = await tx.getConversation('acc:a');
          await tx.putConversation({ ...c!, unreadCount: 3 });
        });
        matches((await store.listConversations('acc', { limit: 5 }))[0], { unreadCount: 3, routing });
        await store.putConversation(conv('a', 2, { routing: { holder: 'kit', holderAppId: '1', previousAppId: '263902037430900', since: 10 } }));
        equal((await store.getConversation('acc:a'))?.routing, { holder: 'kit', holderAppId: '1', previousAppId: '263902037430900', since: 10 });
      });
    });

    describe('messages', () => {
      it('pages messages newest first, excludes stubs, and upserts by (account, id)', async () => {
        await store.putMessage(msg('m1', 10));
        await store.putMessage(msg('m2', 20));
        await store.putMessage(msg('m3', 20));
        await store.putMessage(msg('m4', 30, { stub: true }));
        await store.putMessage(msg('m1', 10, { text: 'edited', editCount: 1 }));
        const page = await store.listMessages('acc:c1', { limit: 2 });
        equal(page.map((m) => m.id), ['m3', 'm2']);
        const rest = await store.listMessages('acc:c1', { limit: 5, before: { at: 20, id: 'm2' } });
        equal(rest.map((m) => [m.id, m.text]), [['m1', 'edited']]);
        equal((await store.getMessage('acc', 'm4'))?.stub, true);
        await store.deleteMessage('acc', 'm4');
        equal(await store.getMessage('acc', 'm4'), null);
      });
    });

    describe('search and filters', () => {
      const DAY = 86_400_000;
      const NOW = 100 * DAY;
      const found = async (terms: string[], filters: KitConversationFilter[] = [], limit = 10) =>
        (await store.findConversations('acc', { terms, filters, now: NOW, limit })).map((h) => [h.conversation.customerId, h.message?.id ?? null]);
      const inC = (c: string, id: string, at: number, text: string, extra: Partial<StoredMessage> = {}) =>
        store.putMessage(msg(id, at, { conversationId: `acc:${c}`, from: { id: c }, text, ...extra }));

      it('finds conversations by the words of their messages (folded, word starts, every term) and names the newest matching message', async () => {
        await store.putConversation(conv('c1', 50));
        await store.putConversation(conv('c2', 40));
        await store.putConversation({ ...conv('c3', 60), id: 'other:c3', accountId: 'other' });
        await inC('c1', 'm1', 10, 'Il pacco è arrivato a Città di Castello');
        await inC('c1', 'm2', 20, 'Order #12345: the parcel is in CITTÀ');
        await inC('c1', 'm3', 30, 'thanks!');
        await inC('c2', 'm4', 15, 'My parcel never came', { direction: 'outbound' });
        await store.putMessage({ ...msg('m5', 16, { conversationId: 'other:c3', accountId: 'other', text: 'parcel' }) });
        await inC('c2', 'm6', 17, 'parcel stub', { stub: true });

        equal(await found(['citta']), [['c1', 'm2']]);
        equal(await found(['parc']), [['c1', 'm2'], ['c2', 'm4']]);
        equal(await found(['pacco', 'castello']), [['c1', 'm1']]);
        equal(await found(['123']), [['c1', 'm2']]);
        equal(await found(['arcel']), []);
        equal(await found(['parcel', 'nowhere']), []);
        equal(await found(['stub']), []);
        const [hit] = await store.findConversations('acc', { terms: ['castello'], now: NOW, limit: 1 });
        matches(hit, { conversation: { id: 'acc:c1' }, message: { id: 'm1', text: 'Il pacco è arrivato a Città di Castello', createdAt: 10 } });
      });

      it('follows edits and unsends: the index holds what the message says now, a tombstone has no words', async () => {
        await store.putConversation(conv('c1', 50));
        await inC('c1', 'm1', 10, 'old wording');
        await inC('c1', 'm1', 10, 'new wording', { editCount: 1 });
        equal(await found(['old']), []);
        equal(await found(['new']), [['c1', 'm1']]);
        await store.putMessage(tombstoneOf(msg('m1', 10, { conversationId: 'acc:c1' })));
        equal(await found(['wording']), []);
        await inC('c1', 'm2', 11, 'gone soon');
        await store.deleteMessage('acc', 'm2');
        equal(await found(['gone']), []);
      });

      it('finds a person by the start of any word of their name or @username', async () => {
        await store.putConversation(conv('c1', 50, { customer: { name: 'Renée Müller', username: 'renee_m.92' } }));
        await store.putConversation(conv('c2', 40, { customer: { username: 'ana' } }));
        await inC('c2', 'm1', 10, 'I asked Renée');
        equal(await found(['renee']), [['c1', null], ['c2', 'm1']]);
        equal(await found(['mull']), [['c1', null]]);
        equal(await found(['renee', '92']), [['c1', null]]);
        equal(await found(['ana']), [['c2', null]]);
        equal(await found(['ull']), []);
      });

      it('filters by unread, needs reply, opted out and window state (judged at `now`), with terms and keyset pages', async () => {
        const inbound = (at: number) => ({ id: `p${at}`, direction: 'inbound' as const, createdAt: at });
        await store.putConversation(conv('open', 90, { lastInboundAt: NOW - DAY + 1, unreadCount: 2, lastMessage: inbound(NOW - DAY + 1) }));
        await store.putConversation(conv('edge', 80, { lastInboundAt: NOW - DAY, lastMessage: { id: 'x', direction: 'outbound', createdAt: NOW } }));
        await store.putConversation(conv('human', 70, { lastInboundAt: NOW - 7 * DAY + 1, consent: { state: 'opted_out' }, lastMessage: inbound(1) }));
        await store.putConversation(conv('closed', 60, { lastInboundAt: NOW - 7 * DAY, unreadCount: 1 }));
        await store.putConversation(conv('never', 50, { customer: { name: 'Open Sesame' } }));

        equal(await found([], ['unread']), [['open', null], ['closed', null]]);
        equal(await found([], ['needs_reply']), [['open', null], ['human', null]]);
        equal(await found([], ['opted_out']), [['human', null]]);
        equal(await found([], ['open']), [['open', null]]);
        equal(await found([], ['human_agent']), [['edge', null], ['human', null]]);
        equal(await found([], ['closed']), [['closed', null], ['never', null]]);
        equal(await found([], ['closed', 'unread']), [['closed', null]]);
        equal(await found(['open'], ['closed']), [['never', null]]);
        equal(await found([]), [['open', null], ['edge', null], ['human', null], ['closed', null], ['never', null]]);

        const first = await store.findConversations('acc', { filters: ['human_agent'], now: NOW, limit: 1 });
        const last = first[0]!.conversation;
        const next = await store.findConversations('acc', { filters: ['human_agent'], now: NOW, limit: 5, before: { at: last.lastMessageAt, id: last.id } });
        equal(next.map((h) => h.conversation.customerId), ['human']);
        // The filter columns follow the conversation when it is put again.
        await store.putConversation(conv('open', 90, { lastInboundAt: NOW - DAY + 1, unreadCount: 0, lastMessage: { id: 'y', direction: 'outbound', createdAt: NOW } }));
        equal(await found([], ['unread']), [['closed', null]]);
        equal(await found([], ['needs_reply']), [['human', null]]);
      });
    });

    describe('comments', () => {
      it('lists comments newest first with a keyset cursor, per account and per media', async () => {
        await store.putComment(comment('k1', 10));
        await store.putComment(comment('k2', 20, { mediaId: 'p2' }));
        await store.putComment(comment('k3', 20));
        await store.putComment(comment('k4', 30));
        await store.putComment(comment('k5', 40, { accountId: 'other' }));
        const first = await store.listComments('acc', { limit: 2 });
        equal(first.map((c) => c.id), ['k4', 'k3']);
        const rest = await store.listComments('acc', { limit: 10, before: { at: 20, id: 'k3' } });
        equal(rest.map((c) => c.id), ['k2', 'k1']);
        equal((await store.listComments('acc', { limit: 10, mediaId: 'p1' })).map((c) => c.id), ['k4', 'k3', 'k1']);
        equal((await store.listComments('acc', { limit: 10, mediaId: 'p2', before: { at: 30, id: 'k4' } })).map((c) => c.id), ['k2']);
        equal((await store.listComments('other', { limit: 10 })).map((c) => c.id), ['k5']);
        equal(await store.getComment('other', 'k1'), null);
      });

      it('keeps the "needs a reply" verdict current as a comment is answered, hidden or written by the business', async () => {
        await store.putComment(comment('open', 50));
        await store.putComment(comment('mine', 40, { fromSelf: true, from: { id: 'acc' } }));
        await store.putComment(comment('hidden', 30, { hidden: true }));
        await store.putComment(comment('public', 20, { publicReplyAt: 21 }));
        await store.putComment(comment('private', 10, { privateReply: { clientId: 'r1', status: 'queued', at: 11 } }));
        const needing = async () => (await store.listComments('acc', { limit: 10, needsReply: true })).map((c) => c.id);
        equal(await needing(), ['open']);
        // A private reply that failed never reached the person: the comment waits again.
        await store.putComment(comment('private', 10, { privateReply: { clientId: 'r1', status: 'failed', at: 12 } }));
        equal(await needing(), ['open', 'private']);
        const answered = comment('open', 50, {
          privateReply: { clientId: 'r2', status: 'sent', messageId: 'mid.1', at: 55 },
          media: { id: 'p1', kind: 'reel', permalink: 'https://www.instagram.com/reel/x/' },
        });
        await store.putComment(answered);
        equal(await needing(), ['private']);
        equal(await store.getComment('acc', 'open'), answered);
        equal((await store.listComments('acc', { limit: 10 })).length, 5);
      });
    });

    describe('media', () => {
      it('keeps the media the kit read, per account, and updates it in place', async () => {
        equal(await store.getMedia('acc', 'p1'), null);
        const post = { id: 'p1', kind: 'post' as const, permalink: 'https://www.instagram.com/p/x/', thumbnailUrl: 'https://cdn.example/p1.jpg', caption: 'New bags' };
        await store.putMedia('acc', post);
        equal(await store.getMedia('acc', 'p1'), post);
        equal(await store.getMedia('other', 'p1'), null);
        const moved = { ...post, thumbnailUrl: 'https://cdn.example/p1-2.jpg' };
        await store.putMedia('acc', moved);
        equal(await store.getMedia('acc', 'p1'), moved);
        // Rolled back with the transaction, like every other write.
        await store.transaction(async (tx) => {
          await tx.putMedia('acc', { id: 'p2', kind: 'reel' });
          throw new Error('abort');
        }).catch(() => undefined);
        equal(await store.getMedia('acc', 'p2'), null);
      });
    });

    describe('saved replies', () => {
      const reply = (accountId: string, id: string, shortcut: string, text = `text of ${shortcut}`) => ({ id, accountId, shortcut, text, createdAt: 1, updatedAt: 1 });

      it('lists an account\'s saved replies by shortcut, and only that account\'s', async () => {
        equal(await store.insertSavedReply(reply('acc', 'r1', 'thanks')), reply('acc', 'r1', 'thanks'));
        await store.insertSavedReply(reply('acc', 'r2', 'hours', 'Open {first_name}, 9–17 ✓'));
        await store.insertSavedReply(reply('other', 'r3', 'aaa'));
        equal(await store.listSavedReplies('acc'), [reply('acc', 'r2', 'hours', 'Open {first_name}, 9–17 ✓'), reply('acc', 'r1', 'thanks')]);
        equal(await store.listSavedReplies('nobody'), []);
      });

      it('refuses a second reply with the same shortcut in one account, not in another', async () => {
        await store.insertSavedReply(reply('acc', 'r1', 'thanks'));
        equal(await store.insertSavedReply(reply('acc', 'r2', 'thanks', 'another')), DUPLICATE_SHORTCUT);
        equal(await store.insertSavedReply(reply('other', 'r2', 'thanks')), reply('other', 'r2', 'thanks'));
        equal((await store.listSavedReplies('acc')).map((r) => r.text), ['text of thanks']);
      });

      it('updates the given fields, refuses a shortcut another reply has, and deletes', async () => {
        await store.insertSavedReply(reply('acc', 'r1', 'thanks'));
        await store.insertSavedReply(reply('acc', 'r2', 'hours'));
        equal(await store.updateSavedReply('acc', 'r1', { text: 'Thank you!', updatedAt: 5 }), { ...reply('acc', 'r1', 'thanks', 'Thank you!'), updatedAt: 5 });
        equal(await store.updateSavedReply('acc', 'r1', { shortcut: 'ty', updatedAt: 6 }), { ...reply('acc', 'r1', 'ty', 'Thank you!'), updatedAt: 6 });
        equal(await store.updateSavedReply('acc', 'r1', { shortcut: 'hours', updatedAt: 7 }), DUPLICATE_SHORTCUT);
        equal(await store.updateSavedReply('acc', 'r1', { shortcut: 'ty', text: 'Same name', updatedAt: 8 }), { ...reply('acc', 'r1', 'ty', 'Same name'), updatedAt: 8 });
        equal(await store.updateSavedReply('other', 'r1', { text: 'x', updatedAt: 9 }), null);
        equal(await store.deleteSavedReply('other', 'r1'), false);
        equal(await store.deleteSavedReply('acc', 'r1'), true);
        equal(await store.deleteSavedReply('acc', 'r1'), false);
        equal((await store.listSavedReplies('acc')).map((r) => r.shortcut), ['hours']);
        // The freed shortcut can be used again.
        equal(await store.insertSavedReply(reply('acc', 'r3', 'ty')), reply('acc', 'r3', 'ty'));
      });

      it('keeps a transaction usable after a refused shortcut, and rolls saved replies back with it', async () => {
        await store.insertSavedReply(reply('acc', 'r1', 'thanks'));
        await store.insertSavedReply(reply('acc', 'r2', 'hours'));
        await assert.rejects(
          store.transaction(async (tx) => {
            equal(await tx.updateSavedReply('acc', 'r2', { shortcut: 'thanks', updatedAt: 2 }), DUPLICATE_SHORTCUT);
            await tx.insertSavedReply(reply('acc', 'r3', 'new'));
            equal((await tx.listSavedReplies('acc')).map((r) => r.shortcut), ['hours', 'new', 'thanks']);
            throw new Error('roll back');
          }),
          /roll back/,
        );
        equal((await store.listSavedReplies('acc')).map((r) => r.shortcut), ['hours', 'thanks']);
      });
    });

    describe('dedupe and event log', () => {
      it('claims a dedupe key once until it expires, also under parallel claims', async () => {
        const results = await Promise.all(Array.from({ length: 5 }, () => store.claimDedupeKey('k', { now: 1000, ttlMs: 100 })));
        equal(results.filter(Boolean).length, 1);
        equal(await store.claimDedupeKey('k', { now: 1099, ttlMs: 100 }), false);
        equal(await store.claimDedupeKey('k', { now: 1100, ttlMs: 100 }), true);
        equal(await store.pruneDedupe(5000), 1);
        equal(await store.claimDedupeKey('k', { now: 5000, ttlMs: 100 }), true);
      });

      it('gives events strictly increasing ids and replays after an id, filtered by account', async () => {
        const logged: string[] = [];
        for (let i = 0; i < 5; i++) logged.push((await store.appendEvent(readEvent(i % 2 ? 'b' : 'a', i))).id);
        equal(logged.map(Number), [...logged.map(Number)].sort((x, y) => x - y));
        equal(new Set(logged).size, 5);
        equal((await store.readEvents({ limit: 100 })).map((e) => e.id), logged);
        const afterSecond = await store.readEvents({ after: logged[1], accountIds: ['a'], limit: 100 });
        equal(
          afterSecond.map((e) => [e.id, e.accountId]),
          [
            [logged[2], 'a'],
            [logged[4], 'a'],
          ],
        );
        equal(await store.readEvents({ accountIds: [], limit: 10 }), []);
        equal(await store.lastEventId(), logged[4]);
        equal(await store.firstEventId(), logged[0]);
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
        equal(await store.eraseMessageTraces('acc', 'gone'), 4);
        const events = await store.readEvents({ limit: 10 });
        assert.ok(!JSON.stringify(events).includes('secret'), 'no trace of the unsent content in the event log');
        matches(events[0], { type: 'message', message: { id: 'gone', deleted: true, attachments: [] } });
        assert.ok(JSON.stringify(events).includes('still here'));
        equal((await store.listUnprocessedWebhooks(10)).map((w) => w.id), [pending]);
        equal(await store.eraseMessageTraces('acc', 'gone'), 0);
      });

      it('keeps raw webhook payloads until they are processed', async () => {
        const a = await store.saveWebhook('{"a":1}', 10);
        const b = await store.saveWebhook('{"b":"\\u00e4"}', 11);
        await store.markWebhookProcessed(a, { at: 12 });
        equal(await store.listUnprocessedWebhooks(10), [{ id: b, body: '{"b":"\\u00e4"}', receivedAt: 11 }]);
        equal(await store.pruneWebhooks(100), 1);
      });

      it('lists unprocessed payloads after a cursor, so a pass can step over ones waiting for a retry', async () => {
        const a = await store.saveWebhook('{"a":1}', 10);
        const b = await store.saveWebhook('{"b":2}', 11);
        const c = await store.saveWebhook('{"c":3}', 12);
        equal((await store.listUnprocessedWebhooks(10, a)).map((w) => w.id), [b, c]);
        equal((await store.listUnprocessedWebhooks(1, b)).map((w) => w.id), [c]);
        equal(await store.listUnprocessedWebhooks(10, c), []);
      });

      it('counts failed attempts and moves a payload to the dead letters, out of the queue, newest first', async () => {
        const a = await store.saveWebhook('{"a":"ä"}', 10);
        const b = await store.saveWebhook('{"b":2}', 11);
        equal(await store.recordWebhookFailure(a), 1);
        equal(await store.recordWebhookFailure(a), 2);
        await store.deadLetterWebhook(a, { at: 20, reason: 'RangeError: too deep' });
        equal((await store.listUnprocessedWebhooks(10)).map((w) => w.id), [b]);
        equal(await store.recordWebhookFailure(a), 0, 'a dead letter is no longer in the queue');
        await store.deadLetterWebhook(b, { at: 21, reason: 'payload_too_deep' });
        await store.deadLetterWebhook(b, { at: 22, reason: 'moved twice?' });
        const all = await store.listDeadLetters({ limit: 10 });
        equal(all.map(({ id: _id, ...d }) => d), [
          { webhookId: b, receivedAt: 11, deadAt: 21, attempts: 0, reason: 'payload_too_deep', bytes: 7 },
          { webhookId: a, receivedAt: 10, deadAt: 20, attempts: 2, reason: 'RangeError: too deep', bytes: 10 },
        ]);
        const first = await store.listDeadLetters({ limit: 1 });
        equal(first.map((d) => d.webhookId), [b]);
        equal((await store.listDeadLetters({ limit: 10, before: first[0]?.id })).map((d) => d.webhookId), [a]);
      });

      it('queues a dead letter again, once, with its bytes and received time, or discards it for good', async () => {
        const a = await store.saveWebhook('{"a":"ä"}', 10);
        const b = await store.saveWebhook('{"b":2}', 11);
        await store.recordWebhookFailure(a);
        await store.deadLetterWebhook(a, { at: 20, reason: 'x' });
        await store.deadLetterWebhook(b, { at: 21, reason: 'y' });
        const [deadB, deadA] = await store.listDeadLetters({ limit: 10 });
        const queued = await store.requeueDeadLetter(deadA!.id);
        assert.ok(queued !== null && queued !== a, 'a replayed payload is a new queue entry');
        equal(await store.listUnprocessedWebhooks(10), [{ id: queued, body: '{"a":"ä"}', receivedAt: 10 }]);
        equal(await store.recordWebhookFailure(queued), 1, 'its attempts start from zero');
        equal(await store.requeueDeadLetter(deadA!.id), null, 'replayed once');
        equal(await store.discardDeadLetter(deadB!.id), true);
        equal(await store.discardDeadLetter(deadB!.id), false);
        equal(await store.listDeadLetters({ limit: 10 }), []);
        equal(await store.requeueDeadLetter('999999'), null);
      });

      it('erases an unsent message from dead letters too', async () => {
        const a = await store.saveWebhook('{"mid":"gone","text":"secret words"}', 10);
        await store.deadLetterWebhook(a, { at: 11, reason: 'x' });
        equal(await store.eraseMessageTraces('acc', 'gone'), 1);
        equal((await store.listDeadLetters({ limit: 1 }))[0]?.bytes, Buffer.byteLength(ERASED_WEBHOOK_BODY));
      });

      it('remembers account state', async () => {
        equal(await store.getAccountState('acc'), null);
        await store.putAccountState({ accountId: 'acc', backfill: { state: 'done', conversations: 3 } });
        equal(await store.getAccountState('acc'), { accountId: 'acc', backfill: { state: 'done', conversations: 3 } });
      });

      it('keeps the token state every instance reads (needs_reauth), beside the pause', async () => {
        const paused = { message: 'Meta is down', since: 5 };
        await store.putAccountState({ accountId: 'acc', paused });
        await store.transaction(async (tx) => {
          const s = (await tx.getAccountState('acc'))!;
          await tx.putAccountState({ ...s, needsReauth: { since: 7, code: 'graph_190' } });
        });
        equal(await store.getAccountState('acc'), { accountId: 'acc', paused, needsReauth: { since: 7, code: 'graph_190' } });
        await store.putAccountState({ accountId: 'acc', paused, needsReauth: null });
        equal((await store.getAccountState('acc'))?.needsReauth, null);
      });
    });

    describe('schedules', () => {
      it('hands a due job to exactly one of many claimers and holds it until its lease ends', async () => {
        const claims = await Promise.all(Array.from({ length: 6 }, () => store.claimDue('profile:acc:c', { now: 100, until: 200 })));
        equal(claims.filter(Boolean).length, 1);
        equal(await store.claimDue('profile:acc:c', { now: 199, until: 300 }), false, 'leased until 200');
        equal(await store.claimDue('profile:acc:c', { now: 200, until: 300 }), true, 'the lease ended: due again');
        equal(await store.claimDue('profile:acc:other', { now: 200, until: 300 }), true, 'keys are independent');
      });

      it('reschedules: later (after a run) or now (releasing a lease)', async () => {
        equal(await store.claimDue('backfill:acc', { now: 10, until: 1000 }), true);
        await store.reschedule('backfill:acc', 10);
        equal(await store.claimDue('backfill:acc', { now: 10, until: 1000 }), true, 'released');
        await store.reschedule('backfill:acc', 5000);
        equal(await store.claimDue('backfill:acc', { now: 4999, until: 6000 }), false, 'not due before its time');
        equal(await store.claimDue('backfill:acc', { now: 5000, until: 6000 }), true);
      });

      it('a rolled-back claim leaves the job due', async () => {
        await assert.rejects(
          store.transaction(async (tx) => {
            equal(await tx.claimDue('k', { now: 1, until: 100 }), true);
            throw new Error('boom');
          }),
          /boom/,
        );
        equal(await store.claimDue('k', { now: 1, until: 100 }), true);
      });
    });

    describe('transactions', () => {
      it('rolls back every write of a failed transaction', async () => {
        await store.putConversation(conv('a', 1));
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.claimDedupeKey('tx-key', { now: 1, ttlMs: 1000 });
            await tx.appendEvent(readEvent('acc', 1));
            await tx.putConversation(conv('a', 99));
            await tx.putMessage(msg('mx', 1));
            throw new Error('boom');
          }),
          /boom/,
        );
        equal(await store.claimDedupeKey('tx-key', { now: 2, ttlMs: 1000 }), true);
        equal(await store.lastEventId(), null);
        equal((await store.getConversation('acc:a'))?.lastMessageAt, 1);
        equal(await store.getMessage('acc', 'mx'), null);
      });

      it('isolates a transaction: nobody sees its writes before it commits', async () => {
        // A store may make other callers wait (memory, SQLite) or let readers go on (Postgres);
        // either way a read that finishes before the commit must not see the write.
        const order: string[] = [];
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let written!: () => void;
        const wrote = new Promise<void>((resolve) => (written = resolve));
        const tx = store.transaction(async (t) => {
          await t.putConversation(conv('a', 1));
          order.push('tx-write');
          written();
          await gate;
          order.push('tx-commit');
        });
        await wrote;
        const reader = store.getConversation('acc:a').then((c) => order.push(`read:${c ? 'found' : 'missing'}`));
        await new Promise((resolve) => setTimeout(resolve, 30));
        release();
        await Promise.all([tx, reader]);
        // A read that began before the commit may also settle after it (Postgres, a slow machine)
        // and still must not have seen the write: the one wrong order is seeing it before the commit.
        assert.ok(
          equalOrders(order, ['tx-write', 'read:missing', 'tx-commit']) ||
            equalOrders(order, ['tx-write', 'tx-commit', 'read:found']) ||
            equalOrders(order, ['tx-write', 'tx-commit', 'read:missing']),
          `a read saw an uncommitted write: ${order.join(', ')}`,
        );
        assert.notEqual(await store.getConversation('acc:a'), null);
      });
    });

    describe('closing', () => {
      it('refuses calls after close(), and closing twice is harmless', async () => {
        await store.putConversation(conv('a', 1));
        await store.close();
        await assert.rejects(Promise.resolve().then(() => store.getConversation('acc:a')));
        await assert.rejects(Promise.resolve().then(() => store.transaction(async (tx) => tx.getConversation('acc:a'))));
        await store.close();
      });
    });

    describe('outbox', () => {
      it('inserts once per (account, clientId)', async () => {
        const first = await store.insertSend(newSend('x', 1));
        const again = await store.insertSend({ ...newSend('x', 2), request: { text: 'different' } });
        matches(first, { inserted: true, send: { status: 'queued', attempts: 0, notBefore: 1, updatedAt: 1 } });
        equal(again.inserted, false);
        equal(again.send.request, { content: { text: 'x' } });
        equal((await store.insertSend({ ...newSend('x', 3), accountId: 'other' })).inserted, true);
        matches(await store.getSendByClientId('acc', 'x'), { clientId: 'x', createdAt: 1 });
        equal(await store.getSendByClientId('acc', 'nope'), null);
      });

      it('leases queued sends to one worker, oldest first, and honours notBefore and lease expiry', async () => {
        await store.insertSend(newSend('late', 5));
        await store.insertSend(newSend('early', 1));
        await store.insertSend({ ...newSend('future', 0, 'acc:c2'), notBefore: 1000 });
        equal(ids(await store.claimNextSends({ owner: 'w1', leaseMs: 100, limit: 10, now: 10 })), ['early', 'late']);
        equal(await store.claimNextSends({ owner: 'w2', leaseMs: 100, limit: 10, now: 20 }), []);
        // w1 died: after the lease expires another worker may take the still-queued sends.
        equal(ids(await store.claimNextSends({ owner: 'w2', leaseMs: 100, limit: 1, now: 111 })), ['early']);
        // Later still, every lease has expired and `future` is due: the head of each conversation
        // first (oldest first), then the next row of a lane.
        equal(ids(await store.claimNextSends({ owner: 'w3', leaseMs: 100, limit: 10, now: 2000 })), ['future', 'early', 'late']);
      });

      describe('conversation lanes', () => {
        const lane = async (conversationId: string, n: number, t0 = 1) => {
          const out: string[] = [];
          for (let i = 0; i < n; i++) {
            const clientId = `${conversationId.split(':')[1]}-${i}`;
            await store.insertSend(newSend(clientId, t0 + i, conversationId));
            out.push(clientId);
          }
          return out;
        };

        it('never claims a later row of a conversation while an earlier one is leased, even by a dead worker whose lease has not expired', async () => {
          const c1 = await lane('acc:c1', 4);
          equal(ids(await store.claimNextSends({ owner: 'w1', leaseMs: 100, limit: 2, now: 10 })), c1.slice(0, 2));
          // w1 holds c1-0 and c1-1 (and may have died): c1-2 must wait, whoever asks.
          equal(await store.claimNextSends({ owner: 'w2', leaseMs: 100, limit: 10, now: 50 }), []);
          equal(await store.claimNextSends({ owner: 'w1', leaseMs: 100, limit: 10, now: 50 }), []);
          // A new conversation is not held up by c1.
          const c2 = await lane('acc:c2', 1, 20);
          equal(ids(await store.claimNextSends({ owner: 'w2', leaseMs: 100, limit: 10, now: 60 })), c2);
          await store.updateSendStatus('acc', 'c2-0', { status: 'sent', messageId: 'm2', releaseLease: true, ifLeaseOwner: 'w2', now: 61 });
          // c1-0 went out; c1-1 is still leased: still nothing behind it.
          await store.updateSendStatus('acc', 'c1-0', { status: 'sent', messageId: 'm0', releaseLease: true, ifLeaseOwner: 'w1', now: 61 });
          equal(await store.claimNextSends({ owner: 'w2', leaseMs: 100, limit: 10, now: 62 }), []);
          // The lease expires (w1 is dead): the next claimer takes the head first, then the rest in order.
          equal(ids(await store.claimNextSends({ owner: 'w2', leaseMs: 100, limit: 10, now: 200 })), c1.slice(1));
        });

        it('holds a conversation behind a row that is sending, uncertain or not yet due, and lets it go once that row is final', async () => {
          const c1 = await lane('acc:c1', 3);
          const c2 = await lane('acc:c2', 2);
          const c3 = await lane('acc:c3', 2);
          await store.claimNextSends({ owner: 'w1', leaseMs: 100, limit: 100, now: 10 });
          await store.updateSendStatus('acc', 'c1-0', { status: 'sending', attempts: 1, ifLeaseOwner: 'w1', now: 11 });
          await store.updateSendStatus('acc', 'c2-0', { status: 'uncertain', releaseLease: true, ifLeaseOwner: 'w1', now: 11 });
          await store.updateSendStatus('acc', 'c3-0', { status: 'queued', notBefore: 5000, releaseLease: true, ifLeaseOwner: 'w1', now: 11 });
          for (const id of [...c1.slice(1), ...c2.slice(1), ...c3.slice(1)]) {
            await store.updateSendStatus('acc', id, { status: 'queued', releaseLease: true, ifLeaseOwner: 'w1', now: 11 });
          }
          // Every lease is free or expired, but each lane's head is sending (w1 died mid-request),
          // uncertain, or waits for its retry time: nothing behind them may go.
          equal(await store.claimNextSends({ owner: 'w2', leaseMs: 100, limit: 100, now: 1000 }), []);
          await store.updateSendStatus('acc', 'c1-0', { status: 'uncertain', releaseLease: true, now: 1001 });
          await store.updateSendStatus('acc', 'c2-0', { status: 'sent', messageId: 'm', now: 1001 });
          equal(ids(await store.claimNextSends({ owner: 'w2', leaseMs: 100, limit: 100, now: 1002 })), c2.slice(1));
          await store.updateSendStatus('acc', 'c2-1', { status: 'sent', messageId: 'm', releaseLease: true, now: 1002 });
          await store.updateSendStatus('acc', 'c1-0', { status: 'failed', now: 1003 });
          equal(ids(await store.claimNextSends({ owner: 'w2', leaseMs: 100, limit: 100, now: 6000 })), [c3[0], c1[1], c3[1], c1[2]]);
        });

        it('serves many conversations fairly: every head before any second row, one lane cannot take the batch', async () => {
          const big = await lane('acc:big', 50, 1);
          const small = await Promise.all(['s1', 's2', 's3'].map((c, i) => lane(`acc:${c}`, 2, 100 + i)));
          const first = ids(await store.claimNextSends({ owner: 'w1', leaseMs: 100, limit: 5, now: 500 }));
          equal(first, [big[0], small[0]![0], small[1]![0], small[2]![0], big[1]]);
        });

        it('splits lanes between parallel claimers without ever breaking a conversation’s order', async () => {
          const lanes = await Promise.all(Array.from({ length: 8 }, (_, i) => lane(`acc:p${i}`, 6, 1 + i * 10)));
          const holder = new Map<string, string>();
          for (let round = 0; round < 3; round++) {
            const now = 1000 + round * 1000; // every earlier lease has expired
            const claims = await Promise.all(['a', 'b', 'c', 'd'].map((w) => store.claimNextSends({ owner: `${w}${round}`, leaseMs: 100, limit: 7, now })));
            const claimedNow = new Set<string>();
            for (const [w, rows] of claims.entries()) {
              for (const r of rows) {
                assert.ok(!claimedNow.has(r.clientId), `${r.clientId} was claimed twice in round ${round}`);
                claimedNow.add(r.clientId);
                holder.set(r.clientId, `${w}`);
              }
            }
            // Per lane: what was claimed this round is one unbroken run from the lane's head, by one claimer.
            for (const l of lanes) {
              const taken = l.filter((id) => claimedNow.has(id));
              if (taken.length === 0) continue;
              const rest = await store.listSends({ accountId: 'acc', conversationId: `acc:${l[0]!.split('-')[0]}`, statuses: ['queued'], limit: 100 });
              equal(taken, ids(rest).slice(0, taken.length), `lane ${l[0]} claimed out of order`);
              equal(new Set(taken.map((id) => holder.get(id))).size, 1, `lane ${l[0]} split between claimers`);
            }
            // Finish what was claimed, so the next round moves on.
            for (const id of claimedNow) await store.updateSendStatus('acc', id, { status: 'sent', messageId: `m-${id}`, releaseLease: true, now: now + 1 });
          }
        });
      });

      it('orders sends with equal times by clientId byte-wise, like the SQL stores', async () => {
        for (const clientId of ['b', 'B', 'a', '_']) await store.insertSend(newSend(clientId, 1));
        equal(ids(await store.listSends({ accountId: 'acc', limit: 10 })), ['B', '_', 'a', 'b']);
        equal(ids(await store.claimNextSends({ owner: 'w', leaseMs: 100, limit: 10, now: 5 })), ['B', '_', 'a', 'b']);
      });

      it('updates status with lease fencing and reports sends whose worker died mid-request', async () => {
        await store.insertSend(newSend('s', 1));
        await store.claimNextSends({ owner: 'w1', leaseMs: 100, limit: 1, now: 10 });
        equal(await store.updateSendStatus('acc', 's', { status: 'sending', attempts: 1, ifLeaseOwner: 'w2', now: 11 }), null);
        const reason = { code: 'graph_2', message: 'Temporary', category: 'transient' as const, retryable: true };
        const sending = await store.updateSendStatus('acc', 's', { status: 'sending', attempts: 1, ifLeaseOwner: 'w1', reason, now: 11 });
        matches(sending, { status: 'sending', attempts: 1, leaseOwner: 'w1', updatedAt: 11, reason });
        equal(await store.listExpiredSending(50, 10), []);
        equal(ids(await store.listExpiredSending(500, 10)), ['s']);
        const sent = await store.updateSendStatus('acc', 's', { status: 'sent', messageId: 'mid.1', reason: null, releaseLease: true, now: 12 });
        matches(sent, { status: 'sent', messageId: 'mid.1', attempts: 1 });
        equal([sent?.leaseOwner, sent?.leaseUntil, sent?.reason], [undefined, undefined, undefined]);
        equal(await store.claimNextSends({ owner: 'w2', leaseMs: 100, limit: 10, now: 1000 }), []);
        equal(await store.updateSendStatus('acc', 'nope', { status: 'failed', now: 13 }), null);
      });

      it('claims a new send in its insert only when its conversation has no unfinished send', async () => {
        const claim = (owner: string, until = 100) => ({ claim: { owner, until } });
        matches(await store.insertSend(newSend('a', 1), claim('w1')), { inserted: true, send: { status: 'queued', leaseOwner: 'w1', leaseUntil: 100 } });
        matches(await store.getSendByClientId('acc', 'a'), { leaseOwner: 'w1', leaseUntil: 100 });
        // Leased by its insert: no claimer takes it while the lease lives.
        equal(await store.claimNextSends({ owner: 'w2', leaseMs: 100, limit: 10, now: 10 }), []);
        // Behind `a` in its conversation: inserted, not leased (the lane is served head first).
        const b = await store.insertSend(newSend('b', 2), claim('w1'));
        equal([b.inserted, b.send.leaseOwner, b.send.leaseUntil], [true, undefined, undefined]);
        // Another conversation's lane is free.
        matches((await store.insertSend(newSend('c', 3, 'acc:c2'), claim('w2'))).send, { leaseOwner: 'w2' });
        // A repeat changes nothing, whoever asks.
        const again = await store.insertSend(newSend('a', 4), claim('w3', 900));
        matches(again, { inserted: false, send: { leaseOwner: 'w1', leaseUntil: 100 } });
        // `a` went out; `b` is still unfinished, so `d` behind it is not leased either.
        await store.updateSendStatus('acc', 'a', { status: 'sent', messageId: 'm-a', releaseLease: true, ifLeaseOwner: 'w1', now: 11 });
        equal((await store.insertSend(newSend('d', 5), claim('w1'))).send.leaseOwner, undefined);
        equal(ids(await store.claimNextSends({ owner: 'w2', leaseMs: 100, limit: 10, now: 20 })), ['b', 'd']);
        // An uncertain row holds its lane too.
        await store.updateSendStatus('acc', 'c', { status: 'uncertain', releaseLease: true, now: 21 });
        equal((await store.insertSend(newSend('e', 6, 'acc:c2'), claim('w1'))).send.leaseOwner, undefined);
        // Without a claim, an insert into a free lane stays unleased.
        equal((await store.insertSend(newSend('f', 7, 'acc:c3'))).send.leaseOwner, undefined);
      });

      it('leases exactly one of several concurrent claiming inserts into one free conversation', async () => {
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) => store.insertSend(newSend(`p${i}`, 1 + i, 'acc:par'), { claim: { owner: `w${i}`, until: 1000 } })),
        );
        equal(results.filter((r) => r.inserted).length, 8);
        equal(results.filter((r) => r.send.leaseOwner !== undefined).length, 1);
        const leased = results.find((r) => r.send.leaseOwner !== undefined)!.send;
        matches(await store.getSendByClientId('acc', leased.clientId), { leaseOwner: leased.leaseOwner, leaseUntil: 1000 });
      });

      it('patches status, attempts, retry time, reason and lease, and returns the row as stored', async () => {
        await store.insertSend(newSend('s', 1));
        await store.claimNextSends({ owner: 'w1', leaseMs: 100, limit: 1, now: 10 });
        const reason = { code: 'graph_2', message: 'Temporary', category: 'transient' as const, retryable: true };
        const sending = await store.updateSendStatus('acc', 's', { status: 'sending', attempts: 1, ifLeaseOwner: 'w1', leaseUntil: 5000, now: 11 });
        matches(sending, { status: 'sending', attempts: 1, leaseOwner: 'w1', leaseUntil: 5000, updatedAt: 11, notBefore: 1 });
        equal(await store.getSendByClientId('acc', 's'), sending);
        const back = await store.updateSendStatus('acc', 's', { status: 'queued', reason, notBefore: 700, ifLeaseOwner: 'w1', now: 12 });
        matches(back, { status: 'queued', attempts: 1, reason, notBefore: 700, leaseOwner: 'w1', leaseUntil: 5000, updatedAt: 12 });
        equal(await store.getSendByClientId('acc', 's'), back);
        // The retry time is kept: not claimable before it, even once the lease is released.
        const released = await store.updateSendStatus('acc', 's', { status: 'queued', releaseLease: true, ifLeaseOwner: 'w1', now: 13 });
        equal([released?.leaseOwner, released?.leaseUntil, released?.notBefore, released?.reason], [undefined, undefined, 700, reason]);
        equal(await store.getSendByClientId('acc', 's'), released);
        equal(await store.claimNextSends({ owner: 'w2', leaseMs: 100, limit: 10, now: 600 }), []);
        // A lease time without a lease holder is ignored; a reason of null removes the reason.
        const noLease = await store.updateSendStatus('acc', 's', { status: 'queued', leaseUntil: 9000, reason: null, now: 14 });
        equal([noLease?.leaseOwner, noLease?.leaseUntil, noLease?.reason], [undefined, undefined, undefined]);
        equal(await store.getSendByClientId('acc', 's'), noLease);
        equal(ids(await store.claimNextSends({ owner: 'w2', leaseMs: 100, limit: 10, now: 701 })), ['s']);
        // A fenced-out patch changes nothing.
        equal(await store.updateSendStatus('acc', 's', { status: 'sent', messageId: 'x', ifLeaseOwner: 'w1', now: 15 }), null);
        matches(await store.getSendByClientId('acc', 's'), { status: 'queued', leaseOwner: 'w2' });
      });

      it('renews only the leases the owner still holds on unfinished sends, without touching the status', async () => {
        for (const [id, t] of [
          ['a', 1],
          ['b', 2],
          ['c', 3],
        ] as const) {
          await store.insertSend(newSend(id, t));
        }
        await store.claimNextSends({ owner: 'w1', leaseMs: 100, limit: 2, now: 10 }); // a, b
        await store.updateSendStatus('acc', 'b', { status: 'sent', messageId: 'm', releaseLease: true, now: 11 });
        const keys = ['a', 'b', 'c'].map((clientId) => ({ accountId: 'acc', clientId }));
        equal(await store.renewSendLeases('w1', keys, 5000), [{ accountId: 'acc', clientId: 'a' }]);
        matches(await store.getSendByClientId('acc', 'a'), { status: 'queued', leaseOwner: 'w1', leaseUntil: 5000 });
        matches(await store.getSendByClientId('acc', 'b'), { status: 'sent' });
        // The renewed lease keeps another worker away after the original lease would have expired:
        // from `a`, and from `c` behind it in the same conversation; another conversation goes on.
        await store.insertSend(newSend('d', 4, 'acc:c2'));
        equal(ids(await store.claimNextSends({ owner: 'w2', leaseMs: 100, limit: 10, now: 200 })), ['d']);
        equal(await store.renewSendLeases('w2', [{ accountId: 'acc', clientId: 'a' }], 9000), []);
      });

      it('lists sends oldest first by status and conversation', async () => {
        await store.insertSend(newSend('x2', 5, 'acc:c2'));
        await store.insertSend(newSend('x1', 4, 'acc:c1'));
        await store.insertSend(newSend('y1', 6, 'acc:c1'));
        await store.insertSend({ ...newSend('z', 1), accountId: 'other' });
        await store.claimNextSends({ owner: 'w', leaseMs: 100, limit: 10, now: 10, accountId: 'acc' });
        await store.updateSendStatus('acc', 'x1', { status: 'uncertain', now: 11, releaseLease: true });
        equal(ids(await store.listSends({ accountId: 'acc', limit: 10 })), ['x1', 'x2', 'y1']);
        equal(ids(await store.listSends({ accountId: 'acc', conversationId: 'acc:c1', limit: 10 })), ['x1', 'y1']);
        equal(ids(await store.listSends({ accountId: 'acc', statuses: ['uncertain'], limit: 10 })), ['x1']);
        equal(ids(await store.listSends({ accountId: 'acc', statuses: ['queued', 'sending'], conversationId: 'acc:c1', limit: 10 })), ['y1']);
        equal(ids(await store.listSends({ accountId: 'acc', limit: 1 })), ['x1']);
      });
    });
  });
}

const equalOrders = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
