/**
 * POST /accounts/:id/attachments against the sandbox: Page accounts hand the file to Meta's
 * Attachment Upload API, Instagram-Login accounts get a signed, expiring URL the sandbox then
 * downloads; files whose bytes lie about their type, unknown formats and oversize files are
 * refused before anything reaches the sandbox, and no temporary file is left behind.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { conversationId, MEDIA_LIMITS, type KitAttachment } from '@kit/core';
import { allowAll } from '../http/authorize';
import { createKitProxy, type KitProxy } from '../proxy';
import { newClientId, openConversation, send, startSendHarness } from '../test/send-kit';
import { memoryStore } from '../store/memory';
import { APP_SECRET, IG_ACCOUNT, PAGE_ACCOUNT, Recorder, VERIFY_TOKEN, type Harness } from '../test/harness';

const placeholder = (await import(/* @vite-ignore */ new URL('../../../sandbox/src/placeholder.ts', import.meta.url).href)) as {
  placeholderPng(rgb: [number, number, number], size?: number): Buffer;
  placeholderFile(kind: 'video' | 'audio' | 'file'): { mime: string; bytes: Buffer };
};
const PNG = new Uint8Array(placeholder.placeholderPng([200, 30, 90]));
const PDF = new Uint8Array(placeholder.placeholderFile('file').bytes);

const recorder = new Recorder();
const dir = mkdtempSync(join(tmpdir(), 'kit-uploads-test-'));
let h: Harness;

beforeAll(async () => {
  h = await startSendHarness({ recorder, proxy: { uploads: { dir } } });
});
afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface UploadAnswer {
  status: number;
  json: { attachment?: KitAttachment & { attachmentId?: string; url?: string }; error?: { code: string; message: string } };
  err?: unknown;
}

async function upload(base: string, accountId: string, bytes: Uint8Array<ArrayBuffer>, name: string, type: string, fields: Record<string, string> = {}): Promise<UploadAnswer> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set('file', new Blob([bytes], { type }), name);
  try {
    const res = await fetch(`${base}/accounts/${accountId}/attachments`, { method: 'POST', headers: { 'x-kit-request': '1' }, body: form });
    const text = await res.text();
    recorder.responses.push(text);
    return { status: res.status, json: JSON.parse(text) as UploadAnswer['json'] };
  } catch (err) {
    return { status: 0, json: {}, err };
  }
}

const leftovers = () => readdirSync(dir).filter((f) => f.startsWith('upload-'));

describe('refused before anything reaches Meta', () => {
  it('refuses bytes that lie about their type, unknown formats, empty and oversize files', async () => {
    const before = h.sandbox.inspect.requests().length;
    const lie = await upload(h.kitUrl, PAGE_ACCOUNT.id, PDF, 'holiday.png', 'image/png');
    expect(lie.status).toBe(415);
    expect(lie.json.error?.code).toBe('type_mismatch');
    expect(lie.json.error?.message).toMatch(/PDF/);
    const text = await upload(h.kitUrl, PAGE_ACCOUNT.id, new TextEncoder().encode('just text, not an image'.repeat(300)), 'note.png', 'image/png');
    expect(text.status).toBe(415);
    expect(text.json.error?.code).toBe('unsupported_format');
    const empty = await upload(h.kitUrl, PAGE_ACCOUNT.id, new Uint8Array(0), 'empty.png', 'image/png');
    expect(empty.json.error?.code).toBe('empty');
    const huge = new Uint8Array(MEDIA_LIMITS.image.maxBytes + 1);
    huge.set(PNG);
    const big = await upload(h.kitUrl, PAGE_ACCOUNT.id, huge, 'big.png', 'image/png');
    // The proxy answers as soon as the cap is passed; a client still uploading may see the
    // connection close instead of reading the 413.
    if (big.status !== 0) {
      expect(big.status).toBe(413);
      expect(big.json.error?.code).toBe('too_large');
    }
    const notMultipart = await h.call(`/accounts/${PAGE_ACCOUNT.id}/attachments`, { method: 'POST', headers: { 'x-kit-request': '1', 'content-type': 'image/png' }, body: PNG });
    expect(notMultipart.status).toBe(415);
    expect(h.sandbox.inspect.requests().length).toBe(before);
    // The oversize upload's temporary file is removed once its connection closes, which a loaded
    // machine may get to a moment after the answer.
    await vi.waitFor(() => expect(leftovers()).toEqual([]), { timeout: 5000 });
  });
});

