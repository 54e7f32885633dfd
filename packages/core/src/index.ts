/**
 * @kit/core — the rules and types the browser and the server share, so instant feedback and
 * enforcement never disagree. Isomorphic, no runtime dependencies.
 *
 * Every name is exported on purpose and listed in the README ("Every export"); a helper a module
 * keeps for itself stays out of here (scripts/public-api.test.ts holds the two together).
 */

// Text
export { TEXT_MAX_BYTES } from './limits';
export { measureText, utf8ByteLength, countGraphemes, splitText, TextSplitError } from './text';
export type { TextMeasure, TextSplitErrorCode } from './text';

// Links
export { validateLink, findLinks, invalidLinks } from './links';
export type { LinkValidation, LinkInvalidReason, FoundLink } from './links';

// Media
export { MEDIA_LIMITS, MEDIA_KINDS, IMAGES_PER_MESSAGE_MAX, SNIFF_HEAD_BYTES, VIDEO_FETCH_TIMEOUT_MS } from './limits';
export type { MediaKind, MediaFormat, MediaKindLimit } from './limits';
export {
  sniffMedia,
  checkMedia,
  checkMediaSet,
  MEDIA_ACCEPT,
  MEDIA_ACCEPT_BY_KIND,
  mimeFor,
  formatLabel,
  formatBytes,
} from './media';
export type {
  SniffResult,
  SniffedFormat,
  MediaCheckInput,
  MediaCheckResult,
  MediaCheckOk,
  MediaCheckFailure,
  MediaCheckDetails,
  MediaCheckCode,
  MediaSetCheckResult,
  MediaSetCheckCode,
} from './media';

// Messaging window
export { windowState, nextWindowChangeAt, sendPolicy, lastInboundBounds } from './window';
export type {
  WindowState,
  WindowInput,
  LastInboundBounds,
  SendPolicy,
  SendPolicyInput,
  SendPolicyCode,
  SendPolicyCategory,
} from './window';
export { STANDARD_WINDOW_MS, HUMAN_AGENT_WINDOW_MS, PRIVATE_REPLY_WINDOW_MS, HUMAN_AGENT_TAG } from './limits';

// Conversation rules
export {
  messagePreview,
  supersedesPreview,
  withWindowState,
  opensWindow,
  conversationAfterMessage,
  conversationAfterUnsend,
  tombstoneOf,
} from './conversation';

// Conversation search and filters
export {
  KIT_CONVERSATION_FILTERS,
  WINDOW_FILTERS,
  SEARCH_QUERY_MAX_CHARS,
  SEARCH_TERMS_MAX,
  searchWords,
  searchTerms,
  wordsMatchTerms,
  personSearchText,
  needsReply,
  conversationMatchesFilters,
  searchSnippet,
} from './search';
export type { KitConversationFilter, KitSearchMatch } from './search';

// Structured messages: quick replies, templates, ice breakers, persistent menu
export {
  checkQuickReplies,
  checkTemplate,
  templateAttachment,
  StructuredChecker,
  countCharacters,
  QUICK_REPLY_CONTENT_TYPES,
  TEMPLATE_TYPES,
  BUTTON_TYPES,
  MESSAGING_TYPES,
} from './structured';
export type { StructuredCheck, StructuredCheckOptions, StructuredIssue, StructuredIssueCode } from './structured';
export {
  checkIceBreakers,
  checkPersistentMenu,
  checkMessengerProfileUpdate,
  MESSENGER_PROFILE_FIELDS,
} from './profile';
export type { KitMessengerProfile, KitMessengerProfileUpdate, KitIceBreaker, KitPersistentMenuItem } from './profile';
export { STRUCTURED_LIMITS } from './limits';
export type { StructuredLimits } from './limits';

// Comments and private replies
export {
  privateReplyPolicy,
  privateReplySpent,
  privateReplyDeadline,
  followUpState,
  AWAITING_ANSWER_REASON,
  commentNeedsReply,
  PUBLIC_REPLY_MAX_CHARS,
} from './private-replies';
export type { PrivateReplyPolicy, PrivateReplyRefusalCode } from './private-replies';

// Conversation Routing
export { routingAfterHandover, routingAfterStandby, routingSendPolicy, holderOf, handBackTarget, META_INBOX_APP_IDS } from './routing';
export type { HandoverChange, RoutingApps, RoutingSendPolicy } from './routing';

