import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  isAttachmentOfType,
  isKitEvent,
  KIT_ATTACHMENT_TYPES,
  KIT_EVENT_TYPES,
  SEND_STATUSES,
  type KitAttachment,
  type KitAttachmentType,
  type KitConversation,
  type KitErrorBody,
  type KitEvent,
  type KitEventOf,
  type KitEventType,
  type KitMessage,
  type SendStatus,
} from './types';
import { conversationId } from './ids';

const accountId = '17841400000000001';
const customer = '6543210987654321';
const cid = conversationId(accountId, customer);

const inbound: KitMessage = {
  id: 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQx',
  conversationId: cid,
  accountId,
  direction: 'inbound',
  from: { id: customer, username: 'cliente' },
  to: { id: accountId },
  text: 'Bella storia!',
  attachments: [],
  replyTo: { story: { id: '1799', url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1799' } },
  createdAt: 1_790_000_000_000,
  editCount: 0,
  deleted: false,
  reactions: [{ by: 'business', reaction: 'love', emoji: '\u2764\uFE0F' }],
};

/** Renders one line per attachment; the `never` check makes the switch exhaustive at compile time. */
function describeAttachment(attachment: KitAttachment): string {
  switch (attachment.type) {
    case 'image':
      return `image ${attachment.width ?? '?'}x${attachment.height ?? '?'}`;
    case 'video':
      return `video ${attachment.durationMs ?? 0}ms`;
    case 'audio':
      return 'audio';
    case 'file':
      return `file ${attachment.name ?? ''}`;
    case 'like_heart':
      return '❤';
    case 'ig_post':
      return `post ${attachment.mediaId ?? ''}`;
    case 'ig_reel':
      return `reel ${attachment.videoId ?? ''}`;
    case 'reel':
      return `fb reel ${attachment.videoId ?? ''}`;
    case 'share':
      return `share ${attachment.title ?? ''}`;
    case 'story_mention':
      return 'mention';
    case 'ephemeral':
      return 'view once';
    case 'template':
      return `template ${attachment.templateType}`;
    case 'unsupported':
      return `unsupported ${attachment.originalType ?? ''}`;
    default: {
      const never: never = attachment;
      return never;
    }
  }
}

function eventConversation(event: KitEvent): string | undefined {
  switch (event.type) {
    case 'message':
      return event.message.conversationId;
    case 'message_edited':
    case 'message_deleted':
    case 'reaction':
    case 'read':
    case 'postback':
    case 'referral':
    case 'optin':
    case 'send_status':
    case 'handover':
      return event.conversationId;
    case 'comment':
      return event.comment.conversationId;
    case 'conversation_updated':
      return event.conversation.id;
    case 'unsupported':
      return event.conversationId;
    case 'account_updated':
      return undefined;
    default: {
      const never: never = event;
      return never;
    }
  }
}

describe('types', () => {
  it('lists every attachment type, event type and send status exactly once', () => {
    const attachmentTypes: Record<KitAttachmentType, true> = {
      image: true,
      video: true,
      audio: true,
      file: true,
      like_heart: true,
      ig_post: true,
      ig_reel: true,
      reel: true,
      share: true,
      story_mention: true,
      ephemeral: true,
      template: true,
      unsupported: true,
    };
    expect([...KIT_ATTACHMENT_TYPES].sort()).toEqual(Object.keys(attachmentTypes).sort());
    const eventTypes: Record<KitEventType, true> = {
      message: true,
      message_edited: true,
      message_deleted: true,
      reaction: true,
      read: true,
      postback: true,
      referral: true,
      optin: true,
      send_status: true,
      conversation_updated: true,
      account_updated: true,
      comment: true,
      handover: true,
      unsupported: true,
    };
    expect([...KIT_EVENT_TYPES].sort()).toEqual(Object.keys(eventTypes).sort());
    expect(SEND_STATUSES).toEqual(['queued', 'sending', 'sent', 'failed', 'uncertain']);
    expectTypeOf<SendStatus>().toEqualTypeOf<'queued' | 'sending' | 'sent' | 'failed' | 'uncertain'>();
  });

  it('narrows attachments by type', () => {
    const list: KitAttachment[] = [
      { type: 'image', url: 'https://cdn.example/a.jpg', width: 10, height: 20 },
      { type: 'like_heart' },
      { type: 'ephemeral' },
      { type: 'template', templateType: 'generic', elements: [{ title: 'T' }] },
    ];
    const images = list.filter(isAttachmentOfType('image'));
    expectTypeOf(images).toEqualTypeOf<Extract<KitAttachment, { type: 'image' }>[]>();
    expect(images.map((a) => a.width)).toEqual([10]);
    expect(list.map(describeAttachment)).toEqual(['image 10x20', '❤', 'view once', 'template generic']);
  });

  it('narrows events by type and keeps them plain JSON', () => {
    const conversation: KitConversation = {
      id: cid,
      accountId,
      customerId: customer,
      lastMessageAt: inbound.createdAt,
      lastInboundAt: inbound.createdAt,
      unreadCount: 1,
      consent: { state: 'unknown' },
      disclosure: { automated: false },
    };
    const events: KitEvent[] = [
      { type: 'message', id: '1', accountId, conversationId: cid, at: inbound.createdAt, message: inbound },
      {
        type: 'send_status',
        accountId,
        conversationId: cid,
        at: 1,
        clientId: 'c1',
        status: 'failed',
        reason: {
          code: 'graph_10_2534022',
          message: 'window',
          category: 'window',
          graph: { code: 10, subcode: 2534022 },
        },
      },
      { type: 'conversation_updated', accountId, conversationId: cid, at: 2, conversation },
      { type: 'unsupported', accountId, at: 3, kind: 'pass_thread_control' },
    ];
    expect(events.map(eventConversation)).toEqual([cid, cid, cid, undefined]);
    const statuses = events.filter((e): e is KitEventOf<'send_status'> => isKitEvent(e, 'send_status'));
    expect(statuses[0]?.reason?.category).toBe('window');
    expect(JSON.parse(JSON.stringify(events))).toEqual(events);
  });

  it('describes the proxy error body', () => {
    const body: KitErrorBody = {
      error: {
        code: 'window_closed',
        message: 'closed',
        category: 'window',
        retryable: false,
        graph: { code: 10, subcode: 2534022, fbtraceId: 'x' },
      },
    };
    expectTypeOf(body.error.retryable).toEqualTypeOf<boolean>();
    expect(body.error.graph?.subcode).toBe(2534022);
  });
});
