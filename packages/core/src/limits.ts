/**
 * Meta's numbers, in one place. Every constant cites the section of
 * shared/reference/graph-api.md it comes from; where Meta's pages disagree we take the safer side
 * and say so.
 */

// ---------------------------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------------------------

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

// ---------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------

/**
 * Message text must be UTF-8 and at most 1000 bytes (reference §1.4; discrepancy D1: the same
 * page also says "less than 1000 characters" — bytes are stricter for non-ASCII, so bytes win).
 */
export const TEXT_MAX_BYTES = 1000;

/**
 * Structured-message limits (quick replies, templates, ice breakers, persistent menu). Rules for
 * them live in ./structured-limits, a module of their own so a bundle that only needs the text
 * and media limits (an inbox's first load) does not carry them; re-exported here.
 */
export { QUICK_REPLIES_MAX, QUICK_REPLY_TITLE_MAX_CHARS, TEMPLATE_LIMITS, STRUCTURED_LIMITS } from './structured-limits';
export type { StructuredLimits } from './structured-limits';

// ---------------------------------------------------------------------------------------------
// Media
// ---------------------------------------------------------------------------------------------

/** Kinds of sendable media (reference §1.5 outgoing `type`s that carry a file). */
export type MediaKind = 'image' | 'video' | 'audio' | 'file';

export const MEDIA_KINDS: readonly MediaKind[] = ['image', 'video', 'audio', 'file'];

/** Formats Instagram accepts, across all kinds (reference §1.5). */
export type MediaFormat =
  'png' | 'jpeg' | 'gif' | 'mp4' | 'ogg' | 'avi' | 'mov' | 'webm' | 'aac' | 'm4a' | 'wav' | 'pdf';

export interface MediaKindLimit {
  /** Accepted formats for this kind. */
  readonly formats: readonly MediaFormat[];
  /** Maximum size in bytes (inclusive). */
  readonly maxBytes: number;
  /** How many attachments of this kind one message may carry. */
  readonly perMessage: number;
}

/**
 * Per-kind limits (reference §1.5).
 * - Sizes: "8 MB" / "25 MB" with MB vs MiB unstated; we use decimal megabytes, the conservative
 *   reading (reference §1.5, discrepancy D16).
 * - Image formats: the send pages list png/jpeg, the upload page and IG-Login text also gif
 *   (discrepancy D2) — we accept gif.
 * - Up to 10 images per message via `attachments: [...]` (reference §1.5). Multiple videos /
 *   audios / files per message are UNCONFIRMED, so one.
 */
export const MEDIA_LIMITS: { readonly [K in MediaKind]: MediaKindLimit } = {
  image: { formats: ['png', 'jpeg', 'gif'], maxBytes: 8_000_000, perMessage: 10 },
  video: { formats: ['mp4', 'ogg', 'avi', 'mov', 'webm'], maxBytes: 25_000_000, perMessage: 1 },
  audio: { formats: ['aac', 'm4a', 'wav', 'mp4'], maxBytes: 25_000_000, perMessage: 1 },
  file: { formats: ['pdf'], maxBytes: 25_000_000, perMessage: 1 },
};

/** Most images in one message (reference §1.5). */
export const IMAGES_PER_MESSAGE_MAX = MEDIA_LIMITS.image.perMessage;

/** The sniffer needs at most this many leading bytes of a file. */
export const SNIFF_HEAD_BYTES = 4096;

/** Meta gives up fetching a video URL after 75 s (reference §1.5, error 100/2018294). */
export const VIDEO_FETCH_TIMEOUT_MS = 75 * SECOND_MS;

// ---------------------------------------------------------------------------------------------
// Messaging window
// ---------------------------------------------------------------------------------------------

/** Standard window: 24 h after the customer's latest message (reference §2.1). */
export const STANDARD_WINDOW_MS = 24 * HOUR_MS;

