/**
 * Conversation Routing end to end against the sandbox over real HTTP (reference §9.3): another app
 * takes a thread → the `messaging_handover` webhook sets the conversation's routing state (live
 * over SSE) → sends are refused here, nothing reaches the sandbox → the thread comes back (the
 * other app passes it, or the kit takes it) → sends go out. Standby deliveries are stored and
 * shown; Graph's 2018300 becomes the same `thread_owned_elsewhere` as the local refusal.
 */
import type { KitConversation, KitMessage } from '@kit/core';
import { DEFAULT_SANDBOX_APP_ID, META_INBOX_APP_ID } from '@kit/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuthorizeContext } from '../http/authorize';
import { SseClient, type Harness } from '../test/harness';
import { conversation, IG_ACCOUNT, newClientId, openConversation, PAGE_ACCOUNT, postJson, send, sendRequests, startSendHarness } from '../test/send-kit';

const BOT = '555000111222333';

let h: Harness;
const asked: AuthorizeContext[] = [];
async function start(appId: string | undefined = DEFAULT_SANDBOX_APP_ID, o: { sendWhenNotOwner?: 'refuse' | 'take'; deny?: string } = {}): Promise<Harness> {
  h = await startSendHarness({
    proxy: {
      ...(appId || o.sendWhenNotOwner ? { routing: { ...(appId ? { appId } : {}), ...(o.sendWhenNotOwner ? { sendWhenNotOwner: o.sendWhenNotOwner } : {}) } } : {}),
      authorize: (_req, ctx) => {
        asked.push(ctx);
        return ctx.action !== o.deny;
      },
    },
  });
  return h;
}
afterEach(async () => {
  asked.length = 0;
  await h.close();
});

const routing = (accountId: string, conversationId: string, action: string, body: Record<string, unknown> = {}) =>
  postJson(h, `/accounts/${accountId}/conversations/${conversationId}/routing/${action}`, body) as Promise<{ status: number; json: { conversation?: KitConversation; error?: { code: string; category?: string } } }>;
const messages = async (accountId: string, conversationId: string): Promise<KitMessage[]> =>
  ((await h.call(`/accounts/${accountId}/conversations/${conversationId}/messages`)).json as { messages: KitMessage[] }).messages;

describe.each([
  ['an Instagram-Login account', IG_ACCOUNT.id],
  ['a Page account', PAGE_ACCOUNT.id],
])('routing on %s', (_name, accountId) => {
  it('a thread another app takes refuses sends locally; when it is passed back, sends go out', async () => {
    await start();
    const { customerId, conversationId } = await openConversation(h, accountId);
    const sse = await SseClient.open(`${h.kitUrl}/events`, h.recorder);
    try {
      h.sandbox.routing.take(customerId, META_INBOX_APP_ID, 'agent picked it up');
      await h.settle();
      // Live: the handover, then the conversation with its new routing state.
      await sse.waitFor(() => sse.events().some((e) => e.type === 'conversation_updated' && (e.conversation as KitConversation).routing?.holder === 'inbox'));
      expect(sse.events().find((e) => e.type === 'handover')).toMatchObject({ action: 'take', conversationId, newAppId: META_INBOX_APP_ID, previousAppId: DEFAULT_SANDBOX_APP_ID, metadata: 'agent picked it up' });
      expect((await conversation(h, conversationId)).routing).toMatchObject({ holder: 'inbox', holderAppId: META_INBOX_APP_ID, previousAppId: DEFAULT_SANDBOX_APP_ID });
      // The conversation list shows it too.
      const list = (await h.call(`/accounts/${accountId}/conversations`)).json as { conversations: KitConversation[] };
      expect(list.conversations.find((c) => c.id === conversationId)?.routing?.holder).toBe('inbox');

      const before = sendRequests(h, accountId).length;
      const refused = await send(h, accountId, { to: customerId, clientId: newClientId(), text: 'Hello?' });
      expect(refused.status).toBe(409);
      expect(refused.json.error).toMatchObject({ code: 'thread_owned_elsewhere', category: 'routing', details: { holder: 'inbox' } });
      expect(refused.json.error?.message).toContain('Meta Business Suite');
      expect(sendRequests(h, accountId)).toHaveLength(before);

      h.sandbox.routing.pass(customerId); // Meta's inbox hands the thread back to the kit's app
      await h.settle();
      expect((await conversation(h, conversationId)).routing).toMatchObject({ holder: 'kit', holderAppId: DEFAULT_SANDBOX_APP_ID, previousAppId: META_INBOX_APP_ID });
      const ok = await send(h, accountId, { to: customerId, clientId: newClientId(), text: 'Back with you' });
      expect(ok.status).toBe(201);
      expect(ok.json.message?.status).toBe('sent');
      expect(sendRequests(h, accountId)).toHaveLength(before + 1);
      expect(h.recorder.leaks()).toEqual([]);
    } finally {
      await sse.close();
    }
  });

  it('take control calls Graph, re-enables sending; hand back passes the thread to the app that had it', async () => {
    await start();
    const { customerId, conversationId } = await openConversation(h, accountId);
    h.sandbox.routing.take(customerId, BOT);
    await h.settle();
    expect((await conversation(h, conversationId)).routing?.holder).toBe('app');

    const took = await routing(accountId, conversationId, 'take', { metadata: 'escalated to a person' });
    expect(took.status).toBe(200);
    expect(took.json.conversation?.routing).toMatchObject({ holder: 'kit', previousAppId: BOT });
    expect(h.sandbox.routing.owner(customerId)).toBe(DEFAULT_SANDBOX_APP_ID);
    expect(asked.map((a) => a.action)).toContain('routing.write');
    expect((await send(h, accountId, { to: customerId, clientId: newClientId(), text: 'A person here' })).json.message?.status).toBe('sent');
    await h.settle();
    expect((await conversation(h, conversationId)).routing?.holder).toBe('kit'); // the take's own webhook agrees

    const back = await routing(accountId, conversationId, 'pass', {});
    expect(back.status).toBe(200);
    expect(back.json.conversation?.routing).toMatchObject({ holder: 'app', holderAppId: BOT });
    expect(h.sandbox.routing.owner(customerId)).toBe(BOT);
    const refused = await send(h, accountId, { to: customerId, clientId: newClientId(), text: 'x' });
    expect(refused.status).toBe(409);
  });
});

