/**
 * Inbound over real HTTP: the sandbox's customer API → signed webhooks → the kit → store + SSE.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import express from 'express';
import type { KitConversation, KitMessage } from '@kit/core';
import { appsecretProof } from '../graph/client';
import { sqliteStore } from '../store/sqlite';
import { APP_SECRET, IG_ACCOUNT, metaJson, PAGE_ACCOUNT, Recorder, signBody, SseClient, startHarness, VERIFY_TOKEN, type Harness } from '../test/harness';

const recorder = new Recorder();
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ recorder });
});
afterAll(async () => {
  await h?.close();
});

/** The business sends through the sandbox's Send API directly (the sending side is issue 6). */
async function businessSend(accountId: string, token: string, flavor: 'instagram' | 'facebook', to: string, text: string): Promise<string> {
  const res = await fetch(`${h.sandboxServer.url}/${flavor}/v26.0/${accountId}/messages?appsecret_proof=${appsecretProof(token, APP_SECRET)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ recipient: { id: to }, message: { text } }),
  });
  const body = (await res.json()) as { message_id: string };
  expect(res.status).toBe(200);
  return body.message_id;
}

async function post(body: string, headers: Record<string, string>) {
  return h.call('/webhook', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

describe('webhook handshake', () => {
  it('echoes the challenge for the right verify token and refuses anything else with 403', async () => {
    const ok = await h.call(`/webhook?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('1158201444');
    const bad = await h.call('/webhook?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1158201444');
    expect(bad.status).toBe(403);
    expect(bad.json).toMatchObject({ error: { code: 'webhook_verification_failed', retryable: false } });
    expect(bad.text).not.toContain('1158201444');
    expect((await h.call('/webhook?hub.mode=unsubscribe&hub.verify_token=' + VERIFY_TOKEN + '&hub.challenge=1')).status).toBe(403);
  });
});

