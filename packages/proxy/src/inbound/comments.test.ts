import { describe, expect, it } from 'vitest';
import { memoryStore } from '../store/memory';
import { applyInbound } from './apply';
import { normalizeWebhook } from './normalize';

const ACC = '17841400000000001';
const resolve = (id: string) => (id === ACC ? ACC : undefined);
const T = 1_790_000_000; // seconds

const value = (over: Record<string, unknown> = {}) => ({
  from: { id: '6543210987654321', username: 'giulia' },
  media: { id: '17800000000000001', media_product_type: 'FEED' },
  id: '17900000000000001',
  text: 'price?',
  ...over,
});

describe('comment webhooks → comment events', () => {
  it('reads entry.changes[] (Page accounts) with entry.time in seconds', () => {
    const { items } = normalizeWebhook({ object: 'instagram', entry: [{ id: ACC, time: T, changes: [{ field: 'comments', value: value() }] }] }, resolve);
    expect(items).toEqual([
      {
        accountId: ACC,
        at: T * 1000,
        dedupeKey: `c:${ACC}:comment:17900000000000001`,
        event: {
          type: 'comment',
          accountId: ACC,
          at: T * 1000,
          comment: {
            id: '17900000000000001',
            accountId: ACC,
            source: 'comment',
            mediaId: '17800000000000001',
            media: { id: '17800000000000001', kind: 'post' },
            from: { id: '6543210987654321', username: 'giulia' },
            fromSelf: false,
            text: 'price?',
            createdAt: T * 1000,
            conversationId: `${ACC}:6543210987654321`,
          },
        },
      },
    ]);
  });

  it('reads the flat shape (Instagram-Login accounts), answers (parent_id), Live comments and mentions', () => {
    const body = {
      object: 'instagram',
      entry: [
        { id: ACC, time: T, field: 'comments', value: value({ id: 'c2', parent_id: 'c1', media: { id: 'r1', media_product_type: 'REELS', permalink: 'https://www.instagram.com/reel/x/' } }) },
        { id: ACC, time: T + 1, field: 'live_comments', value: value({ id: 'c3', media: { id: 'l1', media_product_type: 'LIVE' } }) },
        { id: ACC, time: T + 2, field: 'mentions', value: { media_id: 'm9', comment_id: 'c4' } },
      ],
    };
    const comments = normalizeWebhook(body, resolve).items.map((i) => (i.event.type === 'comment' ? i.event.comment : null));
    expect(comments[0]).toMatchObject({ id: 'c2', parentId: 'c1', source: 'comment', media: { id: 'r1', kind: 'reel', permalink: 'https://www.instagram.com/reel/x/' } });
    expect(comments[1]).toMatchObject({ id: 'c3', source: 'live_comment', media: { kind: 'live' }, createdAt: (T + 1) * 1000 });
    expect(comments[2]).toEqual({ id: 'c4', accountId: ACC, source: 'mention', mediaId: 'm9', media: { id: 'm9', kind: 'other' }, from: { id: '' }, fromSelf: false, createdAt: (T + 2) * 1000 });
  });

  it('knows the business\'s own comments, and takes a timestamp from the value when there is one (s, ms or ISO)', () => {
    const mine = normalizeWebhook({ object: 'instagram', entry: [{ id: ACC, time: T, changes: [{ field: 'comments', value: value({ from: { id: ACC, username: 'shop' }, timestamp: '2026-09-11T10:00:00+0000' }) }] }] }, resolve).items[0];
    expect(mine?.event).toMatchObject({ type: 'comment', comment: { fromSelf: true, createdAt: Date.parse('2026-09-11T10:00:00Z') } });
    expect(mine?.event.type === 'comment' && 'conversationId' in mine.event.comment).toBe(false);
  });

  it('keeps a comment without its ids as unsupported, never dropped', () => {
    const { items } = normalizeWebhook({ object: 'instagram', entry: [{ id: ACC, time: T, changes: [{ field: 'comments', value: { text: 'no ids' } }] }] }, resolve);
    expect(items.map((i) => i.event.type === 'unsupported' && i.event.kind)).toEqual(['comments']);
  });
});

describe('applying comment events', () => {
  it('stores the comment, keeps what the kit knows on a redelivery, and marks the parent answered by the business\'s public reply', async () => {
    const store = memoryStore();
    const apply = async (body: unknown) => {
      for (const item of normalizeWebhook(body, resolve).items) await store.transaction((tx) => applyInbound(item, { tx, now: T * 1000 }));
    };
    await apply({ object: 'instagram', entry: [{ id: ACC, time: T, changes: [{ field: 'comments', value: value({ id: 'c1' }) }] }] });
    expect((await store.listComments(ACC, { limit: 10, needsReply: true })).map((c) => c.id)).toEqual(['c1']);

    const c1 = (await store.getComment(ACC, 'c1'))!;
    await store.putComment({ ...c1, hidden: true });
    await apply({ object: 'instagram', entry: [{ id: ACC, time: T + 5, changes: [{ field: 'comments', value: value({ id: 'c1', text: 'price??' }) }] }] });
    expect(await store.getComment(ACC, 'c1')).toMatchObject({ hidden: true, text: 'price??', createdAt: T * 1000 });
    await store.putComment({ ...c1 });

    await apply({ object: 'instagram', entry: [{ id: ACC, time: T + 60, changes: [{ field: 'comments', value: value({ id: 'c9', parent_id: 'c1', from: { id: ACC, username: 'shop' }, text: '120 €' }) }] }] });
    expect(await store.getComment(ACC, 'c1')).toMatchObject({ publicReplyAt: (T + 60) * 1000 });
    expect(await store.listComments(ACC, { limit: 10, needsReply: true })).toEqual([]);
    const events = await store.readEvents({ limit: 10 });
    expect(events.map((e) => e.type === 'comment' && e.comment.id)).toEqual(['c1', 'c1', 'c9', 'c1']);
  });
});