/** HUMAN_AGENT tag: a human may reply up to 7 days after the customer's message (reference §2.2). */
export const HUMAN_AGENT_WINDOW_MS = 7 * DAY_MS;

/** Private reply to a comment: within 7 days of the comment (reference §2.4). */
export const PRIVATE_REPLY_WINDOW_MS = 7 * DAY_MS;

// ---------------------------------------------------------------------------------------------
// Rate limits
// ---------------------------------------------------------------------------------------------

/** Classes of Graph calls with their own limits (reference §3.1). */
export type RateLimitClass =
  | 'text' // text and links
  | 'reactions'
  | 'stickers'
  | 'media' // audio / video (and, to be safe, images and files)
  | 'conversations' // Conversations API reads
  | 'privateRepliesLive' // private replies to Live comments
  | 'privateReplies'; // private replies to post & reel comments

export interface RateLimit {
  /** Calls allowed per interval. */
  readonly limit: number;
  /** Interval length in ms. */
  readonly intervalMs: number;
}

/**
 * Default limits per IG professional account (reference §3.1).
 * - Text/reactions/stickers: Meta's pages say 100/s (Instagram Platform) or 300/s (Messenger
 *   API for Instagram) — discrepancy D3; we default to 100/s.
 * - Audio/video 10/s; whether images/files count as "media" is UNCONFIRMED, so they share the
 *   10/s bucket (safer).
 * - Conversations API 2/s; private replies 100/s for Live comments and 750/h for posts & reels.
 */
export const RATE_LIMITS: { readonly [K in RateLimitClass]: RateLimit } = {
  text: { limit: 100, intervalMs: SECOND_MS },
  reactions: { limit: 100, intervalMs: SECOND_MS },
  stickers: { limit: 100, intervalMs: SECOND_MS },
  media: { limit: 10, intervalMs: SECOND_MS },
  conversations: { limit: 2, intervalMs: SECOND_MS },
  privateRepliesLive: { limit: 100, intervalMs: SECOND_MS },
  privateReplies: { limit: 750, intervalMs: HOUR_MS },
};

// ---------------------------------------------------------------------------------------------
// Webhooks
// ---------------------------------------------------------------------------------------------

/** Answer Meta's webhook POST within 5 s (reference §5.3). */
export const WEBHOOK_RESPONSE_DEADLINE_MS = 5 * SECOND_MS;

/**
 * Keep webhook dedupe keys at least this long: Meta may retry for up to 36 h (reference §5.3).
 */
export const WEBHOOK_DEDUPE_TTL_MS = 36 * HOUR_MS;

// ---------------------------------------------------------------------------------------------
// History
// ---------------------------------------------------------------------------------------------

/** The Conversations API returns details for only the 20 newest messages (reference §6.3). */
export const CONVERSATION_DETAIL_MESSAGES = 20;

// ---------------------------------------------------------------------------------------------
// Disclosure
// ---------------------------------------------------------------------------------------------

/**
 * "Significant lapse of time" before re-disclosing automation is not quantified by Meta
 * (reference §9.1); this default is the kit's choice (one standard window) and is configurable.
 */
export const DEFAULT_DISCLOSURE_LAPSE_MS = 24 * HOUR_MS;

// ---------------------------------------------------------------------------------------------
// Misc
// ---------------------------------------------------------------------------------------------

/** The only message tag usable on Instagram (reference §2.2). */
export const HUMAN_AGENT_TAG = 'HUMAN_AGENT';

/** Reactions Instagram reports inbound (reference §1.10). */
export const INBOUND_REACTIONS = ['love', 'like', 'laugh', 'wow', 'sad', 'angry', 'other'] as const;

/** The reaction value both flavors accept outbound (reference §1.10, discrepancy D5). */
export const DEFAULT_REACTION = 'love';

/** Default Graph API version (reference §8). */
export const GRAPH_API_VERSION = 'v26.0';
