/**
 * POST /accounts/:id/messages against the sandbox over real HTTP: local validation and policy
 * (nothing reaches Graph), the window and HUMAN_AGENT edges on the sandbox's clock, the outbox
 * answer, idempotency by clientId (sequential and concurrent), echo reconciliation, and delivery
 * of queued sends after a restart with the SQLite store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import express from 'express';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, TEXT_MAX_BYTES, type KitMessage } from '@kit/core';
import { allowAll } from '../http/authorize';
import { createKitProxy } from '../proxy';
import { sqliteStore } from '../store/sqlite';
import { APP_SECRET, Recorder, VERIFY_TOKEN, type Harness } from '../test/harness';
import { conversation, FAST_OUTBOX, IG_ACCOUNT, newClientId, openConversation, PAGE_ACCOUNT, send, sendRequests, startSendHarness } from '../test/send-kit';

const recorder = new Recorder();
let h: Harness;

beforeAll(async () => {
  h = await startSendHarness({ recorder });
});
afterAll(async () => {
  await h?.close();
});

describe('local refusals never reach Graph', () => {
  it('rejects invalid bodies and policy violations with clear errors, leaving the sandbox request log empty', async () => {
    const { customerId } = await openConversation(h);
    const before = h.sandbox.inspect.requests().length;
    const ig = IG_ACCOUNT.id;
    const cases: [Record<string, unknown>, number, string][] = [
      [{ to: customerId, text: 'no id' }, 400, 'invalid_client_id'],
      [{ clientId: newClientId(), text: 'no recipient' }, 400, 'invalid_recipient'],
      [{ to: customerId, clientId: newClientId() }, 400, 'invalid_content'],
      [{ to: customerId, clientId: newClientId(), text: 'a', sticker: 'like_heart' }, 400, 'invalid_content'],
      [{ to: customerId, clientId: newClientId(), text: 'é'.repeat(TEXT_MAX_BYTES / 2 + 1) }, 400, 'text_too_long'],
      [{ to: customerId, clientId: newClientId(), text: 'see javascript://alert(1) now' }, 400, 'invalid_link'],
      [{ to: customerId, clientId: newClientId(), text: 'login at https://user:pw@shop.example.com' }, 400, 'invalid_link'],
      [{ to: customerId, clientId: newClientId(), sticker: 'thumbs_up' }, 400, 'invalid_sticker'],
      [{ to: customerId, clientId: newClientId(), attachment: { type: 'gif', url: 'https://cdn.example.com/a.gif' } }, 400, 'invalid_attachment'],
      [{ to: customerId, clientId: newClientId(), attachment: { type: 'image' } }, 400, 'invalid_attachment'],
      [{ to: customerId, clientId: newClientId(), attachment: { type: 'image', url: 'http://localhost/x.png' } }, 400, 'invalid_attachment_url'],
      [{ to: customerId, clientId: newClientId(), attachment: { type: 'image', url: 'https://cdn.example.com/big.png', size: 8_000_001 } }, 400, 'attachment_too_large'],
      [
        { to: customerId, clientId: newClientId(), attachments: Array.from({ length: 11 }, (_, i) => ({ type: 'image', url: `https://cdn.example.com/${i}.png` })) },
        400,
        'too_many_attachments',
      ],
      [
        { to: customerId, clientId: newClientId(), attachments: [{ type: 'video', url: 'https://cdn.example.com/a.mp4' }, { type: 'video', url: 'https://cdn.example.com/b.mp4' }] },
        400,
        'too_many_attachments',
      ],
      [
        { to: customerId, clientId: newClientId(), attachments: [{ type: 'image', url: 'https://cdn.example.com/a.png' }, { type: 'file', url: 'https://cdn.example.com/b.pdf' }] },
        400,
        'mixed_attachments',
      ],
      [{ to: customerId, clientId: newClientId(), text: 'hi', tag: 'ACCOUNT_UPDATE' }, 400, 'invalid_tag'],
      [{ to: customerId, clientId: newClientId(), text: 'hi', automated: 'yes' }, 400, 'invalid_automated'],
      [{ to: customerId, clientId: newClientId(), text: 'bot', automated: true, tag: 'HUMAN_AGENT' }, 422, 'automated_human_agent'],
      [{ to: 'never-wrote-1', clientId: newClientId(), text: 'cold outreach' }, 422, 'window_closed'],
    ];
    for (const [body, status, code] of cases) {
      const r = await send(h, ig, body);
      expect({ body, status: r.status, code: r.json.error?.code }).toEqual({ body, status, code });
      expect(r.json.error?.message.length).toBeGreaterThan(20);
    }
    // A body that is not JSON, and a missing CSRF header.
    const notJson = await h.call(`/accounts/${ig}/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-kit-request': '1' }, body: '{"to":' });
    expect(notJson.status).toBe(400);
    const noCsrf = await h.call(`/accounts/${ig}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to: customerId, clientId: newClientId(), text: 'x' }) });
    expect(noCsrf.status).toBe(403);
    expect(h.sandbox.inspect.requests().length).toBe(before);
    // Nothing was stored either.
    const stored = await h.kit.store.listMessages(`${ig}:${customerId}`, { limit: 10 });
    expect(stored.filter((m) => m.direction === 'outbound')).toEqual([]);
  });

  it('asks the host whether this caller may send for the account', async () => {
    const denied = await startSendHarness({ proxy: { authorize: (_req, { action }) => action !== 'messages.send' } });
    try {
      const { customerId } = await openConversation(denied);
      const r = await send(denied, IG_ACCOUNT.id, { to: customerId, clientId: newClientId(), text: 'hello' });
      expect(r.status).toBe(403);
      expect(r.json.error?.code).toBe('forbidden');
      expect(sendRequests(denied)).toEqual([]);
      expect((await send(denied, 'nope', { to: customerId, clientId: newClientId(), text: 'x' })).status).toBe(404);
    } finally {
      await denied.close();
    }
  });
});

describe('sending', () => {
  it('answers sent with Graph’s message id, stores one message, and the echo reconciles into it', async () => {
    const { customerId, conversationId } = await openConversation(h);
    const clientId = newClientId();
    const r = await send(h, IG_ACCOUNT.id, { to: customerId, clientId, text: 'Grazie! 🙏 https://shop.example.com/o/1' });
    expect(r.status).toBe(201);
    const m = r.json.message as KitMessage;
    expect(m).toMatchObject({ status: 'sent', clientId, direction: 'outbound', conversationId, text: 'Grazie! 🙏 https://shop.example.com/o/1', automated: false });
    const sent = h.sandbox.inspect.sent({ recipientId: customerId });
    expect(sent.map((s) => s.mid)).toEqual([m.id]);
    expect(sent[0]?.tag).toBeUndefined();
    expect(sent[0]?.messagingType).toBeUndefined();
    await h.settle();
    const stored = (await h.kit.store.listMessages(conversationId, { limit: 10 })).filter((x) => x.direction === 'outbound');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ id: m.id, clientId, status: 'sent', isEcho: true });
    expect((await conversation(h, conversationId)).lastMessage).toMatchObject({ id: m.id, status: 'sent' });
    // The record can be fetched again by clientId.
    const again = await h.call(`/accounts/${IG_ACCOUNT.id}/sends/${clientId}`);
    expect((again.json as { message: KitMessage }).message).toMatchObject({ id: m.id, status: 'sent' });
  });

  it('sends stickers, shares, replies and image sets in Graph’s shapes on both flavors', async () => {
    for (const account of [IG_ACCOUNT.id, PAGE_ACCOUNT.id]) {
      const { customerId } = await openConversation(h, account, 'hello');
      const inbound = (await h.kit.store.listMessages(`${account}:${customerId}`, { limit: 1 }))[0] as KitMessage;
      const heart = await send(h, account, { to: customerId, clientId: newClientId(), sticker: 'like_heart', replyTo: inbound.id });
      expect(heart.json.message).toMatchObject({ status: 'sent', attachments: [{ type: 'like_heart' }], replyTo: { messageId: inbound.id } });
      const post = h.sandbox.accounts.createMedia(account, { kind: 'post', caption: 'New in' });
      const share = await send(h, account, { to: customerId, clientId: newClientId(), share: { mediaId: post.id } });
      expect(share.json.message?.status).toBe('sent');
      const images = await send(h, account, {
        to: customerId,
        clientId: newClientId(),
        attachments: [1, 2].map((i) => ({ type: 'image', url: `https://cdn.example.com/p${i}.png` })),
      });
      expect(images.json.message).toMatchObject({ status: 'sent', attachments: [{ type: 'image' }, { type: 'image' }] });
      const sent = h.sandbox.inspect.sent({ recipientId: customerId });
      expect(sent.map((s) => s.attachments.map((a) => a.type))).toEqual([['like_heart'], ['share'], ['image', 'image']]);
      expect(sent[0]?.replyTo).toBe(inbound.id);
    }
  });
});

describe('references to another account', () => {
  it('refuses a replyTo or shared post that is not the account’s (422 foreign_reference): nothing stored, nothing sent', async () => {
    const ig = await openConversation(h, IG_ACCOUNT.id, 'ig hello');
    const sibling = await openConversation(h, IG_ACCOUNT.id, 'another customer of the same account');
    const page = await openConversation(h, PAGE_ACCOUNT.id, 'page hello');
    const firstId = async (c: { conversationId: string }) => ((await h.kit.store.listMessages(c.conversationId, { limit: 1 }))[0] as KitMessage).id;
    const pagePost = h.sandbox.accounts.createMedia(PAGE_ACCOUNT.id, { kind: 'post', caption: 'Page only' });
    const igPost = h.sandbox.accounts.createMedia(IG_ACCOUNT.id, { kind: 'post', caption: 'Ours' });
    const sendsBefore = sendRequests(h).length;
    const cases: [Record<string, unknown>, string][] = [
      [{ text: 'x', replyTo: await firstId(page) }, 'another account’s message'],
      [{ text: 'x', replyTo: await firstId(sibling) }, 'a message of another conversation'],
      [{ text: 'x', replyTo: 'aWdfZAG1faXRlbTo-never-seen' }, 'a message the account never saw'],
      [{ share: { mediaId: pagePost.id } }, 'another account’s post'],
    ];
    for (const [body, why] of cases) {
      const clientId = newClientId('ref');
      const res = await send(h, IG_ACCOUNT.id, { to: ig.customerId, clientId, ...body });
      expect(res.status, why).toBe(422);
      expect(res.json.error, why).toMatchObject({ code: 'foreign_reference', category: 'invalid_request' });
      expect(res.json.error?.message, why).toContain(String(body.replyTo ?? (body.share as { mediaId: string }).mediaId));
      expect(await h.kit.store.getSendByClientId(IG_ACCOUNT.id, clientId), why).toBeNull();
    }
    expect(sendRequests(h).length).toBe(sendsBefore);
    // The account's own message and post go out.
    const own = await send(h, IG_ACCOUNT.id, { to: ig.customerId, clientId: newClientId(), text: 'own reply', replyTo: await firstId(ig) });
    expect(own.json.message?.status).toBe('sent');
    const share = await send(h, IG_ACCOUNT.id, { to: ig.customerId, clientId: newClientId(), share: { mediaId: igPost.id } });
    expect(share.json.message?.status).toBe('sent');
  });
});

describe('structured messages', () => {
  const chips = [
    { contentType: 'text', title: 'Yes please', payload: 'YES' },
    { contentType: 'user_email' },
  ];
  const buttons = [
    { type: 'postback', title: 'Track order', payload: 'TRACK' },
    { type: 'web_url', title: 'Open shop', url: 'https://shop.example.com/' },
  ];

  it('sends quick replies, button and generic templates and messaging_type in Graph’s shapes, and stores what was sent', async () => {
    const { customerId } = await openConversation(h);
    const ig = IG_ACCOUNT.id;
    const withChips = await send(h, ig, { to: customerId, clientId: newClientId(), text: 'Shall I send the receipt?', quickReplies: chips, messagingType: 'RESPONSE' });
    expect(withChips.status).toBe(201);
    expect(withChips.json.message).toMatchObject({ status: 'sent', text: 'Shall I send the receipt?', quickReplies: chips, messagingType: 'RESPONSE' });
    const button = await send(h, ig, { to: customerId, clientId: newClientId(), template: { type: 'button', text: 'What next?', buttons }, messagingType: 'UPDATE' });
    expect(button.json.message).toMatchObject({ status: 'sent', attachments: [{ type: 'template', templateType: 'button', text: 'What next?', buttons }] });
    const card = { title: 'Linen shirt', subtitle: '€49', imageUrl: 'https://cdn.example.com/shirt.png', defaultActionUrl: 'https://shop.example.com/shirt', buttons: [buttons[0]] };
    const generic = await send(h, ig, { to: customerId, clientId: newClientId(), template: { type: 'generic', elements: [card, { title: 'Straw hat' }] } });
    expect(generic.json.message).toMatchObject({ status: 'sent', attachments: [{ type: 'template', templateType: 'generic', elements: [card, { title: 'Straw hat' }] }] });

    // What Graph received, byte for byte in its own vocabulary.
    const bodies = sendRequests(h, ig).slice(-3).map((r) => r.body as Record<string, unknown>);
    expect(bodies[0]).toMatchObject({
      messaging_type: 'RESPONSE',
      message: { text: 'Shall I send the receipt?', quick_replies: [{ content_type: 'text', title: 'Yes please', payload: 'YES' }, { content_type: 'user_email' }] },
    });
    expect(bodies[1]).toMatchObject({
      messaging_type: 'UPDATE',
      message: {
        attachment: {
          type: 'template',
          payload: { template_type: 'button', text: 'What next?', buttons: [{ type: 'postback', title: 'Track order', payload: 'TRACK' }, { type: 'web_url', title: 'Open shop', url: 'https://shop.example.com/' }] },
        },
      },
    });
    expect(bodies[2]).toMatchObject({
      message: {
        attachment: {
          type: 'template',
          payload: {
            template_type: 'generic',
            elements: [
              {
                title: 'Linen shirt',
                subtitle: '€49',
                image_url: 'https://cdn.example.com/shirt.png',
                default_action: { type: 'web_url', url: 'https://shop.example.com/shirt' },
                buttons: [{ type: 'postback', title: 'Track order', payload: 'TRACK' }],
              },
              { title: 'Straw hat' },
            ],
          },
        },
      },
    });
    expect(bodies[2]).not.toHaveProperty('messaging_type');
    const sent = h.sandbox.inspect.sent({ recipientId: customerId });
    expect(sent.at(-3)).toMatchObject({ quickReplies: [{ content_type: 'text', title: 'Yes please', payload: 'YES' }, { content_type: 'user_email' }] });
    expect(sent.slice(-2).map((m) => m.attachments.map((a) => a.type))).toEqual([['template'], ['template']]);
  });

  it('refuses every limit and unknown field locally with the exact problem, and nothing reaches Graph', async () => {
    const { customerId } = await openConversation(h);
    const ig = IG_ACCOUNT.id;
    const before = h.sandbox.inspect.requests().length;
    const base = () => ({ to: customerId, clientId: newClientId() });
    const cases: [Record<string, unknown>, string, string][] = [
      // The field that used to be dropped silently: Graph got the text without the chips.
      [{ ...base(), text: 'hi', quick_replies: chips }, 'unknown_field', 'quick_replies'],
      [{ ...base(), text: 'hi', qiuckReplies: chips }, 'unknown_field', 'qiuckReplies'],
      [{ ...base(), attachment: { type: 'image', url: 'https://cdn.example.com/a.png', isReusable: true } }, 'unknown_field', 'attachment.isReusable'],
      [{ ...base(), share: { mediaId: '1', caption: 'x' } }, 'unknown_field', 'share.caption'],
      [{ ...base(), sticker: 'like_heart', quickReplies: chips }, 'invalid_quick_replies', 'quickReplies'],
      [{ ...base(), text: 'hi', quickReplies: Array.from({ length: 14 }, (_, i) => ({ contentType: 'text', title: `c${i}`, payload: `p${i}` })) }, 'invalid_quick_replies', 'quickReplies'],
      [{ ...base(), text: 'hi', quickReplies: [{ contentType: 'text', title: 'x'.repeat(21), payload: 'P' }] }, 'invalid_quick_replies', 'quickReplies[0].title'],
      [{ ...base(), template: { type: 'button', text: 'x'.repeat(641), buttons } }, 'invalid_template', 'template.text'],
      [{ ...base(), template: { type: 'button', text: 'Pick', buttons: [...buttons, ...buttons] } }, 'invalid_template', 'template.buttons'],
      [{ ...base(), template: { type: 'button', text: 'Pick', buttons: [{ type: 'web_url', title: 'Go', url: 'http://insecure.example.com' }] } }, 'invalid_template', 'template.buttons[0].url'],
      [{ ...base(), template: { type: 'button', text: 'Pick', buttons: [{ type: 'postback', title: 'Go', payload: 'p'.repeat(1001) }] } }, 'invalid_template', 'template.buttons[0].payload'],
      [{ ...base(), template: { type: 'generic', elements: Array.from({ length: 11 }, (_, i) => ({ title: `Card ${i}` })) } }, 'invalid_template', 'template.elements'],
      [{ ...base(), template: { type: 'generic', elements: [{ title: 't'.repeat(81) }] } }, 'invalid_template', 'template.elements[0].title'],
      [{ ...base(), text: 'a', template: { type: 'button', text: 'Pick', buttons } }, 'invalid_content', ''],
      [{ ...base(), text: 'hi', messagingType: 'MESSAGE_TAG' }, 'invalid_messaging_type', ''],
      [{ ...base(), text: 'hi', messagingType: 'UPDATE', tag: 'HUMAN_AGENT' }, 'invalid_messaging_type', ''],
    ];
    for (const [body, code, field] of cases) {
      const r = await send(h, ig, body);
      const error = r.json.error as { code: string; message: string; details?: { field?: string } } | undefined;
      expect({ body, status: r.status, code: error?.code }).toEqual({ body, status: 400, code });
      if (field) {
        expect(error?.details?.field).toBe(field);
        expect(error?.message).toContain(field.split('.').at(-1)!.replace(/\[\d+\]$/, ''));
      }
    }
    const misspelt = await send(h, ig, { ...base(), text: 'hi', qiuckReplies: chips });
    expect(misspelt.json.error?.message).toContain('Did you mean `quickReplies`?');
    expect(h.sandbox.inspect.requests().length).toBe(before);
  });
});

describe('the messaging window and HUMAN_AGENT (sandbox clock)', () => {
  it('allows everyone for 24 h, then only people with the HUMAN_AGENT tag for 7 days, then nobody', async () => {
    const { customerId } = await openConversation(h);
    const ig = IG_ACCOUNT.id;
    const wrote = h.sandbox.clock.now();
    const at = (ms: number) => h.sandbox.clock.set(wrote + ms);

    at(24 * HOUR_MS - 1000);
    const lastBot = await send(h, ig, { to: customerId, clientId: newClientId(), text: 'still in the window', automated: true });
    expect(lastBot.json.message?.status).toBe('sent');

    at(24 * HOUR_MS + 1000);
    const before = sendRequests(h).length;
    const bot = await send(h, ig, { to: customerId, clientId: newClientId(), text: 'too late for bots', automated: true });
    expect(bot.status).toBe(422);
    expect(bot.json.error?.code).toBe('automated_outside_window');
    expect(sendRequests(h).length).toBe(before);
    // A person must ask for the tag: it is never added silently.
    const untagged = await send(h, ig, { to: customerId, clientId: newClientId(), text: 'no tag' });
    expect(untagged.status).toBe(422);
    expect(untagged.json.error?.code).toBe('human_agent_tag_required');
    expect(sendRequests(h).length).toBe(before);
    const human = await send(h, ig, { to: customerId, clientId: newClientId(), text: 'Sorry for the wait!', tag: 'HUMAN_AGENT' });
    expect(human.json.message).toMatchObject({ status: 'sent', tag: 'HUMAN_AGENT' });
    const last = h.sandbox.inspect.sent({ recipientId: customerId }).at(-1);
    expect(last).toMatchObject({ tag: 'HUMAN_AGENT', messagingType: 'MESSAGE_TAG', text: 'Sorry for the wait!' });

    at(7 * DAY_MS - 1000);
    expect((await send(h, ig, { to: customerId, clientId: newClientId(), text: 'last chance', tag: 'HUMAN_AGENT' })).json.message?.status).toBe('sent');

    at(7 * DAY_MS);
    const closed = await send(h, ig, { to: customerId, clientId: newClientId(), text: 'gone' });
    expect(closed.status).toBe(422);
    expect(closed.json.error?.code).toBe('window_closed');

    // The customer writes again: the window reopens for everyone.
    h.customer.text(customerId, 'back!');
    await h.settle();
    expect((await send(h, ig, { to: customerId, clientId: newClientId(), text: 'welcome back', automated: true })).json.message?.status).toBe('sent');
  });
});

describe('idempotency by clientId', () => {
  it('returns the same record on a repeat and never sends twice, also for concurrent repeats', async () => {
    const { customerId } = await openConversation(h);
    const clientId = newClientId();
    const body = { to: customerId, clientId, text: 'only once' };
    const first = await send(h, IG_ACCOUNT.id, body);
    const second = await send(h, IG_ACCOUNT.id, body);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    // Same record (the echo may have refined it meanwhile with Meta's timestamp and isEcho).
    const pick = (m?: KitMessage) => m && { id: m.id, clientId: m.clientId, status: m.status, text: m.text, to: m.to };
    expect(pick(second.json.message)).toEqual(pick(first.json.message));

    const racing = newClientId();
    const answers = await Promise.all(Array.from({ length: 12 }, () => send(h, IG_ACCOUNT.id, { to: customerId, clientId: racing, text: 'raced' })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(11);
    await h.kit.idle();
    const final = await send(h, IG_ACCOUNT.id, { to: customerId, clientId: racing, text: 'raced' });
    expect(new Set(answers.map((a) => a.json.message?.clientId))).toEqual(new Set([racing]));
    expect(final.json.message?.status).toBe('sent');
    expect(h.sandbox.inspect.sent({ recipientId: customerId }).filter((s) => s.text === 'raced')).toHaveLength(1);
    expect(h.sandbox.inspect.sent({ recipientId: customerId }).filter((s) => s.text === 'only once')).toHaveLength(1);

    const reused = await send(h, IG_ACCOUNT.id, { to: customerId, clientId, text: 'different text' });
    expect(reused.status).toBe(409);
    expect(reused.json.error?.code).toBe('client_id_reused');
  });
});

describe('restart', () => {
  it('delivers sends that were still queued when the proxy stopped (SQLite)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kit-outbox-'));
    const file = join(dir, 'kit.db');
    const store1 = sqliteStore({ file });
    // One text per minute: the first goes, the others stay queued.
    const slow = await startSendHarness({ proxy: { store: store1, rateLimits: { text: { limit: 1, intervalMs: 60_000 } }, outbox: { ...FAST_OUTBOX, waitMs: 300 } } });
    let server: Server | undefined;
    let kit2: ReturnType<typeof createKitProxy> | undefined;
    try {
      const { customerId } = await openConversation(slow);
      const ids = [newClientId('r'), newClientId('r'), newClientId('r')];
      const answers = [];
      for (const [i, clientId] of ids.entries()) answers.push(await send(slow, IG_ACCOUNT.id, { to: customerId, clientId, text: `queued ${i}` }));
      expect(answers.map((a) => a.json.message?.status)).toEqual(['sent', 'queued', 'queued']);
      await slow.kit.close();
      await store1.close();
      expect(slow.sandbox.inspect.sent({ recipientId: customerId }).map((s) => s.text)).toEqual(['queued 0']);

      const store2 = sqliteStore({ file });
      kit2 = createKitProxy({
        accounts: [{ id: IG_ACCOUNT.id, flavor: 'instagram', token: IG_ACCOUNT.token }],
        appSecret: APP_SECRET,
        verifyToken: VERIFY_TOKEN,
        graph: { baseUrl: { instagram: `${slow.sandboxServer.url}/instagram`, page: `${slow.sandboxServer.url}/facebook` } },
        authorize: allowAll,
        store: store2,
        logger: pino({ level: 'silent' }),
        backfill: false,
        now: () => slow.sandbox.clock.now(),
        outbox: FAST_OUTBOX,
      });
      const app = express();
      app.use('/kit', kit2);
      server = await new Promise<Server>((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      await kit2.idle();
      expect(slow.sandbox.inspect.sent({ recipientId: customerId }).map((s) => s.text)).toEqual(['queued 0', 'queued 1', 'queued 2']);
      for (const clientId of ids) expect((await store2.getSendByClientId(IG_ACCOUNT.id, clientId))?.status).toBe('sent');
      await kit2.close();
      await store2.close();
    } finally {
      server?.closeAllConnections();
      server?.close();
      await slow.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('secrets', () => {
  it('never shows a token, proof or app secret in any response or log line', () => {
    expect(recorder.size).toBeGreaterThan(10);
    expect(recorder.leaks()).toEqual([]);
  });
});
