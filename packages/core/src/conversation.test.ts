import { describe, expect, it } from 'vitest';
import {
  PREVIEW_MAX_CHARS,
  conversationAfterMessage,
  conversationAfterUnsend,
  messagePreview,
  opensWindow,
  supersedesPreview,
  tombstoneOf,
  withWindowState,
} from './conversation';
import { DAY_MS } from './limits';
import type { KitConversation, KitEvent, KitMessage } from './types';

const T = Date.UTC(2026, 11, 1, 9, 0, 0);

const message = (extra: Partial<KitMessage> = {}): KitMessage => ({
  id: 'm1',
  conversationId: 'acc:cust',
  accountId: 'acc',
  direction: 'inbound',
  from: { id: 'cust' },
  to: { id: 'acc' },
  text: 'Ciao',
  attachments: [],
  createdAt: T,
  editCount: 0,
  deleted: false,
  reactions: [],
  ...extra,
});

const conversation = (extra: Partial<KitConversation> = {}): KitConversation => ({
  id: 'acc:cust',
  accountId: 'acc',
  customerId: 'cust',
  lastMessageAt: 0,
  unreadCount: 0,
  ...extra,
});

describe('messagePreview', () => {
  it('keeps id, direction, time, status and the first attachment type with the count', () => {
    const m = message({
      direction: 'outbound',
      status: 'sent',
      attachments: [
        { type: 'image', url: 'https://cdn/1.jpg' },
        { type: 'image', url: 'https://cdn/2.jpg' },
      ],
    });
    expect(messagePreview(m)).toEqual({ id: 'm1', direction: 'outbound', createdAt: T, text: 'Ciao', attachmentType: 'image', attachmentCount: 2, status: 'sent' });
  });

  it(`truncates text to ${PREVIEW_MAX_CHARS} characters without splitting a surrogate pair`, () => {
    expect(messagePreview(message({ text: 'a'.repeat(1000) })).text).toHaveLength(PREVIEW_MAX_CHARS);
    const emoji = 'a'.repeat(PREVIEW_MAX_CHARS - 1) + '😀' + 'b';
    const text = messagePreview(message({ text: emoji })).text!;
    expect(text).toBe('a'.repeat(PREVIEW_MAX_CHARS - 1));
    expect(/[\uD800-\uDBFF]$/.test(text)).toBe(false);
  });

  it('reads a tapped button as its title (or its payload when it has none)', () => {
    const { text: _t, ...bare } = message({});
    expect(messagePreview({ ...bare, postback: { title: 'Get started', payload: 'GET_STARTED' } }).text).toBe('Get started');
    expect(messagePreview({ ...bare, postback: { payload: 'MENU_HOURS' } }).text).toBe('MENU_HOURS');
    expect(messagePreview({ ...message({ text: 'typed' }), postback: { title: 'Get started', payload: 'X' } }).text).toBe('typed');
  });

  it('shows an unsent message as deleted with none of its text or attachments', () => {
    const p = messagePreview(message({ deleted: true, text: 'secret', attachments: [{ type: 'image', url: 'x' }] }));
    expect(p).toEqual({ id: 'm1', direction: 'inbound', createdAt: T, deleted: true });
  });
});

describe('tombstoneOf', () => {
  it('drops every piece of content and keeps identity, time and delivery state', () => {
    const m = message({
      direction: 'outbound',
      text: 'secret',
      attachments: [{ type: 'image', url: 'x' }],
      replyTo: { messageId: 'm0' },
      reactions: [{ by: 'customer', reaction: 'love', at: T }],
      quickReplyPayload: 'P',
      status: 'sent',
      clientId: 'c1',
      isEcho: true,
      editCount: 2,
      editedAt: T + 1,
    });
    expect(tombstoneOf(m)).toEqual({
      id: 'm1',
      conversationId: 'acc:cust',
      accountId: 'acc',
      direction: 'outbound',
      from: { id: 'cust' },
      to: { id: 'acc' },
      attachments: [],
      createdAt: T,
      editCount: 2,
      editedAt: T + 1,
      deleted: true,
      reactions: [],
      status: 'sent',
      clientId: 'c1',
      isEcho: true,
    });
  });
});

describe('supersedesPreview', () => {
  const preview = messagePreview(message({ id: 'm5', createdAt: T }));
  it.each([
    ['no preview yet', undefined, { id: 'm1', createdAt: 0 }, true],
    ['the previewed message itself (an edit)', preview, { id: 'm5', createdAt: T - 10 }, true],
    ['a newer message', preview, { id: 'm1', createdAt: T + 1 }, true],
    ['an older message', preview, { id: 'm9', createdAt: T - 1 }, false],
    ['the same millisecond, larger id', preview, { id: 'm6', createdAt: T }, true],
    ['the same millisecond, smaller id', preview, { id: 'm4', createdAt: T }, false],
  ])('%s', (_name, p, m, expected) => {
    expect(supersedesPreview(p, m)).toBe(expected);
  });
});

