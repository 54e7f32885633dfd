/**
 * Deterministic sample data for tests, stories and the benchmark: conversations and messages that
 * look like an Instagram inbox, generated without randomness so runs are comparable.
 */
import type { KitAttachment, KitConversation, KitMessage, KitSavedReply } from '@kit/core';

export const ACCOUNT = '17841400000000001';
export const CUSTOMER = '6000000000000001';
export const CID = `${ACCOUNT}:${CUSTOMER}`;
const MINUTE = 60_000;

export function message(partial: Partial<KitMessage> & { id: string }): KitMessage {
  const direction = partial.direction ?? 'inbound';
  return {
    conversationId: CID,
    accountId: ACCOUNT,
    direction,
    from: direction === 'inbound' ? { id: CUSTOMER, name: 'Giulia Rossi', username: 'giulia.rossi' } : { id: ACCOUNT },
    to: direction === 'inbound' ? { id: ACCOUNT } : { id: CUSTOMER },
    attachments: [],
    createdAt: Date.UTC(2026, 10, 20, 9, 0),
    editCount: 0,
    deleted: false,
    reactions: [],
    ...(direction === 'outbound' ? { status: 'sent' as const } : {}),
    ...partial,
  };
}

const LINES = [
  'Hi! Is the blue jacket still available in size M?',
  'Yes, we have two left. Would you like us to reserve one?',
  'Great, please do 🙏',
  'Done! It is on hold until Friday.',
  'Do you ship to Milan?',
  'We do, 2–3 working days. Details: https://example.com/shipping',
  'Perfect, thanks!',
  'Ok 👍',
  'Could you send a photo of the back?',
  'Sure, one moment.',
  'Grazie mille! Vielen Dank! 😊 A longer message to see how the bubble wraps when a customer writes a paragraph with a few sentences in it.',
];

/**
 * `count` messages, oldest first, ending at `end`; alternating in runs so grouping shows, with a
 * new day every ~40 messages so date separators show.
 */
