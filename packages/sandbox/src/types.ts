/** Options and records shared by the sandbox's modules. */

import type { FaultConfig } from './faults';

/**
 * `page`: Messenger API for Instagram (graph.facebook.com, Page token, Page id in the path).
 * `instagram`: Instagram API with Instagram Login (graph.instagram.com, Instagram User token).
 * `unified`: Instagram API with Unified Login (graph.facebook.com, a Business Integration System
 * User token, the Instagram account id in the path, Facebook-Login permissions).
 */
export type AccountFlavor = 'page' | 'instagram' | 'unified';

export interface SandboxAccountOptions {
  /**
   * The id the caller puts in the path: the Page id for `page` accounts (FB flavor,
   * `/{ver}/{PAGE_ID}/messages`), the IG professional account id for `instagram` and `unified`
   * accounts.
   */
  id: string;
  flavor: AccountFlavor;
  /** Sandbox-only fake access token (Page token, Instagram-User token, or system-user token). */
  token: string;
  /**
   * The IG professional account id. Webhooks always carry this id (`entry.id`, the business side
   * of `sender`/`recipient`), also for Page accounts (reference §5.5). Defaults to `id` for
   * `instagram` accounts and to `17841` + the Page id for `page` accounts.
   */
  igUserId?: string;
  /** For `instagram` accounts: the linked Page, if any (informational). */
  pageId?: string;
  name?: string;
  username?: string;
  /** Reject calls without a valid `appsecret_proof` (reference §7.2). */
  requireAppsecretProof?: boolean;
  /** Granted permissions; defaults to everything the flavor needs for messaging. */
  permissions?: string[];
  /** Whether the app passed App Review for the Human Agent feature (HUMAN_AGENT tag). Default true. */
  humanAgent?: boolean;
  /** Whether multi-image sends are enabled for this account (Beta, error 2534068). Default true. */
  multiImage?: boolean;
  /** Webhook fields the app is subscribed to for this account; default every messaging field. */
  subscribedFields?: string[];
  /**
   * Conversation Routing is configured (reference §9.3; every Instagram business was migrated to
   * it on 2025-10-23). Default true: the sandbox's app holds every thread until another app takes
   * it; `false` refuses thread-control calls and `thread_control` on sends.
   */
  conversationRouting?: boolean;
  /** The app Meta routes a released thread to (Conversation Routing's default app). Default: the sandbox's own app. */
  defaultAppId?: string;
  /**
   * How comment webhooks are shaped (reference §5.5): `changes` = `entry[].changes[{ field, value }]`,
   * `flat` = `field`/`value` straight in the entry (the Instagram-Login examples). Default: `flat`
   * for `instagram` accounts, `changes` otherwise.
   */
  commentWebhooks?: 'changes' | 'flat';
}

export interface SandboxAccount extends Required<Pick<SandboxAccountOptions, 'id' | 'flavor' | 'token'>> {
  igUserId: string;
  pageId?: string;
  name: string;
  username: string;
  requireAppsecretProof: boolean;
  permissions: Set<string>;
  humanAgent: boolean;
  multiImage: boolean;
  subscribedFields: Set<string>;
  conversationRouting: boolean;
  defaultAppId?: string;
  commentWebhooks: 'changes' | 'flat';
  tokenState: 'valid' | 'expired' | 'revoked';
  tokenExpiredAt?: number;
}

export interface GraphSandboxOptions {
  accounts: SandboxAccountOptions[];
  /** Signs webhooks (X-Hub-Signature-256) and checks appsecret_proof. */
  appSecret: string;
  /** Where webhooks go; without it events are recorded but not delivered. */
  webhookUrl?: string;
  /** Verify token for the GET handshake (reference §5.1). Default `sandbox-verify-token`. */
  verifyToken?: string;
  faults?: FaultConfig;
  /** Seed for fault dice (default 1). Same seed + same traffic = same faults. */
  seed?: number | string;
  /** Base time source for the controllable clock. Default `Date.now`. */
  now?: () => number;
  /** Graph version printed in examples and URLs; every `vNN.N` path prefix is accepted. */
  graphVersion?: string;
  /** Public base URL of the sandbox, used for the media URLs it hands out. Set by `listen()`. */
  publicUrl?: string;
  /** Webhook delivery tuning (test speed). */
  webhooks?: WebhookTuning;
  /**
   * Which media URLs the sandbox downloads to check type and size (reference §1.5): `local` (the
   * default) fetches loopback URLs (e.g. the proxy's signed URLs in tests) and trusts others by
   * their file extension; `always` fetches everything; `never` trusts everything.
   */
  mediaFetch?: 'local' | 'always' | 'never';
  /** How long a media download may take before error 2018008/2018294. Default 75 s (Meta's). */
  mediaFetchTimeoutMs?: number;
  /** Most records each inspection log keeps (oldest dropped first). Default 10 000. */
  inspectLimit?: number;
  /** App id reported by subscribed_apps and debug endpoints. */
  appId?: string;
  appName?: string;
}