describe('every customer event kind', () => {
  it('lands in the store and on SSE, and the page-flavor account gets its own', async () => {
    const sse = await SseClient.open(`${h.kitUrl}/events`, recorder);
    expect(sse.status).toBe(200);
    const { customer, sandbox } = h;
    const ana = customer.create({ accountId: IG_ACCOUNT.id, username: 'ana', name: 'Ana' });
    const ref = ana.id;

    const first = customer.text(ref, 'Ciao! Quanto costa? 😀');
    const reply = customer.replyTo(ref, first.mid as string, 'inline reply');
    const image = customer.media(ref, 'image');
    const video = customer.media(ref, 'video');
    const audio = customer.media(ref, 'audio');
    const file = customer.media(ref, 'file');
    const post = customer.share(ref, { kind: 'post', title: 'Caption', withLegacyShare: true });
    const reel = customer.share(ref, { kind: 'reel' });
    const mention = customer.mentionInStory(ref);
    const storyReply = customer.replyToStory(ref, 'love this story');
    const quick = customer.quickReply(ref, { title: 'Yes', payload: 'QR_YES' });
    const unsupported = customer.unsupported(ref);
    await h.settle();
    const echoMid = await businessSend(IG_ACCOUNT.id, IG_ACCOUNT.token, 'instagram', ana.id, 'Hello from the business');
    await h.settle();
    customer.react(ref, first.mid as string, 'wow');
    customer.react(ref, echoMid, 'love');
    customer.unreact(ref, echoMid);
    customer.edit(ref, reply.mid as string, 'inline reply (edited)');
    customer.read(ref);
    customer.postback(ref, { title: 'Get started', payload: 'GET_STARTED' });
    customer.referral(ref, { ref: 'summer-sale' });
    customer.optIn(ref, { title: 'Weekly deals' });
    customer.optOut(ref);
    customer.unsend(ref, image.mid as string);
    const pageCustomer = customer.create({ accountId: PAGE_ACCOUNT.id, username: 'bruno' });
    const pageMsg = customer.text(pageCustomer.id, 'Hi page');
    await h.settle();

    const cid = `${IG_ACCOUNT.id}:${ana.id}`;
    const get = (mid: string | undefined) => h.kit.store.getMessage(IG_ACCOUNT.id, mid as string) as Promise<KitMessage>;

    expect(await get(first.mid)).toMatchObject({
      conversationId: cid,
      direction: 'inbound',
      text: 'Ciao! Quanto costa? 😀',
      from: { id: ana.id },
      reactions: [{ by: 'customer', reaction: 'wow', emoji: '\u{1F62E}' }],
    });
    expect(await get(reply.mid)).toMatchObject({ text: 'inline reply (edited)', editCount: 1, replyTo: { messageId: first.mid } });
    expect((await get(video.mid)).attachments).toEqual([{ type: 'video', url: expect.stringMatching(/^http/) }]);
    expect((await get(audio.mid)).attachments[0]?.type).toBe('audio');
    expect((await get(file.mid)).attachments[0]?.type).toBe('file');
    const postMsg = await get(post.mid);
    expect(postMsg.attachments).toEqual([expect.objectContaining({ type: 'ig_post', title: 'Caption', mediaId: expect.any(String) })]);
    expect((await get(reel.mid)).attachments).toEqual([expect.objectContaining({ type: 'ig_reel', videoId: expect.any(String) })]);
    expect((await get(mention.mid)).attachments[0]?.type).toBe('story_mention');
    expect((await get(storyReply.mid)).replyTo).toEqual({ story: { id: expect.any(String), url: expect.stringMatching(/^http/) } });
    expect(await get(quick.mid)).toMatchObject({ text: 'Yes', quickReplyPayload: 'QR_YES' });
    expect(await get(unsupported.mid)).toMatchObject({ unsupported: true, attachments: [] });
    // Unsend erased the content and left a tombstone.
    const tomb = await get(image.mid);
    expect(tomb).toMatchObject({ id: image.mid, deleted: true, attachments: [] });
    expect(tomb.text).toBeUndefined();
    // The echo of the business's message is an outbound message, read by the customer, unreacted.
    expect(await get(echoMid)).toMatchObject({ direction: 'outbound', isEcho: true, status: 'sent', reactions: [], readAt: expect.any(Number) });

    // A tapped button and a referral are rows of the thread too, in time order, once each.
    const rows = (await h.kit.store.listMessages(cid, { limit: 100 })).filter((m) => m.postback || (m.referral && !m.text));
    expect(rows.map((m) => ({ postback: m.postback, referral: m.referral, direction: m.direction, text: m.text }))).toEqual([
      { postback: undefined, referral: expect.objectContaining({ ref: 'summer-sale' }), direction: 'inbound', text: undefined },
      { postback: { title: 'Get started', payload: 'GET_STARTED' }, referral: undefined, direction: 'inbound', text: undefined },
    ]);

    const conv = (await h.kit.store.getConversation(cid)) as KitConversation;
    expect(conv).toMatchObject({ accountId: IG_ACCOUNT.id, customerId: ana.id, window: 'open', consent: { state: 'opted_out' } });
    const pageStored = await h.kit.store.getMessage(PAGE_ACCOUNT.id, pageMsg.mid as string);
    expect(pageStored).toMatchObject({ conversationId: `${PAGE_ACCOUNT.id}:${pageCustomer.id}`, to: { id: PAGE_ACCOUNT.igUserId } });

    await sse.waitFor((c) => c.events().some((e) => e.type === 'message' && (e.message as KitMessage).id === pageMsg.mid));
    // Background work (profile reads) logs conversation_updated events after the webhooks: let it
    // finish, then wait until the stream has carried everything the log holds.
    await h.settle();
    const logCount = (await h.kit.store.readEvents({ limit: 10_000 })).length;
    await sse.waitFor((c) => c.events().length >= logCount);
    const events = sse.events();
    const types = new Set(events.map((e) => e.type));
    for (const t of ['message', 'message_edited', 'message_deleted', 'reaction', 'read', 'postback', 'referral', 'optin', 'conversation_updated']) {
      expect(types, `SSE carried a ${t} event`).toContain(t);
    }
    expect(events.filter((e) => e.type === 'reaction').map((e) => e.action)).toEqual(['react', 'react', 'unreact']);
    const rowIds = new Set(rows.map((m) => m.id));
    expect(events.filter((e) => e.type === 'message' && rowIds.has((e.message as KitMessage).id))).toHaveLength(2);
    expect(events.filter((e) => e.type === 'optin').map((e) => e.state)).toEqual(['opted_in', 'opted_out']);
    // The notification-messages token of the opt-in never reaches an event.
    expect(JSON.stringify(events)).not.toContain('notification_messages_token');
    // id: on every event frame, strictly increasing, equal to the event log ids.
    const ids = events.map((e) => Number(e.id));
    expect(ids.every((id, i) => i === 0 || id > (ids[i - 1] as number))).toBe(true);
    expect(sse.frames.filter((f) => f.data !== undefined).every((f) => f.id === JSON.parse(f.data as string).id)).toBe(true);
    const logged = await h.kit.store.readEvents({ limit: 10_000 });
    expect(events.map((e) => e.id)).toEqual(logged.map((e) => e.id));
    // Heartbeats flow.
    await sse.waitFor((c) => c.frames.some((f) => f.comment?.startsWith('ping')));
    await sse.close();
    expect(sandbox.inspect.webhooks({ kind: 'event', ok: false })).toEqual([]);
  });

  it('keeps unknown kinds (app roles, comments) as unsupported events without crashing', async () => {
    const ana = h.customer.create({ accountId: IG_ACCOUNT.id });
    const body = metaJson({
      object: 'instagram',
      entry: [
        {
          id: IG_ACCOUNT.id,
          time: Date.now(),
          messaging: [
            { sender: { id: ana.id }, recipient: { id: IG_ACCOUNT.id }, timestamp: Date.now(), app_roles: { '1': ['primary_receiver'] } },
            { sender: { id: ana.id }, recipient: { id: IG_ACCOUNT.id }, timestamp: Date.now(), brand_new_kind: { anything: true } },
          ],
        },
        { id: IG_ACCOUNT.id, time: Date.now(), changes: [{ field: 'comments', value: { id: 'c1', text: 'nice' } }] },
      ],
    });
    const before = Number((await h.kit.store.lastEventId()) ?? 0);
    expect((await post(body, { 'x-hub-signature-256': signBody(body, APP_SECRET) })).status).toBe(200);
    await h.kit.idle();
    const events = await h.kit.store.readEvents({ after: String(before), limit: 100 });
    expect(events.map((e) => (e.type === 'unsupported' ? e.kind : e.type))).toEqual(['app_roles', 'brand_new_kind', 'comments']);
    expect(recorder.logLines.some((l) => l.includes('unsupported webhook event kept') && l.includes('brand_new_kind'))).toBe(true);
  });
});

