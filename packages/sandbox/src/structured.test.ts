import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IG, PAGE, startHarness, type Harness, type Json } from './test/harness';

let h: Harness;
let to: string;
beforeEach(async () => {
  h = await startHarness();
  to = h.sandbox.customer.create({ accountId: PAGE.id, username: 'giulia', phone: '+39 333 1234567' }).id;
  h.sandbox.customer.text(to, 'Ciao');
});
afterEach(async () => {
  await h.close();
});

const send = (message: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  h.graph('POST', '/v26.0/me/messages', { body: { recipient: { id: to }, message, ...extra } });
const errorOf = async (message: Record<string, unknown>) => (await send(message)).body.error as Json;
const template = (payload: Record<string, unknown>) => ({ attachment: { type: 'template', payload } });
const postback = (title: string, payload = 'P') => ({ type: 'postback', title, payload });
const link = (title: string, url = 'https://shop.example.com') => ({ type: 'web_url', title, url });

async function delivered(n = 1): Promise<Json[]> {
  await h.sandbox.flush();
  return h.receiver.messaging().slice(-n);
}

describe('quick replies (reference §1.7)', () => {
  it('text, phone and email chips go with text; the echo and inspect show them', async () => {
    const qr = [{ content_type: 'text', title: 'Yes', payload: 'YES' }, { content_type: 'user_phone_number' }, { content_type: 'user_email' }];
    const res = await send({ text: 'Can we call you?', quick_replies: qr }, { messaging_type: 'RESPONSE' });
    expect(res.status).toBe(200);
    expect(h.sandbox.inspect.sent().at(-1)).toMatchObject({ text: 'Can we call you?', messagingType: 'RESPONSE', quickReplies: qr });
  });

  it('refuses what Instagram refuses: no text, 14 chips, images on chips, missing payload, unknown type', async () => {
    const chip = { content_type: 'text', title: 'A', payload: 'A' };
    expect(await errorOf({ attachment: { type: 'like_heart' }, quick_replies: [chip] })).toMatchObject({ code: 100, error_subcode: 2534015 });
    expect(await errorOf({ text: 'x', quick_replies: Array.from({ length: 14 }, () => chip) })).toMatchObject({ code: 100, message: '(#100) param message[quick_replies] must be an array of 1 to 13 items' });
    expect(await errorOf({ text: 'x', quick_replies: [] })).toMatchObject({ code: 100 });
    expect(await errorOf({ text: 'x', quick_replies: [{ ...chip, image_url: 'https://x.example/a.png' }] })).toMatchObject({
      code: 100,
      message: '(#100) Invalid keys "image_url" were found in param "message[quick_replies][0]".',
    });
    expect(await errorOf({ text: 'x', quick_replies: [{ content_type: 'text', title: 'A' }] })).toMatchObject({ code: 100 });
    expect(await errorOf({ text: 'x', quick_replies: [{ content_type: 'location' }] })).toMatchObject({ code: 100 });
    expect(await errorOf({ text: 'x', quick_replies: [{ content_type: 'user_email', title: 'Mail' }] })).toMatchObject({ code: 100 });
  });

  it('cuts titles over 20 characters instead of refusing them', async () => {
    expect((await send({ text: 'Pick', quick_replies: [{ content_type: 'text', title: 'Twenty-five characters!!!', payload: 'P' }] })).status).toBe(200);
    expect(h.sandbox.inspect.sent().at(-1)?.quickReplies).toEqual([{ content_type: 'text', title: 'Twenty-five characte', payload: 'P' }]);
  });
});

describe('templates (reference §1.8)', () => {
  it('sends a button template and a generic carousel; the echo carries the template payload', async () => {
    const button = { template_type: 'button', text: 'How did we do?', buttons: [postback('Great', 'CSAT_5'), link('Shop')] };
    expect((await send(template(button))).status).toBe(200);
    const card = { title: 'Shirt', subtitle: '€49', image_url: 'https://cdn.example.com/s.jpg', default_action: { type: 'web_url', url: 'https://shop.example.com/s' }, buttons: [link('Buy')] };
    expect((await send(template({ template_type: 'generic', elements: [card, { ...card, title: 'Shoes' }] }))).status).toBe(200);
    const [a, b] = await delivered(2);
    expect(a.message).toMatchObject({ is_echo: true, attachments: [{ type: 'template', payload: button }] });
    expect(b.message.attachments[0].payload.elements).toHaveLength(2);
  });

  it('button template: text ≤ 640 characters, 1–3 buttons, postbacks need a payload, links must be URLs', async () => {
    const ok = { template_type: 'button', text: 'x'.repeat(640), buttons: [postback('a')] };
    expect((await send(template(ok))).status).toBe(200);
    expect(await errorOf(template({ ...ok, text: 'x'.repeat(641) }))).toMatchObject({ code: 100, error_subcode: 2534015 });
    expect(await errorOf(template({ ...ok, buttons: [postback('a'), postback('b'), postback('c'), postback('d')] }))).toMatchObject({ error_subcode: 2534015 });
    expect(await errorOf(template({ ...ok, buttons: [] }))).toMatchObject({ error_subcode: 2534015 });
    expect(await errorOf(template({ ...ok, buttons: [{ type: 'postback', title: 'a' }] }))).toMatchObject({ error_subcode: 2534015 });
    expect(await errorOf(template({ ...ok, buttons: [postback('A title of 21 chars..')] }))).toMatchObject({ error_subcode: 2534015 });
    expect(await errorOf(template({ ...ok, buttons: [link('a', 'not a url')] }))).toMatchObject({ error_subcode: 2534015 });
    expect(await errorOf(template({ ...ok, buttons: [{ type: 'phone_number', title: 'Call', payload: '+39' }] }))).toMatchObject({ code: 100 });
    expect(await errorOf(template({ ...ok, sharable: true }))).toMatchObject({ message: '(#100) Invalid keys "sharable" were found in param "message[attachment][payload]".' });
  });

  it('generic template: 1–10 elements, title and subtitle ≤ 80 characters, image and default action are URLs', async () => {
    const card = { title: 'Shirt' };
    expect((await send(template({ template_type: 'generic', elements: Array.from({ length: 10 }, () => card) }))).status).toBe(200);
    const bad = async (elements: unknown[]) => (await errorOf(template({ template_type: 'generic', elements }))).error_subcode;
    expect(await bad(Array.from({ length: 11 }, () => card))).toBe(2534015);
    expect(await bad([])).toBe(2534015);
    expect(await bad([{ title: 't'.repeat(81) }])).toBe(2534015);
    expect(await bad([{ title: 't', subtitle: 's'.repeat(81) }])).toBe(2534015);
    expect(await bad([{ title: 't', image_url: 'nope' }])).toBe(2534015);
    expect(await bad([{ title: 't', default_action: { type: 'postback', url: 'https://x.example' } }])).toBe(2534015);
    expect(await bad([{ title: 't', buttons: [link('a'), link('b'), link('c'), link('d')] }])).toBe(2534015);
    expect(await errorOf(template({ template_type: 'media', elements: [] }))).toMatchObject({ code: 100 });
  });
});

describe('messaging_type and reusable attachments', () => {
  it('records RESPONSE and UPDATE', async () => {
    await send({ text: 'a' }, { messaging_type: 'RESPONSE' });
    await send({ text: 'b' }, { messaging_type: 'UPDATE' });
    expect(h.sandbox.inspect.sent().map((s) => s.messagingType)).toEqual(['RESPONSE', 'UPDATE']);
  });

  it('an upload without is_reusable goes to one recipient; a reusable one to anyone', async () => {
    const other = h.sandbox.customer.create({ accountId: PAGE.id, username: 'other' }).id;
    h.sandbox.customer.text(other, 'hi');
    const upload = async (reusable: boolean) =>
      (await h.graph('POST', `/v26.0/${PAGE.id}/message_attachments`, {
        body: { platform: 'instagram', message: { attachment: { type: 'image', payload: { url: 'https://cdn.example.com/a.png', ...(reusable ? { is_reusable: true } : {}) } } } },
      })).body.attachment_id as string;
    const sendTo = (id: string, attachmentId: string) =>
      h.graph('POST', '/v26.0/me/messages', { body: { recipient: { id }, message: { attachment: { type: 'image', payload: { attachment_id: attachmentId } } } } });
    const once = await upload(false);
    expect((await sendTo(to, once)).status).toBe(200);
    expect((await sendTo(to, once)).status).toBe(200);
    expect((await sendTo(other, once)).body.error).toMatchObject({ code: 100, error_subcode: 2018074 });
    const shared = await upload(true);
    expect((await sendTo(to, shared)).status).toBe(200);
    expect((await sendTo(other, shared)).status).toBe(200);
  });

  it('a URL sent with is_reusable answers an attachment_id that is reusable', async () => {
    const res = await send({ attachment: { type: 'image', payload: { url: 'https://cdn.example.com/b.png', is_reusable: true } } });
    expect(res.body).toEqual({ recipient_id: to, message_id: expect.any(String), attachment_id: expect.stringMatching(/^\d+$/) });
    const again = await send({ attachment: { type: 'image', payload: { attachment_id: res.body.attachment_id } } });
    expect(again.status).toBe(200);
    expect((await send({ attachment: { type: 'image', payload: { url: 'https://cdn.example.com/c.png' } } })).body.attachment_id).toBeUndefined();
  });
});

describe('messenger_profile: ice breakers and persistent menu', () => {
  const profile = (method: string, body?: unknown, query: Record<string, string> = { platform: 'instagram' }, token = PAGE.token) =>
    h.graph(method, '/v26.0/me/messenger_profile', { token, query, ...(body !== undefined ? { body } : {}) });
  const breakers = [
    { call_to_actions: [{ question: 'Opening hours?', payload: 'HOURS' }, { question: 'Do you ship?', payload: 'SHIP' }], locale: 'default' },
    { call_to_actions: [{ question: 'Orari?', payload: 'HOURS' }], locale: 'it_IT' },
  ];
  const menu = [{ locale: 'default', call_to_actions: [postback('Talk to a person', 'HUMAN'), link('Shop now')] }];

  it('sets, reads and deletes ice breakers and the menu (Page token with platform=instagram)', async () => {
    expect((await profile('POST', { ice_breakers: breakers, persistent_menu: menu })).body).toEqual({ result: 'success' });
    expect((await profile('GET', undefined, { platform: 'instagram', fields: 'ice_breakers,persistent_menu' })).body).toEqual({ data: [{ ice_breakers: breakers, persistent_menu: menu }] });
    expect((await profile('DELETE', { fields: ['ice_breakers'] })).body).toEqual({ result: 'success' });
    expect((await profile('GET', undefined, { platform: 'instagram', fields: 'ice_breakers' })).body).toEqual({ data: [] });
    // Without platform=instagram a Page token addresses the Page's Messenger profile.
    await profile('POST', { ice_breakers: breakers }, {});
    expect((await profile('GET', undefined, { platform: 'instagram', fields: 'ice_breakers' })).body).toEqual({ data: [] });
  });

  it('an Instagram-Login token sets its own profile; the flat (older) format works too', async () => {
    const flat = [{ question: 'Hi?', payload: 'HI' }];
    expect((await profile('POST', { ice_breakers: flat }, {}, IG.token)).status).toBe(200);
    expect((await profile('GET', undefined, { fields: 'ice_breakers' }, IG.token)).body).toEqual({ data: [{ ice_breakers: flat }] });
  });

  it('refuses 5 questions, a missing default locale, mixed formats and Messenger-only settings', async () => {
    const q = (n: number) => Array.from({ length: n }, (_, i) => ({ question: `Q${i}?`, payload: `Q${i}` }));
    const err = async (body: unknown) => (await profile('POST', body)).body.error as Json;
    expect(await err({ ice_breakers: [{ call_to_actions: q(5), locale: 'default' }] })).toMatchObject({ code: 100 });
    expect(await err({ ice_breakers: [{ call_to_actions: q(1), locale: 'it_IT' }] })).toMatchObject({ code: 100, message: expect.stringContaining('default') });
    expect(await err({ ice_breakers: [{ call_to_actions: q(1), locale: 'default' }, { question: 'x', payload: 'x' }] })).toMatchObject({ code: 100 });
    expect(await err({ get_started: { payload: 'GO' } })).toMatchObject({ code: 100, message: '(#100) param get_started is not supported for Instagram' });
    expect(await err({ persistent_menu: [{ ...menu[0], composer_input_disabled: true }] })).toMatchObject({ code: 100 });
    expect(await err({ persistent_menu: [{ locale: 'default', call_to_actions: [{ ...link('Shop'), webview_height_ratio: 'full' }] }] })).toMatchObject({ code: 100 });
    expect(await err({ persistent_menu: [{ locale: 'default', call_to_actions: Array.from({ length: 21 }, (_, i) => postback(`I${i}`)) }] })).toMatchObject({ code: 100 });
    expect((await profile('GET', undefined, { platform: 'instagram' })).body.error).toMatchObject({ code: 100, message: '(#100) The parameter fields is required' });
  });
});

describe('the customer taps what the business sent', () => {
  const from = () => ({ sender: { id: to }, recipient: { id: PAGE.igUserId }, timestamp: expect.any(Number) });

  it('taps a quick reply: its title arrives as text with quick_reply.payload; phone chips send the number', async () => {
    const mid = (await send({ text: 'Pick', quick_replies: [{ content_type: 'text', title: 'Tomorrow', payload: 'DAY_2' }, { content_type: 'user_phone_number' }, { content_type: 'user_email' }] })).body.message_id;
    h.sandbox.customer.tapQuickReply(to, mid, 0);
    expect(await delivered()).toEqual([{ ...from(), message: { mid: expect.any(String), text: 'Tomorrow', quick_reply: { payload: 'DAY_2' } } }]);
    // The tap was a newer message: the chips are gone.
    expect(() => h.sandbox.customer.tapQuickReply(to, mid, 1)).toThrow(/dismissed/);
    const again = (await send({ text: 'Number?', quick_replies: [{ content_type: 'user_phone_number' }, { content_type: 'user_email' }] })).body.message_id;
    expect(() => h.sandbox.customer.tapQuickReply(to, again, 1)).toThrow(/no email/);
    h.sandbox.customer.tapQuickReply(to, again, 0);
    expect((await delivered())[0].message).toEqual({ mid: expect.any(String), text: '+39 333 1234567', quick_reply: { payload: '+39 333 1234567' } });
  });

  it('taps a postback button of a button template and of a carousel card: messaging_postbacks', async () => {
    const b = (await send(template({ template_type: 'button', text: 'Help?', buttons: [link('FAQ'), postback('Talk to a person', 'HUMAN')] }))).body.message_id;
    h.sandbox.customer.tapButton(to, b, { button: 1 });
    expect(await delivered()).toEqual([{ ...from(), postback: { mid: expect.any(String), title: 'Talk to a person', payload: 'HUMAN' } }]);
    expect(() => h.sandbox.customer.tapButton(to, b, { button: 0 })).toThrow(/web_url buttons send no webhook/);
    const g = (await send(template({ template_type: 'generic', elements: [{ title: 'A' }, { title: 'B', buttons: [postback('Buy B', 'BUY_B')] }] }))).body.message_id;
    h.sandbox.customer.tapButton(to, g, { element: 1, button: 0 });
    expect((await delivered())[0].postback).toMatchObject({ title: 'Buy B', payload: 'BUY_B' });
  });

  it('taps an ice breaker and a menu item (localized for the customer); over HTTP too', async () => {
    await h.graph('POST', '/v26.0/me/messenger_profile', {
      query: { platform: 'instagram' },
      body: {
        ice_breakers: [
          { call_to_actions: [{ question: 'Opening hours?', payload: 'HOURS' }], locale: 'default' },
          { call_to_actions: [{ question: 'Orari?', payload: 'HOURS' }], locale: 'it_IT' },
        ],
        persistent_menu: [{ locale: 'default', call_to_actions: [postback('Talk to a person', 'HUMAN')] }],
      },
    });
    const newcomer = h.sandbox.customer.create({ accountId: PAGE.id, username: 'luca', locale: 'it_IT' }).id;
    const control = (path: string, body: unknown) =>
      fetch(`${h.server.url}/__sandbox${path}`, { method: path.startsWith('/accounts') ? 'GET' : 'POST', headers: { 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) }).then((r) => r.json());
    expect(await control(`/accounts/${PAGE.id}/profile?locale=it_IT`, null)).toEqual({ iceBreakers: [{ question: 'Orari?', payload: 'HOURS' }], persistentMenu: [postback('Talk to a person', 'HUMAN')] });
    await control(`/customers/${newcomer}/tap-ice-breaker`, { index: 0 });
    await control(`/customers/${newcomer}/tap-menu-item`, { index: 0 });
    const [a, b] = await delivered(2);
    expect(a).toMatchObject({ sender: { id: newcomer }, postback: { title: 'Orari?', payload: 'HOURS' } });
    expect(b).toMatchObject({ sender: { id: newcomer }, postback: { title: 'Talk to a person', payload: 'HUMAN' } });
    expect(await control(`/customers/${newcomer}/tap-ice-breaker`, { index: 3 })).toMatchObject({ error: { message: expect.stringContaining('no index 3') } });
  });

  it('comes from a click-to-Instagram ad: the message carries referral.ads_context_data', async () => {
    h.sandbox.customer.fromAd(to, 'Is this still available?', { adId: '23851', title: 'Linen week', photoUrl: 'https://cdn.example.com/ad.jpg', postId: '1799', productId: '555', flowId: '777' });
    expect((await delivered())[0].message).toEqual({
      mid: expect.any(String),
      text: 'Is this still available?',
      referral: { ad_id: '23851', source: 'ADS', type: 'OPEN_THREAD', ads_context_data: { ad_title: 'Linen week', photo_url: 'https://cdn.example.com/ad.jpg', post_id: '1799', product_id: '555', flow_id: '777' } },
    });
  });
});