describe('routing routes', () => {
  it('release gives the thread back to the default app; pass without holding it is 409 from Graph, remembered', async () => {
    await start();
    const { customerId, conversationId } = await openConversation(h);
    const released = await routing(IG_ACCOUNT.id, conversationId, 'release');
    expect(released.status).toBe(200);
    expect(released.json.conversation?.routing).toMatchObject({ holder: 'idle' });
    const release = h.sandbox.inspect.requests().find((r) => r.path.endsWith('/release_thread_control'));
    expect(release?.body).toEqual({ recipient: { id: customerId } });

    h.sandbox.routing.take(customerId, BOT);
    // The kit has not heard of it yet (no settle): Graph refuses the pass with 100/2534037.
    const pass = await routing(IG_ACCOUNT.id, conversationId, 'pass', { targetAppId: '777' });
    expect(pass.status).toBe(409);
    expect(pass.json.error).toMatchObject({ code: 'thread_owned_elsewhere', category: 'routing' });
    expect((await conversation(h, conversationId)).routing?.holder).toBe('app');
  });

  it('validates bodies (unknown fields, app ids) and needs a known conversation', async () => {
    await start();
    const { conversationId } = await openConversation(h);
    expect((await routing(IG_ACCOUNT.id, conversationId, 'take', { metdata: 'x' })).json.error?.code).toBe('unknown_field');
    expect((await routing(IG_ACCOUNT.id, conversationId, 'pass', { targetAppId: 'bot' })).json.error?.code).toBe('invalid_target_app_id');
    expect((await routing(IG_ACCOUNT.id, `${IG_ACCOUNT.id}:nobody`, 'take')).status).toBe(404);
    expect((await routing(IG_ACCOUNT.id, `${PAGE_ACCOUNT.id}:x`, 'take')).status).toBe(404);
    expect(h.sandbox.inspect.requests().filter((r) => r.path.includes('thread_control'))).toEqual([]);
  });

  it('GET routing asks Graph who holds the thread and stores it', async () => {
    await start();
    const { customerId, conversationId } = await openConversation(h);
    h.sandbox.webhooks.setUrl(undefined); // the kit hears nothing of the take
    h.sandbox.routing.take(customerId, BOT);
    const r = await h.call(`/accounts/${IG_ACCOUNT.id}/conversations/${conversationId}/routing`);
    expect(r.status).toBe(200);
    expect((r.json as { conversation: KitConversation }).conversation.routing).toMatchObject({ holder: 'app', holderAppId: BOT });
    expect((await conversation(h, conversationId)).routing?.holderAppId).toBe(BOT);
  });

  it('without routing.appId the kit learns its app id from its first take', async () => {
    await start(undefined);
    const { customerId, conversationId } = await openConversation(h);
    h.sandbox.routing.take(customerId, BOT);
    await h.settle();
    const took = await routing(IG_ACCOUNT.id, conversationId, 'take');
    expect(took.json.conversation?.routing).toMatchObject({ holder: 'kit', holderAppId: DEFAULT_SANDBOX_APP_ID });
    h.sandbox.routing.take(customerId, BOT);
    h.sandbox.routing.pass(customerId);
    await h.settle();
    expect((await conversation(h, conversationId)).routing?.holder).toBe('kit');
  });
});