describe('signature', () => {
  const payload = (mid: string, customerId = '990001') =>
    metaJson({
      object: 'instagram',
      entry: [{ id: IG_ACCOUNT.id, time: Date.now(), messaging: [{ sender: { id: customerId }, recipient: { id: IG_ACCOUNT.id }, timestamp: Date.now(), message: { mid, text: 'äöå signed' } }] }],
    });

  it('refuses missing (401) and bad (403) signatures and stores nothing', async () => {
    const lastEvent = await h.kit.store.lastEventId();
    const body = payload('mid-unsigned');
    const missing = await post(body, {});
    expect(missing.status).toBe(401);
    expect(missing.json).toMatchObject({ error: { code: 'webhook_signature_missing' } });
    const cases: Record<string, string> = {
      'wrong secret': signBody(body, 'another-app-secret'),
      'signature of other bytes': signBody(body.replace('signed', 'signeD'), APP_SECRET),
      'signature over re-serialized JSON': signBody(JSON.stringify(JSON.parse(body)), APP_SECRET),
      'sha1 form': `sha1=${'0'.repeat(40)}`,
      'truncated hex': signBody(body, APP_SECRET).slice(0, 40),
      'empty value': 'sha256=',
    };
    for (const [name, sig] of Object.entries(cases)) {
      const r = await post(body, { 'x-hub-signature-256': sig });
      expect(r.status, name).toBe(403);
      expect(r.json, name).toMatchObject({ error: { code: 'webhook_signature_invalid', retryable: false } });
    }
    await h.kit.idle();
    expect(await h.kit.store.lastEventId()).toBe(lastEvent);
    expect(await h.kit.store.getMessage(IG_ACCOUNT.id, 'mid-unsigned')).toBeNull();
    expect(await h.kit.store.listUnprocessedWebhooks(10)).toEqual([]);
  });

  it('accepts the escaped-unicode bytes Meta signs, with any secret during rotation', async () => {
    const rotating = await startHarness({ recorder, proxy: { appSecret: ['new-app-secret-1234', APP_SECRET] } });
    try {
      const body = payload('mid-rotation');
      expect(body).toContain('\\u00e4');
      expect((await rotating.call('/webhook', { method: 'POST', headers: { 'x-hub-signature-256': signBody(body, 'new-app-secret-1234') }, body })).status).toBe(200);
      expect((await rotating.call('/webhook', { method: 'POST', headers: { 'x-hub-signature-256': signBody(body, 'old-unknown-secret') }, body })).status).toBe(403);
      await rotating.kit.idle();
      expect(await rotating.kit.store.getMessage(IG_ACCOUNT.id, 'mid-rotation')).toMatchObject({ text: 'äöå signed' });
    } finally {
      await rotating.close();
    }
  });

  it('limits the body size (413, envelope)', async () => {
    const small = await startHarness({ recorder, proxy: { webhook: { maxBytes: 1000 } } });
    try {
      const body = JSON.stringify({ object: 'instagram', entry: [], pad: 'x'.repeat(2000) });
      const r = await small.call('/webhook', { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, APP_SECRET) }, body });
      expect(r.status).toBe(413);
      expect(r.json).toMatchObject({ error: { code: 'payload_too_large' } });
    } finally {
      await small.close();
    }
  });
});