describe('withWindowState', () => {
  it('computes the window from the latest customer action', () => {
    expect(withWindowState(conversation({ lastInboundAt: T }), T + 1)).toMatchObject({ window: 'open', windowClosesAt: T + DAY_MS });
    expect(withWindowState(conversation({ lastInboundAt: T }), T + 2 * DAY_MS)).toMatchObject({ window: 'human_agent', windowClosesAt: T + 7 * DAY_MS });
  });
  it('has no closing time once closed, or when the customer never wrote', () => {
    const closed = withWindowState(conversation({ lastInboundAt: T, windowClosesAt: 1 }), T + 8 * DAY_MS);
    expect(closed.window).toBe('closed');
    expect('windowClosesAt' in closed).toBe(false);
    expect(withWindowState(conversation(), T).window).toBe('closed');
  });
});

describe('opensWindow', () => {
  const base = { accountId: 'acc', conversationId: 'acc:cust', at: T };
  it.each<[string, KitEvent, boolean]>([
    ['a customer message', { ...base, type: 'message', message: message() }, true],
    ['a business message', { ...base, type: 'message', message: message({ direction: 'outbound' }) }, false],
    ['a customer reaction', { ...base, type: 'reaction', messageId: 'm1', by: 'customer', action: 'react', reaction: 'love' }, true],
    ['a business reaction', { ...base, type: 'reaction', messageId: 'm1', by: 'business', action: 'react', reaction: 'love' }, false],
    ['a postback', { ...base, type: 'postback', title: 'Get started', payload: 'START' }, true],
    ['a read receipt', { ...base, type: 'read', messageId: 'm1', by: 'customer' }, false],
  ])('%s → %s', (_name, event, expected) => {
    expect(opensWindow(event)).toBe(expected);
  });
});

describe('conversationAfterMessage', () => {
  it('a new customer message moves the preview, opens the window and counts as unread', () => {
    const c = conversationAfterMessage(conversation(), message(), { isNew: true });
    expect(c).toMatchObject({ lastMessage: { id: 'm1', text: 'Ciao' }, lastMessageAt: T, lastInboundAt: T, unreadCount: 1 });
  });

  it('a redelivered customer message does not count twice', () => {
    const once = conversationAfterMessage(conversation(), message(), { isNew: true });
    expect(conversationAfterMessage(once, message(), { isNew: false })).toBe(once);
  });

  it('an older message leaves the preview alone', () => {
    const c = conversation({ lastMessage: messagePreview(message({ id: 'm9', createdAt: T + 5 })), lastMessageAt: T + 5, lastInboundAt: T + 5, unreadCount: 1 });
    const after = conversationAfterMessage(c, message({ createdAt: T }), { isNew: true });
    expect(after.lastMessage?.id).toBe('m9');
    expect(after.lastInboundAt).toBe(T + 5);
    expect(after.unreadCount).toBe(2);
  });

  it('the business answering after the latest customer message marks the thread seen', () => {
    const c = conversation({ lastInboundAt: T, unreadCount: 3, lastMessageAt: T });
    const after = conversationAfterMessage(c, message({ id: 'o1', direction: 'outbound', createdAt: T + 1 }), { isNew: true });
    expect(after).toMatchObject({ unreadCount: 0, lastMessage: { id: 'o1', direction: 'outbound' }, lastInboundAt: T });
  });

  it('an unsent customer message never counts as unread', () => {
    expect(conversationAfterMessage(conversation(), message({ deleted: true }), { isNew: true }).unreadCount).toBe(0);
  });
});

describe('conversationAfterUnsend', () => {
  it('previews the unsent message as deleted and takes it out of the unread count', () => {
    const m = message();
    const c = conversationAfterMessage(conversation(), m, { isNew: true });
    const after = conversationAfterUnsend(c, m);
    expect(after.lastMessage).toEqual({ id: 'm1', direction: 'inbound', createdAt: T, deleted: true });
    expect(after.unreadCount).toBe(0);
  });

  it('changes nothing for a message that was not previewed and already read', () => {
    const c = conversation({ lastMessage: messagePreview(message({ id: 'm9' })), unreadCount: 1 });
    expect(conversationAfterUnsend(c, message({ readAt: T }))).toBe(c);
  });
});
