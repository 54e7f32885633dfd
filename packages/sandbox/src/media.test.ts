import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MEDIA_LIMITS } from '@kit/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { placeholderFile, placeholderPng } from './placeholder';
import { IG, PAGE, startHarness, type Harness } from './test/harness';

const PNG = placeholderPng([10, 20, 30]);
const PDF = placeholderFile('file').bytes;
const MP4 = placeholderFile('video').bytes;
const BIG_PNG = Buffer.concat([PNG, Buffer.alloc(MEDIA_LIMITS.image.maxBytes + 1 - PNG.length)]);

let files: Server;
let filesUrl: string;
beforeAll(async () => {
  files = createServer((req, res) => {
    const body = { '/a.png': PNG, '/doc.pdf': PDF, '/fake.png': PDF, '/big.png': BIG_PNG, '/clip.mp4': MP4 }[req.url ?? ''];
    if (!body) res.writeHead(404).end();
    else res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((r) => files.listen(0, '127.0.0.1', r));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => files.close(() => r())));

let h: Harness;
let to: string;
beforeEach(async () => {
  h = await startHarness();
  to = h.sandbox.customer.create({ accountId: PAGE.id, username: 'm' }).id;
  h.sandbox.customer.text(to, 'hi');
});
afterEach(async () => {
  await h.close();
});

const send = (message: unknown, token = PAGE.token, recipient = to) =>
  h.graph('POST', '/v26.0/me/messages', { token, body: { recipient: { id: recipient }, message } });

describe('Send API: attachments by URL', () => {
  it('downloads loopback URLs, checks bytes, echoes the attachment', async () => {
    const res = await send({ attachment: { type: 'image', payload: { url: `${filesUrl}/a.png` } } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ recipient_id: to, message_id: expect.any(String) });
    await h.sandbox.flush();
    expect(h.receiver.messaging().at(-1)).toMatchObject({ message: { is_echo: true, attachments: [{ type: 'image', payload: { url: `${filesUrl}/a.png` } }] } });
  });

  it.each([
    ['a PDF declared as image', 'image', '/fake.png', 2018047],
    ['an image over 8 MB', 'image', '/big.png', 2018109],
    ['a missing file', 'image', '/missing.png', 2018008],
    ['a PDF sent as video', 'video', '/doc.pdf', 2018047],
  ])('rejects %s', async (_n, type, path, subcode) => {
    const res = await send({ attachment: { type, payload: { url: `${filesUrl}${path}` } } });
    expect(res.body.error).toMatchObject({ code: 100, error_subcode: subcode });
    expect(h.sandbox.inspect.sent()).toHaveLength(0);
  });

  it('accepts a PDF as file and a video as video', async () => {
    expect((await send({ attachment: { type: 'file', payload: { url: `${filesUrl}/doc.pdf` } } })).status).toBe(200);
    expect((await send({ attachment: { type: 'video', payload: { url: `${filesUrl}/clip.mp4` } } })).status).toBe(200);
  });

  it('trusts public https URLs by extension, rejects plain http and contradicting extensions', async () => {
    expect((await send({ attachment: { type: 'image', payload: { url: 'https://cdn.example.com/cat.jpg' } } })).status).toBe(200);
    expect((await send({ attachment: { type: 'image', payload: { url: 'http://cdn.example.com/cat.jpg' } } })).body.error.error_subcode).toBe(2018008);
    expect((await send({ attachment: { type: 'image', payload: { url: 'https://cdn.example.com/a.pdf' } } })).body.error.error_subcode).toBe(2018047);
  });

  it('up to 10 images per message; 11 or a mixed set are invalid; multi-image can be disabled', async () => {
    const img = (index: number) => ({ type: 'image', payload: { url: `https://cdn.example.com/${index}.png` } });
    expect((await send({ attachments: Array.from({ length: 10 }, (_, i) => img(i)) })).status).toBe(200);
    expect(h.sandbox.inspect.sent().at(-1)?.attachments).toHaveLength(10);
    expect((await send({ attachments: Array.from({ length: 11 }, (_, i) => img(i)) })).body.error).toMatchObject({ code: 100, error_subcode: 2534015 });
    const mixed = await send({ attachments: [img(1), { type: 'video', payload: { url: 'https://cdn.example.com/v.mp4' } }] });
    expect(mixed.body.error).toMatchObject({ code: 100, error_subcode: 2534015 });
    await h.close();
    h = await startHarness({ accounts: [{ ...PAGE, multiImage: false }, IG] });
    to = h.sandbox.customer.create({ accountId: PAGE.id, username: 'm' }).id;
    h.sandbox.customer.text(to, 'hi');
    expect((await send({ attachments: [img(1), img(2)] })).body.error).toMatchObject({ error_subcode: 2534068 });
  });

  it('MEDIA_SHARE of an own post; like_heart; text plus attachment is refused', async () => {
    const post = h.sandbox.accounts.createMedia(PAGE.id, { kind: 'post' });
    expect((await send({ attachment: { type: 'MEDIA_SHARE', payload: { id: post.id } } })).status).toBe(200);
    expect((await send({ attachment: { type: 'MEDIA_SHARE', payload: { id: '999' } } })).body.error.code).toBe(100);
    expect((await send({ attachment: { type: 'like_heart' } })).status).toBe(200);
    expect((await send({ text: 'x', attachment: { type: 'like_heart' } })).body.error.code).toBe(100);
    expect((await send({ attachment: { type: 'sticker' } })).body.error.code).toBe(100);
  });
});

describe('Attachment Upload API', () => {
  const upload = (form: FormData | Record<string, unknown>, token = PAGE.token) =>
    form instanceof FormData
      ? fetch(`${h.server.url}/v26.0/${PAGE.id}/message_attachments`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form }).then(async (r) => ({ status: r.status, body: await r.json() }))
      : h.graph('POST', `/v26.0/${PAGE.id}/message_attachments`, { token, body: form });

  const multipart = (type: string, bytes: Buffer, name: string, mime: string) => {
    const f = new FormData();
    f.set('platform', 'instagram');
    f.set('message', JSON.stringify({ attachment: { type, payload: { is_reusable: true } } }));
    f.set('filedata', new Blob([new Uint8Array(bytes)], { type: mime }), name);
    return f;
  };

  it('multipart filedata → attachment_id, then sendable by id as image', async () => {
    const res = await upload(multipart('image', PNG, 'photo.png', 'image/png'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ attachment_id: expect.stringMatching(/^\d+$/) });
    const sent = await send({ attachment: { type: 'image', payload: { attachment_id: res.body.attachment_id } } });
    expect(sent.status).toBe(200);
    expect((await send({ attachment: { type: 'image', payload: { attachment_id: '123' } } })).body.error).toMatchObject({ code: 100, error_subcode: 2018074 });
  });

  it('rejects a type mismatch (2018047) and an oversize file (2018109)', async () => {
    expect((await upload(multipart('image', PDF, 'x.png', 'image/png'))).body.error).toMatchObject({ code: 100, error_subcode: 2018047 });
    expect((await upload(multipart('image', BIG_PNG, 'big.png', 'image/png'))).body.error).toMatchObject({ code: 100, error_subcode: 2018109 });
    expect((await upload(multipart('video', PNG, 'a.png', 'image/png'))).body.error).toMatchObject({ error_subcode: 2018047 });
  });

  it('from a URL (JSON body with string values)', async () => {
    const res = await upload({ platform: 'instagram', message: { attachment: { type: 'file', payload: { url: `${filesUrl}/doc.pdf`, is_reusable: 'true' } } } });
    expect(res.body).toEqual({ attachment_id: expect.any(String) });
  });

  it('upload-and-send in one POST /messages returns attachment_id too', async () => {
    const f = multipart('image', PNG, 'p.png', 'image/png');
    f.set('recipient', JSON.stringify({ id: to }));
    f.delete('platform');
    const res = await fetch(`${h.server.url}/v26.0/me/messages`, { method: 'POST', headers: { authorization: `Bearer ${PAGE.token}` }, body: f });
    expect(await res.json()).toEqual({ recipient_id: to, message_id: expect.any(String), attachment_id: expect.any(String) });
  });

  it('is not available to Instagram-Login tokens (D7)', async () => {
    const res = await h.graph('POST', `/v26.0/${IG.id}/message_attachments`, { token: IG.token, body: { message: { attachment: { type: 'image', payload: { url: 'https://x.example/a.png' } } } } });
    expect(res.body.error).toMatchObject({ code: 100, error_subcode: 33 });
  });
});

describe('sender actions', () => {
  it('typing_on/typing_off/mark_seen → { recipient_id }, no echo', async () => {
    for (const action of ['typing_on', 'typing_off', 'mark_seen']) {
      const res = await h.graph('POST', '/v26.0/me/messages', { body: { recipient: { id: to }, sender_action: action } });
      expect(res.body).toEqual({ recipient_id: to });
    }
    expect(h.sandbox.inspect.actions().map((a) => a.action)).toEqual(['typing_on', 'typing_off', 'mark_seen']);
    await h.sandbox.flush();
    expect(h.receiver.messaging().filter((m) => m.message && (m.message as { is_echo?: boolean }).is_echo)).toHaveLength(0);
  });

  it('react/unreact: Page flavor only "love"; IG flavor any emoji; response has no message_id', async () => {
    const mid = h.sandbox.customer.text(to, 'react to me').mid;
    const react = (reaction: string) => h.graph('POST', '/v26.0/me/messages', { body: { recipient: { id: to }, sender_action: 'react', payload: { message_id: mid, reaction } } });
    expect((await react('love')).body).toEqual({ recipient_id: to });
    expect((await react('🎉')).body.error.code).toBe(100);
    const un = await h.graph('POST', '/v26.0/me/messages', { body: { recipient: { id: to }, sender_action: 'unreact', payload: { message_id: mid } } });
    expect(un.body).toEqual({ recipient_id: to });
    expect(h.sandbox.inspect.actions().filter((a) => a.action === 'react' || a.action === 'unreact')).toMatchObject([{ action: 'react', reaction: 'love', messageId: mid }, { action: 'unreact', messageId: mid }]);

    const igc = h.sandbox.customer.create({ accountId: IG.id, username: 'ig' }).id;
    const igMid = h.sandbox.customer.text(igc, 'hey').mid;
    const ig = await h.graph('POST', '/v26.0/me/messages', { token: IG.token, body: { recipient: { id: igc }, sender_action: 'react', payload: { message_id: igMid, reaction: '🎉' } } });
    expect(ig.body).toEqual({ recipient_id: igc });
  });

  it('message and sender_action together are refused', async () => {
    const res = await h.graph('POST', '/v26.0/me/messages', { body: { recipient: { id: to }, sender_action: 'typing_on', message: { text: 'x' } } });
    expect(res.body.error.code).toBe(100);
  });

  it('reply_to must name a message of this conversation', async () => {
    const mid = h.sandbox.customer.text(to, 'q').mid;
    const ok = await h.graph('POST', '/v26.0/me/messages', { body: { recipient: { id: to }, message: { text: 'a' }, reply_to: { mid } } });
    expect(ok.status).toBe(200);
    await h.sandbox.flush();
    expect(h.receiver.messaging().at(-1)).toMatchObject({ message: { is_echo: true, reply_to: { mid, is_self_reply: false } } });
    const bad = await h.graph('POST', '/v26.0/me/messages', { body: { recipient: { id: to }, message: { text: 'a' }, reply_to: { mid: 'nope' } } });
    expect(bad.body.error.code).toBe(100);
  });

  it('quick replies: at most 13, long titles truncated to 20 characters', async () => {
    const qr = (count: number, title = 'Option') => Array.from({ length: count }, (_, i) => ({ content_type: 'text', title: `${title}${i}`, payload: `P${i}` }));
    const ok = await send({ text: 'Pick one', quick_replies: qr(1, 'A very long quick reply title') });
    expect(ok.status).toBe(200);
    expect((h.sandbox.inspect.sent().at(-1)?.quickReplies?.[0] as { title: string }).title).toHaveLength(20);
    expect((await send({ text: 'Pick', quick_replies: qr(14) })).body.error.code).toBe(100);
  });
});
