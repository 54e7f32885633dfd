/**
 * Comments end to end against the sandbox over real HTTP: comment webhooks (both shapes) → the
 * comments list → private reply through the outbox with `recipient.comment_id` → the rules
 * enforced locally (nothing reaches the sandbox) → public reply and hide → the 7 days on the
 * sandbox's clock.
 */
import { DAY_MS, type KitComment, type KitConversation, type KitMessage } from '@kit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SseClient, type Harness } from '../test/harness';
import { conversation, IG_ACCOUNT, JSON_HEADERS, newClientId, PAGE_ACCOUNT, postJson, sendRequests, startSendHarness } from '../test/send-kit';

let h: Harness;
beforeEach(async () => {
  h = await startSendHarness();
});
afterEach(async () => {
  await h.close();
});

interface CommentsPage {
  comments: KitComment[];
  nextBefore: string | null;
}

async function listComments(accountId: string, query = ''): Promise<CommentsPage> {
  const r = await h.call(`/accounts/${accountId}/comments${query}`);
  expect(r.status, r.text).toBe(200);
  return r.json as CommentsPage;
}

/** A customer comments on a new post of the account; the webhook is delivered and applied. */
async function commented(accountId: string, text = 'price?', kind: 'post' | 'reel' | 'live' = 'post') {
  const mediaId = h.sandbox.accounts.createMedia(accountId, { kind, caption: 'New bags' }).id;
  const customer = h.customer.create({ accountId, username: `fan_${Math.random().toString(36).slice(2, 8)}` });
  const { commentId } = h.customer.comment(customer.id, { mediaId, text });
  await h.settle();
  return { mediaId, customerId: customer.id, commentId };
}

const privateReply = (accountId: string, commentId: string, body: Record<string, unknown>) => postJson(h, `/accounts/${accountId}/comments/${commentId}/private-reply`, body);
const commentRequests = () => h.sandbox.inspect.requests().filter((r) => r.method === 'POST' && !/\/messages$/.test(r.path) && !/\/webhook/.test(r.path));