export interface WebhookTuning {
  /** First retry delay; doubles each attempt (default 1000 ms). */
  retryBaseMs?: number;
  /** Cap for one retry delay (default 60 s). */
  retryMaxMs?: number;
  /** Attempts per batch before it is dropped (default 8). */
  maxAttempts?: number;
  /** How long to wait for the receiver's answer (default 5 s, Meta's deadline, reference §5.3). */
  timeoutMs?: number;
  /** Collect events for this long before a POST, so bursts share one POST (default 0 = same tick). */
  batchWindowMs?: number;
  /** Most messaging events per POST (Meta: up to 1000, reference §5.3). */
  maxBatch?: number;
}

/** A customer as the business sees them: one IGSID per person × business account. */
export interface Customer {
  id: string;
  accountId: string;
  name: string | null;
  username: string;
  profilePic: string | null;
  followerCount: number;
  isUserFollowBusiness: boolean;
  isBusinessFollowUser: boolean;
  isVerifiedUser: boolean;
  /** Has written (or otherwise consented), so profile reads work (reference §6.4). */
  consented: boolean;
  /** Blocked the business: sends fail with 551 (reference §4.3). */
  blocked: boolean;
  optedIn: boolean | null;
  locale?: string;
  /** Pre-filled in `user_phone_number` / `user_email` quick replies (reference §1.7). */
  phone?: string;
  email?: string;
  createdAt: number;
}

/** Attachment as stored on a message (what the webhook and the message node report). */
export interface StoredAttachment {
  type: string;
  payload: Record<string, unknown>;
  /** For media: what the sandbox knows about the bytes. */
  mime?: string;
  size?: number;
  name?: string;
}

export interface StoredReaction {
  by: 'customer' | 'business';
  reaction: string;
  emoji?: string;
  at: number;
}

export interface StoredMessage {
  mid: string;
  accountId: string;
  customerId: string;
  direction: 'inbound' | 'outbound';
  createdAt: number;
  text?: string;
  attachments: StoredAttachment[];
  replyTo?: { mid: string; isSelfReply: boolean } | { story: { id: string; url: string } };
  quickReply?: { payload: string };
  /** Outbound: the quick-reply chips Instagram shows under this text (titles already cut to 20). */
  quickReplies?: Record<string, unknown>[];
  referral?: Record<string, unknown>;
  isDeleted: boolean;
  numEdit: number;
  reactions: StoredReaction[];
  tag?: string;
  /** Outbound: raw `message` object the business sent (for inspection). */
  raw?: unknown;
}

export interface Conversation {
  /** Graph conversation id (opaque). */
  id: string;
  accountId: string;
  customerId: string;
  /** Message ids, oldest first. */
  mids: string[];
  /** Latest window-opening customer action, ms. */
  lastInboundAt?: number;
  updatedAt: number;
  /**
   * Conversation Routing: the app that holds the thread. Absent = the account's default app (the
   * sandbox's own app); `null` = idle (released).
   */
  ownerAppId?: string | null;
  /** When the business last sent a private reply to this person (follow-up rule, reference §2.4). */
  privateReplyAt?: number;
}

/** A comment on the business's media, or an @mention of the business (reference §2.4, §5.6). */
export interface StoredComment {
  id: string;
  accountId: string;
  mediaId: string;
  /** Top-level comment this one answers (Instagram nests one level only). */
  parentId?: string;
  /** IGSID of the person, or the business's IG user id for its own replies. */
  fromId: string;
  username: string;
  fromSelf: boolean;
  text: string;
  createdAt: number;
  source: 'comment' | 'live_comment' | 'mention';
  hidden: boolean;
  deleted: boolean;
  /** The private reply that answered it (one per comment). */
  privateReplyMid?: string;
  privateReplyAt?: number;
}
