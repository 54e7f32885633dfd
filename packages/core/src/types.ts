/**
 * The shared data model: what the proxy stores and streams, and what the components render.
 * Everything here is plain JSON (strings, numbers, booleans, arrays, objects) so it survives
 * SSE, HTTP and any store unchanged. Times are epoch milliseconds.
 */

// ---------------------------------------------------------------------------------------------
// Accounts and ids
// ---------------------------------------------------------------------------------------------

/**
 * Which Graph "flavor" an account uses (reference §0): `page` = Messenger API for Instagram on
 * graph.facebook.com with a Page token; `instagram` = Instagram API with Instagram Login on
 * graph.instagram.com with an Instagram User token; `unified` = Instagram API with Unified Login
 * (Meta, October 2026; features-and-asks "Login flavors"): graph.facebook.com with a Business
 * Integration System User token, the Instagram account id in the path (not a Page id, not `/me`,
 * which is the system user), Facebook-Login permissions and rules.
 */
export type KitAccountFlavor = 'page' | 'instagram' | 'unified';

/**
 * The Graph host an account's calls go to: graph.facebook.com for the Facebook-Login flavors
 * (`page`, `unified`), graph.instagram.com for Instagram Login.
 */
export function graphHostOf(flavor: KitAccountFlavor): 'facebook' | 'instagram' {
  return flavor === 'instagram' ? 'instagram' : 'facebook';
}

/**
 * Whether the account follows Facebook Login's rules (Page and Unified Login accounts): only the
 * `love` reaction is documented, the Attachment Upload API is the way to send files, and the Meta
 * app secret signs (reference §1.6, §1.10, §7.2).
 */
export function usesFacebookLogin(flavor: KitAccountFlavor): boolean {
  return graphHostOf(flavor) === 'facebook';
}

/** Epoch milliseconds. */
export type Millis = number;

/** Who is on a side of a message: the business account or the customer (an IGSID, reference §7.4). */
export interface KitParticipant {
  /** IG professional account id (business) or IGSID (customer). Opaque string. */
  id: string;
  username?: string;
  name?: string;
}

// ---------------------------------------------------------------------------------------------
// Sending
// ---------------------------------------------------------------------------------------------

/**
 * Lifecycle of an outbound message: `queued` (in the proxy's outbox) → `sending` (request in
 * flight) → `sent` (Graph returned a message id) | `failed` (Graph refused; see statusReason) |
 * `uncertain` (the request may or may not have reached Meta — reference §4.1/§4.4: never resend
 * blindly; the echo webhook reconciles).
 */
export type SendStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'uncertain';

/** Every SendStatus, in lifecycle order (handy for UIs and exhaustive tests). */
export const SEND_STATUSES: readonly SendStatus[] = ['queued', 'sending', 'sent', 'failed', 'uncertain'];

/** The only message tag Instagram accepts (reference §2.2). */
export type KitMessageTag = 'HUMAN_AGENT';

