'use client';
/**
 * The open conversation inside <Inbox>: its header (back, the customer's name, mark unread, the
 * shortcuts), banners, the thread with a
 * reaction bar per customer message, and the composer with the media picker. Its own chunk —
 * TanStack Virtual, the thread, the composer and the banners — which <Inbox> starts fetching as
 * soon as it mounts, while the conversation list is still on its way from the proxy.
 */
import { lazy, Suspense, useCallback, useState } from 'react';
import { isLocalMessageId } from '@kit/core';
import type { KitAccountFlavor, KitMessage } from '@kit/core';
import { ConsentBanner } from '../banners/ConsentBanner';
import { MessagingWindowBanner } from '../banners/MessagingWindowBanner';
import { Composer } from '../composer/Composer';
import type { UploadFn } from '../media-picker/upload';
import { BackIcon, KeyboardIcon, UnreadIcon } from '../icons';
import { useKit, useKitStore } from '../provider';
import { ReactionBar } from '../reactions/ReactionBar';
import { ThreadView } from '../ThreadView';

// Its own chunk: the disclosure banner brings the customer-language detector (core's word lists),
// which would push an open conversation past its 40 KB gzip budget. Requested as soon as this
// chunk runs, so it arrives alongside the thread's first render rather than after it.
const disclosureChunk = import('../banners/DisclosureBanner');
const DisclosureBanner = lazy(() => disclosureChunk.then((m) => ({ default: m.DisclosureBanner })));
// Also on demand: an operator's pause is rare, and its banner (with the account lookup) would
// otherwise be paid for by every open conversation.
const pausedChunk = import('../banners/PausedBanner');
const PausedBanner = lazy(() => pausedChunk.then((m) => ({ default: m.PausedBanner })));
// On demand too: only accounts another app also serves (Conversation Routing) ever show it.
const routingChunk = import('../banners/RoutingBanner');
const RoutingBanner = lazy(() => routingChunk.then((m) => ({ default: m.RoutingBanner })));

export interface ConversationPaneProps {
  conversationId: string;
  /** The customer's name for the header. */
  name: string;
  onBack(): void;
  onMarkUnread(): void;
  /** Show the shortcuts cheat sheet; absent: no button (shortcuts are off). */
  onHelp?: (() => void) | undefined;
  flavor: KitAccountFlavor;
  disclosure?: boolean | undefined;
  humanAgentEnabled?: boolean | undefined;
  upload?: UploadFn | undefined;
  now?: number | undefined;
  /** Open the thread at this message (a search result) instead of at the newest. */
  initialMessageId?: string | undefined;
  /** The host's names for other apps holding a thread (<Inbox appNames>). */
  appNames?: Readonly<Record<string, string>> | undefined;
}

/** Id of the customer's newest message in a thread. */
function useLatestInbound(conversationId: string): string | undefined {
  return useKitStore((s) => {
    const t = s.threads[conversationId];
    if (!t) return undefined;
    for (let i = t.ids.length - 1; i >= 0; i--) {
      const m = t.byId.get(t.ids[i]!);
      if (m?.direction === 'inbound' && !m.deleted) return m.id;
    }
    return undefined;
  });
}

export default function ConversationPane(props: ConversationPaneProps) {
  const { conversationId: selected, flavor } = props;
  const { t } = useKit();
  const latest = useLatestInbound(selected);
  // Another app holds the thread: the routing banner says why the composer is off.
  const [locked, setLocked] = useState<string | null>(null);
  const clock = props.now === undefined ? {} : { now: props.now };
  // Reactions go to messages Instagram knows (a Graph id, not a local placeholder) from the
  // customer. The latest one's bar stays visible (`kit-inbox__react`): the quick reply-with-❤️.
  const renderMessageActions = useCallback(
    (m: KitMessage) =>
      m.direction === 'inbound' && !m.deleted && !isLocalMessageId(m.id) ? (
        <ReactionBar
          conversationId={selected}
          messageId={m.id}
          flavor={flavor}
          {...(props.now === undefined ? {} : { now: props.now })}
          {...(m.id === latest ? { className: 'kit-inbox__react' } : {})}
        />
      ) : null,
    [selected, flavor, latest, props.now],
  );
  return (
    <>
      <div className="kit-inbox__header">
        <button type="button" className="kit-composer__secondary kit-inbox__back" aria-label={t('inbox.back')} title={t('inbox.back')} onClick={props.onBack}>
          <BackIcon />
        </button>
        <span className="kit-inbox__name">{props.name}</span>
        {/* The label gives way to the icon in a narrow pane; aria-label keeps one name at every width. */}
        <button
          type="button"
          className="kit-composer__secondary kit-inbox__unread"
          aria-label={t('inbox.markUnread')}
          title={t('inbox.markUnread')}
          onClick={props.onMarkUnread}
        >
          <UnreadIcon />
          <span className="kit-inbox__unread-label">{t('inbox.markUnread')}</span>
        </button>
        {props.onHelp ? (
          <button type="button" className="kit-composer__secondary kit-inbox__help" aria-label={t('inbox.shortcuts')} title={t('inbox.shortcuts')} onClick={props.onHelp}>
            <KeyboardIcon />
          </button>
        ) : null}
      </div>
      <div className="kit-inbox__banners">
        <Suspense fallback={null}>
          <PausedBanner compact />
          <RoutingBanner conversationId={selected} compact onComposerLock={setLocked} {...(props.appNames ? { appNames: props.appNames } : {})} />
        </Suspense>
        <MessagingWindowBanner conversationId={selected} compact {...clock} />
        <ConsentBanner conversationId={selected} compact />
        {props.disclosure === false ? null : (
          <Suspense fallback={null}>
            <DisclosureBanner conversationId={selected} compact {...clock} />
          </Suspense>
        )}
      </div>
      <div className="kit-inbox__thread">
        <ThreadView conversationId={selected} renderMessageActions={renderMessageActions} {...clock} initialMessageId={props.initialMessageId} />
      </div>
      <Composer
        conversationId={selected}
        locked={locked}
        {...clock}
        {...(props.upload ? { upload: props.upload } : {})}
        {...(props.humanAgentEnabled === undefined ? {} : { humanAgentEnabled: props.humanAgentEnabled })}
      />
    </>
  );
}