describe.each([
  ['an Instagram-Login account (flat webhooks)', IG_ACCOUNT.id],
  ['a Page account (entry.changes[])', PAGE_ACCOUNT.id],
])('comments on %s', (_name, accountId) => {
  it('lists a new comment as needing a reply, answers it once in private through Graph with recipient.comment_id, and refuses a second private reply locally', async () => {
    const { mediaId, customerId, commentId } = await commented(accountId);
    const waiting = await listComments(accountId, '?needsReply=1');
    expect(waiting.comments).toEqual([
      expect.objectContaining({ id: commentId, accountId, source: 'comment', mediaId, media: { id: mediaId, kind: 'post', permalink: expect.any(String), thumbnailUrl: expect.any(String), caption: 'New bags' }, from: expect.objectContaining({ id: customerId }), fromSelf: false, text: 'price?', conversationId: `${accountId}:${customerId}` }),
    ]);

    const clientId = newClientId('pr');
    const first = await privateReply(accountId, commentId, { clientId, text: 'Hi! It is 120 €.' });
    expect(first.status).toBe(201);
    expect(first.json.message).toMatchObject({ status: 'sent', clientId, text: 'Hi! It is 120 €.', conversationId: `${accountId}:${customerId}`, replyTo: { comment: { id: commentId, text: 'price?', mediaId, permalink: expect.any(String), thumbnailUrl: expect.any(String) } } });
    const sent = sendRequests(h, accountId);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body).toEqual({ recipient: { comment_id: commentId }, message: { text: 'Hi! It is 120 €.' } });
    expect(h.sandbox.inspect.sent()).toMatchObject([{ commentId, recipientId: customerId, mid: first.json.message?.id }]);
    await h.settle();

    // The comment is answered; the thread with the commenter exists and holds the reply (echo merged, not doubled).
    expect((await listComments(accountId, '?needsReply=1')).comments).toEqual([]);
    const [stored] = (await listComments(accountId)).comments;
    expect(stored?.privateReply).toMatchObject({ clientId, status: 'sent', messageId: first.json.message?.id });
    const thread = await h.call(`/accounts/${accountId}/conversations/${accountId}:${customerId}/messages`);
    expect((thread.json as { messages: KitMessage[] }).messages.map((m) => [m.id, m.clientId, m.status])).toEqual([[first.json.message?.id, clientId, 'sent']]);
    expect((thread.json as { messages: KitMessage[] }).messages[0]?.replyTo).toEqual({ comment: { id: commentId, text: 'price?', mediaId, permalink: expect.any(String), thumbnailUrl: expect.any(String) } });
    const conv: KitConversation = await conversation(h, `${accountId}:${customerId}`);
    expect(conv.privateReplyAt).toBeGreaterThan(0);
    expect(conv.window).toBe('closed'); // a comment opens no window (D12)

    // The same request again: the same reply, nothing sent again.
    const repeat = await privateReply(accountId, commentId, { clientId, text: 'Hi! It is 120 €.' });
    expect(repeat.status).toBe(200);
    expect(repeat.json.message?.id).toBe(first.json.message?.id);

    // A second private reply to the same comment: refused here, nothing reaches the sandbox.
    const requestsBefore = h.sandbox.inspect.requests().length;
    const second = await privateReply(accountId, commentId, { clientId: newClientId('pr'), text: 'One more thing' });
    expect(second.status).toBe(422);
    expect(second.json.error).toMatchObject({ code: 'private_reply_already_sent', category: 'duplicate' });
    expect(h.sandbox.inspect.requests()).toHaveLength(requestsBefore);
    expect(sendRequests(h, accountId)).toHaveLength(1);
    const reused = await privateReply(accountId, commentId, { clientId, text: 'different text' });
    expect(reused.json.error?.code).toBe('client_id_reused');
  });

  it('answers in public and hides a comment through Graph; the reply\'s own webhook is merged, not listed twice', async () => {
    const { commentId } = await commented(accountId, 'do you ship to Italy?');
    const clientId = newClientId('pub');
    const reply = await postJson(h, `/accounts/${accountId}/comments/${commentId}/replies`, { clientId, text: 'Yes, in 3 days!' });
    expect(reply.status).toBe(201);
    const { reply: mine, comment } = reply.json as unknown as { reply: KitComment; comment: KitComment };
    expect(mine).toMatchObject({ parentId: commentId, fromSelf: true, text: 'Yes, in 3 days!', clientId });
    expect(comment.publicReplyAt).toBeGreaterThan(0);
    expect(comment.publicReplies).toEqual([{ clientId, text: 'Yes, in 3 days!', status: 'sent', replyId: mine.id, at: expect.any(Number) }]);
    expect(h.sandbox.inspect.commentActions({ commentId })).toMatchObject([{ action: 'reply', replyId: mine.id, text: 'Yes, in 3 days!' }]);

    // The same request again (a retry after a lost answer): the same reply, nothing posted again.
    const repeat = await postJson(h, `/accounts/${accountId}/comments/${commentId}/replies`, { clientId, text: 'Yes, in 3 days!' });
    expect(repeat.status).toBe(200);
    expect((repeat.json as unknown as { reply: KitComment }).reply.id).toBe(mine.id);
    const reused = await postJson(h, `/accounts/${accountId}/comments/${commentId}/replies`, { clientId, text: 'Something else' });
    expect(reused.status).toBe(409);
    expect(reused.json.error?.code).toBe('client_id_reused');
    expect(h.sandbox.inspect.commentActions({ commentId })).toHaveLength(1);
    await h.settle();
    const all = (await listComments(accountId)).comments;
    expect(all.map((c) => [c.id, c.fromSelf])).toEqual(expect.arrayContaining([[mine.id, true], [commentId, false]]));
    expect(all).toHaveLength(2);
    expect((await listComments(accountId, '?needsReply=1')).comments).toEqual([]);

    const { commentId: rude } = await commented(accountId, 'spam spam');
    const hide = await postJson(h, `/accounts/${accountId}/comments/${rude}/hide`, { hidden: true });
    expect(hide.status).toBe(200);
    expect((hide.json as unknown as { comment: KitComment }).comment).toMatchObject({ id: rude, hidden: true });
    expect(h.sandbox.inspect.commentActions({ commentId: rude })).toMatchObject([{ action: 'hide' }]);
    const unhide = await postJson(h, `/accounts/${accountId}/comments/${rude}/hide`, { hidden: false });
    expect((unhide.json as unknown as { comment: KitComment }).comment.hidden).toBe(false);
    expect(h.sandbox.inspect.commentActions({ commentId: rude }).map((r) => r.action)).toEqual(['hide', 'unhide']);
    expect((await listComments(accountId, '?needsReply=1')).comments.map((c) => c.id)).toEqual([rude]);

    // The business's own comment cannot be hidden: refused here.
    const before = commentRequests().length;
    const own = await postJson(h, `/accounts/${accountId}/comments/${mine.id}/hide`, { hidden: true });
    expect(own.json.error?.code).toBe('comment_not_hideable');
    expect(commentRequests()).toHaveLength(before);
  });
});

