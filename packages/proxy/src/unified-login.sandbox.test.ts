/**
 * An account connected with "Instagram API with Unified Login" (features-and-asks "Login
 * flavors"), end to end against the sandbox over real HTTP: graph.facebook.com (the sandbox's
 * /facebook base), a Business Integration System User token, the Instagram account id as the
 * Graph node — for the back-fill, sends, uploads, reactions and the Graph forwarder. The sandbox
 * refuses the token on the Instagram host and treats `/me` as the system user, so a call on the
 * wrong host or node fails the test.
 */
import type { KitAttachment, KitConversation, KitMessage } from '@kit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appsecretProof } from './graph/client';
import { memoryStore } from './store/memory';
import { APP_SECRET, SECRETS, type Harness } from './test/harness';
import { newClientId, postJson, send, startSendHarness } from './test/send-kit';

const UNIFIED = { id: '17841400000000003', token: 'EAAsandbox-bisu-system-user-token-3' };
const PNG_BYTES = new Uint8Array(
  ((await import(/* @vite-ignore */ new URL('../../sandbox/src/placeholder.ts', import.meta.url).href)) as { placeholderPng(rgb: [number, number, number]): Buffer }).placeholderPng([12, 34, 56]),
);

let h: Harness;
let lena: string;
beforeEach(async () => {
  h = await startSendHarness({
    sandbox: { accounts: [{ id: UNIFIED.id, flavor: 'unified', token: UNIFIED.token, username: 'acme_unified', requireAppsecretProof: true }] },
    seed: (sandbox) => {
      lena = sandbox.customer.create({ accountId: UNIFIED.id, username: 'lena' }).id;
      sandbox.customer.history(Date.now() - 3_600_000, () => sandbox.customer.text(lena, 'Hallo, habt ihr noch die blaue Tasche?'));
    },
    proxy: {
      accounts: [{ id: UNIFIED.id, flavor: 'unified', token: UNIFIED.token }],
      store: memoryStore(),
      backfill: { maxConversations: 10 },
      profiles: false,
    },
  });
});
afterEach(async () => {
  await h.close();
});

const leaks = () => h.recorder.leaks([...SECRETS, UNIFIED.token, appsecretProof(UNIFIED.token, APP_SECRET)]);
const unifiedRequests = () => h.sandbox.inspect.requests().filter((r) => r.accountId === UNIFIED.id);

