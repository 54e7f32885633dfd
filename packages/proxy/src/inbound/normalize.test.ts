/**
 * Payload shapes straight from reference §5.5–§5.6, including the inconsistencies it asks us to
 * tolerate (array wrapper, `object: "page"`, Page id in entry.id, seconds timestamps).
 */
import { describe, expect, it } from 'vitest';
import { normalizeWebhook } from './normalize';

const IG = '17841400000000001';
const PAGE = '100000000000042';
const CUSTOMER = '6000000000000001';
const resolve = (id: string) => (id === IG ? 'acc' : undefined);
const msg = (message: Record<string, unknown>, ts = 1569262485349) => ({
  object: 'instagram',
  entry: [{ id: IG, time: ts, messaging: [{ sender: { id: CUSTOMER }, recipient: { id: IG }, timestamp: ts, message }] }],
});

describe('normalizeWebhook', () => {
  it('maps every attachment type of the §5.6 table', () => {
    const { items } = normalizeWebhook(
      msg({
        mid: 'm1',
        attachments: [
          { type: 'image', payload: { url: 'https://cdn/i' } },
          { type: 'video', payload: { url: 'https://cdn/v' } },
          { type: 'audio', payload: { url: 'https://cdn/a' } },
          { type: 'file', payload: { url: 'https://cdn/f.pdf' } },
          { type: 'ig_post', payload: { url: 'https://cdn/p', title: 'Caption', ig_post_media_id: '179' } },
          { type: 'share', payload: { url: 'https://cdn/p', title: 'Caption', ig_post_media_id: '179' } },
          { type: 'ig_reel', payload: { url: 'https://cdn/r', title: 'Reel', reel_video_id: '181' } },
          { type: 'reel', payload: { url: 'https://cdn/fbr', title: 'FB reel', video_id: '182' } },
          { type: 'story_mention', payload: { url: 'https://cdn/s' } },
          { type: 'ephemeral', payload: {} },
          { type: 'template', payload: { generic: { elements: [{ title: 'T', subtitle: 'S', buttons: [{ type: 'postback', title: 'B', payload: 'P' }] }] } } },
          { type: 'hologram', payload: { url: 'https://cdn/h' } },
        ],
      }),
      resolve,
    );
    const e = items[0]!.event;
    expect(e.type).toBe('message');
    if (e.type !== 'message') return;
    expect(e.message.attachments.map((a) => a.type)).toEqual([
      'image',
      'video',
      'audio',
      'file',
      'ig_post',
      'ig_reel',
      'reel',
      'story_mention',
      'ephemeral',
      'template',
      'unsupported',
    ]);
    expect(e.message.attachments[4]).toEqual({ type: 'ig_post', url: 'https://cdn/p', title: 'Caption', mediaId: '179' });
    expect(e.message.attachments[5]).toMatchObject({ videoId: '181' });
    expect(e.message.attachments[9]).toMatchObject({ templateType: 'generic', elements: [{ title: 'T', buttons: [{ type: 'postback', payload: 'P' }] }] });
    expect(e.message.attachments[10]).toMatchObject({ originalType: 'hologram' });
  });

  it('reads story replies, inline replies, quick replies and ad referrals', () => {
    const story = normalizeWebhook(msg({ mid: 'm1', text: 'wow', reply_to: { story: { url: 'https://cdn/s', id: '1789' } } }), resolve).items[0]!.event;
    expect(story).toMatchObject({ message: { text: 'wow', replyTo: { story: { id: '1789', url: 'https://cdn/s' } } } });
    const inline = normalizeWebhook(msg({ mid: 'm2', text: 'this', reply_to: { mid: 'm0', is_self_reply: true } }), resolve).items[0]!.event;
    expect(inline).toMatchObject({ message: { replyTo: { messageId: 'm0', isSelfReply: true } } });
    const quick = normalizeWebhook(msg({ mid: 'm3', text: 'Yes', quick_reply: { payload: 'Y' } }), resolve).items[0]!.event;
    expect(quick).toMatchObject({ message: { quickReplyPayload: 'Y' } });
    const ad = normalizeWebhook(
      msg({ mid: 'm4', text: 'hi', referral: { ref: 'r', ad_id: '42', source: 'ADS', type: 'OPEN_THREAD', ads_context_data: { ad_title: 'Sale', photo_url: 'https://cdn/ad' } } }),
      resolve,
    ).items[0]!.event;
    expect(ad).toMatchObject({ message: { referral: { ref: 'r', adId: '42', source: 'ADS', adTitle: 'Sale', photoUrl: 'https://cdn/ad' } } });
  });

  it('finds the business side when entry.id is a Page id, and treats echoes as outbound', () => {
    const body = {
      object: 'page',
      entry: [{ id: PAGE, time: 1, messaging: [{ sender: { id: IG }, recipient: { id: CUSTOMER }, timestamp: 1569262485, message: { mid: 'e1', text: 'from us', is_echo: true } }] }],
    };
    const { items } = normalizeWebhook([body], resolve);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ accountId: 'acc', customerId: CUSTOMER, at: 1569262485000 });
    expect(items[0]!.event).toMatchObject({ type: 'message', conversationId: `acc:${CUSTOMER}`, message: { direction: 'outbound', isEcho: true, status: 'sent' } });
  });

  it('gives redeliveries the same dedupe key and different events different keys', () => {
    const a = normalizeWebhook(msg({ mid: 'm1', text: 'x' }), resolve).items[0]!.dedupeKey;
    const b = normalizeWebhook(msg({ mid: 'm1', text: 'x' }, 1569262485999), resolve).items[0]!.dedupeKey;
    const deleted = normalizeWebhook(msg({ mid: 'm1', is_deleted: true }), resolve).items[0]!;
    expect(a).toBe(b);
    expect(deleted.dedupeKey).not.toBe(a);
    expect(deleted.event).toMatchObject({ type: 'message_deleted', messageId: 'm1' });
  });

  it('reads standby items and reaction emoji, and skips unknown accounts instead of guessing', () => {
    const body = {
      object: 'instagram',
      entry: [
        { id: IG, time: 1, standby: [{ sender: { id: CUSTOMER }, recipient: { id: IG }, timestamp: 2, reaction: { mid: 'm1', action: 'react', reaction: 'love', emoji: '\u2764\ufe0f' } }] },
        { id: '999', time: 1, messaging: [{ sender: { id: CUSTOMER }, recipient: { id: '999' }, timestamp: 2, message: { mid: 'x', text: 'not ours' } }] },
      ],
    };
    const r = normalizeWebhook(body, resolve);
    expect(r.items.map((i) => i.event)).toEqual([
      { type: 'reaction', accountId: 'acc', conversationId: `acc:${CUSTOMER}`, at: 2000, messageId: 'm1', action: 'react', by: 'customer', reaction: 'love', emoji: '\u2764\ufe0f' },
    ]);
    expect(r.skipped).toEqual([{ reason: 'unknown_account', ids: ['999', CUSTOMER, '999'] }]);
  });

  it('never throws on junk', () => {
    for (const junk of [null, 1, 'x', [], {}, { object: 'instagram' }, { object: 'instagram', entry: [null, 1, { messaging: [null, {}] }] }, { object: 'whatsapp_business_account', entry: [] }]) {
      expect(() => normalizeWebhook(junk, resolve)).not.toThrow();
    }
  });
});
