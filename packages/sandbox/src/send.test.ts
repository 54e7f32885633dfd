import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APP_SECRET, IG, PAGE, rawRequest, startHarness, type Harness } from './test/harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

describe('Send API: text', () => {
  it('sends text with a Page token to /{ver}/{PAGE_ID}/messages and echoes it by webhook', async () => {
    const c = h.sandbox.customer.create({ accountId: PAGE.id, name: 'Giulia', username: 'giulia' });
    h.sandbox.customer.text(c.id, 'Ciao!');
    const res = await h.graph('POST', `/v26.0/${PAGE.id}/messages`, { body: { recipient: { id: c.id }, message: { text: 'Hello Giulia' } } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ recipient_id: c.id, message_id: expect.any(String) });
    expect(res.headers.get('x-business-use-case-usage')).toContain(PAGE.id);

    const events = await h.receiver.waitFor(2);
    expect(events[0]).toMatchObject({ sender: { id: c.id }, recipient: { id: PAGE.igUserId }, message: { text: 'Ciao!' } });
    expect(events[1]).toMatchObject({
      sender: { id: PAGE.igUserId },
      recipient: { id: c.id },
      message: { mid: res.body.message_id, text: 'Hello Giulia', is_echo: true },
    });
    expect(h.sandbox.inspect.sent()).toMatchObject([{ mid: res.body.message_id, recipientId: c.id, text: 'Hello Giulia', textBytes: 12 }]);
  });

  it('accepts an Instagram-Login token on /{ver}/me/messages and /{IG_ID}/messages', async () => {
    const c = h.sandbox.customer.create({ accountId: IG.id, name: 'Jonas', username: 'jonas' });
    h.sandbox.customer.text(c.id, 'Hallo');
    for (const node of ['me', IG.id]) {
      const res = await h.graph('POST', `/v26.0/${node}/messages`, { token: IG.token, body: { recipient: { id: c.id }, message: { text: 'Hi' } } });
      expect(res.status).toBe(200);
      expect(res.body.recipient_id).toBe(c.id);
    }
  });

  it('accepts form-encoded bodies with JSON-string values and access_token in the query', async () => {
    const c = h.sandbox.customer.create({ accountId: PAGE.id, username: 'form' });
    h.sandbox.customer.text(c.id, 'hi');
    const body = new URLSearchParams({ recipient: JSON.stringify({ id: c.id }), message: JSON.stringify({ text: 'form ok' }) }).toString();
    const res = await h.graph('POST', `/v26.0/me/messages`, {
      token: null,
      query: { access_token: PAGE.token },
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(200);
    expect(h.sandbox.inspect.sent()[0]?.text).toBe('form ok');
    const req = h.sandbox.inspect.requests().at(-1);
    expect(req?.tokenVia).toBe('query');
    expect(JSON.stringify(req)).not.toContain(PAGE.token);
  });

  it('counts UTF-8 bytes: 1000 bytes pass, 1001 fail with 100', async () => {
    const c = h.sandbox.customer.create({ accountId: PAGE.id, username: 'bytes' });
    h.sandbox.customer.text(c.id, 'hi');
    const ok = 'é'.repeat(500); // 1000 bytes, 500 characters
    const res1 = await h.graph('POST', `/v26.0/me/messages`, { body: { recipient: { id: c.id }, message: { text: ok } } });
    expect(res1.status).toBe(200);
    const res2 = await h.graph('POST', `/v26.0/me/messages`, { body: { recipient: { id: c.id }, message: { text: `${ok}a` } } });
    expect(res2.status).toBe(400);
    expect(res2.body.error).toMatchObject({ code: 100, type: 'OAuthException', fbtrace_id: expect.any(String) });
    expect(res2.body.error.message).toContain('1000');
  });
});

describe('Send API: errors', () => {
  it('unknown recipient → 100/2534014', async () => {
    const res = await h.graph('POST', `/v26.0/me/messages`, { body: { recipient: { id: '12345' }, message: { text: 'x' } } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 100, error_subcode: 2534014 });
  });

  it('a customer of another account is not a matching user', async () => {
    const c = h.sandbox.customer.create({ accountId: IG.id, username: 'other' });
    h.sandbox.customer.text(c.id, 'hi');
    const res = await h.graph('POST', `/v26.0/me/messages`, { body: { recipient: { id: c.id }, message: { text: 'x' } } });
    expect(res.body.error).toMatchObject({ code: 100, error_subcode: 2534014 });
  });

  it('missing token → 104; unknown token → 190/467; expired → 190/463; both with WWW-Authenticate', async () => {
    const none = await h.graph('POST', `/v26.0/me/messages`, { token: null, body: {} });
    expect(none.body.error).toMatchObject({ code: 104, type: 'OAuthException' });
    const bad = await h.graph('POST', `/v26.0/me/messages`, { token: 'nope-not-a-token', body: {} });
    expect(bad.body.error).toMatchObject({ code: 190, error_subcode: 467 });
    expect(bad.headers.get('www-authenticate')).toContain('invalid_token');
    h.sandbox.accounts.expireToken(PAGE.id);
    const expired = await h.graph('POST', `/v26.0/me/messages`, { body: {} });
    expect(expired.body.error).toMatchObject({ code: 190, error_subcode: 463 });
  });

  it('a Page token on the Instagram host (and vice versa) cannot be parsed → 190', async () => {
    const a = await h.graph('POST', `/instagram/v26.0/me/messages`, { body: {} });
    expect(a.body.error).toMatchObject({ code: 190 });
    const b = await h.graph('POST', `/facebook/v26.0/me/messages`, { token: IG.token, body: {} });
    expect(b.body.error).toMatchObject({ code: 190 });
    const c = await rawRequest(`${h.server.url}/v26.0/me/messages`, {
      method: 'POST',
      headers: { host: 'graph.facebook.com', authorization: `Bearer ${IG.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(c.body.error).toMatchObject({ code: 190 });
  });

  it('a Page token cannot send as another node → 100/33', async () => {
    const res = await h.graph('POST', `/v26.0/${IG.id}/messages`, { body: { recipient: { id: '1' }, message: { text: 'x' } } });
    expect(res.body.error).toMatchObject({ code: 100, error_subcode: 33, type: 'GraphMethodException' });
  });

  it('missing permission → 10', async () => {
    h.sandbox.accounts.setPermissions(PAGE.id, ['instagram_basic']);
    const res = await h.graph('POST', `/v26.0/me/messages`, { body: { recipient: { id: '1' }, message: { text: 'x' } } });
    expect(res.body.error).toMatchObject({ code: 10 });
    expect(res.body.error.message).toContain('instagram_manage_messages');
  });

  it('appsecret_proof: required when configured, wrong proof rejected, right proof (plain or time-stamped) accepted', async () => {
    await h.close();
    h = await startHarness({ accounts: [{ ...PAGE, requireAppsecretProof: true }, IG] });
    const c = h.sandbox.customer.create({ accountId: PAGE.id, username: 'proof' });
    h.sandbox.customer.text(c.id, 'hi');
    const body = { recipient: { id: c.id }, message: { text: 'x' } };
    const missing = await h.graph('POST', '/v26.0/me/messages', { body });
    expect(missing.body.error).toMatchObject({ code: 100, type: 'GraphMethodException' });
    expect(missing.body.error.message).toContain('appsecret_proof');
    const wrong = await h.graph('POST', '/v26.0/me/messages', { body, query: { appsecret_proof: 'deadbeef' } });
    expect(wrong.body.error.message).toContain('Invalid appsecret_proof');
    const proof = createHmac('sha256', APP_SECRET).update(PAGE.token).digest('hex');
    const right = await h.graph('POST', '/v26.0/me/messages', { body, query: { appsecret_proof: proof } });
    expect(right.status).toBe(200);
    const t = String(Math.floor(h.sandbox.clock.now() / 1000));
    const timed = createHmac('sha256', APP_SECRET).update(`${PAGE.token}|${t}`).digest('hex');
    const ok2 = await h.graph('POST', '/v26.0/me/messages', { body: { ...body, appsecret_proof: timed, appsecret_time: t } });
    expect(ok2.status).toBe(200);
    h.sandbox.clock.advance(6 * 60_000);
    const stale = await h.graph('POST', '/v26.0/me/messages', { body: { ...body, appsecret_proof: timed, appsecret_time: t } });
    expect(stale.body.error.code).toBe(100);
  });

  it('blocked user → 551', async () => {
    const c = h.sandbox.customer.create({ accountId: PAGE.id, username: 'blocker' });
    h.sandbox.customer.text(c.id, 'bye');
    h.sandbox.customer.block(c.id);
    const res = await h.graph('POST', '/v26.0/me/messages', { body: { recipient: { id: c.id }, message: { text: 'x' } } });
    expect(res.body.error).toMatchObject({ code: 551 });
  });
});

describe('messaging window', () => {
  it('open for 24 h; then HUMAN_AGENT only up to 7 days; then closed (10/2534022)', async () => {
    const c = h.sandbox.customer.create({ accountId: PAGE.id, username: 'window' });
    h.sandbox.customer.text(c.id, 'hi');
    const send = (extra: Record<string, unknown> = {}) =>
      h.graph('POST', '/v26.0/me/messages', { body: { recipient: { id: c.id }, message: { text: 'x' }, ...extra } });
    expect((await send()).status).toBe(200);
    h.sandbox.clock.advance(24 * 3600_000);
    expect((await send()).body.error).toMatchObject({ code: 10, error_subcode: 2534022 });
    const tagged = await send({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
    expect(tagged.status).toBe(200);
    expect(h.sandbox.inspect.sent().at(-1)).toMatchObject({ tag: 'HUMAN_AGENT', messagingType: 'MESSAGE_TAG' });
    h.sandbox.clock.advance(6 * 24 * 3600_000);
    expect((await send({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' })).body.error).toMatchObject({ code: 10, error_subcode: 2534022 });
    h.sandbox.customer.text(c.id, 'back again');
    expect((await send()).status).toBe(200);
  });

  it('never-written customer: closed', async () => {
    const c = h.sandbox.customer.create({ accountId: PAGE.id, username: 'silent' });
    const res = await h.graph('POST', '/v26.0/me/messages', { body: { recipient: { id: c.id }, message: { text: 'x' } } });
    expect(res.body.error).toMatchObject({ code: 10, error_subcode: 2534022 });
  });

  it('dead tags → 100; other tags → 100', async () => {
    const c = h.sandbox.customer.create({ accountId: PAGE.id, username: 'tags' });
    h.sandbox.customer.text(c.id, 'hi');
    for (const tag of ['ACCOUNT_UPDATE', 'CONFIRMED_EVENT_UPDATE', 'POST_PURCHASE_UPDATE', 'CUSTOMER_FEEDBACK']) {
      const res = await h.graph('POST', '/v26.0/me/messages', { body: { recipient: { id: c.id }, message: { text: 'x' }, messaging_type: 'MESSAGE_TAG', tag } });
      expect(res.body.error.code).toBe(100);
      expect(res.body.error.message).toContain(tag);
    }
  });
});
