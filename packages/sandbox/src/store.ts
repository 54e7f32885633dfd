/**
 * What the sandbox remembers: customers, conversations, messages, uploaded attachments and the
 * business's posts/stories. Ids are deterministic (counters), shaped like Graph's.
 */

import type { Conversation, Customer, StoredComment, StoredMessage } from './types';

/** An account's `messenger_profile` properties as set (Graph's wire shape), per platform. */
export interface StoredProfiles {
  instagram: Record<string, unknown>;
  messenger: Record<string, unknown>;
}

export interface UploadedAttachment {
  id: string;
  accountId: string;
  kind: 'image' | 'video' | 'audio' | 'file';
  mime: string;
  size: number;
  url: string;
  reusable: boolean;
  /** A non-reusable asset belongs to the first recipient it was sent to. */
  boundTo?: string;
  createdAt: number;
}

/** A piece of business or customer content that can be shared, mentioned or replied to. */
export interface MediaObject {
  id: string;
  /** Owner: a business account id, or a customer IGSID. */
  ownerId: string;
  kind: 'post' | 'reel' | 'story' | 'live';
  /** Graph's `media_url`: the image, or the video of a reel or Live. */
  url: string;
  /** Graph's `thumbnail_url`: a still of a video (reels, Live) — Meta gives none for images. */
  thumbnailUrl?: string;
  caption?: string;
  createdAt: number;
  /** Live broadcasts: when the broadcast ended (private replies to its comments end with it). */
  liveEndedAt?: number;
}

const b64 = (text: string) => Buffer.from(text).toString('base64url');

export class Store {
  customers = new Map<string, Customer>();
  conversations = new Map<string, Conversation>();
  messages = new Map<string, StoredMessage>();
  attachments = new Map<string, UploadedAttachment>();
  media = new Map<string, MediaObject>();
  comments = new Map<string, StoredComment>();
  /** Stored bytes for sandbox-hosted media URLs (/__sandbox/cdn/:id). */
  blobs = new Map<string, { mime: string; bytes: Buffer }>();
  /** `messenger_profile` per account id (ice breakers, persistent menu). */
  profiles = new Map<string, StoredProfiles>();
  private seq = 0;

  reset(): void {
    this.customers.clear();
    this.conversations.clear();
    this.messages.clear();
    this.attachments.clear();
    this.media.clear();
    this.comments.clear();
    this.blobs.clear();
    this.profiles.clear();
    this.seq = 0;
  }

  next(): number {
    return ++this.seq;
  }

  /** IGSIDs are opaque numeric strings (reference §7.4). */
  newCustomerId(): string {
    return String(7_000_000_000_000_000 + this.next() * 7919);
  }

  /** Message ids look like Instagram's base64 `aWdf...` mids. */
  newMid(igUserId: string): string {
    return b64(`ig_item:1:IGMessage:${igUserId}:${String(this.next()).padStart(10, '0')}`);
  }

  newNumericId(prefix = '18'): string {
    return `${prefix}${String(100_000_000_000_000 + this.next() * 104_729).slice(0, 15)}`;
  }

  conversationKey(accountId: string, customerId: string): string {
    return `${accountId}|${customerId}`;
  }

  conversationFor(accountId: string, igUserId: string, customerId: string, now: number): Conversation {
    const key = this.conversationKey(accountId, customerId);
    let c = this.conversations.get(key);
    if (!c) {
      c = { id: b64(`ig:1:IGMessageThread:${igUserId}:${customerId}`), accountId, customerId, mids: [], updatedAt: now };
      this.conversations.set(key, c);
    }
    return c;
  }

  findConversation(accountId: string, customerId: string): Conversation | undefined {
    return this.conversations.get(this.conversationKey(accountId, customerId));
  }

  conversationById(id: string): Conversation | undefined {
    for (const c of this.conversations.values()) if (c.id === id) return c;
    return undefined;
  }

  addMessage(conv: Conversation, msg: StoredMessage): void {
    this.messages.set(msg.mid, msg);
    conv.mids.push(msg.mid);
    conv.updatedAt = Math.max(conv.updatedAt, msg.createdAt);
  }
}
