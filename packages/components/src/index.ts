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
export { catalogs, catalogFor, createTranslator } from './i18n';
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
