/**
 * Payload shapes straight from reference §5.5–§5.6, including the inconsistencies it asks us to
 * tolerate (array wrapper, `object: "page"`, Page id in entry.id, seconds timestamps).
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { memoryBus } from '../live/bus';
import { memoryStore } from '../store/memory';
import { normalizeWebhook } from './normalize';
import { InboundPipeline } from './pipeline';

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

  it('turns messaging_handover items into handover events (reference §5.6, §9.3), one dedupe key per delivery', () => {
    const item = (key: string, body: Record<string, unknown>, timestamp = 4) => ({ sender: { id: CUSTOMER }, recipient: { id: IG }, timestamp, [key]: body });
    const body = {
      object: 'instagram',
      entry: [
        {
          id: IG,
          time: 1,
          messaging: [
            item('take_thread_control', { previous_owner_app_id: '1', new_owner_app_id: '263902037430900', metadata: 'agent' }),
            item('pass_thread_control', { previous_owner_app_id: 263902037430900, new_owner_app_id: '1' }),
            item('request_thread_control', { requested_owner_app_id: '555', metadata: 'vip' }),
          ],
        },
      ],
    };
    const r = normalizeWebhook(body, resolve);
    const base = { accountId: 'acc', conversationId: `acc:${CUSTOMER}`, at: 4000, type: 'handover' };
    expect(r.items.map((i) => i.event)).toEqual([
      { ...base, action: 'take', previousAppId: '1', newAppId: '263902037430900', metadata: 'agent' },
      { ...base, action: 'pass', previousAppId: '263902037430900', newAppId: '1' },
      { ...base, action: 'request', requestedByAppId: '555', metadata: 'vip' },
    ]);
    expect(new Set(r.items.map((i) => i.dedupeKey)).size).toBe(3);
    expect(normalizeWebhook(body, resolve).items.map((i) => i.dedupeKey)).toEqual(r.items.map((i) => i.dedupeKey));
    expect(r.items.every((i) => i.standby === undefined)).toBe(true);
  });

  it('marks what came on standby (entry.standby[] and the `standby` change field) and keeps the writing app of a standby echo', () => {
    const echo = { sender: { id: IG }, recipient: { id: CUSTOMER }, timestamp: 5, message: { mid: 'b1', text: 'bot here', is_echo: true, app_id: 555 } };
    const r = normalizeWebhook(
      {
        object: 'instagram',
        entry: [
          { id: IG, time: 1, standby: [echo] },
          { id: IG, time: 1, changes: [{ field: 'standby', value: { sender: { id: CUSTOMER }, recipient: { id: IG }, timestamp: 6, message: { mid: 'c1', text: 'hi' } } }] },
          { id: IG, time: 1, messaging: [{ sender: { id: CUSTOMER }, recipient: { id: IG }, timestamp: 7, message: { mid: 'c2', text: 'hey' } }] },
        ],
      },
      resolve,
    );
    expect(r.items.map((i) => [i.standby, i.event.type === 'message' ? [i.event.message.direction, i.event.message.appId] : null])).toEqual([
      [true, ['outbound', '555']],
      [true, ['inbound', undefined]],
      [undefined, ['inbound', undefined]],
    ]);
  });

  it('never throws on junk', () => {
    for (const junk of [null, 1, 'x', [], {}, { object: 'instagram' }, { object: 'instagram', entry: [null, 1, { messaging: [null, {}] }] }, { object: 'whatsapp_business_account', entry: [] }]) {
      expect(() => normalizeWebhook(junk, resolve)).not.toThrow();
    }
  });

  // Issue #18 "Normalizer": each payload below is a shape Meta documents (reference section named)
  // or, where the shared reference has none, the shape named in the issue (said so at the test).

  it('keeps an ig_story attachment as a story share with its story_media_url and id', () => {
    // Not in reference §5.6's table: the `ig_story` shape the issue reports (`payload.story_media_url`
    // + `payload.id`), inside the §5.6 "Message with attachments" envelope.
    const shared = normalizeWebhook(
      msg({ mid: 'm1', attachments: [{ type: 'ig_story', payload: { story_media_url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1795', id: '1795' } }] }),
      resolve,
    ).items[0]!.event;
    expect(shared).toMatchObject({ type: 'message', message: { attachments: [{ type: 'share', url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1795', storyId: '1795' }] } });
    // §5.6 "Story reply" (`reply_to.story { url, id }`) that also carries the story as `ig_story`:
    // one story reference (the reply), its URL filled in from the attachment.
    const reply = normalizeWebhook(
      msg({ mid: 'm2', text: 'love it', reply_to: { story: { id: '1796' } }, attachments: [{ type: 'ig_story', payload: { story_media_url: 'https://cdn/s1796', id: '1796' } }] }),
      resolve,
    ).items[0]!.event;
    expect(reply).toMatchObject({ message: { text: 'love it', replyTo: { story: { id: '1796', url: 'https://cdn/s1796' } }, attachments: [] } });
  });

  it('reads a story_mention id and url flat or nested under payload.story', () => {
    // Reference §5.6 table: `story_mention` with `payload.url`; the flat `id` and the nested
    // `payload.story { id, url }` are the two shapes issue #18 reports.
    const flat = normalizeWebhook(msg({ mid: 'm1', attachments: [{ type: 'story_mention', payload: { url: 'https://cdn/s1', id: '1801' } }] }), resolve).items[0]!.event;
    const nested = normalizeWebhook(msg({ mid: 'm2', attachments: [{ type: 'story_mention', payload: { story: { id: '1802', url: 'https://cdn/s2' } } }] }), resolve).items[0]!.event;
    expect(flat).toMatchObject({ message: { attachments: [{ type: 'story_mention', url: 'https://cdn/s1', storyId: '1801' }] } });
    expect(nested).toMatchObject({ message: { attachments: [{ type: 'story_mention', url: 'https://cdn/s2', storyId: '1802' }] } });
  });

  it('applies a message_edit whose num_edit is missing or not a number instead of dropping its text', () => {
    // Reference §5.6 `message_edit: { mid, text, num_edit }`, with num_edit absent / a word.
    const edit = (message_edit: Record<string, unknown>, timestamp = 1569262485349) => ({
      object: 'instagram',
      entry: [{ id: IG, time: timestamp, messaging: [{ sender: { id: CUSTOMER }, recipient: { id: IG }, timestamp, message_edit }] }],
    });
    const missing = normalizeWebhook(edit({ mid: 'm1', text: 'fixed typo' }), resolve).items[0]!;
    expect(missing.event).toMatchObject({ type: 'message_edited', messageId: 'm1', text: 'fixed typo' });
    expect(missing.editCountUnknown).toBe(true);
    const word = normalizeWebhook(edit({ mid: 'm1', text: 'fixed again', num_edit: 'two' }), resolve).items[0]!;
    expect(word.editCountUnknown).toBe(true);
    // Same edit redelivered → same key; another edit of the same message → another key.
    expect(normalizeWebhook(edit({ mid: 'm1', text: 'fixed typo' }), resolve).items[0]!.dedupeKey).toBe(missing.dedupeKey);
    expect(word.dedupeKey).not.toBe(missing.dedupeKey);
    // A numbered edit keeps its count and its own key.
    const numbered = normalizeWebhook(edit({ mid: 'm1', text: 'v2', num_edit: 2 }), resolve).items[0]!;
    expect(numbered.event).toMatchObject({ editCount: 2, text: 'v2' });
    expect(numbered.editCountUnknown).toBeUndefined();
  });

  it('takes the account from entry.id and the author from is_echo before matching the envelope', () => {
    const IG_B = '17841400000000009';
    const two = (id: string) => (id === IG ? 'acc' : id === IG_B ? 'accB' : undefined);
    // §5.6 "Echo" in A's entry: sender A, recipient B (another account of this kit). Matching the
    // recipient first made it B's inbound customer message.
    const echo = normalizeWebhook(
      { object: 'instagram', entry: [{ id: IG, time: 1, messaging: [{ sender: { id: IG }, recipient: { id: IG_B }, timestamp: 1569262485349, message: { mid: 'x1', text: 'hi B', is_echo: true } }] }] },
      two,
    );
    expect(echo.items).toHaveLength(1);
    expect(echo.items[0]).toMatchObject({ accountId: 'acc', customerId: IG_B });
    expect(echo.items[0]!.event).toMatchObject({ message: { direction: 'outbound', isEcho: true, from: { id: IG }, to: { id: IG_B } } });
    // The same message as B receives it (§5.5 customer → business) is B's, inbound, from A.
    const received = normalizeWebhook(
      { object: 'instagram', entry: [{ id: IG_B, time: 1, messaging: [{ sender: { id: IG }, recipient: { id: IG_B }, timestamp: 1569262485349, message: { mid: 'x1', text: 'hi B' } }] }] },
      two,
    );
    expect(received.items[0]).toMatchObject({ accountId: 'accB', customerId: IG, event: { message: { direction: 'inbound' } } });
    // An echo whose envelope is not swapped (sender = customer, recipient = business).
    const unswapped = normalizeWebhook(
      { object: 'instagram', entry: [{ id: IG, time: 1, messaging: [{ sender: { id: CUSTOMER }, recipient: { id: IG }, timestamp: 1569262485349, message: { mid: 'e2', text: 'from the app', is_echo: true } }] }] },
      resolve,
    );
    expect(unswapped.items[0]).toMatchObject({ accountId: 'acc', customerId: CUSTOMER });
    expect(unswapped.items[0]!.event).toMatchObject({
      conversationId: `acc:${CUSTOMER}`,
      message: { direction: 'outbound', isEcho: true, from: { id: IG }, to: { id: CUSTOMER } },
    });
    // Without a known entry.id an echo still goes by its sender first.
    const noEntry = normalizeWebhook(
      { object: 'instagram', entry: [{ time: 1, messaging: [{ sender: { id: IG }, recipient: { id: IG_B }, timestamp: 1569262485349, message: { mid: 'x2', text: 'hi', is_echo: true } }] }] },
      two,
    );
    expect(noEntry.items[0]).toMatchObject({ accountId: 'acc', event: { message: { direction: 'outbound' } } });
  });

  it('drops an entry item with no event key (reported as no_event_key at debug) but keeps unknown keys', () => {
    // §5.5 envelope with nothing but sender/recipient/timestamp (and a null key), vs a key the kit
    // does not know (§5.6 messaging_handover `app_roles`).
    const body = {
      object: 'instagram',
      entry: [
        {
          id: IG,
          time: 1,
          messaging: [
            { sender: { id: CUSTOMER }, recipient: { id: IG }, timestamp: 2 },
            { sender: { id: CUSTOMER }, recipient: { id: IG }, timestamp: 3, message: null },
            { sender: { id: CUSTOMER }, recipient: { id: IG }, timestamp: 4, app_roles: { '123': ['primary_receiver'] } },
          ],
        },
      ],
    };
    const r = normalizeWebhook(body, resolve);
    expect(r.items.map((i) => i.event)).toMatchObject([{ type: 'unsupported', kind: 'app_roles' }]);
    expect(r.skipped).toEqual([
      { reason: 'no_event_key', level: 'debug', ids: [IG, IG, CUSTOMER] },
      { reason: 'no_event_key', level: 'debug', ids: [IG, IG, CUSTOMER] },
    ]);
  });

  it('maps ad referral post_id, product_id, flow_id and is_self', () => {
    // §5.6 "Ad / shop referral inside a message" (CTD ad with ads_context_data) plus the fields
    // features-and-asks.md lists (`post_id`, `product_id`, `flow_id`) and §5.6's `is_self`.
    const ad = normalizeWebhook(
      msg({
        mid: 'm1',
        text: 'Is this in stock?',
        referral: {
          ref: 'spring',
          ad_id: '6045',
          source: 'ADS',
          type: 'OPEN_THREAD',
          is_self: false,
          ads_context_data: { ad_title: 'Spring sale', photo_url: 'https://cdn/ad.jpg', post_id: '17900', product_id: '4321', flow_id: 'flow-7' },
        },
      }),
      resolve,
    ).items[0]!.event;
    expect(ad).toMatchObject({
      message: { referral: { ref: 'spring', adId: '6045', source: 'ADS', type: 'OPEN_THREAD', adTitle: 'Spring sale', postId: '17900', productId: '4321', flowId: 'flow-7', isSelf: false } },
    });
    // §5.6 messaging_referral (ig.me link in an existing thread) with flow_id on the referral itself.
    const link = normalizeWebhook(
      { object: 'instagram', entry: [{ id: IG, time: 1, messaging: [{ sender: { id: CUSTOMER }, recipient: { id: IG }, timestamp: 2, referral: { ref: 'r', source: 'ig.me', type: 'OPEN_THREAD', flow_id: 'f2', is_self: true } }] }] },
      resolve,
    ).items[0]!.event;
    expect(link).toMatchObject({ type: 'referral', referral: { ref: 'r', flowId: 'f2', isSelf: true } });
  });

  it('normalizes the App Dashboard "Test" shape changes[{ field: "messages", value }] like messaging', () => {
    // The dashboard's sample for the Instagram `messages` field: a §5.5 messaging item under
    // `changes[].value` (seconds as a string), with placeholder ids that match no account.
    const sample = {
      object: 'instagram',
      entry: [
        {
          id: '0',
          time: 1527459824,
          changes: [{ field: 'messages', value: { sender: { id: '12334' }, recipient: { id: '23245' }, timestamp: '1527459824', message: { mid: 'random_mid', text: 'random_text' } } }],
        },
      ],
    };
    const dashboard = normalizeWebhook(sample, resolve);
    expect(dashboard.items).toEqual([]);
    expect(dashboard.skipped).toEqual([{ reason: 'unknown_account', ids: ['23245', '12334', '0'] }]);
    // The same shape with this kit's ids is an ordinary inbound message.
    const ours = normalizeWebhook(
      {
        object: 'instagram',
        entry: [{ id: IG, time: 1527459824, changes: [{ field: 'messages', value: { sender: { id: CUSTOMER }, recipient: { id: IG }, timestamp: '1527459824', message: { mid: 'm9', text: 'test' } } }] }],
      },
      resolve,
    );
    expect(ours.items).toHaveLength(1);
    expect(ours.items[0]).toMatchObject({ accountId: 'acc', customerId: CUSTOMER, at: 1527459824000, dedupeKey: 'm:acc:m9' });
    expect(ours.items[0]!.event).toMatchObject({ type: 'message', message: { text: 'test', direction: 'inbound' } });
  });

  it('through the pipeline: edits without a usable num_edit count one up, junk items leave no trace', async () => {
    const store = memoryStore();
    const bus = memoryBus();
    const lines: { level: number; msg: string; reason?: string }[] = [];
    const log = pino(
      { level: 'debug' },
      new Writable({
        write(chunk: Buffer, _enc, cb) {
          for (const l of chunk.toString('utf8').split('\n')) if (l) lines.push(JSON.parse(l) as { level: number; msg: string; reason?: string });
          cb();
        },
      }),
    );
    const published: string[] = [];
    bus.subscribe((e) => published.push(e.type));
    const pipeline = new InboundPipeline({ store, bus, log, resolveAccount: resolve, now: () => 1_700_000_000_000 });
    const deliver = async (item: Record<string, unknown>) => {
      await store.saveWebhook(JSON.stringify({ object: 'instagram', entry: [{ id: IG, time: 1, messaging: [{ sender: { id: CUSTOMER }, recipient: { id: IG }, ...item }] }] }), 1);
      pipeline.kick();
      await pipeline.idle();
    };
    const stored = () => store.getMessage('acc', 'm1');

    await deliver({ timestamp: 1569262485349, message: { mid: 'm1', text: 'v1' } }); // §5.6 text message
    // §5.6 message_edit without num_edit, then with a num_edit that is not a number.
    await deliver({ timestamp: 1569262486000, message_edit: { mid: 'm1', text: 'v2' } });
    expect(await stored()).toMatchObject({ text: 'v2', editCount: 1, editedAt: 1569262486000 });
    await deliver({ timestamp: 1569262487000, message_edit: { mid: 'm1', text: 'v3', num_edit: 'NaN' } });
    await deliver({ timestamp: 1569262487000, message_edit: { mid: 'm1', text: 'v3', num_edit: 'NaN' } }); // redelivery
    expect(await stored()).toMatchObject({ text: 'v3', editCount: 2 });
    const edits = (await store.readEvents({ limit: 100 })).filter((e) => e.type === 'message_edited');
    expect(edits.map((e) => (e.type === 'message_edited' ? [e.text, e.editCount] : null))).toEqual([
      ['v2', 1],
      ['v3', 2],
    ]);

    // §5.5 envelope with no event key: not stored, not streamed, logged at debug only.
    const before = (await store.readEvents({ limit: 1000 })).length;
    const publishedBefore = published.length;
    await deliver({ timestamp: 1569262488000 });
    expect((await store.readEvents({ limit: 1000 })).length).toBe(before);
    expect(published.length).toBe(publishedBefore);
    const skipped = lines.filter((l) => l.reason === 'no_event_key');
    expect(skipped).toHaveLength(1);
    expect(skipped[0]!.level).toBe(20); // pino debug
    await pipeline.close();
  });
});
