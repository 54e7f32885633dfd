import { DAY_MS, HOUR_MS } from '@kit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IG, PAGE, startHarness, type Harness, type Json } from './test/harness';

let h: Harness;
let postId: string;
beforeEach(async () => {
  h = await startHarness();
  postId = h.sandbox.accounts.createMedia(PAGE.id, { kind: 'post', caption: 'New bags' }).id;
});
afterEach(async () => {
  await h.close();
});

/** Every entry received, in order (comment webhooks are not `messaging` items). */
const entries = (): Json[] => h.receiver.posts.flatMap((p) => p.body.entry);
const changes = (): Json[] => entries().flatMap((e: Json) => e.changes ?? (e.field ? [{ field: e.field, value: e.value }] : []));
const privateReply = (commentId: string, text = 'Hi! It is 120 €.', token = PAGE.token) =>
  h.graph('POST', '/v26.0/me/messages', { token, body: { recipient: { comment_id: commentId }, message: { text } } });

describe('comment webhooks', () => {
  it('a comment on a Page account post arrives as entry.changes[] with Meta\'s fields and entry.time in seconds', async () => {
    const giulia = h.sandbox.customer.create({ accountId: PAGE.id, username: 'giulia' });
    const c = h.sandbox.customer.comment(giulia.id, { mediaId: postId, text: 'price?' });
    await h.sandbox.flush();
    const entry = entries()[0];
    expect(entry.id).toBe(PAGE.igUserId);
    expect(entry.time).toBeLessThan(1e12); // seconds, not ms (reference §5.5)
    expect(entry.changes).toEqual([
      { field: 'comments', value: { from: { id: giulia.id, username: 'giulia' }, media: { id: postId, media_product_type: 'FEED' }, id: c.commentId, text: 'price?' } },
    ]);
  });

  it('an Instagram-Login account gets the flat shape; answers carry parent_id; Live and mentions have their own fields', async () => {
    const reel = h.sandbox.accounts.createMedia(IG.id, { kind: 'reel' }).id;
    const live = h.sandbox.accounts.createMedia(IG.id, { kind: 'live' }).id;
    const jonas = h.sandbox.customer.create({ accountId: IG.id, username: 'jonas' });
    const first = h.sandbox.customer.comment(jonas.id, { mediaId: reel, text: 'Größe M?' });
    const reply = h.sandbox.customer.comment(jonas.id, { parentId: first.commentId, text: 'und L?' });
    h.sandbox.customer.comment(jonas.id, { mediaId: live, text: 'hello live' });
    const mention = h.sandbox.customer.mention(jonas.id);
    await h.sandbox.flush();
    const flat = entries();
    expect(flat.every((e: Json) => e.changes === undefined && typeof e.field === 'string' && e.time < 1e12)).toBe(true);
    expect(flat.map((e: Json) => e.field)).toEqual(['comments', 'comments', 'live_comments', 'mentions']);
    expect(flat[0].value.media).toEqual({ id: reel, media_product_type: 'REELS' });
    expect(flat[1].value).toMatchObject({ id: reply.commentId, parent_id: first.commentId, text: 'und L?' });
    expect(flat[2].value.media).toEqual({ id: live, media_product_type: 'LIVE' });
    expect(flat[3].value).toEqual({ media_id: mention.mediaId, comment_id: mention.commentId });
  });

  it('a comment does not open the messaging window: a DM to the commenter is refused with 10/2534022', async () => {
    const c = h.sandbox.customer.create({ accountId: PAGE.id, username: 'quiet' });
    h.sandbox.customer.comment(c.id, { mediaId: postId, text: 'nice' });
    const res = await h.graph('POST', '/v26.0/me/messages', { body: { recipient: { id: c.id }, message: { text: 'hello' } } });
    expect(res.body.error).toMatchObject({ code: 10, error_subcode: 2534022 });
  });
});