/** Why a send failed or is uncertain; `category` comes from `classifyGraphError` (or the proxy). */
export interface KitStatusReason {
  /** Stable machine code, e.g. `window_closed`, `graph_10_2534022`, `timeout`. */
  code: string;
  /** Human-readable English message (components localize by `code`/`category`). */
  message: string;
  category: KitErrorCategory;
  /** Whether the outbox will retry (or a retry is reasonable). */
  retryable?: boolean;
  /** Graph's error identity when the reason came from Meta (reference §4.1). */
  graph?: KitGraphErrorRef;
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/**
 * Categories of failure. Graph errors are classified by `classifyGraphError` (reference §4);
 * the kit's own validation uses `validation` and `window` too, so the UI can treat both alike.
 */
export type KitErrorCategory =
  | 'auth' // token expired / revoked / invalid: re-authenticate the account
  | 'permission' // app or token lacks a permission / feature / access level
  | 'window' // outside the messaging window (24 h / HUMAN_AGENT 7 d)
  | 'recipient_unavailable' // customer blocked the business or cannot receive messages
  | 'invalid_request' // bad parameter / id / message shape
  | 'media' // attachment fetch/size/type problems
  | 'rate_limit' // throttled: back off
  | 'transient' // Meta-side hiccup: retry with backoff
  | 'policy' // business restricted / blocked for policy reasons
  | 'routing' // another app controls the thread (Conversation Routing)
  | 'config' // account/app set-up problem (not linked, not eligible, feature unavailable)
  | 'duplicate' // Graph says it already did this / message already deleted
  | 'validation' // kit-side validation before anything reached Meta
  | 'network' // could not reach Meta / ambiguous outcome
  | 'unknown';

/** Graph's own identification of an error (reference §4.1). */
export interface KitGraphErrorRef {
  code: number;
  subcode?: number;
  fbtraceId?: string;
}

/**
 * JSON error body every proxy route answers with (DESIGN §4 @kit/proxy "Errors"). Tokens never
 * appear in it.
 */
export interface KitErrorBody {
  error: {
    code: string;
    message: string;
    /** What kind of failure: from classifyGraphError for Graph's errors, named by the proxy for its own refusals. */
    category: KitErrorCategory;
    retryable: boolean;
    graph?: KitGraphErrorRef;
    /** Optional structured details (e.g. checkMedia's `details`). */
    details?: Record<string, unknown>;
  };
}

// ---------------------------------------------------------------------------------------------
// Attachments (reference §1.5 outbound, §5.6 inbound)
// ---------------------------------------------------------------------------------------------

/** Fields every attachment may carry. */
interface KitAttachmentBase {
  /**
   * Meta CDN URLs (lookaside.fbsbx.com/...) stop working when content is deleted or expires
   * (reference §5.6): renderers must tolerate dead URLs and may set `expired`.
   */
  url?: string;
  /** Set by the store or UI once the URL is known to be dead (404/403 or erased on unsend). */
  expired?: boolean;
}

/** Sendable media file (image/video/audio/file). */
interface KitMediaAttachmentBase extends KitAttachmentBase {
  /** Attachment Upload API id (reference §1.6) when the file was uploaded rather than linked. */
  attachmentId?: string;
  mime?: string;
  /** Size in bytes when known (always known for files sent through the proxy). */
  size?: number;
  /** Original file name when known. */
  name?: string;
  /** Sniffed container/codec format, e.g. `png`, `mp4`, `pdf` (see `MediaFormat`). */
  format?: string;
}

export interface KitImageAttachment extends KitMediaAttachmentBase {
  type: 'image';
  width?: number;
  height?: number;
  /**
   * Stickers arrive as `image` (reference §5.6); the parser marks them when it can tell.
   */
  sticker?: boolean;
}

export interface KitVideoAttachment extends KitMediaAttachmentBase {
  type: 'video';
  width?: number;
  height?: number;
  /** Duration in ms when known. */
  durationMs?: number;
  /** Poster/thumbnail URL when known. */
  previewUrl?: string;
}

export interface KitAudioAttachment extends KitMediaAttachmentBase {
  type: 'audio';
  durationMs?: number;
}

/** A document. Instagram accepts PDF only (reference §1.5). */
export interface KitFileAttachment extends KitMediaAttachmentBase {
  type: 'file';
}

/** The heart sticker, the only sticker the Instagram send docs show (reference §1.5). */
export interface KitLikeHeartAttachment extends KitAttachmentBase {
  type: 'like_heart';
}

/** Shared Instagram post (new `ig_post` type, reference §5.6). */
export interface KitIgPostAttachment extends KitAttachmentBase {
  type: 'ig_post';
  /** Caption. */
  title?: string;
  /** `ig_post_media_id`. */
  mediaId?: string;
}

/** Shared Instagram reel (reference §5.6). */
export interface KitIgReelAttachment extends KitAttachmentBase {
  type: 'ig_reel';
  title?: string;
  /** `reel_video_id` (key name UNCONFIRMED, reference §5.6). */
  videoId?: string;
}

/** Facebook reel shared into an Instagram DM (reference §5.6). */
export interface KitReelAttachment extends KitAttachmentBase {
  type: 'reel';
  title?: string;
  videoId?: string;
}

/**
 * Legacy post share (reference §5.6: being replaced by `ig_post`); also used outbound for
 * `MEDIA_SHARE` of a post owned by the business (reference §1.5).
 */
export interface KitShareAttachment extends KitAttachmentBase {
  type: 'share';
  title?: string;
  mediaId?: string;
  /**
   * Set when the shared item is an Instagram story (webhook attachment `ig_story`, whose
   * `story_media_url` becomes `url`). Stories expire after 24 h, and their URL with them.
   */
  storyId?: string;
}

/** The customer mentioned the business in their story; `url` is the story's CDN URL. */
export interface KitStoryMentionAttachment extends KitAttachmentBase {
  type: 'story_mention';
  storyId?: string;
}

/** Disappearing (view-once) media: Meta sends no URL (reference §5.6). */
export interface KitEphemeralAttachment extends KitAttachmentBase {
  type: 'ephemeral';
}

export interface KitTemplateButton {
  type: 'web_url' | 'postback';
  title: string;
  /** For `web_url`. */
  url?: string;
  /** For `postback`. */
  payload?: string;
}

export interface KitTemplateElement {
  title: string;
  subtitle?: string;
  imageUrl?: string;
  defaultActionUrl?: string;
  buttons?: KitTemplateButton[];
}

// ---- outbound structured content (validated by structured.ts) ----

/** `text` chips carry a title and a payload; phone and email chips are pre-filled by Instagram (reference §1.7). */
export type KitQuickReplyContentType = 'text' | 'user_phone_number' | 'user_email';


export interface KitTextQuickReply {
  contentType: 'text';
  /** Shown on the chip and posted as the customer's message when tapped. */
  title: string;
  /** Comes back as `quickReplyPayload` on the customer's message. */
  payload: string;
}

/** Instagram fills in the customer's phone number or email; hidden when their profile has none (reference §1.7). */
export interface KitContactQuickReply {
  contentType: 'user_phone_number' | 'user_email';
}

export type KitQuickReply = KitTextQuickReply | KitContactQuickReply;

/** Text with up to 3 buttons (reference §1.8, IGL-BUTTON). */
export interface KitButtonTemplate {
  type: 'button';
  text: string;
  buttons: KitTemplateButton[];
}

/** One card, or a carousel of up to 10 (reference §1.8). Not shown on desktop/web by Instagram. */
export interface KitGenericTemplate {
  type: 'generic';
  elements: KitTemplateElement[];
}

export type KitTemplate = KitButtonTemplate | KitGenericTemplate;

export type KitTemplateType = KitTemplate['type'];


/**
 * `messaging_type` of a send (reference §1.2): a reply to the customer (`RESPONSE`) or a
 * proactive message inside the window (`UPDATE`). `MESSAGE_TAG` is implied by a tag and never
 * chosen directly.
 */
export type KitMessagingType = 'RESPONSE' | 'UPDATE';


/** Generic / button / product template (reference §1.8), or `generic` data from a webhook. */
export interface KitTemplateAttachment extends KitAttachmentBase {
  type: 'template';
  templateType: 'generic' | 'button' | 'product' | (string & {});
  /** Button template text. */
  text?: string;
  elements?: KitTemplateElement[];
  buttons?: KitTemplateButton[];
  /** The raw payload as Meta sent it, for renderers that want more. */
  raw?: unknown;
}

/** Anything the kit does not understand (or `is_unsupported`, reference §5.6). */
export interface KitUnsupportedAttachment extends KitAttachmentBase {
  type: 'unsupported';
  /** The type string Meta sent, when there was one. */
  originalType?: string;
  raw?: unknown;
}

/** An attachment on a message, discriminated on `type`. */
export type KitAttachment =
  | KitImageAttachment
  | KitVideoAttachment
  | KitAudioAttachment
  | KitFileAttachment
  | KitLikeHeartAttachment
  | KitIgPostAttachment
  | KitIgReelAttachment
  | KitReelAttachment
  | KitShareAttachment
  | KitStoryMentionAttachment
  | KitEphemeralAttachment
  | KitTemplateAttachment
  | KitUnsupportedAttachment;

export type KitAttachmentType = KitAttachment['type'];

/** Every attachment type, for exhaustive switches in renderers and tests. */
export const KIT_ATTACHMENT_TYPES: readonly KitAttachmentType[] = [
  'image',
  'video',
  'audio',
  'file',
  'like_heart',
  'ig_post',
  'ig_reel',
  'reel',
  'share',
  'story_mention',
  'ephemeral',
  'template',
  'unsupported',
];

/** Narrow an attachment by type: `attachments.filter(isAttachmentOfType('image'))`. */
export function isAttachmentOfType<T extends KitAttachmentType>(
  type: T,
): (a: KitAttachment) => a is Extract<KitAttachment, { type: T }> {
  return (a): a is Extract<KitAttachment, { type: T }> => a.type === type;
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

export type KitDirection = 'inbound' | 'outbound';

/** Inline reply to an earlier message (reference §1.2 `reply_to.mid`, §5.6). */
export interface KitReplyToMessage {
  messageId: string;
  /** `is_self_reply` from the webhook (reference §5.6). */
  isSelfReply?: boolean;
}

/** The customer replied to the business's story (reference §5.6 "Story reply"). */
export interface KitReplyToStory {
  story: {
    id: string;
    /** CDN URL of the story; expires. */
    url?: string;
  };
}

/**
 * A private reply: the business answered the customer's comment in Direct (reference §2.4). Meta
 * shows the person a link to the commented post; the kit keeps the comment and the post so the
 * thread can show what was answered.
 */
export interface KitReplyToComment {
  comment: {
    id: string;
    /** The comment's text when it was answered. */
    text?: string;
    mediaId?: string;
    /** Link to the post / reel on instagram.com. */
    permalink?: string;
    /** Thumbnail of the post (CDN URL; may expire). */
    thumbnailUrl?: string;
  };
}

export type KitReplyTo = KitReplyToMessage | KitReplyToStory | KitReplyToComment;

/**
 * Incoming reaction names on Instagram (reference §1.10); `other` covers any emoji, which is
 * then in `emoji`. Outbound sends use `love` (FB flavor) or any emoji (IG flavor).
 */
export type KitReactionName = 'love' | 'like' | 'laugh' | 'wow' | 'sad' | 'angry' | 'other' | (string & {});

export interface KitReaction {
  by: 'customer' | 'business';
  reaction: KitReactionName;
  /** The emoji Meta reports (e.g. "\u2764\uFE0F"), when present. */
  emoji?: string;
  at?: Millis;
}

/** What a customer tapped: the button's title and the payload the business set on it. */
export interface KitPostbackTap {
  title?: string;
  payload: string;
}

export interface KitMessage {
  /** Graph message id (`mid`), or `local:<clientId>` before Graph returned one. */
  id: string;
  /** `${accountId}:${customerIgsid}` — see `conversationId()`. */
  conversationId: string;
  /** The business account (IG professional account id). */
  accountId: string;
  direction: KitDirection;
  from: KitParticipant;
  to: KitParticipant;
  text?: string;
  /** Always present (maybe empty) so renderers can map without guards. */
  attachments: KitAttachment[];
  replyTo?: KitReplyTo;
  /** Quick-reply payload when the customer tapped a quick reply (reference §1.7). */
  quickReplyPayload?: string;
  /** Ad/shop/ig.me referral that came with the message, or that is all this row is (reference §5.6). */
  referral?: KitReferral;
  /**
   * The customer tapped a postback button, an ice breaker or a persistent-menu item
   * (`messaging_postbacks`, reference §5.6). Such a message has no text or attachments: the thread
   * shows it as a system row ("Tapped “Get started”").
   */
  postback?: KitPostbackTap;
  /** Outbound: the quick-reply chips offered with this text (reference §1.7). */
  quickReplies?: KitQuickReply[];
  /** Outbound: `messaging_type` it was sent with, when the sender chose one (reference §1.2). */
  messagingType?: KitMessagingType;
  createdAt: Millis;
  /** Last edit time (message_edit webhook, reference §5.6). */
  editedAt?: Millis;
  /** `num_edit`; 0 for never edited. */
  editCount: number;
  /**
   * Tombstone: the sender unsent it (`is_deleted`). Meta's terms require erasing the content, so
   * text and attachments are gone; only the identity and time remain (DESIGN §3.5).
   */
  deleted: boolean;
  /** Meta said the content is unsupported (`is_unsupported`, reference §5.6). */
  unsupported?: boolean;
  reactions: KitReaction[];
  /** When the other side saw it (messaging_seen, reference §5.6). Only outbound messages get this. */
  readAt?: Millis;
  /** Outbound only: delivery state. Absent on inbound messages. */
  status?: SendStatus;
  statusReason?: KitStatusReason;
  /** Client-generated idempotency key of an outbound send (DESIGN §3.3). */
  clientId?: string;
  tag?: KitMessageTag;
  /** Sent by automation (bot), not a human agent. Drives disclosure and HUMAN_AGENT rules. */
  automated?: boolean;
  /** The business's own message reported back by Meta (`is_echo`, reference §5.4). */
  isEcho?: boolean;
  /**
   * The app that wrote it when that was another app serving the account (Meta's inbox, a bot):
   * its echo arrives on `standby` with `app_id` (reference §9.3).
   */
  appId?: string;
}

// ---------------------------------------------------------------------------------------------
// Conversations
// ---------------------------------------------------------------------------------------------

/** What a conversation list row shows about the newest message. */
export interface KitMessagePreview {
  id: string;
  direction: KitDirection;
  /** Text (possibly truncated by the store) if any. */
  text?: string;
  /** Type of the first attachment, for "📷 Photo"-style previews. */
  attachmentType?: KitAttachmentType;
  attachmentCount?: number;
  deleted?: boolean;
  createdAt: Millis;
  status?: SendStatus;
}

export type KitWindowStateName = 'open' | 'human_agent' | 'closed';

export type KitConsentState = 'unknown' | 'opted_in' | 'opted_out';

export interface KitConsent {
  state: KitConsentState;
  at?: Millis;
  /** What was consented to (e.g. an opt-in topic / notification type). */
  topic?: string;
}

export interface KitDisclosureState {
  /** Whether automation takes part in this conversation. */
  automated: boolean;
  /** When the "you are talking to an automated experience" notice was last shown/sent. */
  lastDisclosedAt?: Millis;
  /** Whether the last outbound message came from a human agent (reference §9.1 trigger 3). */
  lastSenderWasHuman?: boolean;
  locale?: string;
}

export interface KitCustomer {
  name?: string;
  username?: string;
  /** Expires after a few days (reference §6.4). */
  profilePic?: string;
  /**
   * The customer's locale (`it_IT`, `de`), when a source has it: your CRM, or a profile that
   * carries one. Instagram's profile API does not; the kit then reads the language from the
   * customer's messages (`detectLanguage`).
   */
  locale?: string;
}

/**
 * Who holds the conversation under Conversation Routing (reference §9.3): this kit's app, Meta's
 * own inbox (Business Suite / the Instagram app), another app (a bot vendor's), or nobody (idle,
 * after a release). Only the holder may send; the others receive the thread's events on `standby`.
 */
export type KitThreadHolder = 'kit' | 'inbox' | 'app' | 'idle';

export interface KitRoutingState {
  holder: KitThreadHolder;
  /** App id of the holder when Meta named it (`new_owner_app_id`, the thread_owner API). */
  holderAppId?: string;
  /** The app that held the thread before (where "hand back" passes it). */
  previousAppId?: string;
  /** Another app asked this kit for the thread (`request_thread_control`). */
  requestedByAppId?: string;
  /** Metadata the last handover carried (free text another app wrote). */
  metadata?: string;
  /** When the state last changed, ms. */
  since: Millis;
}

export interface KitConversation {
  /** `${accountId}:${customerIgsid}` (Instagram has one customer per thread). */
  id: string;
  accountId: string;
  /** The customer's IGSID. */
  customerId: string;
  customer?: KitCustomer;
  lastMessage?: KitMessagePreview;
  /** Time of the newest customer message — drives the messaging window (reference §2.1). */
  lastInboundAt?: Millis;
  lastMessageAt: Millis;
  unreadCount: number;
  /** Cached `windowState` at `updatedAt`; recompute with `windowState()` for the current time. */
  window?: KitWindowStateName;
  windowClosesAt?: Millis;
  consent?: KitConsent;
  disclosure?: KitDisclosureState;
  /** Graph conversation id (t_...) when known from the Conversations API. */
  graphId?: string;
  /** Conversation Routing state; absent = nobody else has taken the thread (the kit may send). */
  routing?: KitRoutingState;
  /**
   * When the business last answered one of this person's comments in private (reference §2.4).
   * A comment is not a message: the thread stays closed until the person answers.
   */
  privateReplyAt?: Millis;
  updatedAt?: Millis;
}

// ---------------------------------------------------------------------------------------------
// Comments (reference §2.4, §5.4, §5.6)
// ---------------------------------------------------------------------------------------------

/**
 * Which webhook field a comment came from (reference §5.4): a comment on the account's post, reel
 * or ad (`comments`), on its Live broadcast (`live_comments`), or an @mention of the account in
 * a comment elsewhere (`mentions`).
 */
export type KitCommentSource = 'comment' | 'live_comment' | 'mention';

/** What a comment was made on (Meta's `media_product_type`: FEED, REELS, STORY, LIVE, AD). */
export type KitMediaKind = 'post' | 'reel' | 'story' | 'live' | 'ad' | 'other';

/** One of the business's posts, reels, stories, Live broadcasts or ads. */
export interface KitMedia {
  id: string;
  kind: KitMediaKind;
  caption?: string;
  /** Link on instagram.com. */
  permalink?: string;
  /** Thumbnail or image URL (CDN; may expire). */
  thumbnailUrl?: string;
  createdAt?: Millis;
  /** Live only: when the broadcast ended. Private replies to Live comments end with it. */
  liveEndedAt?: Millis;
}

/** The one private reply a comment may get (reference §2.4), as the outbox tracks it. */
export interface KitPrivateReplyState {
  /** The send's idempotency key (its outbox row). */
  clientId: string;
  status: SendStatus;
  /** Graph message id once sent. */
  messageId?: string;
  at: Millis;
  reason?: KitStatusReason;
}

export interface KitComment {
  /** Graph comment id. */
  id: string;
  /** The business account. */
  accountId: string;
  source: KitCommentSource;
  /** The post / reel / Live the comment is on. */
  mediaId: string;
  /** The media, when known (the proxy reads it once per post). */
  media?: KitMedia;
  /** Set when this comment answers another comment. */
  parentId?: string;
  /** Who wrote it: the customer's IGSID and username, or the business itself. */
  from: KitParticipant;
  /** Written by the business (its own public replies arrive as comments too). */
  fromSelf: boolean;
  text?: string;
  createdAt: Millis;
  hidden?: boolean;
  deleted?: boolean;
  /** The private reply, once one was asked for. */
  privateReply?: KitPrivateReplyState;
  /** When the business last replied publicly to this comment. */
  publicReplyAt?: Millis;
  /**
   * The public replies the kit was asked for, by their idempotency key: a repeat of the same
   * request answers the reply already posted instead of posting it twice.
   */
  publicReplies?: KitPublicReplyRequest[];
  /** For the business's own replies sent through the kit: the request's idempotency key. */
  clientId?: string;
  /** The commenter's conversation (`${accountId}:${igsid}`), for customer comments. */
  conversationId?: string;
}

/** One public reply asked of the kit (`POST …/comments/:id/replies { clientId, text }`). */
export interface KitPublicReplyRequest {
  clientId: string;
  text: string;
  /** `sending`: the Graph call is under way (or its answer was lost); `failed`: it may be asked again. */
  status: 'sending' | 'sent' | 'failed';
  /** The reply comment's id once Graph answered. */
  replyId?: string;
  at: Millis;
}

// ---------------------------------------------------------------------------------------------
// Events (what the proxy parses webhooks into and streams over SSE)
// ---------------------------------------------------------------------------------------------

/** Ad / ig.me / shop referral (reference §5.6). */
export interface KitReferral {
  ref?: string;
  /** `ADS`, an ig.me link, `SHOP`, ... */
  source?: string;
  /** `OPEN_THREAD` ... */
  type?: string;
  adId?: string;
  adTitle?: string;
  photoUrl?: string;
  videoUrl?: string;
  /** The ad's post (`ads_context_data.post_id`). */
  postId?: string;
  /** Shop product (`product.id`) or the ad's product (`ads_context_data.product_id`). */
  productId?: string;
  /** Partner app's welcome-message flow (`ads_context_data.flow_id`, reference §5.6). */
  flowId?: string;
  /** Meta marks referrals the business triggered itself (`is_self`, reference §5.6). */
  isSelf?: boolean;
  /** ig.me link or site the customer came from, when Meta gives one (`referer_uri`). */
  refererUri?: string;
}

interface KitEventBase {
  /** Event-log id assigned by the proxy store (the SSE `id:`); absent before persisting. */
  id?: string;
  /** The business account the event belongs to. */
  accountId: string;
  /** When it happened (Meta's timestamp for webhook events), epoch ms. */
  at: Millis;
}

interface KitConversationEventBase extends KitEventBase {
  conversationId: string;
}

/** A new message, inbound or an outbound echo. */
export interface KitMessageEvent extends KitConversationEventBase {
  type: 'message';
  message: KitMessage;
}

export interface KitMessageEditedEvent extends KitConversationEventBase {
  type: 'message_edited';
  messageId: string;
  text?: string;
  editCount: number;
}

/** The sender unsent a message; the store erases its content (tombstone). */
export interface KitMessageDeletedEvent extends KitConversationEventBase {
  type: 'message_deleted';
  messageId: string;
}

export interface KitReactionEvent extends KitConversationEventBase {
  type: 'reaction';
  messageId: string;
  action: 'react' | 'unreact';
  by: 'customer' | 'business';
  /** Absent on unreact (reference §5.6). */
  reaction?: KitReactionName;
  emoji?: string;
}

/** The customer saw messages up to and including `messageId` (messaging_seen). */
export interface KitReadEvent extends KitConversationEventBase {
  type: 'read';
  messageId: string;
  by: 'customer' | 'business';
}

/** Icebreaker / template button tap (reference §5.6). */
export interface KitPostbackEvent extends KitConversationEventBase {
  type: 'postback';
  messageId?: string;
  title?: string;
  payload: string;
  referral?: KitReferral;
}

/** ig.me link clicked inside an existing conversation (reference §5.6). */
export interface KitReferralEvent extends KitConversationEventBase {
  type: 'referral';
  referral: KitReferral;
}

/** messaging_optins (IG flavor only, reference §5.4). */
export interface KitOptinEvent extends KitConversationEventBase {
  type: 'optin';
  state: Exclude<KitConsentState, 'unknown'>;
  topic?: string;
  /** Notification-messages token if Meta sent one. */
  token?: string;
  payload?: string;
}

/** Outbox progress of one outbound send (DESIGN §3.3). */
export interface KitSendStatusEvent extends KitConversationEventBase {
  type: 'send_status';
  clientId: string;
  /** Graph message id once known. */
  messageId?: string;
  status: SendStatus;
  reason?: KitStatusReason;
  /** Attempt number (1-based) for `sending`/retries. */
  attempt?: number;
}

/** Conversation row changed (new message, unread count, window, consent, disclosure...). */
export interface KitConversationUpdatedEvent extends KitConversationEventBase {
  type: 'conversation_updated';
  /** The full, current conversation (so clients can replace their row). */
  conversation: KitConversation;
}

/** A comment arrived or changed (hidden, deleted, answered): the full current comment. */
export interface KitCommentEvent extends KitEventBase {
  type: 'comment';
  comment: KitComment;
}

/**
 * Conversation Routing moved the thread (reference §9.3 `messaging_handover`): another app passed
 * it, took it, asked for it, or released it. The routing state that results arrives with the
 * `conversation_updated` event that follows.
 */
export interface KitHandoverEvent extends KitConversationEventBase {
  type: 'handover';
  action: 'pass' | 'take' | 'request' | 'release';
  previousAppId?: string;
  newAppId?: string;
  /** `request_thread_control`: the app asking. */
  requestedByAppId?: string;
  metadata?: string;
}

/**
 * An operator paused sending for the account (when Meta's side is broken, say), with a message
 * for the agents. While paused, sends are accepted and wait `queued`; none fails because of it.
 */
export interface KitAccountPause {
  /** Shown to agents above the composer. */
  message: string;
  since: Millis;
}

/**
 * A send the proxy has not settled yet, as the operator's view lists it (`GET /accounts/:id/outbox`).
 * The proxy builds it, `<KitOps>` shows it: one shape for both.
 */
export interface KitOutboxSend {
  clientId: string;
  conversationId: string;
  status: 'queued' | 'sending' | 'uncertain';
  attempts: number;
  createdAt: Millis;
  updatedAt: Millis;
  /** Why the last attempt did not settle it. */
  reason?: KitStatusReason;
  /** The first 140 characters of a text send. */
  text?: string;
  kind: 'text' | 'attachment' | 'sticker' | 'share' | 'template' | 'private_reply';
}

/** How a person settles an `uncertain` send: Meta got it, send it once more, or give it up. */
export const KIT_SEND_OUTCOMES = ['delivered', 'resend', 'dropped'] as const;
export type KitSendOutcome = (typeof KIT_SEND_OUTCOMES)[number];

/** A webhook payload the proxy gave up processing (`GET /admin/dead-letters`): never its content. */
export interface KitDeadLetter {
  id: string;
  /** Id the payload had in the webhook queue. */
  webhookId: string;
  receivedAt: Millis;
  deadAt: Millis;
  /** Failed processing attempts before it was moved. */
  attempts: number;
  /** Why (an error code or class and message written by the kit, never the payload). */
  reason: string;
  /** Size of the raw body in UTF-8 bytes. */
  bytes: number;
}

/**
 * The account's state changed (an operator's pause / resume, or Graph rejected / accepted its
 * token again); `paused` and `needsReauth` are the state now.
 */
export interface KitAccountUpdatedEvent extends KitEventBase {
  type: 'account_updated';
  paused: KitAccountPause | null;
  /** Graph rejected the account's token (190…): nothing is sent until it is reconnected. Absent in events before it existed. */
  needsReauth?: boolean;
}

/** A webhook kind the kit does not understand; kept so nothing is silently lost. */
export interface KitUnsupportedEvent extends KitEventBase {
  type: 'unsupported';
  conversationId?: string;
  /** Webhook key or field name, e.g. `pass_thread_control`. */
  kind: string;
  raw?: unknown;
}

export type KitEvent =
  | KitMessageEvent
  | KitMessageEditedEvent
  | KitMessageDeletedEvent
  | KitReactionEvent
  | KitReadEvent
  | KitPostbackEvent
  | KitReferralEvent
  | KitOptinEvent
  | KitSendStatusEvent
  | KitConversationUpdatedEvent
  | KitCommentEvent
  | KitHandoverEvent
  | KitAccountUpdatedEvent
  | KitUnsupportedEvent;

export type KitEventType = KitEvent['type'];

/** Payload of an event of a given type: `KitEventOf<'reaction'>`. */
export type KitEventOf<T extends KitEventType> = Extract<KitEvent, { type: T }>;

export const KIT_EVENT_TYPES: readonly KitEventType[] = [
  'message',
  'message_edited',
  'message_deleted',
  'reaction',
  'read',
  'postback',
  'referral',
  'optin',
  'send_status',
  'conversation_updated',
  'comment',
  'handover',
  'account_updated',
  'unsupported',
];

/** Type guard for narrowing a KitEvent: `if (isKitEvent(e, 'message')) e.message`. */
export function isKitEvent<T extends KitEventType>(event: KitEvent, type: T): event is KitEventOf<T> {
  return event.type === type;
}
