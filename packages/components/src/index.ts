'use client';
/**
 * @kit/components — React building blocks for answering Instagram Direct messages.
 * Import `@kit/components/styles.css` once; wrap the parts in <KitProvider baseUrl accountId>.
 */
export { createKitClient, KitClientError, KIT_REQUEST_HEADER } from './client';
export type {
  KitAccount,
  KitClient,
  KitClientOptions,
  KitConversationPage,
  KitEventsPoll,
  KitMessagePage,
  KitOutboundAttachment,
  KitReactionRequest,
  KitSendRecord,
  KitSendRequest,
  KitUploadResult,
} from './client';
export { connectEvents } from './events';
export type { EventStream, EventStreamOptions, KitConnectionState } from './events';
export { createKitStore } from './store';
export type { KitActions, KitSendDraft, KitState, KitStore, KitStoreOptions } from './store';
export * as kitReducers from './reducers';
export type { KitData, KitLoadError, LoadStatus, ThreadState } from './reducers';
export { KitProvider, useKit, useKitStore, useT, useFormat } from './provider';
export type { KitContextValue, KitProviderProps, KitTheme } from './provider';
export { catalogs, catalogFor, createTranslator, registerCatalog, loadCatalog } from './i18n';
export type { KitCatalog, KitLocale, KitMessageKey, KitMessagesOverride, KitPluralForms, KitTranslate } from './i18n';
export { createFormatters, sameDay, startOfDay } from './format';
export type { KitFormatters } from './format';
export { useThread, useMessage, useSeen } from './hooks/useThread';
export type { UseThreadResult } from './hooks/useThread';
export { useConversations, useConversation } from './hooks/useConversations';
export type { UseConversationsResult } from './hooks/useConversations';
export { ConversationList, conversationWindow } from './ConversationList';
export type { ConversationListProps } from './ConversationList';
export { Avatar } from './Avatar';
export { previewText } from './preview';
export { useNow } from './hooks/useNow';
export { ThreadView } from './ThreadView';
export type { ThreadViewProps } from './ThreadView';
export { MessageBubble, messageState } from './MessageBubble';
export type { GroupPosition, MessageBubbleProps } from './MessageBubble';
export { threadRows, GROUP_GAP_MS } from './threadRows';
export type { ThreadRow } from './threadRows';
export { Attachment } from './attachments/Attachment';
export { linkify, LinkifiedText } from './linkify';

// --- issue 8: composer, media picker, reactions, banners, inbox ---
export { Composer } from './composer/Composer';
export type { ComposerProps } from './composer/Composer';
export { ComposerView } from './composer/ComposerView';
export type { ComposerAttachContext, ComposerSendOptions, ComposerViewProps } from './composer/ComposerView';
export { useByteCounter, countBytes, byteCounterState, NEAR_LIMIT_RATIO } from './composer/useByteCounter';
export type { ByteCount, ByteCounterState, UseByteCounterResult } from './composer/useByteCounter';
export { useSplitOffer, splitOffer, MAX_SPLIT_PARTS } from './composer/useSplitOffer';
export type { SplitOffer } from './composer/useSplitOffer';
export { useDraft, draftsFor } from './composer/drafts';
export { useSend } from './hooks/useSend';
export type { SendOptions, UseSendResult } from './hooks/useSend';
export { MediaPicker } from './media-picker/MediaPicker';
export type { MediaPickerProps } from './media-picker/MediaPicker';
export { useMediaCheck } from './media-picker/useMediaCheck';
export type { PickedFile, UseMediaCheckResult } from './media-picker/useMediaCheck';
export { useUploads } from './media-picker/useUploads';
export type { UploadState, UseUploadsResult } from './media-picker/useUploads';
export { xhrUpload, proxyUploader } from './media-picker/upload';
export type { UploadFn, UploadOptions } from './media-picker/upload';
export { ReactionBar, DEFAULT_EXTRA_REACTIONS } from './reactions/ReactionBar';
export type { ReactionBarProps } from './reactions/ReactionBar';
export { MessagingWindowBanner } from './banners/MessagingWindowBanner';
export type { MessagingWindowBannerProps } from './banners/MessagingWindowBanner';
export { DisclosureBanner } from './banners/DisclosureBanner';
export type { DisclosureBannerProps } from './banners/DisclosureBanner';
export { ConsentBanner } from './banners/ConsentBanner';
export type { ConsentBannerProps } from './banners/ConsentBanner';
export { useMessagingWindow, useWindowState, useMinuteClock } from './banners/useMessagingWindow';
export type { UseMessagingWindowOptions } from './banners/useMessagingWindow';
export { useConversationActions } from './banners/useConversationActions';
export type { ConversationActions } from './banners/useConversationActions';
export type { KitConversationUpdate } from './client';
export { useConnection } from './hooks/useConnection';
export { Inbox } from './inbox/Inbox';
export type { InboxProps } from './inbox/Inbox';
