import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { placeholderPng } from './placeholder';
import { PAGE, startHarness, type Harness } from './test/harness';

/** An account connected with "Instagram API with Unified Login": graph.facebook.com, a system-user token, the IG account id in the path. */
const UNIFIED = { id: '17841400000000003', flavor: 'unified' as const, token: 'EAAsandbox-bisu-token-3', username: 'acme_unified', name: 'ACME Unified' };

let h: Harness;
let customer: string;
beforeEach(async () => {
  h = await startHarness({ accounts: [PAGE, UNIFIED] });
  customer = h.sandbox.customer.create({ accountId: UNIFIED.id, username: 'lena' }).id;
  h.sandbox.customer.text(customer, 'Hallo!');
});
afterEach(async () => {
  await h.close();
});

const opts = (extra: Record<string, unknown> = {}) => ({ token: UNIFIED.token, ...extra });

describe('Unified Login flavor', () => {
  it('sends on graph.facebook.com to /{IG_ID}/messages; the Instagram host refuses the token and /me is the system user', async () => {
    const ok = await h.graph('POST', `/facebook/v26.0/${UNIFIED.id}/messages`, opts({ body: { recipient: { id: customer }, message: { text: 'Hi Lena' } } }));
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ recipient_id: customer, message_id: expect.any(String) });
    const igHost = await h.graph('POST', `/instagram/v26.0/${UNIFIED.id}/messages`, opts({ body: { recipient: { id: customer }, message: { text: 'x' } } }));
    expect(igHost.body.error).toMatchObject({ code: 190, error_subcode: 467 });
    const me = await h.graph('POST', '/facebook/v26.0/me/messages', opts({ body: { recipient: { id: customer }, message: { text: 'x' } } }));
    expect(me.body.error).toMatchObject({ code: 100, error_subcode: 33 });
    expect(ok.headers.get('x-business-use-case-usage')).toContain('"instagram"');
  });

  it('uploads with the Attachment Upload API on the IG account id and sends the attachment', async () => {
    const form = new FormData();
    form.append('message', JSON.stringify({ attachment: { type: 'image', payload: { is_reusable: true } } }));
    form.append('platform', 'instagram');
    form.append('filedata', new Blob([new Uint8Array(placeholderPng([10, 20, 30]))], { type: 'image/png' }), 'photo.png');
    const res = await fetch(`${h.server.url}/facebook/v26.0/${UNIFIED.id}/message_attachments`, { method: 'POST', headers: { authorization: `Bearer ${UNIFIED.token}` }, body: form });
    const uploaded = (await res.json()) as { attachment_id?: string };
    expect(res.status).toBe(200);
    expect(uploaded.attachment_id).toEqual(expect.any(String));
    const sent = await h.graph('POST', `/facebook/v26.0/${UNIFIED.id}/messages`, opts({ body: { recipient: { id: customer }, message: { attachment: { type: 'image', payload: { attachment_id: uploaded.attachment_id } } } } }));
    expect(sent.status).toBe(200);
    expect(h.sandbox.inspect.sent({ accountId: UNIFIED.id })[0]?.attachments[0]?.type).toBe('image');
  });

  it('reads conversations and messages on its host, with Facebook-Login permission names', async () => {
    const list = await h.graph('GET', `/facebook/v26.0/${UNIFIED.id}/conversations`, opts({ query: { platform: 'instagram', fields: 'id,participants' } }));
    expect(list.status).toBe(200);
    expect(list.body.data[0].participants.data.map((p: { id: string }) => p.id)).toEqual([UNIFIED.id, customer]);
    const node = await h.graph('GET', `/facebook/v26.0/${UNIFIED.id}`, opts({ query: { fields: 'id,username' } }));
    expect(node.body).toEqual({ id: UNIFIED.id, username: UNIFIED.username });
    h.sandbox.accounts.setPermissions(UNIFIED.id, ['instagram_basic']);
    const denied = await h.graph('GET', `/facebook/v26.0/${UNIFIED.id}/conversations`, opts({ query: { platform: 'instagram' } }));
    expect(denied.body.error).toMatchObject({ code: 10 });
    expect(denied.body.error.message).toContain('instagram_manage_messages');
  });

  it('webhooks carry the IG account id as entry.id under object "instagram"; reactions follow the Facebook-Login rule (love only)', async () => {
    await h.sandbox.flush();
    expect(h.receiver.posts[0]?.body).toMatchObject({ object: 'instagram', entry: [{ id: UNIFIED.id }] });
    const mid = (h.receiver.messaging()[0] as { message: { mid: string } }).message.mid;
    const react = (reaction: string) =>
      h.graph('POST', `/facebook/v26.0/${UNIFIED.id}/messages`, opts({ body: { recipient: { id: customer }, sender_action: 'react', payload: { message_id: mid, reaction } } }));
    expect((await react('love')).status).toBe(200);
    expect((await react('🔥')).body.error).toMatchObject({ code: 100 });
  });
});
