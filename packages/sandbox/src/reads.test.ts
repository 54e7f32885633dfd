import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IG, PAGE, startHarness, type Harness } from './test/harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

/** Conversations API allows 2 calls/s per account: step the clock between reads. */
const get = async (path: string, query: Record<string, string> = {}, token = PAGE.token) => {
  h.sandbox.clock.advance(1000);
  return h.graph('GET', path, { query, token });
};

describe('Conversations API', () => {
  it('lists threads newest first with cursor paging; user_id finds one thread', async () => {
    const ids = ['a', 'b', 'c'].map((n) => h.sandbox.customer.create({ accountId: PAGE.id, username: n }).id);
    for (const id of ids) {
      h.sandbox.customer.text(id, 'hi');
      h.sandbox.clock.advance(10);
    }
    const first = await get(`/v26.0/${PAGE.id}/conversations`, { platform: 'instagram', limit: '2', fields: 'id,updated_time,participants' });
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(2);
    expect(first.body.data[0].participants.data[1].id).toBe(ids[2]);
    expect(first.body.data[0].updated_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
    const next = new URL(first.body.paging.next);
    // Graph's paging links carry the token — the proxy must not hand them to a browser.
    expect(next.searchParams.get('access_token')).toBe(PAGE.token);
    h.sandbox.clock.advance(1000);
    const second = await h.graph('GET', next.pathname + next.search, { token: null });
    expect(second.body.data).toHaveLength(1);
    expect(second.body.paging.next).toBeUndefined();
    expect(second.body.paging.previous).toBeDefined();

    const one = await get('/v26.0/me/conversations', { platform: 'instagram', user_id: ids[0] as string });
    expect(one.body.data).toEqual([{ id: expect.any(String), updated_time: expect.any(String) }]);
  });

  it('FB flavor without platform=instagram lists (empty) Messenger threads; IG flavor needs no platform', async () => {
    const c = h.sandbox.customer.create({ accountId: PAGE.id, username: 'p' });
    h.sandbox.customer.text(c.id, 'hi');
    expect((await get('/v26.0/me/conversations')).body).toEqual({ data: [] });
    const ig = h.sandbox.customer.create({ accountId: IG.id, username: 'q' });
    h.sandbox.customer.text(ig.id, 'hi');
    expect((await get('/v26.0/me/conversations', {}, IG.token)).body.data).toHaveLength(1);
  });

  it('messages: newest first, details only for the 20 most recent, unsent ones gone', async () => {
    const c = h.sandbox.customer.create({ accountId: PAGE.id, username: 'long', name: 'Long Talker' });
    const mids: string[] = [];
    for (let i = 0; i < 25; i++) {
      mids.push(h.sandbox.customer.text(c.id, `m${i}`).mid as string);
      h.sandbox.clock.advance(1);
    }
    h.sandbox.customer.unsend(c.id, mids[24] as string);
    const list = await get('/v26.0/me/conversations', { platform: 'instagram', user_id: c.id });
    const conv = list.body.data[0].id;
    const res = await get(`/v26.0/${conv}`, { fields: 'messages.limit(30){id,created_time,from,message}' });
    const data = res.body.messages.data;
    expect(data).toHaveLength(24);
    expect(data[0]).toEqual({ id: mids[23], created_time: expect.any(String), from: { username: 'long', id: c.id }, message: 'm23' });
    expect(data[19].message).toBe('m4');
    expect(data[20]).toEqual({ id: mids[3], created_time: expect.any(String) }); // 21st newest: no details
    const old = await get(`/v26.0/${mids[0]}`, { fields: 'id,message' });
    expect(old.body.error).toMatchObject({ code: 100, error_subcode: 9000001 });
    const recent = await get(`/v26.0/${mids[23]}`, { fields: 'id,created_time,from,to,message' });
    expect(recent.body).toMatchObject({ id: mids[23], message: 'm23', to: { data: [{ id: PAGE.igUserId, username: PAGE.username }] } });
  });

  it('message node reports attachments, reactions, story replies and reply_to', async () => {
    const c = h.sandbox.customer.create({ accountId: PAGE.id, username: 'rich' });
    const photo = h.sandbox.customer.media(c.id, 'image').mid as string;
    const biz = h.sandbox.customer.appReply(c.id, 'nice');
    h.sandbox.customer.react(c.id, biz.mid as string, 'love');
    const story = h.sandbox.customer.replyToStory(c.id, 'wow').mid as string;
    const reply = h.sandbox.customer.replyTo(c.id, biz.mid as string, 're').mid as string;
    const fields = 'id,attachments,reactions,story,reply_to';
    expect((await get(`/v26.0/${photo}`, { fields })).body.attachments.data[0]).toMatchObject({ mime_type: 'image/png', image_data: { url: expect.stringContaining('/__sandbox/cdn/') } });
    expect((await get(`/v26.0/${biz.mid}`, { fields })).body.reactions).toEqual({ data: [{ reaction: '\u2764\ufe0f', users: [{ id: c.id, username: 'rich' }] }] });
    expect((await get(`/v26.0/${story}`, { fields })).body.story).toEqual({ reply_to: { link: expect.any(String), id: expect.any(String) } });
    expect((await get(`/v26.0/${reply}`, { fields })).body.reply_to).toEqual({ mid: biz.mid, is_self_reply: false });
    expect((await get(`/v26.0/${reply}`, { fields: 'id,nonsense' })).body.error.message).toContain('nonexisting field (nonsense)');
  });

  it('Conversations API is limited to 2 calls/second per account → 613/2534040', async () => {
    const calls = await Promise.all([1, 2, 3].map(() => h.graph('GET', '/v26.0/me/conversations', { query: { platform: 'instagram' } })));
    expect(calls.map((c) => c.status)).toEqual([200, 200, 400]);
    expect(calls[2]?.body.error).toMatchObject({ code: 613, error_subcode: 2534040 });
    expect(JSON.parse(calls[2]?.headers.get('x-business-use-case-usage') ?? '{}')[PAGE.id][0]).toMatchObject({ type: 'messenger', call_count: 100 });
    h.sandbox.clock.advance(1000);
    expect((await h.graph('GET', '/v26.0/me/conversations', { query: { platform: 'instagram' } })).status).toBe(200);
  });
});

describe('profiles and account node', () => {
  it('profile fields only after the person wrote (else 230)', async () => {
    const c = h.sandbox.customer.create({ accountId: PAGE.id, username: 'anna', name: 'Anna', profilePic: 'https://cdn.example/a.png' });
    const fields = 'name,username,profile_pic,follower_count,is_user_follow_business,is_business_follow_user,is_verified_user';
    expect((await get(`/v26.0/${c.id}`, { fields })).body.error).toMatchObject({ code: 230 });
    h.sandbox.customer.text(c.id, 'hi');
    expect((await get(`/v26.0/${c.id}`, { fields })).body).toEqual({
      name: 'Anna',
      username: 'anna',
      profile_pic: 'https://cdn.example/a.png',
      follower_count: expect.any(Number),
      is_user_follow_business: true,
      is_business_follow_user: false,
      is_verified_user: false,
      id: c.id,
    });
    const other = h.sandbox.customer.create({ accountId: IG.id, username: 'x' });
    h.sandbox.customer.text(other.id, 'hi');
    expect((await get(`/v26.0/${other.id}`, { fields: 'name' })).body.error).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it('IG flavor /me: id is app-scoped, user_id is the webhook entry.id', async () => {
    const me = await get('/v26.0/me', { fields: 'id,user_id,username' }, IG.token);
    expect(me.body.user_id).toBe(IG.id);
    expect(me.body.id).not.toBe(IG.id);
    const page = await get('/v26.0/me', { fields: 'id,name,instagram_business_account' });
    expect(page.body).toEqual({ id: PAGE.id, name: PAGE.name, instagram_business_account: { id: PAGE.igUserId } });
    expect((await get('/v26.0/me', { fields: 'access_token' })).body.error.code).toBe(100);
  });
});

describe('subscribed_apps', () => {
  it('POST sets the fields (validated), GET lists them, webhooks follow the subscription', async () => {
    const post = await h.graph('POST', `/v26.0/${PAGE.id}/subscribed_apps`, { query: { subscribed_fields: 'messages' } });
    expect(post.body).toEqual({ success: 'true' });
    const ig = await h.graph('POST', '/v26.0/me/subscribed_apps', { token: IG.token, query: { subscribed_fields: 'messages,message_reactions' } });
    expect(ig.body).toEqual({ success: true });
    expect((await h.graph('GET', `/v26.0/${PAGE.id}/subscribed_apps`)).body.data[0].subscribed_fields).toEqual(['messages']);
    expect((await h.graph('POST', `/v26.0/${PAGE.id}/subscribed_apps`, { query: { subscribed_fields: 'messages,bogus' } })).body.error.code).toBe(100);
    expect((await h.graph('POST', `/v26.0/${PAGE.id}/subscribed_apps`)).body.error.code).toBe(100);

    const c = h.sandbox.customer.create({ accountId: PAGE.id, username: 's' });
    const m = h.sandbox.customer.text(c.id, 'hi');
    h.sandbox.customer.react(c.id, m.mid as string, 'love'); // message_reactions not subscribed
    await h.sandbox.flush();
    expect(h.receiver.messaging().map((e) => Object.keys(e).at(-1))).toEqual(['message']);

    await h.graph('DELETE', `/v26.0/${PAGE.id}/subscribed_apps`);
    h.sandbox.customer.text(c.id, 'unheard');
    await h.sandbox.flush();
    expect(h.receiver.messaging()).toHaveLength(1);
  });
});