describe('Graph says another app holds the thread', () => {
  it('2018300 fails the send as thread_owned_elsewhere (not retried), and the next send is refused locally', async () => {
    await start();
    const { customerId, conversationId } = await openConversation(h);
    h.sandbox.webhooks.setUrl(undefined);
    h.sandbox.routing.take(customerId, BOT);
    const before = sendRequests(h, IG_ACCOUNT.id).length;
    const failed = await send(h, IG_ACCOUNT.id, { to: customerId, clientId: newClientId(), text: 'Hi' });
    expect(failed.json.message).toMatchObject({ status: 'failed', statusReason: { code: 'thread_owned_elsewhere', category: 'routing', retryable: false, graph: { subcode: 2018300 } } });
    expect(sendRequests(h, IG_ACCOUNT.id)).toHaveLength(before + 1); // one attempt, no retry
    expect((await conversation(h, conversationId)).routing?.holder).toBe('app');
    const refused = await send(h, IG_ACCOUNT.id, { to: customerId, clientId: newClientId(), text: 'Hi again' });
    expect(refused.status).toBe(409);
    expect(sendRequests(h, IG_ACCOUNT.id)).toHaveLength(before + 1);
  });
});

describe('standby', () => {
  it('stores and shows what arrives on standby: the customer\'s messages and the other app\'s replies (with its app id)', async () => {
    await start();
    const { customerId, conversationId } = await openConversation(h, PAGE_ACCOUNT.id);
    h.sandbox.routing.take(customerId, BOT);
    await h.settle();
    h.customer.text(customerId, 'Is anyone there?');
    h.sandbox.routing.send(customerId, 'Bot: your order ships tomorrow');
    await h.settle();
    const thread = await messages(PAGE_ACCOUNT.id, conversationId);
    expect(thread.map((m) => [m.direction, m.text, m.appId])).toEqual([
      ['inbound', 'Ciao!', undefined],
      ['inbound', 'Is anyone there?', undefined],
      ['outbound', 'Bot: your order ships tomorrow', BOT],
    ]);
    const c = await conversation(h, conversationId);
    expect(c.lastMessage?.text).toBe('Bot: your order ships tomorrow');
    expect(c.routing).toMatchObject({ holder: 'app', holderAppId: BOT });
  });

  it('a standby delivery alone tells the kit another app holds the thread', async () => {
    await start();
    const { customerId, conversationId } = await openConversation(h);
    h.sandbox.accounts.get(IG_ACCOUNT.id)?.subscribedFields.delete('messaging_handover'); // no handover webhook
    h.sandbox.routing.take(customerId, BOT);
    h.customer.text(customerId, 'Hello?');
    await h.settle();
    expect((await messages(IG_ACCOUNT.id, conversationId)).map((m) => m.text)).toContain('Hello?');
    expect((await conversation(h, conversationId)).routing?.holder).toBe('app');
  });
});

