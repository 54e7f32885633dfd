/**
 * Disclosure, consent, reactions and the conversation-state routes against the sandbox: the
 * automated-experience notice goes out exactly on its three triggers (start, lapse, after a
 * person wrote — also from the Instagram app), opt-outs by keyword / agent / messaging_optins are
 * honoured for automation only, reactions follow each flavor's rules, and opening a thread
 * marks it seen on Instagram and locally.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MS, type KitConversation, type KitMessage } from '@kit/core';
import { Recorder, type Harness } from '../test/harness';
import { conversation, IG_ACCOUNT, newClientId, openConversation, PAGE_ACCOUNT, postJson, send, sendRequests, startSendHarness } from '../test/send-kit';

const recorder = new Recorder();
let h: Harness;
const italian = new Set<string>();

beforeAll(async () => {
  h = await startSendHarness({
    recorder,
    proxy: {
      disclosure: {
        text: { en: 'You are chatting with our shop assistant bot.', it: 'Stai parlando con il bot del negozio.' },
        lapseMs: 6 * HOUR_MS,
        locale: (c) => (italian.has(c.customerId) ? 'it' : undefined),
      },
    },
  });
});
afterAll(async () => {
  await h?.close();
});

const NOTICE_EN = 'You are chatting with our shop assistant bot.';
const NOTICE_IT = 'Stai parlando con il bot del negozio.';

async function bot(to: string, text: string) {
  const r = await send(h, IG_ACCOUNT.id, { to, clientId: newClientId('bot'), text, automated: true });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return r;
}
async function human(to: string, text: string) {
  const r = await send(h, IG_ACCOUNT.id, { to, clientId: newClientId('human'), text });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return r;
}
const texts = (to: string) => h.sandbox.inspect.sent({ recipientId: to }).map((s) => s.text);

describe('automated-experience disclosure (reference §9.1)', () => {
  it('sends the notice first at the start, after a person wrote, and after the lapse — and at no other time', async () => {
    const { customerId: c, conversationId } = await openConversation(h);
    await bot(c, 'bot 1'); // start
    await bot(c, 'bot 2');
    await human(c, 'human 1');
    await bot(c, 'bot 3'); // a person wrote last
    await bot(c, 'bot 4');
    h.sandbox.clock.advance(6 * HOUR_MS - 1000);
    h.customer.text(c, 'still there?');
    await h.settle();
    await bot(c, 'bot 5'); // not yet a lapse since the business last wrote
    h.sandbox.clock.advance(6 * HOUR_MS);
    h.customer.text(c, 'hello again');
    await h.settle();
    await bot(c, 'bot 6'); // lapse
    await bot(c, 'bot 7');
    h.customer.appReply(c, 'answered from the Instagram app');
    await h.settle();
    await bot(c, 'bot 8'); // a person wrote from the app
    expect(texts(c)).toEqual([
      NOTICE_EN, 'bot 1', 'bot 2', 'human 1', NOTICE_EN, 'bot 3', 'bot 4', 'bot 5', NOTICE_EN, 'bot 6', 'bot 7',
      NOTICE_EN, 'bot 8', // the app reply is only an echo, not a Send API call
    ]);
    const conv = await conversation(h, conversationId);
    expect(conv.disclosure).toMatchObject({ automated: true, lastSenderWasHuman: false, locale: 'en' });
    expect(conv.disclosure?.lastDisclosedAt).toBeGreaterThan(0);
    // The notice is a message of its own in the thread (automated, with its own clientId).
    const notices = (await h.kit.store.listMessages(conversationId, { limit: 50 })).filter((m) => m.text === NOTICE_EN);
    expect(notices).toHaveLength(4);
    expect(notices.every((m) => m.automated === true && m.status === 'sent' && m.clientId?.endsWith('#disclosure'))).toBe(true);
  });

  it('speaks the conversation’s language, and people’s messages never get a notice', async () => {
    const { customerId } = await openConversation(h);
    italian.add(customerId);
    await human(customerId, 'Ciao, sono Marta');
    await human(customerId, 'Come posso aiutarti?');
    expect(texts(customerId)).toEqual(['Ciao, sono Marta', 'Come posso aiutarti?']);
    await bot(customerId, 'Risposta automatica');
    expect(texts(customerId)).toEqual(['Ciao, sono Marta', 'Come posso aiutarti?', NOTICE_IT, 'Risposta automatica']);
  });

  it('holds the automated message while its notice is uncertain, and never sends it without the notice', async () => {
    const { customerId } = await openConversation(h);
    h.sandbox.faults.once({ kind: 'reset', route: 'send' }); // the notice's request: outcome unknown
    const r = await bot(customerId, 'must not go without the notice');
    await h.settle();
    const clientId = r.json.message!.clientId!;
    // The notice is uncertain (no echo will come: the reset reached nothing): the message waits behind it.
    expect(await h.kit.store.getSendByClientId(IG_ACCOUNT.id, `${clientId}#disclosure`)).toMatchObject({ status: 'uncertain' });
    expect(await h.kit.store.getSendByClientId(IG_ACCOUNT.id, clientId)).toMatchObject({ status: 'queued' });
    // A person sees the notice is not in the thread and gives it up: the message fails with it.
    const resolved = await postJson(h, `/accounts/${IG_ACCOUNT.id}/sends/${encodeURIComponent(`${clientId}#disclosure`)}/resolve`, { outcome: 'dropped' });
    expect(resolved.status).toBe(200);
    expect(resolved.json.message).toMatchObject({ status: 'failed', statusReason: { code: 'not_delivered' } });
    await h.kit.idle();
    expect(await h.kit.store.getSendByClientId(IG_ACCOUNT.id, clientId)).toMatchObject({ status: 'failed', reason: { code: 'disclosure_not_sent' } });
    expect(texts(customerId)).toEqual([]);
  });
});

describe('consent', () => {
  it('records a STOP keyword as opt-out: automation is refused locally, people may still answer', async () => {
    const { customerId, conversationId } = await openConversation(h, IG_ACCOUNT.id, 'Stop!');
    await h.kit.idle();
    expect((await conversation(h, conversationId)).consent).toMatchObject({ state: 'opted_out', topic: 'keyword' });
    const before = sendRequests(h).length;
    const refused = await send(h, IG_ACCOUNT.id, { to: customerId, clientId: newClientId(), text: 'promo', automated: true });
    expect(refused.status).toBe(422);
    expect(refused.json.error?.code).toBe('consent_opted_out');
    expect(sendRequests(h).length).toBe(before);
    expect((await human(customerId, 'Ok, no more automated messages.')).json.message?.status).toBe('sent');
  });

  it('knows the Italian and German keywords and leaves ordinary messages alone', async () => {
    for (const word of ['basta', 'STOPP', 'Abmelden.']) {
      const { conversationId } = await openConversation(h, IG_ACCOUNT.id, word);
      await h.kit.idle();
      expect((await conversation(h, conversationId)).consent?.state, word).toBe('opted_out');
    }
    const { conversationId } = await openConversation(h, IG_ACCOUNT.id, 'Please stop by the shop tomorrow');
    await h.kit.idle();
    expect((await conversation(h, conversationId)).consent).toBeUndefined();
  });

  it('lets an agent record an opt-out, and a messaging_optins opt-in re-enables automation', async () => {
    const { customerId, conversationId } = await openConversation(h);
    const path = `/accounts/${IG_ACCOUNT.id}/conversations/${encodeURIComponent(conversationId)}/consent`;
    expect((await postJson(h, path, { state: 'maybe' })).status).toBe(400);
    const r = await postJson(h, path, { state: 'opted_out' });
    expect(r.status).toBe(200);
    expect((r.json as { conversation: KitConversation }).conversation.consent).toMatchObject({ state: 'opted_out', topic: 'agent' });
    expect((await send(h, IG_ACCOUNT.id, { to: customerId, clientId: newClientId(), text: 'bot', automated: true })).status).toBe(422);
    h.customer.optIn(customerId, { title: 'Updates' });
    await h.settle();
    expect((await conversation(h, conversationId)).consent?.state).toBe('opted_in');
    expect((await bot(customerId, 'welcome back')).json.message?.status).toBe('sent');
  });
});

describe('reactions', () => {
  it('reacts with love on Page accounts and any single emoji on Instagram-Login accounts, stored and published', async () => {
    const page = await openConversation(h, PAGE_ACCOUNT.id, 'heart me');
    const pageMsg = (await h.kit.store.listMessages(page.conversationId, { limit: 1 }))[0] as KitMessage;
    const path = (a: string) => `/accounts/${a}/reactions`;
    const before = h.sandbox.inspect.requests().length;
    const refused = await postJson(h, path(PAGE_ACCOUNT.id), { to: page.customerId, messageId: pageMsg.id, reaction: '😂' });
    expect(refused.status).toBe(400);
    expect(refused.json.error?.code).toBe('invalid_reaction');
    const misspelt = await postJson(h, path(PAGE_ACCOUNT.id), { to: page.customerId, messageId: pageMsg.id, reacton: 'love' });
    expect(misspelt.status).toBe(400);
    expect(misspelt.json.error).toMatchObject({ code: 'unknown_field', details: { field: 'reacton', suggestion: 'reaction' } });
    const noMessage = await postJson(h, path(PAGE_ACCOUNT.id), { to: page.customerId, messageId: 'local:c-1' });
    expect(noMessage.json.error?.code).toBe('invalid_message_id');
    expect(h.sandbox.inspect.requests().length).toBe(before);
    const loved = await postJson(h, path(PAGE_ACCOUNT.id), { to: page.customerId, messageId: pageMsg.id, action: 'react' });
    expect(loved.status).toBe(200);
    expect(loved.json.message?.reactions).toEqual([expect.objectContaining({ by: 'business', reaction: 'love' })]);

    const ig = await openConversation(h, IG_ACCOUNT.id, 'emoji me');
    const igMsg = (await h.kit.store.listMessages(ig.conversationId, { limit: 1 }))[0] as KitMessage;
    expect((await postJson(h, path(IG_ACCOUNT.id), { to: ig.customerId, messageId: igMsg.id, reaction: '👍🏽👍' })).status).toBe(400);
    const thumbs = await postJson(h, path(IG_ACCOUNT.id), { to: ig.customerId, messageId: igMsg.id, reaction: '👍🏽' });
    expect(thumbs.json.message?.reactions).toEqual([expect.objectContaining({ by: 'business', reaction: 'other', emoji: '👍🏽' })]);
    const removed = await postJson(h, path(IG_ACCOUNT.id), { to: ig.customerId, messageId: igMsg.id, action: 'unreact' });
    expect(removed.json.message?.reactions).toEqual([]);
    expect(h.sandbox.inspect.actions({ recipientId: ig.customerId }).map((a) => [a.action, a.reaction])).toEqual([
      ['react', '👍🏽'],
      ['unreact', undefined],
    ]);
    expect(h.sandbox.inspect.actions({ recipientId: page.customerId }).map((a) => [a.action, a.reaction])).toEqual([['react', 'love']]);
    const events = await h.kit.store.readEvents({ accountIds: [IG_ACCOUNT.id], limit: 10_000 });
    expect(events.filter((e) => e.type === 'reaction' && e.messageId === igMsg.id).map((e) => (e as { action: string }).action)).toEqual(['react', 'unreact']);

    // Unknown message, and outside the 24 h window: refused locally.
    expect((await postJson(h, path(IG_ACCOUNT.id), { to: ig.customerId, messageId: 'mid.nope' })).status).toBe(404);
    h.sandbox.clock.advance(25 * HOUR_MS);
    const late = await postJson(h, path(IG_ACCOUNT.id), { to: ig.customerId, messageId: igMsg.id });
    expect(late.status).toBe(422);
    expect(late.json.error?.code).toBe('window_closed');
  });
});

describe('conversation state routes', () => {
  it('marks a thread seen on Instagram and locally, shows typing on request, and switches the mode', async () => {
    const { customerId, conversationId } = await openConversation(h, IG_ACCOUNT.id, 'anyone?');
    const base = `/accounts/${IG_ACCOUNT.id}/conversations/${encodeURIComponent(conversationId)}`;
    expect((await conversation(h, conversationId)).unreadCount).toBe(1);
    const seen = await postJson(h, `${base}/seen`, { typing: true });
    expect(seen.status).toBe(200);
    expect(seen.json).toMatchObject({ conversation: { unreadCount: 0 }, markSeen: 'sent', typing: 'sent' });
    expect(h.sandbox.inspect.actions({ recipientId: customerId }).map((a) => a.action)).toEqual(['mark_seen', 'typing_on']);
    const off = await postJson(h, `${base}/typing`, { on: false });
    expect(off.status).toBe(200);
    expect(h.sandbox.inspect.actions({ recipientId: customerId }).at(-1)?.action).toBe('typing_off');

    const mode = await postJson(h, `${base}/mode`, { automated: true });
    expect((mode.json as { conversation: KitConversation }).conversation.disclosure).toMatchObject({ automated: true });
    const notBoolean = await postJson(h, `${base}/mode`, { automated: 'yes' });
    expect([notBoolean.status, notBoolean.json.error?.code]).toEqual([400, 'invalid_mode']);
    // An unknown field is refused (never ignored), named, with the likely intended one.
    const misspelt = await postJson(h, `${base}/seen`, { typnig: true });
    expect([misspelt.status, misspelt.json.error?.code]).toEqual([400, 'unknown_field']);
    expect(misspelt.json.error?.message).toContain('`typnig`');
    expect(misspelt.json.error?.details).toMatchObject({ field: 'typnig', suggestion: 'typing' });
    expect((await postJson(h, `${base}/mode`, { automated: true, extra: 1 })).json.error?.code).toBe('unknown_field');
    const other = `/accounts/${PAGE_ACCOUNT.id}/conversations/${encodeURIComponent(conversationId)}/mode`;
    expect((await postJson(h, other, { automated: false })).status).toBe(404);
  });

  it('marks a conversation unread again, locally only, and refuses fields it does not know', async () => {
    const { customerId, conversationId } = await openConversation(h, IG_ACCOUNT.id, 'read me later');
    const base = `/accounts/${IG_ACCOUNT.id}/conversations/${encodeURIComponent(conversationId)}`;
    await postJson(h, `${base}/seen`, {});
    expect((await conversation(h, conversationId)).unreadCount).toBe(0);
    const before = h.sandbox.inspect.actions({ recipientId: customerId }).length;
    const unread = await postJson(h, `${base}/unread`, {});
    expect(unread.status).toBe(200);
    expect(unread.json).toMatchObject({ conversation: { id: conversationId, unreadCount: 1 } });
    expect((await conversation(h, conversationId)).unreadCount).toBe(1);
    expect(h.sandbox.inspect.actions({ recipientId: customerId })).toHaveLength(before); // nothing told Instagram
    const extra = await postJson(h, `${base}/unread`, { count: 3 });
    expect([extra.status, extra.json.error?.code]).toEqual([400, 'unknown_field']);
    expect(extra.json.error?.message).toContain('`count`');
  });

  it('mark_seen is configurable per account: off for one account, on for another', async () => {
    const asked: string[] = [];
    const perAccount = await startSendHarness({
      proxy: {
        senderActions: {
          markSeenOnOpen: async (accountId) => {
            asked.push(accountId);
            return accountId === IG_ACCOUNT.id;
          },
        },
      },
    });
    try {
      for (const [account, expected] of [
        [IG_ACCOUNT.id, 'sent'],
        [PAGE_ACCOUNT.id, 'skipped'],
      ] as const) {
        const { customerId, conversationId } = await openConversation(perAccount, account, 'hello?');
        const seen = await postJson(perAccount, `/accounts/${account}/conversations/${encodeURIComponent(conversationId)}/seen`, {});
        expect(seen.status).toBe(200);
        expect(seen.json).toMatchObject({ conversation: { unreadCount: 0 }, markSeen: expected });
        expect(perAccount.sandbox.inspect.actions({ recipientId: customerId }).map((a) => a.action)).toEqual(expected === 'sent' ? ['mark_seen'] : []);
      }
      expect(asked).toEqual([IG_ACCOUNT.id, PAGE_ACCOUNT.id]);
    } finally {
      await perAccount.close();
    }
  });

  it('asks authorize() with a fitting action for each route', async () => {
    const seenActions: string[] = [];
    const guarded = await startSendHarness({
      proxy: {
        authorize: (_req, { action }) => {
          seenActions.push(action);
          return false;
        },
      },
    });
    try {
      const cid = encodeURIComponent(`${IG_ACCOUNT.id}:123`);
      const base = `/accounts/${IG_ACCOUNT.id}/conversations/${cid}`;
      for (const p of [`${base}/consent`, `${base}/mode`, `${base}/seen`, `${base}/unread`, `${base}/typing`, `/accounts/${IG_ACCOUNT.id}/reactions`, `/accounts/${IG_ACCOUNT.id}/messages`]) {
        expect((await postJson(guarded, p, {})).status, p).toBe(403);
      }
      expect(seenActions).toEqual(['conversations.consent', 'conversations.mode', 'conversations.mark_read', 'conversations.mark_read', 'messages.send', 'reactions.send', 'messages.send']);
      expect(guarded.sandbox.inspect.requests()).toEqual([]);
    } finally {
      await guarded.close();
    }
  });

  it('keeps tokens out of everything it showed', () => {
    expect(recorder.leaks()).toEqual([]);
  });
});