describe('host body parsers', () => {
  it('fails closed with a clear error when express.json() consumed the raw body before the kit', async () => {
    const hj = await startHarness({
      recorder,
      before: (app) => app.use(express.json()),
      sandbox: { webhooks: { retryBaseMs: 10, retryMaxMs: 20, maxAttempts: 3 } },
    });
    try {
      const c = hj.customer.create({ accountId: IG_ACCOUNT.id });
      hj.customer.text(c.id, 'lost?');
      await hj.sandbox.flush();
      const failed = hj.sandbox.inspect.webhooks({ kind: 'event', ok: false });
      expect(failed.length).toBeGreaterThan(0);
      expect(failed[0]?.status).toBe(500);
      expect(await hj.kit.store.lastEventId()).toBeNull();
      expect(recorder.logLines.some((l) => l.includes('mount the kit before express.json()'))).toBe(true);
    } finally {
      await hj.close();
    }
  });

  it('verifies req.rawBody kept by the host parser', async () => {
    const hr = await startHarness({
      recorder,
      before: (app) =>
        app.use(
          express.json({
            verify: (req, _res, buf) => {
              (req as unknown as { rawBody: Buffer }).rawBody = buf;
            },
          }),
        ),
    });
    try {
      const c = hr.customer.create({ accountId: IG_ACCOUNT.id });
      const m = hr.customer.text(c.id, 'with rawBody 👋');
      await hr.settle();
      expect(await hr.kit.store.getMessage(IG_ACCOUNT.id, m.mid as string)).toMatchObject({ text: 'with rawBody 👋' });
    } finally {
      await hr.close();
    }
  });
});