// Graph errors
export {
  classifyGraphError,
  findGraphErrorRule,
  graphErrorCode,
  GRAPH_ERROR_MESSAGES,
  GRAPH_ERROR_TABLE,
} from './errors';
export type {
  GraphErrorClassification,
  GraphErrorCategory,
  GraphErrorAction,
  GraphErrorMessageKey,
  GraphErrorRule,
  GraphErrorObject,
} from './errors';

// Disclosure
export { disclosureDue, DISCLOSURE_EXAMPLES } from './disclosure';
export type { DisclosureInput, DisclosureDecision, DisclosureReason } from './disclosure';
export { DEFAULT_DISCLOSURE_LAPSE_MS } from './limits';

// Customer language
export { detectLanguage, DETECTABLE_LANGUAGES } from './language';
export type { DetectLanguageOptions } from './language';

// Saved replies
export {
  SAVED_REPLY_VARIABLES,
  SAVED_REPLY_SHORTCUT_PATTERN,
  SAVED_REPLY_TEXT_MAX_BYTES,
  SAVED_REPLIES_PER_ACCOUNT_MAX,
  unknownVariables,
  checkSavedReply,
  savedReplyValues,
  expandSavedReply,
  matchSavedReplies,
} from './saved-replies';
export type { KitSavedReply, SavedReplyVariable, SavedReplyValues, SavedReplyIssue } from './saved-replies';

// Ids
export { conversationId, parseConversationId, localMessageId, isLocalMessageId, LOCAL_MESSAGE_ID_PREFIX } from './ids';

// Types: messages, conversations, events, errors
export { KIT_ATTACHMENT_TYPES, isAttachmentOfType, KIT_EVENT_TYPES, isKitEvent, KIT_SEND_OUTCOMES, SEND_STATUSES, graphHostOf, usesFacebookLogin } from './types';
export type {
  KitMessage,
  KitAttachment,
  KitAttachmentType,
  KitImageAttachment,
  KitVideoAttachment,
  KitAudioAttachment,
  KitFileAttachment,
  KitLikeHeartAttachment,
  KitIgPostAttachment,
  KitIgReelAttachment,
  KitReelAttachment,
  KitShareAttachment,
  KitStoryMentionAttachment,
  KitEphemeralAttachment,
  KitTemplateAttachment,
  KitUnsupportedAttachment,
  KitTemplateElement,
  KitTemplateButton,
  KitReplyTo,
  KitReplyToMessage,
  KitReplyToStory,
  KitReplyToComment,
  KitReaction,
  KitReactionName,
  KitParticipant,
  KitDirection,
  KitMessageTag,
  Millis,
  KitConversation,
  KitCustomer,
  KitMessagePreview,
  KitConsent,
  KitConsentState,
  KitDisclosureState,
  KitWindowStateName,
  KitEvent,
  KitEventType,
  KitEventOf,
  KitMessageEvent,
  KitMessageEditedEvent,
  KitMessageDeletedEvent,
  KitReactionEvent,
  KitReadEvent,
  KitPostbackEvent,
  KitReferralEvent,
  KitOptinEvent,
  KitSendStatusEvent,
  KitConversationUpdatedEvent,
  KitCommentEvent,
  KitHandoverEvent,
  KitAccountUpdatedEvent,
  KitAccountPause,
  KitOutboxSend,
  KitSendOutcome,
  KitDeadLetter,
  KitUnsupportedEvent,
  KitReferral,
  KitPostbackTap,
  KitQuickReply,
  KitTextQuickReply,
  KitContactQuickReply,
  KitQuickReplyContentType,
  KitTemplate,
  KitButtonTemplate,
  KitGenericTemplate,
  KitTemplateType,
  KitMessagingType,
  SendStatus,
  KitStatusReason,
  KitErrorCategory,
  KitErrorBody,
  KitGraphErrorRef,
  KitAccountFlavor,
  KitComment,
  KitCommentSource,
  KitMedia,
  KitMediaKind,
  KitPrivateReplyState,
  KitPublicReplyRequest,
  KitRoutingState,
  KitThreadHolder,
} from './types';

// Other limits
export {
  RATE_LIMITS,
  WEBHOOK_RESPONSE_DEADLINE_MS,
  WEBHOOK_DEDUPE_TTL_MS,
  CONVERSATION_DETAIL_MESSAGES,
  QUICK_REPLIES_MAX,
  QUICK_REPLY_TITLE_MAX_CHARS,
  TEMPLATE_LIMITS,
  INBOUND_REACTIONS,
  DEFAULT_REACTION,
  GRAPH_API_VERSION,
  SECOND_MS,
  MINUTE_MS,
  HOUR_MS,
  DAY_MS,
} from './limits';
export type { RateLimit, RateLimitClass } from './limits';
