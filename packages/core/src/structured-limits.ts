/**
 * The numbers of structured messages (reference §1.7–§1.8, ice breakers and persistent menu),
 * apart from limits.ts so an inbox's first bundle, which needs the text and media limits only,
 * does not carry them (limits.ts re-exports everything here).
 */

/** Quick replies: at most 13, titles up to 20 characters (reference §1.7). */
export const QUICK_REPLIES_MAX = 13;
export const QUICK_REPLY_TITLE_MAX_CHARS = 20;

/** Templates (reference §1.8; numbers from the Messenger page, UNCONFIRMED for Instagram). */
export const TEMPLATE_LIMITS = {
  genericElementsMax: 10,
  titleMaxChars: 80,
  subtitleMaxChars: 80,
  buttonsMax: 3,
} as const;

/**
 * Every number the structured-message validators apply (quick replies, templates, ice breakers,
 * persistent menu). "Characters" are Unicode code points: Meta does not say what it counts, and a
 * code point is never fewer than what a person sees.
 *
 * Confirmed for Instagram: 13 quick replies with 20-character titles (reference §1.7, IGL-QR,
 * FBIG-QR), 3 buttons per button template (IGL-BUTTON), 4 ice breakers (IGL/FBIG ice breakers).
 * UNCONFIRMED for Instagram and taken from Messenger's pages, so every validator takes overrides
 * (`checkTemplate(input, { limits: { buttonTitleMaxChars: 30 } })`) and the proxy passes its
 * `structuredLimits` option through: 10 generic elements, 80-character element titles/subtitles,
 * 3 element buttons (M-GENERIC); 640-character button-template text, 20-character button titles,
 * 1000-byte payloads (Messenger Send API reference); 20 persistent-menu items with 30-character
 * titles (Messenger persistent menu); 80-character ice-breaker questions (no page states one).
 */
export interface StructuredLimits {
  readonly quickRepliesMax: number;
  readonly quickReplyTitleMaxChars: number;
  /** UNCONFIRMED (Messenger: 1000 characters; bytes are the stricter reading). */
  readonly quickReplyPayloadMaxBytes: number;
  /** UNCONFIRMED (Messenger button template). */
  readonly buttonTemplateTextMaxChars: number;
  readonly buttonsMax: number;
  /** UNCONFIRMED (Messenger buttons). */
  readonly buttonTitleMaxChars: number;
  /** UNCONFIRMED (Messenger postback button: 1000 characters; bytes are the stricter reading). */
  readonly postbackPayloadMaxBytes: number;
  /** UNCONFIRMED (Messenger generic template). */
  readonly genericElementsMax: number;
  /** UNCONFIRMED (Messenger generic template). */
  readonly elementTitleMaxChars: number;
  /** UNCONFIRMED (Messenger generic template). */
  readonly elementSubtitleMaxChars: number;
  readonly iceBreakersMax: number;
  /** UNCONFIRMED: no Meta page states a question length; 80 keeps a question on one chip. */
  readonly iceBreakerQuestionMaxChars: number;
  /** UNCONFIRMED (Messenger persistent menu: 20 items). */
  readonly persistentMenuItemsMax: number;
  /** UNCONFIRMED (Messenger persistent menu: 30 characters). */
  readonly menuItemTitleMaxChars: number;
}

export const STRUCTURED_LIMITS: StructuredLimits = {
  quickRepliesMax: QUICK_REPLIES_MAX,
  quickReplyTitleMaxChars: QUICK_REPLY_TITLE_MAX_CHARS,
  quickReplyPayloadMaxBytes: 1000,
  buttonTemplateTextMaxChars: 640,
  buttonsMax: TEMPLATE_LIMITS.buttonsMax,
  buttonTitleMaxChars: 20,
  postbackPayloadMaxBytes: 1000,
  genericElementsMax: TEMPLATE_LIMITS.genericElementsMax,
  elementTitleMaxChars: TEMPLATE_LIMITS.titleMaxChars,
  elementSubtitleMaxChars: TEMPLATE_LIMITS.subtitleMaxChars,
  iceBreakersMax: 4,
  iceBreakerQuestionMaxChars: 80,
  persistentMenuItemsMax: 20,
  menuItemTitleMaxChars: 30,
};
