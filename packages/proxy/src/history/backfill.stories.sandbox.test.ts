/**
 * Back-fill against the sandbox's Conversations API (reference §6): story replies and story
 * mentions keep their story (the Message node's `story` field, §6.2), and an answer that leaves
 * out `participants` / `from` is handled from what is left, or skipped with a logged reason.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { HOUR_MS, type KitMessage } from '@kit/core';
import { memoryStore } from '../store/memory';
import { IG_ACCOUNT, Recorder, startHarness, type Harness } from '../test/harness';

const recorder = new Recorder();
const open: Harness[] = [];
const servers: Server[] = [];
afterAll(async () => {
  for (const h of open) await h.close();
  for (const s of servers) await new Promise<void>((r) => s.close(() => r()));
});

/** Only the IG account, so the other account's reads do not matter here. */
const igOnly = { accounts: [{ id: IG_ACCOUNT.id, flavor: 'instagram' as const, token: IG_ACCOUNT.token }] };

type Json = Record<string, unknown>;

/**
 * A pass-through in front of the sandbox that rewrites its JSON answers — the sandbox itself always
 * gives participants and `from`, as Graph usually does. Requests wait until `target` is set (the
 * kit starts the back-fill as soon as it is created, before the harness returns the sandbox URL).
 */
async function rewritingProxy(rewrite: (body: Json) => void): Promise<{ url: string; setTarget(url: string): void }> {
  let setTarget!: (url: string) => void;
  const target = new Promise<string>((r) => (setTarget = r));
  const server = createServer((req, res) => {
    void (async () => {
      const base = await target;
      const answer = await fetch(`${base}${req.url}`, { method: req.method, headers: { authorization: req.headers.authorization ?? '' } });
      const text = await answer.text();
      let out = text;
      try {
        const body = JSON.parse(text) as Json;
        rewrite(body);
        out = JSON.stringify(body);
      } catch {
        // not JSON: pass on as is
      }
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      res.end(out);
    })().catch(() => res.destroy());
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, setTarget };
}

const messagesOf = (h: Harness, customerId: string): Promise<KitMessage[]> => h.kit.store.listMessages(`${IG_ACCOUNT.id}:${customerId}`, { limit: 100 });

describe('back-fill of stories and of answers without participants or from', () => {
  it('imports a story reply with its story (story.reply_to) and a story mention with its story (story.mention)', async () => {
    let replier = '';
    let mentioner = '';
    const h = await startHarness({
      recorder,
      proxy: { store: memoryStore(), backfill: {}, profiles: false, ...igOnly },
      seed: (sandbox) => {
        const at = Date.now() - HOUR_MS;
        replier = sandbox.customer.create({ accountId: IG_ACCOUNT.id, username: 'story_replier' }).id;
        mentioner = sandbox.customer.create({ accountId: IG_ACCOUNT.id, username: 'story_mentioner' }).id;
        // §5.6 "Story reply" and `story_mention`, made before the kit existed (no webhooks).
        sandbox.customer.history(at, () => sandbox.customer.replyToStory(replier, 'Where can I buy this?', { storyId: '17900000000000777', url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=777' }));
        sandbox.customer.history(at + 1000, () => sandbox.customer.mentionInStory(mentioner, { url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=778' }));
      },
    });
    open.push(h);
    await h.kit.idle();

    const detailReads = h.sandbox.inspect.requests().filter((r) => !r.path.endsWith('/conversations') && r.accountId === IG_ACCOUNT.id);
    expect(detailReads.length).toBeGreaterThan(0);
    for (const r of detailReads) expect(String(r.query.fields)).toMatch(/messages\.limit\(\d+\)\{[^}]*\bstory\b/);

    const [reply] = await messagesOf(h, replier);
    expect(reply).toMatchObject({
      direction: 'inbound',
      text: 'Where can I buy this?',
      replyTo: { story: { id: '17900000000000777', url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=777' } },
    });
    const [mention] = await messagesOf(h, mentioner);
    expect(mention).toMatchObject({ direction: 'inbound', attachments: [{ type: 'story_mention', url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=778', storyId: expect.any(String) }] });
  });

  it('without participants and from: finds the customer and the direction from `to`; without those either, skips with a logged reason', async () => {
    // Answers as Graph may give them: participants left out everywhere, `from` left out of every
    // message; `to` also left out of one message ("[no author]") and of the whole of one thread.
    const strip = (body: Json) => {
      const lists = [body, ...(Array.isArray(body.data) ? (body.data as Json[]) : [])];
      for (const node of lists) {
        delete node.participants;
        const messages = (node.messages as { data?: Json[] } | undefined)?.data ?? [];
        const wholeThread = messages.some((m) => String(m.message).startsWith('[nobody]'));
        for (const m of messages) {
          delete m.from;
          if (wholeThread || String(m.message).startsWith('[no author]')) delete m.to;
        }
      }
    };
    const proxy = await rewritingProxy(strip);
    let known = '';
    let nobody = '';
    const h = await startHarness({
      recorder,
      proxy: { store: memoryStore(), backfill: {}, profiles: false, ...igOnly, graph: { baseUrl: { instagram: `${proxy.url}/instagram`, page: `${proxy.url}/facebook` } } },
      seed: (sandbox) => {
        const at = Date.now() - HOUR_MS;
        known = sandbox.customer.create({ accountId: IG_ACCOUNT.id, username: 'known' }).id;
        nobody = sandbox.customer.create({ accountId: IG_ACCOUNT.id, username: 'nobody' }).id;
        sandbox.customer.history(at, () => sandbox.customer.text(known, 'Hello, is the shop open?'));
        sandbox.customer.history(at + 1000, () => sandbox.customer.appReply(known, 'Yes, until 7pm.'));
        sandbox.customer.history(at + 2000, () => sandbox.customer.text(known, '[no author] thanks'));
        sandbox.customer.history(at + 3000, () => sandbox.customer.text(nobody, '[nobody] hi'));
      },
    });
    open.push(h);
    proxy.setTarget(h.sandboxServer.url);
    await h.kit.idle();

    const imported = (await messagesOf(h, known)).sort((a, b) => a.createdAt - b.createdAt);
    expect(imported.map((m) => [m.text, m.direction])).toEqual([
      ['Hello, is the shop open?', 'inbound'],
      ['Yes, until 7pm.', 'outbound'],
    ]);
    expect(imported[0]).toMatchObject({ from: { id: known }, to: { id: IG_ACCOUNT.id } });
    expect(await messagesOf(h, nobody)).toEqual([]);
    expect(await h.kit.store.getConversation(`${IG_ACCOUNT.id}:${nobody}`)).toBeFalsy();

    const warnings = recorder.logLines.map((l) => JSON.parse(l) as { level: number; reason?: string; skipped?: number; graphConversationId?: string }).filter((l) => l.level === 40);
    expect(warnings.filter((l) => l.reason === 'no_from_or_to')).toEqual([expect.objectContaining({ skipped: 1, graphConversationId: expect.any(String) })]);
    expect(warnings.filter((l) => l.reason === 'no_customer_id')).toEqual([expect.objectContaining({ graphConversationId: expect.any(String) })]);

    const { accounts } = (await h.call('/accounts')).json as { accounts: { id: string; backfill: { state: string; conversations?: number; messages?: number } }[] };
    expect(accounts.find((a) => a.id === IG_ACCOUNT.id)?.backfill).toMatchObject({ state: 'done', conversations: 2, messages: 2 });
  });

  it('no response or log line contains a token, proof or app secret', () => {
    expect(recorder.leaks()).toEqual([]);
  });
});