describe('unsend on the embedded SQLite store', () => {
  it('leaves no trace of the content in any table or any file under the store directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kit-unsend-'));
    const file = join(dir, 'kit.db');
    const hs = await startHarness({ recorder, proxy: { store: sqliteStore({ file }) } });
    try {
      const c = hs.customer.create({ accountId: IG_ACCOUNT.id });
      const m = hs.customer.text(c.id, 'my card number is 4242');
      hs.customer.edit(c.id, m.mid as string, 'my card number is 4242 4242');
      hs.customer.media(c.id, 'image');
      hs.customer.unsend(c.id, m.mid as string);
      await hs.settle();
      const sse = await SseClient.open(`${hs.kitUrl}/events`, recorder, { 'last-event-id': '0' });
      await sse.waitFor((s) => s.events().some((e) => e.type === 'message_deleted'));
      await sse.close();
      expect(JSON.stringify(sse.events())).not.toContain('4242');
      // On disk, while the store is still open: the WAL (checkpointed and truncated after the
      // erasure) and the database file hold no byte of the erased text.
      for (const name of readdirSync(dir)) {
        expect(readFileSync(join(dir, name)).includes('4242'), `${name} still holds the unsent text`).toBe(false);
      }
      expect(readdirSync(dir)).toContain('kit.db-wal');
      await hs.kit.store.close();
      const db = new DatabaseSync(file);
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
      const dump = tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM ${t}`).all())).join('\n');
      db.close();
      expect(dump).toContain(m.mid as string);
      expect(dump).not.toContain('4242');
    } finally {
      await hs.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('also erases payloads that mention the message after the unsend: a retry of the original, a late edit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kit-unsend-late-'));
    const file = join(dir, 'kit.db');
    const hs = await startHarness({ recorder, proxy: { store: sqliteStore({ file }) } });
    try {
      const c = hs.customer.create({ accountId: IG_ACCOUNT.id });
      const m = hs.customer.text(c.id, 'my card number is 4242');
      await hs.settle();
      hs.customer.edit(c.id, m.mid as string, 'my card number is 4242 4242');
      await hs.settle();
      // The exact bytes Meta sent, as it would send them again (a retry) or late (a slow batch).
      const earlier = hs.sandbox.inspect
        .webhooks({ kind: 'event' })
        .filter((w) => w.body?.includes(m.mid as string))
        .map((w) => w.body as string);
      expect(earlier.length).toBeGreaterThanOrEqual(2);
      hs.customer.unsend(c.id, m.mid as string);
      await hs.settle();
      for (const body of earlier) {
        const r = await hs.call('/webhook', { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, APP_SECRET) }, body });
        expect(r.status).toBe(200);
      }
      await hs.kit.idle();
      expect(await hs.kit.store.getMessage(IG_ACCOUNT.id, m.mid as string)).toMatchObject({ deleted: true });
      for (const name of readdirSync(dir)) {
        expect(readFileSync(join(dir, name)).includes('4242'), `${name} still holds the unsent text`).toBe(false);
      }
      await hs.kit.store.close();
      const db = new DatabaseSync(file);
      const bodies = (db.prepare('SELECT body FROM webhooks').all() as { body: string }[]).map((r) => r.body);
      db.close();
      expect(bodies.length).toBeGreaterThanOrEqual(earlier.length + 1);
      expect(bodies.join('\n')).not.toContain('4242');
    } finally {
      await hs.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('duplicates and ordering', () => {
  it('never sends live the content of a message unsent in the same delivery', async () => {
    const sse = await SseClient.open(`${h.kitUrl}/events`, recorder);
    const c = h.customer.create({ accountId: IG_ACCOUNT.id });
    // Back to back: one webhook body, applied in one transaction.
    const m = h.customer.text(c.id, 'my code is 9191');
    h.customer.unsend(c.id, m.mid as string);
    await h.settle();
    expect(h.sandbox.inspect.webhooks({ kind: 'event' }).filter((w) => w.body?.includes(m.mid as string))).toHaveLength(1);
    await sse.waitFor((s) => s.events().some((e) => e.type === 'message_deleted' && e.messageId === m.mid));
    await sse.close();
    const frames = sse.events().filter((e) => JSON.stringify(e).includes(m.mid as string));
    expect(frames.map((e) => e.type)).toContain('message');
    expect(JSON.stringify(frames)).not.toContain('9191');
  });

  it('applies redeliveries and parallel duplicates once', async () => {
    const c = h.customer.create({ accountId: IG_ACCOUNT.id });
    h.sandbox.faults.set({ webhookDuplicateRate: 1 });
    const m = h.customer.text(c.id, 'once please');
    await h.settle();
    h.sandbox.faults.clear();
    expect(h.sandbox.inspect.webhooks({ kind: 'event' }).filter((w) => w.duplicate).length).toBeGreaterThan(0);

    const body = metaJson({
      object: 'instagram',
      entry: [{ id: IG_ACCOUNT.id, time: Date.now(), messaging: [{ sender: { id: c.id }, recipient: { id: IG_ACCOUNT.id }, timestamp: Date.now(), message: { mid: 'mid-parallel', text: 'parallel' } }] }],
    });
    const sig = signBody(body, APP_SECRET);
    const results = await Promise.all(Array.from({ length: 6 }, () => post(body, { 'x-hub-signature-256': sig })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    await h.kit.idle();

    const events = await h.kit.store.readEvents({ limit: 10_000 });
    const messageEvents = (mid: string) => events.filter((e) => e.type === 'message' && e.message.id === mid);
    expect(messageEvents(m.mid as string)).toHaveLength(1);
    expect(messageEvents('mid-parallel')).toHaveLength(1);
    const conv = (await h.kit.store.getConversation(`${IG_ACCOUNT.id}:${c.id}`)) as KitConversation;
    expect(conv.unreadCount).toBe(2);
  });

  it('orders by timestamp: an edit or unsend that overtakes its message still wins', async () => {
    const cust = '880077';
    const t0 = Date.now() - 60_000;
    const sendBody = (messaging: Record<string, unknown>[]) => {
      const body = metaJson({ object: 'instagram', entry: [{ id: IG_ACCOUNT.id, time: Date.now(), messaging }] });
      return post(body, { 'x-hub-signature-256': signBody(body, APP_SECRET) });
    };
    const env = (ts: number) => ({ sender: { id: cust }, recipient: { id: IG_ACCOUNT.id }, timestamp: ts });
    // Delivered late: the edit and the unsend arrive before the messages they refer to.
    await sendBody([{ ...env(t0 + 2000), message_edit: { mid: 'mid-edited', text: 'final text', num_edit: 1 } }]);
    await sendBody([{ ...env(t0 + 3000), message: { mid: 'mid-unsent', is_deleted: true } }]);
    await sendBody([
      { ...env(t0 + 1500), message: { mid: 'mid-unsent', text: 'secret that was unsent' } },
      { ...env(t0 + 1000), message: { mid: 'mid-edited', text: 'first text' } },
    ]);
    await h.kit.idle();
    expect(await h.kit.store.getMessage(IG_ACCOUNT.id, 'mid-edited')).toMatchObject({ text: 'final text', editCount: 1, createdAt: t0 + 1000 });
    const unsent = await h.kit.store.getMessage(IG_ACCOUNT.id, 'mid-unsent');
    expect(unsent).toMatchObject({ deleted: true, attachments: [] });
    expect(JSON.stringify(await h.kit.store.listMessages(`${IG_ACCOUNT.id}:${cust}`, { limit: 10 }))).not.toContain('secret that was unsent');
    // Inside one batch the older message was applied first.
    const events = await h.kit.store.readEvents({ limit: 10_000 });
    const order = events.filter((e) => e.type === 'message' && e.conversationId === `${IG_ACCOUNT.id}:${cust}`).map((e) => (e.type === 'message' ? e.message.id : ''));
    expect(order).toEqual(['mid-edited', 'mid-unsent']);
  });
});

describe('SSE resume', () => {
  it('loses nothing across a disconnect (Last-Event-ID replay, then live)', async () => {
    const c = h.customer.create({ accountId: IG_ACCOUNT.id });
    const first = await SseClient.open(`${h.kitUrl}/events`, recorder);
    h.customer.text(c.id, 'one');
    h.customer.text(c.id, 'two');
    await h.settle();
    await first.waitFor((s) => s.events().filter((e) => e.type === 'message').length >= 2);
    const lastSeen = first.events().at(-1)!.id;
    await first.close();

    // While disconnected:
    const missed = ['three', 'four', 'five'].map((t) => h.customer.text(c.id, t).mid);
    await h.settle();

    const second = await SseClient.open(`${h.kitUrl}/events`, recorder, { 'last-event-id': lastSeen });
    const live = h.customer.text(c.id, 'six (live)').mid;
    await h.settle();
    await second.waitFor((s) => s.events().some((e) => e.type === 'message' && (e.message as KitMessage).id === live));
    const got = second.events();
    const expected = await h.kit.store.readEvents({ after: lastSeen, limit: 10_000 });
    expect(got.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    expect(got.filter((e) => e.type === 'message').map((e) => (e.message as KitMessage).id)).toEqual([...missed, live]);
    await second.close();

    // The long-poll fallback serves the same log.
    const poll = await h.call(`/events?after=${lastSeen}&wait=0`);
    expect((poll.json as { events: { id: string }[] }).events.map((e) => e.id)).toEqual(expected.map((e) => e.id));
  });

  it('long-poll waits for the next event', async () => {
    const now = (await h.call('/events')).json as { lastEventId: string };
    const c = h.customer.create({ accountId: IG_ACCOUNT.id });
    const pending = h.call(`/events?after=${now.lastEventId}&wait=5`);
    await new Promise((r) => setTimeout(r, 50));
    const mid = h.customer.text(c.id, 'wake up').mid;
    await h.settle();
    const res = (await pending).json as { events: { type: string; message?: KitMessage }[]; lastEventId: string };
    expect(res.events.some((e) => e.type === 'message' && e.message?.id === mid)).toBe(true);
    expect(Number(res.lastEventId)).toBeGreaterThan(Number(now.lastEventId));
  });

  it('tells the client to reload when the resume point is not in the log', async () => {
    const sse = await SseClient.open(`${h.kitUrl}/events`, recorder, { 'last-event-id': '999999999' });
    await sse.waitFor((s) => s.frames.some((f) => f.event === 'reset'));
    await sse.close();
    expect((await h.call('/events', { headers: { 'last-event-id': 'abc' } })).status).toBe(400);
  });

  it('only streams events of accounts the caller may see', async () => {
    const scoped = await startHarness({
      recorder,
      proxy: { authorize: (req, { accountId }) => req.get('x-user') === 'page-agent' && accountId === PAGE_ACCOUNT.id },
    });
    try {
      expect((await SseClient.open(`${scoped.kitUrl}/events`, recorder)).status).toBe(403);
      const sse = await SseClient.open(`${scoped.kitUrl}/events`, recorder, { 'x-user': 'page-agent' });
      const igCustomer = scoped.customer.create({ accountId: IG_ACCOUNT.id });
      const pageCustomer = scoped.customer.create({ accountId: PAGE_ACCOUNT.id });
      scoped.customer.text(igCustomer.id, 'for the IG account only');
      const pageMid = scoped.customer.text(pageCustomer.id, 'for the page').mid;
      await scoped.settle();
      await sse.waitFor((s) => s.events().some((e) => e.type === 'message' && (e.message as KitMessage).id === pageMid));
      expect(sse.events().every((e) => e.accountId === PAGE_ACCOUNT.id)).toBe(true);
      await sse.close();
    } finally {
      await scoped.close();
    }
  });
});

describe('secrets', () => {
  it('no response, SSE frame or log line of this suite contains a token, proof or app secret', () => {
    expect(recorder.size).toBeGreaterThan(50);
    expect(recorder.leaks()).toEqual([]);
  });
});