describe("routing.sendWhenNotOwner: 'take'", () => {
  const handovers = () =>
    h.sandbox.inspect
      .webhooks()
      .filter((w) => w.kind === 'event' && w.body)
      .flatMap((w) => (JSON.parse(w.body as string) as { entry: { messaging?: Record<string, unknown>[] }[] }).entry.flatMap((e) => e.messaging ?? []))
      .filter((m) => m.take_thread_control || m.pass_thread_control);

  it('an agent\'s send to a thread Meta\'s inbox holds takes it first (take_thread_control, then the message), and the thread is the kit\'s', async () => {
    await start(DEFAULT_SANDBOX_APP_ID, { sendWhenNotOwner: 'take' });
    const { customerId, conversationId } = await openConversation(h);
    h.sandbox.routing.take(customerId, META_INBOX_APP_ID);
    await h.settle();
    expect((await conversation(h, conversationId)).routing?.holder).toBe('inbox');
    const sse = await SseClient.open(`${h.kitUrl}/events`, h.recorder);
    try {
      const before = h.sandbox.inspect.requests().length;
      const ok = await send(h, IG_ACCOUNT.id, { to: customerId, clientId: newClientId(), text: 'A person here' });
      expect(ok.status, JSON.stringify(ok.json)).toBe(201);
      expect(ok.json.message?.status).toBe('sent');
      // What reached Graph, in order: the take, then the message — which carries no thread_control
      // (Meta's send parameter only passes a thread away, reference §9.3).
      const calls = h.sandbox.inspect.requests().slice(before).filter((r) => r.method === 'POST');
      expect(calls.map((r) => r.path.split('/').at(-1))).toEqual(['take_thread_control', 'messages']);
      expect(calls[0]?.body).toEqual({ recipient: { id: customerId } });
      expect(calls[1]?.body).not.toHaveProperty('thread_control');
      expect(h.sandbox.routing.owner(customerId)).toBe(DEFAULT_SANDBOX_APP_ID);
      expect(asked.map((a) => a.action)).toEqual(expect.arrayContaining(['messages.send', 'routing.write']));
      await sse.waitFor(() => sse.events().some((e) => e.type === 'handover' && e.action === 'take'));
      expect(sse.events().find((e) => e.type === 'handover')).toMatchObject({ conversationId, newAppId: DEFAULT_SANDBOX_APP_ID, previousAppId: META_INBOX_APP_ID });
      await h.settle();
      // Meta's handover webhook agrees: the inbox lost the thread to the kit's app.
      expect(handovers().at(-1)).toMatchObject({ take_thread_control: { previous_owner_app_id: META_INBOX_APP_ID, new_owner_app_id: DEFAULT_SANDBOX_APP_ID } });
      expect((await conversation(h, conversationId)).routing).toMatchObject({ holder: 'kit', holderAppId: DEFAULT_SANDBOX_APP_ID });
      // The kit holds it now: the next send needs no take.
      const next = await send(h, IG_ACCOUNT.id, { to: customerId, clientId: newClientId(), text: 'Still here' });
      expect(next.json.message?.status).toBe('sent');
      expect(h.sandbox.inspect.requests().filter((r) => r.path.endsWith('/take_thread_control'))).toHaveLength(1);
      expect(h.recorder.leaks()).toEqual([]);
    } finally {
      await sse.close();
    }
  });

  it('never takes a thread for an automated send, nor when the host refuses routing.write: refused, nothing reaches Graph', async () => {
    await start(DEFAULT_SANDBOX_APP_ID, { sendWhenNotOwner: 'take', deny: 'routing.write' });
    const { customerId } = await openConversation(h);
    h.sandbox.routing.take(customerId, BOT);
    await h.settle();
    const before = h.sandbox.inspect.requests().length;
    const bot = await send(h, IG_ACCOUNT.id, { to: customerId, clientId: newClientId(), text: 'Automated hello', automated: true });
    expect(bot.status).toBe(409);
    expect(bot.json.error).toMatchObject({ code: 'thread_owned_elsewhere', category: 'routing' });
    const agent = await send(h, IG_ACCOUNT.id, { to: customerId, clientId: newClientId(), text: 'Agent hello' });
    expect(agent.status).toBe(403);
    expect(h.sandbox.inspect.requests()).toHaveLength(before);
    expect(h.sandbox.routing.owner(customerId)).toBe(BOT);
  });

  it('with the default (refuse) an agent\'s send is refused with the reason, and no take is tried', async () => {
    await start(DEFAULT_SANDBOX_APP_ID, { sendWhenNotOwner: 'refuse' });
    const { customerId } = await openConversation(h);
    h.sandbox.routing.take(customerId, META_INBOX_APP_ID);
    await h.settle();
    const refused = await send(h, IG_ACCOUNT.id, { to: customerId, clientId: newClientId(), text: 'Hello?' });
    expect(refused.status).toBe(409);
    expect(refused.json.error?.message).toContain('Take control');
    expect(h.sandbox.inspect.requests().filter((r) => r.path.includes('thread_control'))).toEqual([]);
  });
});
