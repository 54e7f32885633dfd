import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PAGE, startHarness, type Harness } from './test/harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const control = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${h.server.url}/__sandbox${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() };
};

describe('HTTP control API (/__sandbox)', () => {
  it('creates posts and Live broadcasts, lets customers comment, and lets another app take and write in a thread', async () => {
    const post = await control('POST', `/accounts/${PAGE.id}/media`, { kind: 'post', caption: 'Summer' });
    expect(post.body).toMatchObject({ id: expect.any(String), permalink: expect.stringContaining('instagram.com') });
    const id = (await control('POST', '/customers', { accountId: PAGE.id, username: 'panel' })).body.id as string;
    const comment = await control('POST', `/customers/${id}/comments`, { mediaId: post.body.id, text: 'price?' });
    expect(comment.body).toMatchObject({ commentId: expect.any(String), field: 'comments', mediaId: post.body.id });
    const media = await control('GET', `/media?accountId=${PAGE.id}`);
    expect(media.body[0].comments).toMatchObject([{ id: comment.body.commentId, text: 'price?', fromId: id }]);
    expect((await control('GET', `/comments?mediaId=${post.body.id}`)).body).toHaveLength(1);
    const live = await control('POST', `/accounts/${PAGE.id}/media`, { kind: 'live' });
    expect((await control('POST', `/media/${live.body.id}/end-live`)).status).toBe(200);
    expect((await control('POST', `/customers/${id}/comments`, { mediaId: live.body.id, text: 'late' })).status).toBe(400);

    await control('POST', `/customers/${id}/messages`, { text: 'hi' });
    expect((await control('POST', `/routing/${id}/take`, { appId: '555' })).status).toBe(200);
    expect((await control('GET', `/routing/${id}`)).body).toEqual({ owner: '555' });
    expect((await control('POST', `/routing/${id}/send`, { text: 'bot here' })).body).toEqual({ mid: expect.any(String) });
    expect((await control('POST', `/routing/${id}/pass`, {})).status).toBe(200);
    expect((await control('GET', `/routing/${id}`)).body.owner).not.toBe('555');
  });

  it('scripts a customer over HTTP and inspects the result; never returns tokens', async () => {
    const created = await control('POST', '/customers', { accountId: PAGE.id, name: 'Web Sim', username: 'websim' });
    const id = created.body.id as string;
    const msg = await control('POST', `/customers/${id}/messages`, { text: 'from the panel' });
    expect(msg.body).toMatchObject({ customerId: id, mid: expect.any(String), field: 'messages' });
    await control('POST', `/customers/${id}/reactions`, { mid: msg.body.mid, reaction: 'wow' });
    await control('POST', '/flush');
    expect(h.receiver.messaging().map((m) => Object.keys(m).at(-1))).toEqual(['message', 'reaction']);

    const reply = await h.graph('POST', '/v26.0/me/messages', { body: { recipient: { id }, message: { text: 'hi web' } } });
    expect(reply.status).toBe(200);
    const sent = await control('GET', `/sent?recipientId=${id}`);
    expect(sent.body).toMatchObject([{ text: 'hi web', recipientId: id }]);

    const state = await control('GET', '/state');
    expect(state.body.accounts[0]).toMatchObject({ id: PAGE.id, igUserId: PAGE.igUserId });
    for (const path of ['/state', '/requests', '/sent', '/webhooks', '/conversations', '/customers']) {
      expect(JSON.stringify((await control('GET', path)).body)).not.toContain(PAGE.token);
    }
  });

  it('clock advance closes the window; faults settable and clearable; reset forgets everything', async () => {
    const { body: c } = await control('POST', '/customers', { accountId: PAGE.id, username: 'tt' });
    await control('POST', `/customers/${c.id}/messages`, { text: 'hi' });
    const adv = await control('POST', '/clock/advance', { ms: 25 * 3600_000 });
    expect(adv.body.offsetMs).toBe(25 * 3600_000);
    const res = await h.graph('POST', '/v26.0/me/messages', { body: { recipient: { id: c.id }, message: { text: 'late' } } });
    expect(res.body.error).toMatchObject({ code: 10, error_subcode: 2534022 });

    expect((await control('POST', '/faults', { errorRate: 1 })).body).toEqual({ errorRate: 1 });
    expect((await h.graph('GET', '/v26.0/me')).status).toBeGreaterThanOrEqual(500);
    await control('DELETE', '/faults');
    expect((await h.graph('GET', '/v26.0/me')).status).toBe(200);
    await control('POST', '/faults/once', { kind: 'rateLimit' });
    expect((await h.graph('GET', '/v26.0/me')).body.error.code).toBe(613);

    await control('POST', '/reset');
    expect((await control('GET', '/customers')).body).toEqual([]);
    expect((await control('GET', '/clock')).body.offsetMs).toBe(0);
  });

  it('explains bad input', async () => {
    const bad = await control('POST', '/customers/nobody/messages', { text: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/text/);
    const adv = await control('POST', '/clock/advance', { ms: -5 });
    expect(adv.body.error.message).toMatch(/ms must be a finite number/);
    const tok = await control('POST', `/accounts/${PAGE.id}/token`, { state: 'expired' });
    expect(tok.body.tokenState).toBe('expired');
    expect((await h.graph('GET', '/v26.0/me')).body.error).toMatchObject({ code: 190, error_subcode: 463 });
  });

  it('serves hosted media', async () => {
    const { body: c } = await control('POST', '/customers', { accountId: PAGE.id, username: 'pic' });
    const m = await control('POST', `/customers/${c.id}/media`, { type: 'image' });
    const url = m.body.event.message.attachments[0].payload.url as string;
    const res = await fetch(url);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await res.arrayBuffer()).subarray(0, 4)).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    expect((await fetch(`${h.server.url}/__sandbox/cdn/nothing`)).status).toBe(404);
  });
});

describe('activity feed', () => {
  it('streams customer events, business sends and webhook deliveries as SSE', async () => {
    const ac = new AbortController();
    const res = await fetch(`${h.server.url}/__sandbox/events`, { signal: ac.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    const until = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        text += new TextDecoder().decode(value);
      }
    };
    const { body: c } = await control('POST', '/customers', { accountId: PAGE.id, username: 'feed' });
    await control('POST', `/customers/${c.id}/messages`, { text: 'stream me' });
    await until('event: customer');
    await h.graph('POST', '/v26.0/me/messages', { body: { recipient: { id: c.id }, message: { text: 'streamed reply' } } });
    await until('streamed reply');
    await until('event: webhook');
    expect(text).toContain('event: sent');
    expect(text).not.toContain(PAGE.token);
    ac.abort();
  });
});

describe('inspection logs', () => {
  it('keep at most inspectLimit records, newest last', async () => {
    await h.close();
    h = await startHarness({ inspectLimit: 3 });
    for (let i = 0; i < 5; i++) await h.graph('GET', '/v26.0/me', { query: { n: String(i) } });
    expect(h.sandbox.inspect.requests().map((r) => r.query.n)).toEqual(['2', '3', '4']);
  });
});