describe('the thread\'s "replied to your comment" card', () => {
  it('keeps the post\'s permalink and thumbnail on the private reply when the kit knows the post', async () => {
    const { mediaId, customerId, commentId } = await commented(IG_ACCOUNT.id, 'is it leather?');
    // Webhooks name only the post's id and kind; a read of the post (or the host) adds the rest.
    const stored = (await h.kit.store.getComment(IG_ACCOUNT.id, commentId)) as KitComment;
    const media = { id: mediaId, kind: 'post' as const, permalink: 'https://www.instagram.com/p/bags/', thumbnailUrl: 'https://cdn.example/bags.jpg' };
    await h.kit.store.putComment({ ...stored, media });
    const sent = await privateReply(IG_ACCOUNT.id, commentId, { clientId: newClientId('pr'), text: 'Yes, full grain.' });
    expect(sent.status).toBe(201);
    await h.settle();
    const thread = await h.call(`/accounts/${IG_ACCOUNT.id}/conversations/${IG_ACCOUNT.id}:${customerId}/messages`);
    expect((thread.json as { messages: KitMessage[] }).messages[0]?.replyTo).toEqual({
      comment: { id: commentId, text: 'is it leather?', mediaId, permalink: media.permalink, thumbnailUrl: media.thumbnailUrl },
    });
  });
});