describe('Unified Login accounts', () => {
  it('back-fills from graph.facebook.com on the Instagram account id, then receives, sends and reacts there', async () => {
    await h.settle();
    const accounts = (await h.call('/accounts')).json as { accounts: { id: string; flavor: string; backfill?: { state: string } }[] };
    expect(accounts.accounts).toMatchObject([{ id: UNIFIED.id, flavor: 'unified', backfill: { state: 'done' } }]);
    const cid = `${UNIFIED.id}:${lena}`;
    const history = (await h.call(`/accounts/${UNIFIED.id}/conversations/${cid}/messages`)).json as { messages: KitMessage[] };
    expect(history.messages.map((m) => m.text)).toEqual(['Hallo, habt ihr noch die blaue Tasche?']);
    const reads = unifiedRequests().filter((r) => r.method === 'GET');
    expect(reads.length).toBeGreaterThan(0);
    // Every call went to the Facebook host (the sandbox refuses this token on the Instagram one) and the IG id, never /me.
    expect(unifiedRequests().every((r) => r.status === 200)).toBe(true);
    expect(reads.some((r) => r.path.endsWith(`/${UNIFIED.id}/conversations`))).toBe(true);
    expect(unifiedRequests().some((r) => r.path.includes('/me/') || r.path.endsWith('/me'))).toBe(false);

    // Live: a new message arrives by webhook (entry.id = the IG account id) and is answered.
    h.customer.text(lena, 'Und in Rot?');
    await h.settle();
    const conv = (await h.call(`/accounts/${UNIFIED.id}/conversations`)).json as { conversations: KitConversation[] };
    expect(conv.conversations[0]).toMatchObject({ id: cid, window: 'open', lastMessage: { text: 'Und in Rot?' } });
    const sent = await send(h, UNIFIED.id, { to: lena, clientId: newClientId('u'), text: 'Ja, auch in Rot.' });
    expect(sent.status).toBe(201);
    expect(sent.json.message).toMatchObject({ status: 'sent', text: 'Ja, auch in Rot.' });
    const post = unifiedRequests().filter((r) => r.method === 'POST' && r.path.endsWith('/messages'));
    expect(post).toHaveLength(1);
    expect(post[0]?.path).toMatch(new RegExp(`/v\\d+\\.\\d+/${UNIFIED.id}/messages$`));
    expect(post[0]?.status).toBe(200);
    expect(h.sandbox.inspect.sent({ accountId: UNIFIED.id }).map((s) => s.text)).toEqual(['Ja, auch in Rot.']);

    // Facebook-Login reaction rule: love only, refused here for anything else.
    const inbound = (await h.call(`/accounts/${UNIFIED.id}/conversations/${cid}/messages`)).json as { messages: KitMessage[] };
    const customerMid = inbound.messages.find((m) => m.text === 'Und in Rot?')!.id;
    const love = await postJson(h, `/accounts/${UNIFIED.id}/reactions`, { to: lena, messageId: customerMid, reaction: 'love' });
    expect(love.status).toBe(200);
    const fire = await postJson(h, `/accounts/${UNIFIED.id}/reactions`, { to: lena, messageId: customerMid, reaction: '🔥' });
    expect(fire.status).toBe(400);
    expect(fire.json.error?.code).toBe('invalid_reaction');
    expect(leaks()).toEqual([]);
  });

  it('uploads a photo with the Attachment Upload API on the Instagram account id and sends it', async () => {
    await h.settle();
    h.customer.text(lena, 'Foto?');
    await h.settle();
    const form = new FormData();
    form.set('file', new Blob([PNG_BYTES], { type: 'image/png' }), 'tasche.png');
    const res = await fetch(`${h.kitUrl}/accounts/${UNIFIED.id}/attachments`, { method: 'POST', headers: { 'x-kit-request': '1' }, body: form });
    const text = await res.text();
    h.recorder.responses.push(text);
    expect(res.status, text).toBe(201);
    const { attachment } = JSON.parse(text) as { attachment: KitAttachment & { attachmentId?: string; url?: string } };
    expect(attachment.attachmentId).toEqual(expect.any(String));
    expect(attachment.url).toBeUndefined();
    const upload = unifiedRequests().find((r) => r.path.endsWith('/message_attachments'));
    expect(upload?.path).toMatch(new RegExp(`/${UNIFIED.id}/message_attachments$`));
    expect(upload?.status).toBe(200);

    const sent = await send(h, UNIFIED.id, { to: lena, clientId: newClientId('u'), attachment: { type: 'image', attachmentId: attachment.attachmentId } });
    expect(sent.json.message?.status).toBe('sent');
    expect(h.sandbox.inspect.sent({ accountId: UNIFIED.id }).at(-1)?.attachments[0]?.type).toBe('image');
    expect(leaks()).toEqual([]);
  });

  it('forwards Graph reads on the account id; `me` (the system user) is not the account', async () => {
    await h.settle();
    const own = await h.call(`/graph/${UNIFIED.id}/${UNIFIED.id}/conversations?platform=instagram&fields=id,updated_time`);
    expect(own.status, own.text).toBe(200);
    expect((own.json as { data: unknown[] }).data).toHaveLength(1);
    const me = await h.call(`/graph/${UNIFIED.id}/me/conversations?platform=instagram`);
    expect(me.status).toBe(403);
    expect(leaks()).toEqual([]);
  });
});