export function thread(count: number, options: { end?: number; cid?: string; idPrefix?: string } = {}): KitMessage[] {
  const end = options.end ?? Date.UTC(2026, 10, 21, 18, 0);
  const out: KitMessage[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const fromEnd = count - 1 - i;
    const createdAt = end - fromEnd * 37 * MINUTE;
    const direction = Math.floor(i / 3) % 2 === 0 ? 'inbound' : 'outbound';
    out[i] = message({
      id: `${options.idPrefix ?? 'm'}${i}`,
      conversationId: options.cid ?? CID,
      direction,
      text: `${LINES[i % LINES.length]!}${i % 7 === 0 ? ` (#${i})` : ''}`,
      createdAt,
    });
  }
  return out;
}

export function conversation(partial: Partial<KitConversation> & { customerId: string }): KitConversation {
  return {
    id: `${ACCOUNT}:${partial.customerId}`,
    accountId: ACCOUNT,
    lastMessageAt: Date.UTC(2026, 10, 21, 18, 0),
    unreadCount: 0,
    ...partial,
  };
}

export const CONVERSATIONS: KitConversation[] = [
  conversation({
    customerId: CUSTOMER,
    customer: { name: 'Giulia Rossi', username: 'giulia.rossi' },
    lastMessage: { id: 'm9', direction: 'inbound', text: 'Do you ship to Milan?', createdAt: Date.UTC(2026, 10, 21, 17, 55) },
    lastMessageAt: Date.UTC(2026, 10, 21, 17, 55),
    lastInboundAt: Date.UTC(2026, 10, 21, 17, 55),
    unreadCount: 2,
    window: 'open',
  }),
  conversation({
    customerId: '6000000000000002',
    customer: { name: 'Lukas Becker', username: 'lukas.b' },
    lastMessage: { id: 'x1', direction: 'outbound', text: 'Your order has shipped!', createdAt: Date.UTC(2026, 10, 19, 10, 0), status: 'sent' },
    lastMessageAt: Date.UTC(2026, 10, 19, 10, 0),
    lastInboundAt: Date.UTC(2026, 10, 18, 9, 0),
    unreadCount: 0,
    window: 'human_agent',
  }),
  conversation({
    customerId: '6000000000000003',
    customer: { username: 'anna_k' },
    lastMessage: { id: 'y1', direction: 'inbound', attachmentType: 'image', attachmentCount: 1, createdAt: Date.UTC(2026, 9, 2, 8, 0) },
    lastMessageAt: Date.UTC(2026, 9, 2, 8, 0),
    lastInboundAt: Date.UTC(2026, 9, 2, 8, 0),
    unreadCount: 1,
    window: 'closed',
  }),
];

/** One message per attachment kind and special state, for the "every attachment" story and tests. */
export function everyKind(): KitMessage[] {
  const t0 = Date.UTC(2026, 10, 21, 12, 0);
  const img = (width: number, height: number, hue: number) =>
    `data:image/svg+xml,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="hsl(${hue} 60% 60%)"/></svg>`)}`;
  const a = (index: number, attachments: KitAttachment[], extra: Partial<KitMessage> = {}) =>
    message({ id: `k${index}`, createdAt: t0 + index * 60_000, attachments, ...extra });
  return [
    a(0, [{ type: 'image', url: img(640, 480, 200), width: 640, height: 480 }]),
    a(1, [{ type: 'video', url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=video', width: 720, height: 1280 }]),
    a(2, [{ type: 'audio', url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=audio', durationMs: 14_000 }]),
    a(3, [{ type: 'file', url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=pdf', name: 'invoice-2026-11.pdf', size: 183_204 }]),
    a(4, [{ type: 'like_heart' }]),
    a(5, [{ type: 'ig_post', url: img(400, 400, 30), title: 'New autumn collection is here 🍂', mediaId: '1790000000001' }]),
    a(6, [{ type: 'ig_reel', url: img(360, 640, 300), title: 'Behind the scenes', videoId: '1790000000002' }]),
    a(7, [{ type: 'reel', url: img(360, 640, 120), title: 'Facebook reel' }]),
    a(8, [{ type: 'share', url: img(400, 400, 60), title: 'Shared post caption' }]),
    a(9, [{ type: 'story_mention', url: 'https://lookaside.fbsbx.com/expired-story' , expired: true }]),
    a(10, [], { text: 'Love this look!', replyTo: { story: { id: 'st1', url: img(360, 640, 330) } } }),
    a(11, [{ type: 'ephemeral' }]),
    a(12, [{ type: 'template', templateType: 'generic', elements: [{ title: 'Blue jacket', subtitle: '€89', buttons: [{ type: 'web_url', title: 'View', url: 'https://example.com/p/1' }] }] }], {
      direction: 'outbound',
      from: { id: ACCOUNT },
      to: { id: CUSTOMER },
      status: 'sent',
    }),
    a(13, [{ type: 'unsupported', originalType: 'avatar' }]),
    a(14, [], { unsupported: true }),
    a(15, [], { text: 'Is this the one? See https://example.com/p/1 and javascript:alert(1) <b>not bold</b>', replyTo: { messageId: 'k0' } }),
    a(16, [], { text: 'Sorry, I meant size L', editCount: 1, editedAt: t0 + 17 * 60_000 }),
    a(17, [], { deleted: true }),
    a(18, [], { text: 'Thanks!', reactions: [{ by: 'business', reaction: 'love', emoji: '❤️' }] }),
  ];
}

/**
 * What a customer did rather than wrote, and what the business offered: a tapped ice breaker, a
 * bare ad referral, a message that came with an ig.me link, and an outbound text with quick-reply
 * chips (text, phone and email). One minute apart from 09:00.
 */
export function systemRowsAndChips(): KitMessage[] {
  const at = (minute: number) => Date.UTC(2026, 10, 20, 9, minute);
  return [
    message({ id: 's1', createdAt: at(0), postback: { title: 'What are your opening hours?', payload: 'ICE_HOURS' } }),
    message({ id: 's2', createdAt: at(1), referral: { source: 'ADS', adId: '120200', adTitle: 'Winter jackets −30%' } }),
    message({ id: 's3', createdAt: at(2), text: 'Hi! I saw your story link', referral: { source: 'SHORTLINK', ref: 'black-friday' } }),
    message({
      id: 's4',
      createdAt: at(3),
      direction: 'outbound',
      text: 'Happy to help! Which size do you need?',
      quickReplies: [
        { contentType: 'text', title: 'S', payload: 'SIZE_S' },
        { contentType: 'text', title: 'M', payload: 'SIZE_M' },
        { contentType: 'user_phone_number' },
        { contentType: 'user_email' },
      ],
    }),
    message({ id: 's5', createdAt: at(4), text: 'M', quickReplyPayload: 'SIZE_M' }),
  ];
}

/** Templates the business sent (a button template, a carousel) and a story the customer shared. */
export function templatesAndSharedStory(): KitMessage[] {
  const at = (minute: number) => Date.UTC(2026, 10, 20, 10, minute);
  return [
    message({
      id: 't1',
      createdAt: at(0),
      attachments: [
        {
          type: 'share',
          url: `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="270" height="480"><rect width="100%" height="100%" fill="hsl(330 60% 60%)"/></svg>')}`,
          storyId: '17990000000000001',
        },
      ],
    }),
    message({
      id: 't2',
      createdAt: at(1),
      direction: 'outbound',
      attachments: [
        {
          type: 'template',
          templateType: 'button',
          text: 'Your order #4411 has shipped. What would you like to do?',
          buttons: [
            { type: 'postback', title: 'Change address', payload: 'CHANGE_ADDRESS' },
            { type: 'web_url', title: 'Track parcel', url: 'https://shop.example.com/track/4411' },
          ],
        },
      ],
    }),
    message({ id: 't3', createdAt: at(2), postback: { title: 'Change address', payload: 'CHANGE_ADDRESS' } }),
    message({
      id: 't4',
      createdAt: at(3),
      direction: 'outbound',
      attachments: [
        {
          type: 'template',
          templateType: 'generic',
          elements: [
            { title: 'Linen shirt', subtitle: '€ 59', imageUrl: 'https://picsum.photos/seed/shirt/382/200', buttons: [{ type: 'postback', title: 'I want this', payload: 'SHIRT' }] },
            { title: 'Canvas tote', subtitle: '€ 25', imageUrl: 'https://picsum.photos/seed/tote/382/200', buttons: [{ type: 'web_url', title: 'See in shop', url: 'https://shop.example.com/tote' }] },
          ],
        },
      ],
    }),
  ];
}
/** Saved replies of the account (the composer's `/` picker, <SavedRepliesSettings>). */
export const SAVED_REPLIES: KitSavedReply[] = [
  { id: 'sr-hours', accountId: ACCOUNT, shortcut: 'hours', text: 'We answer Monday to Friday, 9:00–18:00.', createdAt: 1, updatedAt: 1 },
  { id: 'sr-shipping', accountId: ACCOUNT, shortcut: 'shipping', text: 'Hi {first_name}, orders ship within 2 working days; you get the tracking link by email.', createdAt: 1, updatedAt: 1 },
  { id: 'sr-thanks', accountId: ACCOUNT, shortcut: 'thanks', text: 'Thank you {first_name}! Anything else I can do for you?', createdAt: 1, updatedAt: 1 },
  { id: 'sr-welcome', accountId: ACCOUNT, shortcut: 'welcome', text: 'Ciao {first_name} (@{username}), welcome to Bottega Rossi!', createdAt: 1, updatedAt: 1 },
];