describe('Page accounts: Attachment Upload API', () => {
  it('uploads to Meta, answers the attachment id, and the message sends by id', async () => {
    const r = await upload(h.kitUrl, PAGE_ACCOUNT.id, PNG, 'shoe ünïcode.png', 'image/png');
    expect(r.status).toBe(201);
    expect(r.json.attachment).toMatchObject({ type: 'image', mime: 'image/png', size: PNG.length, format: 'png', name: 'shoe ünïcode.png', attachmentId: expect.any(String) });
    const call = h.sandbox.inspect.requests().filter((q) => q.path.endsWith('/message_attachments')).at(-1);
    expect(call?.status).toBe(200);
    expect(JSON.stringify(call?.body)).toMatch(/"size":\s*\d+/);
    expect(leftovers()).toEqual([]);

    const { customerId } = await openConversation(h, PAGE_ACCOUNT.id);
    const sent = await send(h, PAGE_ACCOUNT.id, { to: customerId, clientId: newClientId(), attachment: r.json.attachment });
    expect(sent.json.message).toMatchObject({ status: 'sent', attachments: [{ type: 'image', attachmentId: r.json.attachment?.attachmentId }] });
    expect(h.sandbox.inspect.sent({ recipientId: customerId })[0]?.attachments[0]?.type).toBe('image');
  });

  it('binds the attachment id to the account that uploaded it: another account, or Meta’s bare id, is refused before Graph', async () => {
    const r = await upload(h.kitUrl, PAGE_ACCOUNT.id, PNG, 'bound.png', 'image/png');
    expect(r.status).toBe(201);
    const bound = r.json.attachment?.attachmentId as string;
    // Meta's own id, bound to the account by a MAC: `<metaId>_<mac>`.
    const [metaId, mac] = bound.split(/_(.*)/s) as [string, string];
    expect(metaId).toMatch(/^\d+$/);
    expect(mac).toHaveLength(22);

    const ig = await openConversation(h, IG_ACCOUNT.id);
    const page = await openConversation(h, PAGE_ACCOUNT.id);
    const before = h.sandbox.inspect.requests().length;
    const refusals = [
      [IG_ACCOUNT.id, ig.customerId, bound], // another account's upload
      [PAGE_ACCOUNT.id, page.customerId, metaId], // Meta's id without our binding (uploaded elsewhere, or guessed)
      [PAGE_ACCOUNT.id, page.customerId, `${metaId}_${'A'.repeat(22)}`], // a forged binding
    ] as const;
    for (const [account, to, attachmentId] of refusals) {
      const clientId = newClientId('foreign');
      const res = await send(h, account, { to, clientId, attachment: { type: 'image', attachmentId } });
      expect(res.status, String(attachmentId)).toBe(422);
      expect(res.json.error).toMatchObject({ code: 'foreign_reference', message: expect.stringContaining(`POST /accounts/${account}/attachments`) });
      expect(await h.kit.store.getSendByClientId(account, clientId)).toBeNull();
    }
    expect(h.sandbox.inspect.requests().length).toBe(before);
    // The owner's send by the same id goes out with Meta's id.
    const ok = await send(h, PAGE_ACCOUNT.id, { to: page.customerId, clientId: newClientId(), attachment: { type: 'image', attachmentId: bound } });
    expect(ok.json.message?.status).toBe('sent');
    const last = h.sandbox.inspect.requests().filter((q) => q.path.endsWith('/messages')).at(-1);
    expect(JSON.stringify(last?.body)).toContain(`"attachment_id":"${metaId}"`);
  });

  it('isReusable: a reusable id goes to any number of customers; "false" is forwarded and Meta binds the id to its first customer', async () => {
    const uploadCalls = () => h.sandbox.inspect.requests().filter((q) => q.path.endsWith('/message_attachments'));
    const sentTo = async (attachmentId: string, customerId: string) =>
      (await send(h, PAGE_ACCOUNT.id, { to: customerId, clientId: newClientId('reuse'), attachment: { type: 'image', attachmentId } })).json;
    const a = await openConversation(h, PAGE_ACCOUNT.id);
    const b = await openConversation(h, PAGE_ACCOUNT.id);

    const reusable = await upload(h.kitUrl, PAGE_ACCOUNT.id, PNG, 'catalogue.png', 'image/png', { isReusable: 'true' });
    expect(reusable.json).toMatchObject({ reusable: true });
    expect(JSON.stringify(uploadCalls().at(-1)?.body)).toMatch(/is_reusable\\?":\s*\\?"true/);
    const id = reusable.json.attachment?.attachmentId as string;
    expect((await sentTo(id, a.customerId)).message?.status).toBe('sent');
    expect((await sentTo(id, b.customerId)).message?.status).toBe('sent');
    expect((await sentTo(id, a.customerId)).message?.status).toBe('sent');

    const once = await upload(h.kitUrl, PAGE_ACCOUNT.id, PNG, 'once.png', 'image/png', { isReusable: 'false' });
    expect(once.json).toMatchObject({ reusable: false });
    expect(JSON.stringify(uploadCalls().at(-1)?.body)).toMatch(/is_reusable\\?":\s*\\?"false/);
    const onceId = once.json.attachment?.attachmentId as string;
    expect((await sentTo(onceId, a.customerId)).message?.status).toBe('sent');
    const second = await sentTo(onceId, b.customerId);
    expect(second.message?.status).toBe('failed');

    const bad = await upload(h.kitUrl, PAGE_ACCOUNT.id, PNG, 'x.png', 'image/png', { isReusable: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.code).toBe('invalid_is_reusable');
    const unknown = await upload(h.kitUrl, PAGE_ACCOUNT.id, PNG, 'x.png', 'image/png', { reusable: 'true' });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toMatchObject({ code: 'unknown_field', message: expect.stringContaining('`reusable`') });
    expect(leftovers()).toEqual([]);
  });

  it('explains that Instagram-Login accounts need publicUrl for URL sending', async () => {
    const r = await upload(h.kitUrl, IG_ACCOUNT.id, PNG, 'a.png', 'image/png');
    expect(r.status).toBe(500);
    expect(r.json.error?.code).toBe('public_url_required');
  });
});

describe('Instagram-Login accounts: signed, expiring URLs', () => {
  let server: Server;
  let kit: KitProxy;
  let base: string;
  beforeAll(async () => {
    const front = express();
    front.use('/kit', (req, res, next) => kit(req, res, next));
    server = await new Promise<Server>((resolve) => {
      const s = front.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/kit`;
    kit = createKitProxy({
      accounts: [{ id: IG_ACCOUNT.id, flavor: 'instagram', token: IG_ACCOUNT.token }],
      appSecret: APP_SECRET,
      verifyToken: VERIFY_TOKEN,
      graph: { baseUrl: { instagram: `${h.sandboxServer.url}/instagram`, page: `${h.sandboxServer.url}/facebook` } },
      authorize: allowAll,
      store: memoryStore(),
      logger: pino({ level: 'silent' }),
      backfill: false,
      publicUrl: base,
      now: () => h.sandbox.clock.now(),
      uploads: { dir, urlTtlMs: 60_000 },
      outbox: { waitMs: 2000, pollMs: 50 },
    });
  });
  afterAll(async () => {
    await kit.close();
    server.closeAllConnections();
    server.close();
  });

  it('serves the upload at a signed URL the sandbox downloads to send, refuses forged and expired links', async () => {
    const r = await upload(base, IG_ACCOUNT.id, PNG, 'look.png', 'image/png');
    expect(r.status).toBe(201);
    const url = r.json.attachment?.url as string;
    expect(url.startsWith(`${base}/media/`)).toBe(true);
    const got = await fetch(url);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await got.arrayBuffer()).equals(Buffer.from(PNG))).toBe(true);
    expect((await fetch(url.replace(/sig=[^&]+/, 'sig=AAAA'))).status).toBe(403);
    expect((await fetch(url.replace(/exp=\d+/, `exp=${Date.now() + 10 ** 9}`))).status).toBe(403);

    // The customer writes (in the sandbox); this kit's store learns the conversation directly.
    const customer = h.customer.create({ accountId: IG_ACCOUNT.id });
    h.customer.text(customer.id, 'show me');
    const now = h.sandbox.clock.now();
    await kit.store.putConversation({ id: conversationId(IG_ACCOUNT.id, customer.id), accountId: IG_ACCOUNT.id, customerId: customer.id, lastInboundAt: now, lastMessageAt: now, unreadCount: 0 });
    const res = await fetch(`${base}/accounts/${IG_ACCOUNT.id}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-kit-request': '1' },
      body: JSON.stringify({ to: customer.id, clientId: newClientId('url'), attachment: r.json.attachment }),
    });
    const sent = (await res.json()) as { message: { status: string } };
    expect(sent.message.status).toBe('sent');
    expect(h.sandbox.inspect.sent({ recipientId: customer.id })[0]?.attachments[0]).toMatchObject({ type: 'image', payload: { url } });

    h.sandbox.clock.advance(61_000);
    expect((await fetch(url)).status).toBe(410);
    expect(leftovers()).toEqual([]);
  });
});

it('keeps tokens out of every answer', () => {
  expect(recorder.leaks()).toEqual([]);
});
