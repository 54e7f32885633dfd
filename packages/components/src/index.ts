'use client';
/**
 * @kit/components — React building blocks for answering Instagram Direct messages.
 * Import `@kit/components/styles.css` once; wrap the parts in <KitProvider baseUrl accountId>.
 *
 * Every name is exported on purpose and listed in the README ("Every export"); reducers, row
 * models and the pieces components are built from stay inside (scripts/public-api.test.ts holds
 * the two together).
 */

// The whole inbox, and each part
export { Inbox } from './inbox/Inbox';
export type { InboxProps } from './inbox/Inbox';
export { ConversationList } from './ConversationList';
export type { ConversationListProps } from './ConversationList';
export { ThreadView } from './ThreadView';
export type { ScrollToMessageOptions, ThreadViewHandle, ThreadViewProps } from './ThreadView';
export { Composer } from './composer/Composer';
export type { ComposerProps } from './composer/Composer';
export { ComposerView } from './composer/ComposerView';
export type { ComposerAttachContext, ComposerSendOptions, ComposerViewProps } from './composer/ComposerView';
export { MediaPicker } from './media-picker/MediaPicker';
export type { MediaPickerProps } from './media-picker/MediaPicker';
export type { UploadFn, UploadOptions } from './media-picker/upload';
export { ReactionBar, DEFAULT_EXTRA_REACTIONS } from './reactions/ReactionBar';
export type { ReactionBarProps } from './reactions/ReactionBar';
export { MessagingWindowBanner } from './banners/MessagingWindowBanner';
export type { MessagingWindowBannerProps } from './banners/MessagingWindowBanner';
export { DisclosureBanner } from './banners/DisclosureBanner';
export type { DisclosureBannerProps } from './banners/DisclosureBanner';
export { ConsentBanner } from './banners/ConsentBanner';
export type { ConsentBannerProps } from './banners/ConsentBanner';
export { PausedBanner } from './banners/PausedBanner';
export type { PausedBannerProps } from './banners/PausedBanner';
export { RoutingBanner, routingView } from './banners/RoutingBanner';
export type { RoutingBannerProps, RoutingView } from './banners/RoutingBanner';

// The operator's view (admin page; not part of <Inbox>)
export { KitOps } from './ops/KitOps';
export { ProfileSettings } from './structured/ProfileSettings';
export type { ProfileSettingsProps } from './structured/ProfileSettings';
export { QuickReplyEditor } from './structured/QuickReplyEditor';
export type { QuickReplyEditorProps } from './structured/QuickReplyEditor';
export { TemplateBuilder } from './structured/TemplateBuilder';
export type { TemplateBuilderProps } from './structured/TemplateBuilder';
export type { KitOpsProps } from './ops/KitOps';

// Comments on the account's posts: private and public replies, hide (<Inbox> opens it lazily)
export { CommentsView } from './comments/CommentsView';
export type { CommentsViewProps } from './comments/CommentsView';

// Saved replies' settings panel (not part of <Inbox>; the composer's `/` picker loads on its own)
export { SavedRepliesSettings } from './saved-replies/SavedRepliesSettings';
export type { SavedRepliesSettingsProps } from './saved-replies/SavedRepliesSettings';

// Provider, store and client
export { KitProvider, useKit, useKitStore, useT, useFormat } from './provider';
export type { KitContextValue, KitProviderProps, KitTheme } from './provider';
export type { KitFormatters } from './format';
export { createKitStore } from './store';
export type { KitActions, KitSendDraft, KitState, KitStore, KitStoreOptions } from './store';
export type { KitData, KitLoadError, LoadStatus, ThreadState } from './reducers';
export type { KitConnectionState } from './events';
export { createKitClient, KitClientError } from './client';
export type {
  KitAccount,
  KitAccountBackfill,
  KitAccountPauseResult,
  KitClient,
  KitClientOptions,
  KitCommentPage,
  KitCommentQuery,
  KitConversationPage,
  KitConversationSearch,
  KitConversationSearchPage,
  KitConversationUpdate,
  KitDeadLetter,
  KitDeadLetterPage,
  KitEventsPoll,
  KitMessagePage,
  KitOutboundAttachment,
  KitOutbox,
  KitMessengerProfileView,
  KitOutboxSend,
  KitPrivateReplyResult,
  KitReactionRequest,
  KitSavedReply,
  KitSavedReplyInput,
  KitSendOutcome,
  KitSendRecord,
  KitSendRequest,
  KitUploadResult,
} from './client';

// Languages
export { registerCatalog, loadCatalog } from './i18n';
export type { KitCatalog, KitLocale, KitMessageKey, KitMessagesOverride, KitPluralForms, KitTranslate } from './i18n';

// Headless hooks
export { useThread, useMessage, useSeen } from './hooks/useThread';
export type { UseThreadResult } from './hooks/useThread';
export { useConversations, useConversation } from './hooks/useConversations';
export type { UseConversationsResult } from './hooks/useConversations';
export { useSend } from './hooks/useSend';
export type { SendOptions, UseSendResult } from './hooks/useSend';
export { useByteCounter } from './composer/useByteCounter';
export type { ByteCount, ByteCounterState, UseByteCounterResult } from './composer/useByteCounter';
export { useMediaCheck } from './media-picker/useMediaCheck';
export type { PickedFile, UseMediaCheckResult } from './media-picker/useMediaCheck';
export { useMessagingWindow } from './banners/useMessagingWindow';
export type { UseMessagingWindowOptions } from './banners/useMessagingWindow';
export { useConversationActions } from './banners/useConversationActions';
export type { ConversationActions } from './banners/useConversationActions';
export { useConnection } from './hooks/useConnection';
export { useNow } from './hooks/useNow';
