import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IG, PAGE, startHarness, type Harness, type Json } from './test/harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

/** The last `count` messaging items the receiver got, after deliveries settle. */
async function delivered(count = 1): Promise<Json[]> {
  await h.sandbox.flush();
  return h.receiver.messaging().slice(-count);
}

const MID = expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/);
const TS = expect.any(Number);

describe('each customer action produces the documented webhook payload (reference §5.6)', () => {
  let id: string;
  const from = () => ({ sender: { id }, recipient: { id: PAGE.igUserId }, timestamp: TS });
  beforeEach(() => {
    id = h.sandbox.customer.create({ accountId: PAGE.id, name: 'Giulia Rossi', username: 'giulia' }).id;
  });

  it('text', async () => {
    const r = h.sandbox.customer.text(id, 'Ciao 👋');
    expect(await delivered()).toEqual([{ ...from(), message: { mid: r.mid, text: 'Ciao 👋' } }]);
    expect(r.field).toBe('messages');
  });

  it('reply to a message (is_self_reply false for a business message, true for own)', async () => {
    const own = h.sandbox.customer.text(id, 'first');
    const biz = h.sandbox.customer.appReply(id, 'hello');
    h.sandbox.customer.replyTo(id, biz.mid as string, 'answering you');
    h.sandbox.customer.replyTo(id, own.mid as string, 'and myself');
    const [a, b] = await delivered(2);
    expect(a).toEqual({ ...from(), message: { mid: MID, text: 'answering you', reply_to: { mid: biz.mid, is_self_reply: false } } });
    expect(b.message.reply_to).toEqual({ mid: own.mid, is_self_reply: true });
  });

  it.each(['image', 'video', 'audio', 'file'] as const)('%s: attachment with a fetchable, correctly typed URL', async (type) => {
    h.sandbox.customer.media(id, type);
    const [e] = await delivered();
    expect(e).toEqual({ ...from(), message: { mid: MID, attachments: [{ type, payload: { url: expect.stringContaining('/__sandbox/cdn/') } }] } });
    const res = await fetch(e.message.attachments[0].payload.url);
    expect(res.status).toBe(200);
    const expected = { image: 'image/png', video: 'video/mp4', audio: 'audio/wav', file: 'application/pdf' }[type];
    expect(res.headers.get('content-type')).toContain(expected);
  });

  it('share a post (ig_post) and a reel (ig_reel)', async () => {
    h.sandbox.customer.share(id, { kind: 'post', mediaId: '17900000000000001', title: 'Spring', url: 'https://cdn.example/p.jpg' });
    h.sandbox.customer.share(id, { kind: 'reel', mediaId: '17900000000000002', title: 'Reel', url: 'https://cdn.example/r.mp4' });
    const [post, reel] = await delivered(2);
    expect(post.message.attachments).toEqual([{ type: 'ig_post', payload: { url: 'https://cdn.example/p.jpg', title: 'Spring', ig_post_media_id: '17900000000000001' } }]);
    expect(reel.message.attachments).toEqual([{ type: 'ig_reel', payload: { url: 'https://cdn.example/r.mp4', title: 'Reel', reel_video_id: '17900000000000002' } }]);
  });

  it('mention in a story', async () => {
    h.sandbox.customer.mentionInStory(id, { url: 'https://lookaside.example/story' });
    expect(await delivered()).toEqual([{ ...from(), message: { mid: MID, attachments: [{ type: 'story_mention', payload: { url: 'https://lookaside.example/story' } }] } }]);
  });

  it('reply to a story', async () => {
    const story = h.sandbox.accounts.createMedia(PAGE.id, { kind: 'story', url: 'https://lookaside.example/s1' });
    h.sandbox.customer.replyToStory(id, 'Love it', { storyId: story.id });
    expect(await delivered()).toEqual([{ ...from(), message: { mid: MID, text: 'Love it', reply_to: { story: { url: 'https://lookaside.example/s1', id: story.id } } } }]);
  });

  it('react and unreact (reaction name plus emoji; unreact has neither)', async () => {
    const biz = h.sandbox.customer.appReply(id, 'Hi');
    h.sandbox.customer.react(id, biz.mid as string, 'love');
    h.sandbox.customer.react(id, biz.mid as string, '🔥');
    h.sandbox.customer.unreact(id, biz.mid as string);
    const [love, fire, un] = await delivered(3);
    expect(love).toEqual({ ...from(), reaction: { mid: biz.mid, action: 'react', reaction: 'love', emoji: '\u2764\ufe0f' } });
    expect(fire.reaction).toEqual({ mid: biz.mid, action: 'react', reaction: 'other', emoji: '🔥' });
    expect(un).toEqual({ ...from(), reaction: { mid: biz.mid, action: 'unreact' } });
  });

  it('unsend → is_deleted; the message disappears from reads', async () => {
    const m = h.sandbox.customer.text(id, 'oops');
    h.sandbox.customer.unsend(id, m.mid as string);
    expect(await delivered()).toEqual([{ ...from(), message: { mid: m.mid, is_deleted: true } }]);
    const res = await h.graph('GET', `/v26.0/${m.mid}`, { query: { fields: 'message' } });
    expect(res.body.error).toMatchObject({ code: 100, error_subcode: 9000001 });
  });

  it('edit → message_edit with num_edit, at most 5 times', async () => {
    const m = h.sandbox.customer.text(id, 'helo');
    h.sandbox.customer.edit(id, m.mid as string, 'hello');
    expect(await delivered()).toEqual([{ ...from(), message_edit: { mid: m.mid, text: 'hello', num_edit: 1 } }]);
    for (let i = 0; i < 4; i++) h.sandbox.customer.edit(id, m.mid as string, `hello ${i}`);
    expect(() => h.sandbox.customer.edit(id, m.mid as string, 'again')).toThrow(/at most 5/);
  });

  it('read → messaging_seen with the mid of the business message', async () => {
    h.sandbox.customer.text(id, 'hi');
    const biz = h.sandbox.customer.appReply(id, 'hello');
    h.sandbox.customer.read(id);
    expect(await delivered()).toEqual([{ ...from(), read: { mid: biz.mid } }]);
  });

  it('quick reply tap → text = title plus quick_reply.payload', async () => {
    h.sandbox.customer.quickReply(id, { title: 'Yes please', payload: 'CONFIRM_YES' });
    expect(await delivered()).toEqual([{ ...from(), message: { mid: MID, text: 'Yes please', quick_reply: { payload: 'CONFIRM_YES' } } }]);
  });

  it('postback tap → messaging_postbacks', async () => {
    h.sandbox.customer.postback(id, { title: 'Track order', payload: 'TRACK' });
    expect(await delivered()).toEqual([{ ...from(), postback: { mid: MID, title: 'Track order', payload: 'TRACK' } }]);
  });

  it('ig.me referral → messaging_referral', async () => {
    h.sandbox.customer.referral(id, { ref: 'spring-sale' });
    expect(await delivered()).toEqual([{ ...from(), referral: { ref: 'spring-sale', source: `https://ig.me/m/${PAGE.username}`, type: 'OPEN_THREAD' } }]);
  });

  it('opt in and opt out → messaging_optins', async () => {
    h.sandbox.customer.optIn(id, { title: 'Drops', payload: 'weekly' });
    h.sandbox.customer.optOut(id, { payload: 'weekly' });
    const [inn, out] = await delivered(2);
    expect(inn.optin).toMatchObject({ type: 'notification_messages', payload: 'weekly', title: 'Drops', notification_messages_token: expect.any(String) });
    expect(out.optin).toEqual({ type: 'notification_messages', payload: 'weekly', notification_messages_token: inn.optin.notification_messages_token, notification_messages_status: 'STOP_NOTIFICATIONS' });
  });

  it('unsupported content → is_unsupported', async () => {
    h.sandbox.customer.unsupported(id);
    expect(await delivered()).toEqual([{ ...from(), message: { mid: MID, is_unsupported: true } }]);
  });

  it('instagram-flavor accounts use their IG id as entry.id and recipient', async () => {
    const c = h.sandbox.customer.create({ accountId: IG.id, username: 'iguser' });
    h.sandbox.customer.text(c.id, 'hey');
    await h.sandbox.flush();
    const post = h.receiver.posts.at(-1);
    expect(post?.body.entry[0]?.id).toBe(IG.id);
    expect(post?.body.entry[0]?.messaging?.[0]).toMatchObject({ recipient: { id: IG.id } });
  });
});