describe('private replies (recipient.comment_id)', () => {
  it('answers the comment in Direct once: recipient_id is the commenter, the echo arrives, a second reply is 100/2534025', async () => {
    const giulia = h.sandbox.customer.create({ accountId: PAGE.id, username: 'giulia' });
    const { commentId } = h.sandbox.customer.comment(giulia.id, { mediaId: postId, text: 'price?' });
    const res = await privateReply(commentId);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ recipient_id: giulia.id, message_id: expect.any(String) });
    expect(h.sandbox.inspect.sent()).toMatchObject([{ mid: res.body.message_id, recipientId: giulia.id, commentId, text: 'Hi! It is 120 €.' }]);
    await h.sandbox.flush();
    expect(h.receiver.messaging().at(-1)).toMatchObject({ sender: { id: PAGE.igUserId }, recipient: { id: giulia.id }, message: { mid: res.body.message_id, is_echo: true } });

    const again = await privateReply(commentId, 'one more');
    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({ code: 100, error_subcode: 2534025 });
    expect(h.sandbox.inspect.sent()).toHaveLength(1);
  });

  it('follow-ups wait for the person\'s answer, then the 24 h window applies', async () => {
    const c = h.sandbox.customer.create({ accountId: PAGE.id, username: 'follow' });
    const { commentId } = h.sandbox.customer.comment(c.id, { mediaId: postId, text: 'price?' });
    expect((await privateReply(commentId)).status).toBe(200);
    const dm = () => h.graph('POST', '/v26.0/me/messages', { body: { recipient: { id: c.id }, message: { text: 'Anything else?' } } });
    expect((await dm()).body.error).toMatchObject({ code: 10, error_subcode: 2534022 });
    h.sandbox.clock.advance(HOUR_MS);
    h.sandbox.customer.text(c.id, 'Thanks! Do you ship to Milan?');
    expect((await dm()).status).toBe(200);
    h.sandbox.clock.advance(25 * HOUR_MS);
    expect((await dm()).body.error).toMatchObject({ code: 10, error_subcode: 2534022 });
  });

  it('refuses after 7 days, for a Live comment after the broadcast, for mentions, and for anything but text', async () => {
    await h.close();
    const frozen = Date.now();
    h = await startHarness({ now: () => frozen });
    postId = h.sandbox.accounts.createMedia(PAGE.id, { kind: 'post' }).id;
    const c = h.sandbox.customer.create({ accountId: PAGE.id, username: 'late' });
    const old = h.sandbox.customer.comment(c.id, { mediaId: postId, text: 'old' });
    const live = h.sandbox.accounts.createMedia(PAGE.id, { kind: 'live' }).id;
    const liveComment = h.sandbox.customer.comment(c.id, { mediaId: live, text: 'live!' });
    const mention = h.sandbox.customer.mention(c.id);
    const fresh = h.sandbox.customer.comment(c.id, { mediaId: postId, text: 'fresh' });

    h.sandbox.accounts.endLive(live);
    expect((await privateReply(liveComment.commentId)).body.error).toMatchObject({ code: 100, error_subcode: 2534025 });
    expect((await privateReply(mention.commentId)).body.error).toMatchObject({ code: 100, error_subcode: 2534025 });
    const media = await h.graph('POST', '/v26.0/me/messages', {
      body: { recipient: { comment_id: fresh.commentId }, message: { attachment: { type: 'image', payload: { url: 'https://cdn.example.com/a.png' } } } },
    });
    expect(media.body.error).toMatchObject({ code: 100, error_subcode: 2534015 });

    h.sandbox.clock.advance(7 * DAY_MS - 1);
    expect((await privateReply(old.commentId)).status).toBe(200);
    h.sandbox.clock.advance(1);
    expect((await privateReply(fresh.commentId)).body.error).toMatchObject({ code: 100, error_subcode: 2534025 });
    expect((await privateReply('179000000000')).body.error).toMatchObject({ code: 100, error_subcode: 2534025 });
  });

  it('a Live comment is answerable while the broadcast runs', async () => {
    const c = h.sandbox.customer.create({ accountId: PAGE.id, username: 'viewer' });
    const live = h.sandbox.accounts.createMedia(PAGE.id, { kind: 'live' }).id;
    const { commentId } = h.sandbox.customer.comment(c.id, { mediaId: live, text: 'how much?' });
    expect((await privateReply(commentId)).status).toBe(200);
  });

  it('counts private replies in their own buckets: Live comments 100 per second, then 613/2534040', async () => {
    await h.close();
    const frozen = Date.now();
    h = await startHarness({ now: () => frozen, webhookUrl: undefined });
    const live = h.sandbox.accounts.createMedia(PAGE.id, { kind: 'live' }).id;
    const ids = Array.from({ length: 101 }, (_, i) => {
      const c = h.sandbox.customer.create({ accountId: PAGE.id, username: `fan${i}` });
      return h.sandbox.customer.comment(c.id, { mediaId: live, text: 'price?' }).commentId;
    });
    const statuses = (await Promise.all(ids.slice(0, 100).map((id) => privateReply(id)))).map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(100);
    expect((await privateReply(ids[100]!)).body.error).toMatchObject({ code: 613, error_subcode: 2534040 });
    // Text messages have their own bucket.
    const writer = h.sandbox.customer.list(PAGE.id)[0]!.id;
    h.sandbox.customer.text(writer, 'hi');
    expect((await h.graph('POST', '/v26.0/me/messages', { body: { recipient: { id: writer }, message: { text: 'ok' } } })).status).toBe(200);
    h.sandbox.clock.advance(1000);
    expect((await privateReply(ids[100]!)).status).toBe(200);
  });
});

