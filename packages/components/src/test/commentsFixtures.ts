/**
 * Comments for the comments view's stories and tests, relative to the story clock: one per state
 * the view shows (waiting, answered in private or in public, sending, failed, hidden, too old, a
 * Live that ended, a mention, the business's own reply), and a fake of the four comment routes that
 * follows @kit/core's rules the way the proxy does (a refused private reply is a 422 with the
 * rule's code).
 */
import { DAY_MS, HOUR_MS, MINUTE_MS, privateReplyPolicy, type KitComment, type KitMedia, type KitMessage } from '@kit/core';
import { KitClientError, type KitClient } from '../client';
import { ACCOUNT, CUSTOMER } from './fixtures';
import { STORY_NOW } from './StoryKit';

const thumb = (hue: number) =>
  `data:image/svg+xml,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" width="80" height="80"><rect width="100%" height="100%" fill="hsl(${hue} 55% 55%)"/></svg>`)}`;

export const BAG_POST: KitMedia = { id: '17900000000000101', kind: 'post', caption: 'The autumn bags are here', permalink: 'https://www.instagram.com/p/bags/', thumbnailUrl: thumb(20) };
export const REEL: KitMedia = { id: '17900000000000102', kind: 'reel', caption: 'Behind the scenes', permalink: 'https://www.instagram.com/reel/bts/', thumbnailUrl: thumb(200) };
export const LIVE: KitMedia = { id: '17900000000000103', kind: 'live', liveEndedAt: STORY_NOW - 2 * HOUR_MS };
export const OTHERS_POST: KitMedia = { id: '17900000000000104', kind: 'other' };

export function comment(partial: Partial<KitComment> & { id: string }): KitComment {
  const from = partial.from ?? { id: CUSTOMER, username: 'giulia.rossi' };
  return {
    accountId: ACCOUNT,
    source: 'comment',
    mediaId: (partial.media ?? BAG_POST).id,
    media: BAG_POST,
    from,
    fromSelf: false,
    createdAt: STORY_NOW - 10 * MINUTE_MS,
    conversationId: `${ACCOUNT}:${from.id}`,
    ...partial,
  };
}

/** A comment waiting for an answer, privately answerable. */
export const WAITING = comment({ id: '17800000000000001', text: 'How much is the red one? 😍', createdAt: STORY_NOW - 5 * MINUTE_MS });

/** Every state at once (newest first within each post). */
export const EVERY_STATE: KitComment[] = [
  WAITING,
  comment({ id: '17800000000000002', from: { id: '6000000000000002', username: 'lukas.b' }, text: 'Do you ship to Berlin?', createdAt: STORY_NOW - 40 * MINUTE_MS, privateReply: { clientId: 'pr-1', status: 'sent', messageId: 'mid.pr1', at: STORY_NOW - 30 * MINUTE_MS } }),
  comment({ id: '17800000000000003', from: { id: '6000000000000003', username: 'anna_k' }, text: 'Is it real leather?', createdAt: STORY_NOW - HOUR_MS, privateReply: { clientId: 'pr-2', status: 'sending', at: STORY_NOW - MINUTE_MS } }),
  comment({
    id: '17800000000000004',
    from: { id: '6000000000000004', username: 'marco.v' },
    text: 'Sizes?',
    createdAt: STORY_NOW - 2 * HOUR_MS,
    privateReply: { clientId: 'pr-3', status: 'failed', at: STORY_NOW - HOUR_MS, reason: { code: 'graph_error', message: 'Instagram refused the reply', category: 'unknown' } },
  }),
  comment({ id: '17800000000000005', from: { id: '6000000000000005', username: 'spam.bot' }, text: 'Follow me for free followers!!!', createdAt: STORY_NOW - 3 * HOUR_MS, hidden: true }),
  comment({ id: '17800000000000006', from: { id: '6000000000000006', username: 'sara.m' }, text: 'Love the colours', createdAt: STORY_NOW - 8 * DAY_MS, media: REEL, mediaId: REEL.id }),
  comment({ id: '17800000000000007', from: { id: '6000000000000007', username: 'tom' }, text: 'Beautiful!', createdAt: STORY_NOW - 5 * HOUR_MS, media: REEL, mediaId: REEL.id, publicReplyAt: STORY_NOW - 4 * HOUR_MS }),
  comment({ id: '17800000000000008', from: { id: ACCOUNT, username: 'bottega.rossi' }, fromSelf: true, text: 'Thank you Tom!', createdAt: STORY_NOW - 4 * HOUR_MS, media: REEL, mediaId: REEL.id, parentId: '17800000000000007', conversationId: undefined }),
  comment({ id: '17800000000000009', source: 'live_comment', from: { id: '6000000000000009', username: 'elena' }, text: 'Can you show the back?', createdAt: STORY_NOW - 3 * HOUR_MS, media: LIVE, mediaId: LIVE.id }),
  comment({ id: '17800000000000010', source: 'mention', from: { id: '6000000000000010', username: 'fashion.blog' }, text: 'Found these at @bottega.rossi', createdAt: STORY_NOW - 6 * HOUR_MS, media: OTHERS_POST, mediaId: OTHERS_POST.id }),
];

/** A private reply in the thread, as the proxy stores it (replyTo.comment). */
export function privateReplyMessage(partial: Partial<KitMessage> = {}): KitMessage {
  return {
    id: 'mid.pr-card',
    conversationId: `${ACCOUNT}:${CUSTOMER}`,
    accountId: ACCOUNT,
    direction: 'outbound',
    from: { id: ACCOUNT },
    to: { id: CUSTOMER },
    text: 'Hi Giulia! The red one is €120, and it ships tomorrow.',
    attachments: [],
    reactions: [],
    editCount: 0,
    status: 'sent',
    createdAt: STORY_NOW - 4 * MINUTE_MS,
    replyTo: { comment: { id: WAITING.id, text: WAITING.text, mediaId: BAG_POST.id, permalink: BAG_POST.permalink, thumbnailUrl: BAG_POST.thumbnailUrl } },
    ...partial,
  } as KitMessage;
}

export interface FakeComments {
  routes: Required<Pick<KitClient, 'listComments' | 'sendPrivateReply' | 'replyToComment' | 'hideComment'>>;
  /** Calls made, in order. */
  calls: { route: 'private' | 'public' | 'hide'; commentId: string; text?: string; clientId?: string; hidden?: boolean }[];
  comments: KitComment[];
}

/** The comment routes over an in-memory list, with the proxy's rules (private replies need `now`). */
export function fakeComments(initial: KitComment[], options: { now?: () => number; fail?: Error; latencyMs?: number } = {}): FakeComments {
  const comments = initial.map((c) => ({ ...c }));
  const calls: FakeComments['calls'] = [];
  const now = options.now ?? (() => STORY_NOW);
  const later = <T,>(fn: () => T) => new Promise<T>((resolve, reject) => setTimeout(() => (options.fail ? reject(options.fail) : resolve(fn())), options.latencyMs ?? 0));
  const find = (id: string) => {
    const i = comments.findIndex((c) => c.id === id);
    if (i < 0) throw new KitClientError({ code: 'comment_not_found', message: 'No such comment', status: 404, retryable: false, category: 'invalid_request' });
    return i;
  };
  const needsReply = (c: KitComment) => !c.fromSelf && !c.deleted && !c.hidden && (!c.privateReply || c.privateReply.status === 'failed') && c.publicReplyAt === undefined;
  return {
    comments,
    calls,
    routes: {
      listComments: (_a, o = {}) =>
        later(() => ({
          comments: comments
            .filter((c) => (!o.needsReply || needsReply(c)) && (!o.mediaId || c.mediaId === o.mediaId))
            .sort((a, b) => b.createdAt - a.createdAt)
            .map((c) => ({ ...c })),
          nextBefore: null,
        })),
      sendPrivateReply: (_a, commentId, body) =>
        later(() => {
          calls.push({ route: 'private', commentId, text: body.text, clientId: body.clientId });
          const i = find(commentId);
          const policy = privateReplyPolicy(comments[i]!, now());
          if (!policy.allowed) throw new KitClientError({ code: policy.code, message: policy.reason, status: 422, retryable: false, category: policy.category });
          const at = now();
          comments[i] = { ...comments[i]!, privateReply: { clientId: body.clientId, status: 'sent', messageId: `mid.${body.clientId}`, at } };
          return { message: privateReplyMessage({ id: `mid.${body.clientId}`, text: body.text, createdAt: at }), comment: { ...comments[i]! } };
        }),
      replyToComment: (_a, commentId, { text }) =>
        later(() => {
          calls.push({ route: 'public', commentId, text });
          const i = find(commentId);
          comments[i] = { ...comments[i]!, publicReplyAt: now() };
          return { reply: null, comment: { ...comments[i]! } };
        }),
      hideComment: (_a, commentId, hidden) =>
        later(() => {
          calls.push({ route: 'hide', commentId, hidden });
          const i = find(commentId);
          comments[i] = { ...comments[i]!, hidden };
          return { comment: { ...comments[i]! } };
        }),
    },
  };
}
