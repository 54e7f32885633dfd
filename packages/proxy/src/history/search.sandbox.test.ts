/**
 * Conversation search and filters over HTTP (`GET /accounts/:id/conversations?q=&filter=`), on the
 * SQLite store (the FTS5 index), with history back-filled from the sandbox and messages arriving by
 * webhook afterwards: what the index holds is what the store was given, both ways.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MS, type KitConversation, type KitSearchMatch } from '@kit/core';
import { sqliteStore } from '../store/sqlite';
import { IG_ACCOUNT, Recorder, startHarness, type Harness } from '../test/harness';

const recorder = new Recorder();
let h: Harness;
const ids: Record<string, string> = {};
const mids: Record<string, string> = {};

type SearchPage = { conversations: KitConversation[]; matches?: Record<string, KitSearchMatch>; nextBefore: string | null };

beforeAll(async () => {
  h = await startHarness({
    recorder,
    proxy: { store: sqliteStore({ file: ':memory:' }), backfill: {} },
    seed: ({ customer }) => {
      const now = Date.now();
      const mk = (key: string, username: string, name: string) => (ids[key] = customer.create({ accountId: IG_ACCOUNT.id, username, name }).id);
      mk('giulia', 'giulia_b', 'Giulia Bianchi');
      mk('hans', 'hans.meyer', 'Hans Meyer');
      mk('ana', 'ana_rossi', 'Ana Rossi');
      customer.history(now - 9 * 24 * HOUR_MS, () => (mids.old = customer.text(ids.giulia!, 'Il mio ordine è arrivato rotto, la città è lontana').mid!));
      customer.history(now - 9 * 24 * HOUR_MS + 60_000, () => customer.appReply(ids.giulia!, 'Ci scusi, mandiamo un nuovo pacco'));
      customer.history(now - 30 * HOUR_MS, () => customer.text(ids.hans!, 'Wo ist meine Bestellung?'));
      customer.history(now - 2 * HOUR_MS, () => customer.appReply(ids.ana!, 'Your order ships Monday'));
    },
  });
  await h.kit.idle();
});
afterAll(async () => {
  await h?.close();
});

const search = async (query: string) => {
  const r = await h.call(`/accounts/${IG_ACCOUNT.id}/conversations?${query}`);
  expect(r.status, r.text).toBe(200);
  return r.json as SearchPage;
};
const who = (page: SearchPage) => page.conversations.map((c) => c.customerId);
const marked = (m: KitSearchMatch) => m.highlights.reduceRight((s, [a, b]) => `${s.slice(0, a)}[${s.slice(a, b)}]${s.slice(b)}`, m.snippet);

describe('GET /accounts/:id/conversations?q=', () => {
  it('finds an old back-filled message by a word, folded, and names it with a marked snippet', async () => {
    const page = await search(`q=${encodeURIComponent('CITTA')}`);
    expect(who(page)).toEqual([ids.giulia]);
    const match = page.matches![`${IG_ACCOUNT.id}:${ids.giulia}`]!;
    expect(match).toMatchObject({ messageId: mids.old, direction: 'inbound' });
    expect(marked(match)).toBe('Il mio ordine è arrivato rotto, la [città] è lontana');
    expect(page.conversations[0]!.window).toBe('closed');
  });

  it('finds people by name and @username, without a message match', async () => {
    const byName = await search('q=meyer');
    expect(who(byName)).toEqual([ids.hans]);
    expect(byName.matches).toEqual({});
    expect(who(await search(`q=${encodeURIComponent('@ana_ro')}`))).toEqual([ids.ana]);
  });

  it('indexes messages that arrive by webhook, follows edits, and forgets unsent ones', async () => {
    const { mid } = h.customer.text(ids.hans!, 'Das Paket kam beschädigt an');
    await h.settle();
    const page = await search('q=beschadigt');
    expect(who(page)).toEqual([ids.hans]);
    expect(page.matches![`${IG_ACCOUNT.id}:${ids.hans}`]!.messageId).toBe(mid);
    h.customer.edit(ids.hans!, mid!, 'Das Paket kam zerkratzt an');
    await h.settle();
    expect(who(await search('q=beschadigt'))).toEqual([]);
    expect(who(await search('q=zerkratzt'))).toEqual([ids.hans]);
    h.customer.unsend(ids.hans!, mid!);
    await h.settle();
    expect(who(await search('q=zerkratzt'))).toEqual([]);
  });

  it('filters (needs reply, window state, unread) with and without q, and pages the results', async () => {
    // hans writes again (open, unread, waiting for us); giulia wrote 9 days ago and we answered
    // (closed); ana never wrote (closed), we did.
    h.customer.text(ids.hans!, 'Hallo?');
    await h.settle();
    expect(who(await search('filter=needs_reply'))).toEqual([ids.hans]);
    expect(who(await search('filter=open,unread'))).toEqual([ids.hans]);
    expect(who(await search('filter=human_agent'))).toEqual([]);
    expect(who(await search('filter=closed'))).toEqual([ids.ana, ids.giulia]);
    expect(who(await search('filter='))).toEqual([ids.hans, ids.ana, ids.giulia]);
    expect(who(await search('q=order&filter=closed'))).toEqual([ids.ana]);
    const first = await search('q=o&limit=1');
    expect(first.conversations).toHaveLength(1);
    const second = await search(`q=o&limit=5&before=${first.nextBefore!}`);
    expect(new Set([...who(first), ...who(second)])).toEqual(new Set([ids.ana, ids.giulia]));
    expect(second.nextBefore).toBeNull();
  });

  it('refuses unknown parameters, unknown or conflicting filters and a query with nothing to search for, naming them', async () => {
    const call = async (query: string) => {
      const r = await h.call(`/accounts/${IG_ACCOUNT.id}/conversations?${query}`);
      return { status: r.status, error: (r.json as { error: { code: string; message: string } }).error };
    };
    expect(await call('query=ana')).toMatchObject({ status: 400, error: { code: 'unknown_field', message: expect.stringContaining('`query`') } });
    expect(await call('filter=unread,starred')).toMatchObject({ status: 400, error: { code: 'invalid_filter', message: expect.stringContaining('`starred`') } });
    expect(await call('filter=open,closed')).toMatchObject({ status: 400, error: { code: 'invalid_filter', message: expect.stringMatching(/`open`, `closed`/) } });
    expect(await call('q=%3F%21')).toMatchObject({ status: 400, error: { code: 'invalid_q' } });
    expect(await call('q=a&q=b')).toMatchObject({ status: 400, error: { code: 'invalid_q' } });
    expect(await call(`q=${'a'.repeat(201)}`)).toMatchObject({ status: 400, error: { code: 'invalid_q' } });
  });

  it('never puts a token in a response', async () => {
    expect(recorder.leaks()).toEqual([]);
  });
});