describe('public replies, hide, delete and reads', () => {
  it('POST /{comment-id}/replies answers publicly; the reply comes back as a comments webhook from the account', async () => {
    const c = h.sandbox.customer.create({ accountId: PAGE.id, username: 'ask' });
    const { commentId } = h.sandbox.customer.comment(c.id, { mediaId: postId, text: 'in black?' });
    const res = await h.graph('POST', `/v26.0/${commentId}/replies`, { body: { message: 'Yes, in black and tan!' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: expect.any(String) });
    await h.sandbox.flush();
    expect(changes().at(-1)).toEqual({
      field: 'comments',
      value: { from: { id: PAGE.igUserId, username: PAGE.username }, media: { id: postId, media_product_type: 'FEED' }, id: res.body.id, parent_id: commentId, text: 'Yes, in black and tan!' },
    });
    expect(h.sandbox.inspect.commentActions()).toMatchObject([{ commentId, action: 'reply', replyId: res.body.id, text: 'Yes, in black and tan!' }]);
    const node = await h.graph('GET', `/v26.0/${commentId}`, { query: { fields: 'id,text,username,hidden,replies{id,text,username}' } });
    expect(node.body).toEqual({ id: commentId, text: 'in black?', username: 'ask', hidden: false, replies: { data: [{ id: res.body.id, text: 'Yes, in black and tan!', username: PAGE.username }] } });
    expect((await h.graph('POST', `/v26.0/${commentId}/replies`, { body: {} })).body.error).toMatchObject({ code: 100 });
  });

  it('hides, unhides and deletes; the account cannot hide its own comment', async () => {
    const c = h.sandbox.customer.create({ accountId: PAGE.id, username: 'rude' });
    const { commentId } = h.sandbox.customer.comment(c.id, { mediaId: postId, text: 'spam spam' });
    expect((await h.graph('POST', `/v26.0/${commentId}`, { query: { hide: 'true' } })).body).toEqual({ success: true });
    expect((await h.graph('GET', `/v26.0/${commentId}`, { query: { fields: 'hidden' } })).body).toEqual({ id: commentId, hidden: true });
    expect((await h.graph('POST', `/v26.0/${commentId}`, { body: { hide: false } })).body).toEqual({ success: true });
    const own = await h.graph('POST', `/v26.0/${commentId}/replies`, { body: { message: 'Please stop.' } });
    expect((await h.graph('POST', `/v26.0/${own.body.id}`, { query: { hide: 'true' } })).body.error).toMatchObject({ code: 100 });
    expect((await h.graph('DELETE', `/v26.0/${commentId}`)).body).toEqual({ success: true });
    expect((await h.graph('GET', `/v26.0/${commentId}`)).body.error).toMatchObject({ code: 100, error_subcode: 33 });
    expect(h.sandbox.inspect.commentActions().map((a) => a.action)).toEqual(['hide', 'unhide', 'reply', 'delete']);
  });

  it('comment moderation needs the comments permission', async () => {
    const c = h.sandbox.customer.create({ accountId: PAGE.id, username: 'p' });
    const { commentId } = h.sandbox.customer.comment(c.id, { mediaId: postId, text: 'x' });
    h.sandbox.accounts.setPermissions(PAGE.id, ['instagram_basic', 'instagram_manage_messages']);
    expect((await h.graph('POST', `/v26.0/${commentId}`, { query: { hide: 'true' } })).body.error).toMatchObject({ code: 10 });
    expect((await privateReply(commentId)).body.error).toMatchObject({ code: 10 });
  });

  it('lists the account\'s media, a post\'s comments and running Live broadcasts', async () => {
    const live = h.sandbox.accounts.createMedia(PAGE.id, { kind: 'live' }).id;
    const c = h.sandbox.customer.create({ accountId: PAGE.id, username: 'r' });
    h.sandbox.customer.comment(c.id, { mediaId: postId, text: 'first' });
    h.sandbox.customer.comment(c.id, { mediaId: postId, text: 'second' });
    const media = await h.graph('GET', `/v26.0/${PAGE.id}/media`, { query: { fields: 'id,caption,media_product_type,permalink,thumbnail_url,comments_count' } });
    expect(media.body.data).toEqual([
      // An image has no thumbnail_url on Graph ("only available on VIDEO media").
      { id: postId, caption: 'New bags', media_product_type: 'FEED', permalink: expect.stringMatching(/^https:\/\/www\.instagram\.com\/p\//), comments_count: 2 },
    ]);
    const comments = await h.graph('GET', `/v26.0/${postId}/comments`, { query: { fields: 'text' } });
    expect(comments.body.data.map((x: Json) => x.text)).toEqual(['second', 'first']);
    expect((await h.graph('GET', `/v26.0/${PAGE.id}/live_media`)).body.data).toEqual([{ id: live }]);
    h.sandbox.accounts.endLive(live);
    expect((await h.graph('GET', `/v26.0/${PAGE.id}/live_media`)).body.data).toEqual([]);
  });

  it('reads a media node as Graph does: an image\'s media_url is the picture, a reel\'s thumbnail_url a still and its media_url the video', async () => {
    const fields = 'permalink,thumbnail_url,media_url,media_type,caption';
    const post = await h.graph('GET', `/v26.0/${postId}`, { query: { fields } });
    expect(post.body).toEqual({ id: postId, permalink: expect.stringMatching(/^https:\/\/www\.instagram\.com\/p\//), media_url: expect.any(String), media_type: 'IMAGE', caption: 'New bags' });
    const image = await fetch(post.body.media_url);
    expect(image.headers.get('content-type')).toMatch(/^image\/png/);

    const created = h.sandbox.accounts.createMedia(PAGE.id, { kind: 'reel', caption: 'Behind the scenes' });
    const reel = await h.graph('GET', `/v26.0/${created.id}`, { query: { fields } });
    expect(reel.body).toEqual({ id: created.id, permalink: expect.stringMatching(/^https:\/\/www\.instagram\.com\/reel\//), thumbnail_url: created.thumbnailUrl, media_url: created.url, media_type: 'VIDEO', caption: 'Behind the scenes' });
    expect((await fetch(reel.body.thumbnail_url)).headers.get('content-type')).toMatch(/^image\/png/);
    expect((await fetch(reel.body.media_url)).headers.get('content-type')).toMatch(/^video\/mp4/);

    // Fields Graph does not have on a media node are refused, as Meta does.
    expect((await h.graph('GET', `/v26.0/${postId}`, { query: { fields: 'access_token' } })).body.error).toMatchObject({ code: 100 });
  });
});