describe('the rules enforced before anything reaches Graph', () => {
  it('refuses a private reply 7 days after the comment (sandbox clock), and allows it just before', async () => {
    const early = await commented(IG_ACCOUNT.id, 'still there?');
    const late = await commented(IG_ACCOUNT.id, 'hello?');
    h.sandbox.clock.advance(7 * DAY_MS - 60_000);
    const inTime = await privateReply(IG_ACCOUNT.id, early.commentId, { clientId: newClientId('pr'), text: 'Yes!' });
    expect(inTime.json.message?.status).toBe('sent');

    h.sandbox.clock.advance(60_000);
    const requestsBefore = h.sandbox.inspect.requests().length;
    const tooLate = await privateReply(IG_ACCOUNT.id, late.commentId, { clientId: newClientId('pr'), text: 'Sorry for the wait' });
    expect(tooLate.status).toBe(422);
    expect(tooLate.json.error).toMatchObject({ code: 'comment_too_old', category: 'window' });
    expect(h.sandbox.inspect.requests()).toHaveLength(requestsBefore);
    expect(sendRequests(h, IG_ACCOUNT.id)).toHaveLength(1);
  });

  it('public replies are idempotent by clientId: parallel repeats post once; a reply Graph refused may be asked again', async () => {
    const { commentId } = await commented(IG_ACCOUNT.id, 'colors?');
    const clientId = newClientId('pub');
    const path = `/accounts/${IG_ACCOUNT.id}/comments/${commentId}/replies`;
    const answers = await Promise.all([1, 2, 3].map(() => postJson(h, path, { clientId, text: 'Red and blue.' })));
    expect(answers.map((a) => a.status).sort()).toEqual(expect.arrayContaining([201]));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    for (const a of answers) if (a.status !== 201) expect([200, 409]).toContain(a.status);
    expect(h.sandbox.inspect.commentActions({ commentId }).filter((r) => r.action === 'reply')).toHaveLength(1);

    // Graph refuses a reply (the comment was deleted meanwhile): the request is `failed` and may be asked again.
    const { commentId: other } = await commented(IG_ACCOUNT.id, 'size?');
    h.sandbox.faults.set({ errorRate: 1 });
    const refused = await postJson(h, `/accounts/${IG_ACCOUNT.id}/comments/${other}/replies`, { clientId: 'again-1', text: 'M and L.' });
    h.sandbox.faults.set({ errorRate: 0 });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect((await h.kit.store.getComment(IG_ACCOUNT.id, other))?.publicReplies).toMatchObject([{ clientId: 'again-1', status: 'failed' }]);
    const retried = await postJson(h, `/accounts/${IG_ACCOUNT.id}/comments/${other}/replies`, { clientId: 'again-1', text: 'M and L.' });
    expect(retried.status).toBe(201);
    expect((await h.kit.store.getComment(IG_ACCOUNT.id, other))?.publicReplies).toMatchObject([{ clientId: 'again-1', status: 'sent' }]);
  });

  it('a mention on someone else\'s post cannot be answered from here; unknown comments are 404', async () => {
    const c = h.customer.create({ accountId: IG_ACCOUNT.id, username: 'tagger' });
    const { commentId } = h.customer.mention(c.id);
    await h.settle();
    expect((await listComments(IG_ACCOUNT.id)).comments).toMatchObject([{ id: commentId, source: 'mention', fromSelf: false }]);
    const posts = () => h.sandbox.inspect.requests().filter((r) => r.method === 'POST').length;
    const postsBefore = posts();
    expect((await privateReply(IG_ACCOUNT.id, commentId, { clientId: newClientId(), text: 'hi' })).json.error?.code).toBe('comment_not_answerable');
    expect((await postJson(h, `/accounts/${IG_ACCOUNT.id}/comments/${commentId}/replies`, { clientId: newClientId(), text: 'hi' })).json.error?.code).toBe('comment_not_answerable');
    expect((await privateReply(IG_ACCOUNT.id, '1790000000009999', { clientId: newClientId(), text: 'hi' })).status).toBe(404);
    // Another account's comment is not found either.
    const other = await commented(PAGE_ACCOUNT.id);
    expect((await privateReply(IG_ACCOUNT.id, other.commentId, { clientId: newClientId(), text: 'hi' })).json.error?.code).toBe('comment_not_found');
    expect(posts()).toBe(postsBefore);
  });

  it('refuses unknown fields and bad values with 400, and a Live comment answered after the broadcast fails with Meta\'s refusal, giving the comment back', async () => {
    const { commentId, mediaId } = await commented(IG_ACCOUNT.id, 'live!', 'live');
    const base = `/accounts/${IG_ACCOUNT.id}/comments/${commentId}`;
    expect((await postJson(h, `${base}/private-reply`, { clientId: newClientId(), text: 'hi', tag: 'HUMAN_AGENT' })).json.error).toMatchObject({ code: 'unknown_field' });
    expect((await postJson(h, `${base}/replies`, { text: 'hi', clientId: 'x', tag: 'y' })).json.error).toMatchObject({ code: 'unknown_field' });
    expect((await postJson(h, `${base}/replies`, { text: 'hi' })).json.error).toMatchObject({ code: 'invalid_client_id' });
    expect((await postJson(h, `${base}/hide`, { hidden: 'yes' })).json.error).toMatchObject({ code: 'invalid_hidden' });
    expect((await postJson(h, `${base}/private-reply`, { clientId: newClientId(), text: 'x'.repeat(1001) })).json.error).toMatchObject({ code: 'text_too_long' });
    expect((await h.call(`/accounts/${IG_ACCOUNT.id}/comments?needsReply=1&page=2`)).status).toBe(400);
    expect((await h.call(`/accounts/${IG_ACCOUNT.id}/comments?limit=0`)).status).toBe(400);
    expect((await listComments(IG_ACCOUNT.id, `?mediaId=${mediaId}`)).comments).toMatchObject([{ id: commentId, source: 'live_comment', media: { kind: 'live' } }]);

    // Meta does not tell the kit when a broadcast ends: the sandbox refuses (100/2534025).
    h.sandbox.accounts.endLive(mediaId);
    const reply = await privateReply(IG_ACCOUNT.id, commentId, { clientId: newClientId('pr'), text: 'thanks for watching' });
    expect(reply.json.message).toMatchObject({ status: 'failed', statusReason: { graph: { code: 100, subcode: 2534025 } } });
    await h.settle();
    const [c] = (await listComments(IG_ACCOUNT.id, '?needsReply=1')).comments;
    expect(c).toMatchObject({ id: commentId, privateReply: { status: 'failed' } });
  });

  it('asks the host\'s authorize() with comments.read, comments.reply and comments.moderate', async () => {
    await h.close();
    const asked: string[] = [];
    h = await startSendHarness({ proxy: { authorize: (_req, { action }) => (asked.push(action), action !== 'comments.moderate') } });
    const { commentId } = await commented(IG_ACCOUNT.id);
    await listComments(IG_ACCOUNT.id);
    await postJson(h, `/accounts/${IG_ACCOUNT.id}/comments/${commentId}/replies`, { clientId: newClientId(), text: 'thanks' });
    const hide = await h.call(`/accounts/${IG_ACCOUNT.id}/comments/${commentId}/hide`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ hidden: true }) });
    expect(hide.status).toBe(403);
    expect(asked).toEqual(expect.arrayContaining(['comments.read', 'comments.reply', 'comments.moderate']));
    expect(h.sandbox.inspect.commentActions({ commentId }).map((r) => r.action)).toEqual(['reply']);
  });
});