describe('window opening', () => {
  const send = (to: string) => h.graph('POST', '/v26.0/me/messages', { body: { recipient: { id: to }, message: { text: 'x' } } });

  it.each([
    ['story reply', (id: string) => h.sandbox.customer.replyToStory(id, 'nice')],
    ['story mention', (id: string) => h.sandbox.customer.mentionInStory(id)],
    ['postback', (id: string) => h.sandbox.customer.postback(id, { title: 'a', payload: 'b' })],
    ['referral', (id: string) => h.sandbox.customer.referral(id, { ref: 'r' })],
  ])('%s opens the window', async (_name, act) => {
    const id = h.sandbox.customer.create({ accountId: PAGE.id, username: 'w' }).id;
    expect((await send(id)).body.error?.error_subcode).toBe(2534022);
    act(id);
    expect((await send(id)).status).toBe(200);
  });

  it('a reaction reopens an expired window; read and unsend do not', async () => {
    const id = h.sandbox.customer.create({ accountId: PAGE.id, username: 'r' }).id;
    const m = h.sandbox.customer.text(id, 'hi');
    const biz = await send(id);
    h.sandbox.clock.advance(8 * 24 * 3600_000);
    h.sandbox.customer.read(id);
    h.sandbox.customer.unsend(id, m.mid as string);
    expect((await send(id)).body.error?.error_subcode).toBe(2534022);
    h.sandbox.customer.react(id, biz.body.message_id, 'like');
    expect((await send(id)).status).toBe(200);
  });
});
