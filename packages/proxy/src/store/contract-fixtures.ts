/** Minimal conversations and messages for the store contract (and the Postgres multi-instance tests). */
import type { KitComment, KitConversation } from '@kit/core';
import type { StoredMessage } from './types';

export const conv = (id: string, lastMessageAt = 1, extra: Partial<KitConversation> = {}): KitConversation => ({
  id: `acc:${id}`,
  accountId: 'acc',
  customerId: id,
  lastMessageAt,
  unreadCount: 0,
  ...extra,
});

export const msg = (id: string, createdAt: number, extra: Partial<StoredMessage> = {}): StoredMessage => ({
  id,
  conversationId: 'acc:c1',
  accountId: 'acc',
  direction: 'inbound',
  from: { id: 'c1' },
  to: { id: 'acc' },
  text: `text ${id}`,
  attachments: [],
  createdAt,
  editCount: 0,
  deleted: false,
  reactions: [],
  ...extra,
});

export const comment = (id: string, createdAt: number, extra: Partial<KitComment> = {}): KitComment => ({
  id,
  accountId: 'acc',
  source: 'comment',
  mediaId: 'p1',
  from: { id: 'c1', username: 'ana' },
  fromSelf: false,
  text: `text ${id}`,
  createdAt,
  conversationId: 'acc:c1',
  ...extra,
});