describe('live events', () => {
  it('streams the comment, then its private reply\'s state, to SSE clients', async () => {
    const sse = await SseClient.open(`${h.kitUrl}/events`, h.recorder);
    try {
      const { commentId } = await commented(IG_ACCOUNT.id, 'size M?');
      const comments = () => sse.events().filter((e) => e.type === 'comment' && (e.comment as KitComment).id === commentId).map((e) => e.comment as KitComment);
      // The comment, then the same comment with its post's picture once the post was read.
      await sse.waitFor(() => comments().length === 2);
      expect(comments()[0]).toMatchObject({ text: 'size M?', fromSelf: false });
      expect(comments()[0]?.media?.thumbnailUrl).toBeUndefined();
      expect(comments()[1]?.media?.thumbnailUrl).toEqual(expect.any(String));
      expect(comments()[0]?.privateReply).toBeUndefined();
      const clientId = newClientId('pr');
      await privateReply(IG_ACCOUNT.id, commentId, { clientId, text: 'Yes, M is in stock.' });
      await sse.waitFor(() => comments().some((c) => c.privateReply?.status === 'sent'));
      expect(comments().map((c) => c.privateReply?.status)).toEqual([undefined, undefined, 'queued', 'sending', 'sent']);
      expect(sse.events().some((e) => e.type === 'send_status' && e.clientId === clientId && e.status === 'sent')).toBe(true);
      expect(h.recorder.leaks()).toEqual([]);
    } finally {
      await sse.close();
    }
  });
});

