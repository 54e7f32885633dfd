/**
 * History routes and first-connection back-fill, against the sandbox's Conversations API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONVERSATION_DETAIL_MESSAGES, HOUR_MS, type KitConversation, type KitMessage } from '@kit/core';
import { memoryStore } from '../store/memory';
import { IG_ACCOUNT, PAGE_ACCOUNT, Recorder, startHarness, type Harness } from '../test/harness';

const recorder = new Recorder();
const store = memoryStore();
let h: Harness;
const ids: Record<string, string> = {};

type ConversationsPage = { conversations: KitConversation[]; nextBefore: string | null };
type MessagesPage = { messages: KitMessage[]; nextBefore: string | null };

beforeAll(async () => {
  h = await startHarness({
    recorder,
    proxy: { store, backfill: {} },
    seed: (sandbox) => {
      const { customer } = sandbox;
      const now = Date.now();
      const mk = (key: string, accountId: string, username: string) => (ids[key] = customer.create({ accountId, username }).id);
      mk('old', IG_ACCOUNT.id, 'old_friend');
      mk('mid', IG_ACCOUNT.id, 'yesterday');
      mk('new', IG_ACCOUNT.id, 'fresh');
      mk('gone', IG_ACCOUNT.id, 'lapsed');
      mk('page', PAGE_ACCOUNT.id, 'page_fan');
      // 25 messages: only the newest 20 can be read in detail (reference §6.3).
      for (let i = 0; i < 25; i++) customer.history(now - 2 * 24 * HOUR_MS + i * 60_000, () => customer.text(ids.old!, `old ${i}`));
      customer.history(now - 30 * HOUR_MS, () => customer.text(ids.mid!, 'yesterday question'));
      customer.history(now - 29 * HOUR_MS, () => customer.appReply(ids.mid!, 'business answer'));
      customer.history(now - HOUR_MS, () => customer.media(ids.new!, 'image'));
      customer.history(now - 8 * 24 * HOUR_MS, () => customer.text(ids.gone!, 'long ago'));
      customer.history(now - 2 * HOUR_MS, () => customer.text(ids.page!, 'page history'));
    },
  });
  await h.kit.idle();
});
afterAll(async () => {
  await h?.close();
});

const igConversations = async (query = '') => (await h.call(`/accounts/${IG_ACCOUNT.id}/conversations${query}`)).json as ConversationsPage;

describe('back-fill', () => {
  it('imports every thread on first connection, newest 20 messages each, and records it', async () => {
    const accounts = (await h.call('/accounts')).json as { accounts: { id: string; status: string; backfill: { state: string; conversations: number } }[] };
    expect(accounts.accounts).toEqual([
      expect.objectContaining({ id: IG_ACCOUNT.id, flavor: 'instagram', status: 'connected', backfill: expect.objectContaining({ state: 'done', conversations: 4 }) }),
      expect.objectContaining({ id: PAGE_ACCOUNT.id, flavor: 'page', igUserId: PAGE_ACCOUNT.igUserId, status: 'connected', backfill: expect.objectContaining({ state: 'done', conversations: 1 }) }),
    ]);
    const { conversations } = await igConversations();
    expect(conversations.map((c) => c.customerId)).toEqual([ids.new, ids.mid, ids.old, ids.gone]);
    expect(conversations.map((c) => c.window)).toEqual(['open', 'human_agent', 'human_agent', 'closed']);
    const mid = conversations[1]!;
    expect(mid).toMatchObject({
      id: `${IG_ACCOUNT.id}:${ids.mid}`,
      unreadCount: 0,
      customer: { username: 'yesterday' },
      lastMessage: { direction: 'outbound', text: 'business answer' },
      graphId: expect.any(String),
    });
    expect(conversations[0]!.lastMessage).toMatchObject({ attachmentType: 'image', attachmentCount: 1 });
    const old = (await h.kit.store.listMessages(`${IG_ACCOUNT.id}:${ids.old}`, { limit: 100 })).map((m) => m.text);
    expect(old).toHaveLength(CONVERSATION_DETAIL_MESSAGES);
    expect(old[0]).toBe('old 24');
    const page = (await h.call(`/accounts/${PAGE_ACCOUNT.id}/conversations`)).json as ConversationsPage;
    expect(page.conversations.map((c) => c.id)).toEqual([`${PAGE_ACCOUNT.id}:${ids.page}`]);
  });

  it('stays within the Conversations API limit of 2 calls/s per account', () => {
    const reads = h.sandbox.inspect.requests().filter((r) => r.method === 'GET' && r.accountId === IG_ACCOUNT.id);
    expect(reads.length).toBeGreaterThanOrEqual(5);
    // The sandbox refuses a third read within any second with 613, as Meta does, and back-fill
    // would have logged that refused read: every read answered 200 means the pacing held. (The
    // records' `at` is stamped on arrival, before the sandbox's own limiter runs, so gaps between
    // them measure this shared event loop's delays, not the proxy's pacing.)
    expect(reads.every((r) => r.status === 200 && r.error === undefined)).toBe(true);
    // Credentials went as a Bearer header, never in the URL.
    expect(reads.every((r) => r.tokenVia === 'bearer' && !('access_token' in r.query) && 'appsecret_proof' in r.query === false)).toBe(true);
  });

  it('does not run again once done (state kept in the store)', async () => {
    const again = await startHarness({ recorder, proxy: { store, backfill: {} } });
    try {
      await again.kit.idle();
      expect(again.sandbox.inspect.requests()).toEqual([]);
    } finally {
      await again.close();
    }
  });

  it('re-resolves a rejected token (rotation) and flags an account whose token is dead', async () => {
    const reasons: string[] = [];
    const rotated = await startHarness({
      recorder,
      proxy: {
        store: memoryStore(),
        backfill: {},
        accounts: [
          {
            id: IG_ACCOUNT.id,
            flavor: 'instagram',
            token: ({ reason }) => {
              reasons.push(reason);
              return reason === 'initial' ? 'IGAAT-stale-token-000' : IG_ACCOUNT.token;
            },
          },
          { id: PAGE_ACCOUNT.id, flavor: 'page', token: PAGE_ACCOUNT.token, igUserId: PAGE_ACCOUNT.igUserId },
        ],
      },
      seed: (sandbox) => {
        sandbox.accounts.expireToken(PAGE_ACCOUNT.id);
        sandbox.customer.text(sandbox.customer.create({ accountId: IG_ACCOUNT.id }).id, 'hi');
      },
    });
    try {
      await rotated.kit.idle();
      expect(reasons.slice(0, 2)).toEqual(['initial', 'rejected']);
      const { accounts } = (await rotated.call('/accounts')).json as { accounts: { id: string; status: string; backfill: { state: string; error?: string } }[] };
      expect(accounts.find((a) => a.id === IG_ACCOUNT.id)).toMatchObject({ status: 'connected', backfill: { state: 'done' } });
      expect(accounts.find((a) => a.id === PAGE_ACCOUNT.id)).toMatchObject({ status: 'needs_reauth', backfill: { state: 'failed', error: 'account_needs_reauth' } });
    } finally {
      await rotated.close();
    }
  });
});

describe('history routes', () => {
  it('pages messages newest-first with a before cursor, each page oldest → newest', async () => {
    const cid = encodeURIComponent(`${IG_ACCOUNT.id}:${ids.old}`);
    const seen: string[][] = [];
    let before: string | null = '';
    while (before !== null) {
      const res = await h.call(`/accounts/${IG_ACCOUNT.id}/conversations/${cid}/messages?limit=8${before ? `&before=${before}` : ''}`);
      expect(res.status).toBe(200);
      const page = res.json as MessagesPage;
      seen.push(page.messages.map((m) => m.text as string));
      before = page.nextBefore;
    }
    expect(seen.map((p) => p.length)).toEqual([8, 8, 4]);
    expect(seen[0]).toEqual(['old 17', 'old 18', 'old 19', 'old 20', 'old 21', 'old 22', 'old 23', 'old 24']);
    const all = seen.reverse().flat();
    expect(all).toEqual(Array.from({ length: 20 }, (_, i) => `old ${i + 5}`));
  });

  it('pages conversations too', async () => {
    const first = await igConversations('?limit=3');
    expect(first.conversations).toHaveLength(3);
    const rest = await igConversations(`?limit=3&before=${first.nextBefore}`);
    expect(rest.conversations.map((c) => c.customerId)).toEqual([ids.gone]);
    expect(rest.nextBefore).toBeNull();
  });

  it('merges live webhooks into back-filled threads; marking read needs the CSRF header', async () => {
    const cid = `${IG_ACCOUNT.id}:${ids.mid}`;
    const live = h.customer.text(ids.mid!, 'still there?').mid;
    await h.settle();
    const list = await igConversations();
    expect(list.conversations[0]).toMatchObject({ id: cid, unreadCount: 1, window: 'open', lastMessage: { id: live } });
    const msgs = (await h.call(`/accounts/${IG_ACCOUNT.id}/conversations/${encodeURIComponent(cid)}/messages`)).json as MessagesPage;
    expect(msgs.messages.map((m) => m.text)).toEqual(['yesterday question', 'business answer', 'still there?']);

    const path = `/accounts/${IG_ACCOUNT.id}/conversations/${encodeURIComponent(cid)}/read`;
    const refused = await h.call(path, { method: 'POST' });
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ error: { code: 'csrf_header_missing' } });
    const ok = await h.call(path, { method: 'POST', headers: { 'X-Kit-Request': '1' } });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ conversation: { id: cid, unreadCount: 0 } });
    const last = (await h.kit.store.readEvents({ limit: 10_000 })).at(-1);
    expect(last).toMatchObject({ type: 'conversation_updated', conversation: { unreadCount: 0 } });
  });

  it('answers bad input with clear errors in the envelope', async () => {
    const cases: [string, number, string][] = [
      [`/accounts/999/conversations`, 404, 'account_not_found'],
      [`/accounts/${IG_ACCOUNT.id}/conversations?limit=0`, 400, 'invalid_limit'],
      [`/accounts/${IG_ACCOUNT.id}/conversations?limit=abc`, 400, 'invalid_limit'],
      [`/accounts/${IG_ACCOUNT.id}/conversations?before=garbage`, 400, 'invalid_cursor'],
      [`/accounts/${IG_ACCOUNT.id}/conversations/${encodeURIComponent(`${PAGE_ACCOUNT.id}:${ids.page}`)}/messages`, 404, 'conversation_not_found'],
      [`/nope`, 404, 'not_found'],
    ];
    for (const [path, status, code] of cases) {
      const r = await h.call(path);
      expect(r.status, path).toBe(status);
      expect(r.json, path).toEqual({ error: { code, message: expect.any(String), category: expect.stringMatching(/^(validation|invalid_request)$/), retryable: false } });
    }
  });

  it('puts the sending routes behind CSRF and authorize (the send body is then validated)', async () => {
    const path = `/accounts/${IG_ACCOUNT.id}/messages`;
    expect((await h.call(path, { method: 'POST' })).status).toBe(403);
    const r = await h.call(path, { method: 'POST', headers: { 'X-Kit-Request': '1', 'content-type': 'application/json' }, body: '{}' });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error: { code: 'invalid_recipient' } });
  });

  it('sends no CORS headers', async () => {
    const r = await h.call('/accounts', { headers: { origin: 'https://evil.example' } });
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
    const pre = await h.call(`/accounts/${IG_ACCOUNT.id}/messages`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-kit-request' },
    });
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    expect(pre.headers.get('access-control-allow-headers')).toBeNull();
  });
});

describe('authorize', () => {
  it('denies everything by default and warns at startup', async () => {
    const closed = await startHarness({ recorder, proxy: { authorize: undefined } });
    try {
      expect(recorder.logLines.some((l) => l.includes('no `authorize` option'))).toBe(true);
      expect((await closed.call('/accounts')).json).toEqual({ accounts: [] });
      const r = await closed.call(`/accounts/${IG_ACCOUNT.id}/conversations`);
      expect(r.status).toBe(403);
      expect(r.json).toMatchObject({ error: { code: 'forbidden' } });
      expect((await closed.call('/events')).status).toBe(403);
    } finally {
      await closed.close();
    }
  });

  it('asks the hook per account and action, and treats a throwing hook as a no', async () => {
    const asked: string[] = [];
    const scoped = await startHarness({
      recorder,
      proxy: {
        authorize: (req, { accountId, action }) => {
          asked.push(`${action}:${accountId}`);
          if (req.get('x-user') === 'boom') throw new Error('session store down');
          return accountId === PAGE_ACCOUNT.id;
        },
      },
    });
    try {
      const list = (await scoped.call('/accounts')).json as { accounts: { id: string }[] };
      expect(list.accounts.map((a) => a.id)).toEqual([PAGE_ACCOUNT.id]);
      expect((await scoped.call(`/accounts/${IG_ACCOUNT.id}/conversations`)).status).toBe(403);
      expect((await scoped.call(`/accounts/${PAGE_ACCOUNT.id}/conversations`)).status).toBe(200);
      expect((await scoped.call(`/accounts/${PAGE_ACCOUNT.id}/conversations`, { headers: { 'x-user': 'boom' } })).status).toBe(403);
      expect(asked).toContain(`conversations.read:${PAGE_ACCOUNT.id}`);
      expect(asked).toContain(`accounts.read:${IG_ACCOUNT.id}`);
    } finally {
      await scoped.close();
    }
  });
});

describe('secrets', () => {
  it('no response, SSE frame or log line of this suite contains a token, proof or app secret', () => {
    expect(recorder.size).toBeGreaterThan(20);
    expect(recorder.leaks()).toEqual([]);
  });
});