describe('the post a comment is on', () => {
  const FIELDS = 'permalink,thumbnail_url,media_url,media_type,caption';
  const mediaReads = (mediaId: string) => h.sandbox.inspect.requests().filter((r) => r.method === 'GET' && r.path.endsWith(`/${mediaId}`));

  it('is read once — also for two comments arriving together — and its picture reaches the comments and the private reply\'s message', async () => {
    // Reads answer slowly, so the second comment is stored while the first one's read is under way.
    h.sandbox.faults.set({ latencyMs: 150, routes: ['read'] });
    const reel = h.sandbox.accounts.createMedia(IG_ACCOUNT.id, { kind: 'reel', caption: 'Behind the scenes' });
    const [ada, bea] = [h.customer.create({ accountId: IG_ACCOUNT.id, username: 'ada' }), h.customer.create({ accountId: IG_ACCOUNT.id, username: 'bea' })];
    const first = h.customer.comment(ada.id, { mediaId: reel.id, text: 'price?' });
    const second = h.customer.comment(bea.id, { mediaId: reel.id, text: 'size?' });
    await h.settle();
    expect(mediaReads(reel.id)).toHaveLength(1);
    expect(mediaReads(reel.id)[0]?.query).toEqual({ fields: FIELDS });

    const media = { id: reel.id, kind: 'reel', permalink: reel.permalink, thumbnailUrl: reel.thumbnailUrl, caption: 'Behind the scenes' };
    const listed = (await listComments(IG_ACCOUNT.id, `?mediaId=${reel.id}`)).comments;
    expect(listed.map((c) => [c.id, c.media])).toEqual([
      [second.commentId, media],
      [first.commentId, media],
    ]);

    // A later comment on the same reel: nothing read again, the picture comes with the comment.
    const cleo = h.customer.create({ accountId: IG_ACCOUNT.id, username: 'cleo' });
    const third = h.customer.comment(cleo.id, { mediaId: reel.id, text: 'colours?' });
    await h.settle();
    expect(mediaReads(reel.id)).toHaveLength(1);
    expect((await listComments(IG_ACCOUNT.id, `?mediaId=${reel.id}`)).comments.find((c) => c.id === third.commentId)?.media).toEqual(media);

    // The private reply's DM message shows the "replied to your comment" card with the post.
    const replyTo = { comment: { id: first.commentId, text: 'price?', mediaId: reel.id, permalink: reel.permalink, thumbnailUrl: reel.thumbnailUrl } };
    const reply = await privateReply(IG_ACCOUNT.id, first.commentId, { clientId: newClientId('pr'), text: 'It is 40 €.' });
    expect(reply.status).toBe(201);
    expect(reply.json.message?.replyTo).toEqual(replyTo);
    await h.settle();
    const thread = await h.call(`/accounts/${IG_ACCOUNT.id}/conversations/${IG_ACCOUNT.id}:${ada.id}/messages`);
    expect((thread.json as { messages: KitMessage[] }).messages.map((m) => m.replyTo)).toEqual([replyTo]);
  });

  it('shows an image post\'s picture (media_url: Graph gives images no thumbnail_url)', async () => {
    const post = h.sandbox.accounts.createMedia(PAGE_ACCOUNT.id, { kind: 'post' });
    const fan = h.customer.create({ accountId: PAGE_ACCOUNT.id, username: 'dora' });
    const { commentId } = h.customer.comment(fan.id, { mediaId: post.id, text: 'love it' });
    await h.settle();
    const [c] = (await listComments(PAGE_ACCOUNT.id, `?mediaId=${post.id}`)).comments;
    expect(c).toMatchObject({ id: commentId, media: { id: post.id, kind: 'post', permalink: post.permalink, thumbnailUrl: post.url } });
  });

  it('a failed read never holds the comment back: it is listed without a picture, and a later comment reads the post again after 10 minutes', async () => {
    h.sandbox.faults.set({ errorRate: 1, routes: ['read'] });
    const post = h.sandbox.accounts.createMedia(IG_ACCOUNT.id, { kind: 'post', caption: 'Sale' });
    const eve = h.customer.create({ accountId: IG_ACCOUNT.id, username: 'eve' });
    const early = h.customer.comment(eve.id, { mediaId: post.id, text: 'discount?' });
    await h.settle();
    expect(mediaReads(post.id)).toHaveLength(1);
    const [stored] = (await listComments(IG_ACCOUNT.id, '?needsReply=1')).comments.filter((c) => c.id === early.commentId);
    expect(stored?.media).toEqual({ id: post.id, kind: 'post' });

    // Graph is back; within the cool-down a new comment does not read again…
    h.sandbox.faults.clear();
    h.customer.comment(eve.id, { mediaId: post.id, text: 'hello?' });
    await h.settle();
    expect(mediaReads(post.id)).toHaveLength(1);
    // …after it, the next comment does, and carries the picture.
    h.sandbox.clock.advance(10 * 60_000 + 1);
    const later = h.customer.comment(eve.id, { mediaId: post.id, text: 'still there?' });
    await h.settle();
    expect(mediaReads(post.id)).toHaveLength(2);
    const listed = (await listComments(IG_ACCOUNT.id, `?mediaId=${post.id}`)).comments;
    expect(listed.find((c) => c.id === later.commentId)?.media).toEqual({ id: post.id, kind: 'post', permalink: post.permalink, thumbnailUrl: post.url, caption: 'Sale' });
  });
});
