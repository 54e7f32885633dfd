'use client';
/**
 * <Composer>: the composer wired to the kit — the conversation's draft, its messaging window,
 * optimistic sends through the store and, unless turned off, the media picker. Use
 * `<ComposerView>` to bring your own state.
 */
import { lazy, Suspense } from 'react';
import type { ReactNode } from 'react';
import type { WindowState } from '@kit/core';
import { useMessagingWindow } from '../banners/useMessagingWindow';
import { useSend } from '../hooks/useSend';
import { MediaPicker } from '../media-picker/MediaPicker';
import type { UploadFn } from '../media-picker/upload';
import { ComposerView } from './ComposerView';
import type { ComposerAttachContext } from './ComposerView';
import { useDraft } from './drafts';
import { useTypingIndicator } from './useTypingIndicator';
import type { TypingIndicatorOptions } from './useTypingIndicator';

// Quick replies and cards: their own chunk, fetched when a composer first renders.
const StructuredTools = lazy(() => import('../structured/StructuredTools'));

export interface ComposerProps {
  conversationId: string;
  /** Window override (stories, tests, host data); default: from the conversation, kept current. */
  window?: WindowState;
  /** Freeze the clock the window is computed with. */
  now?: number;
  /** Whether the app has Meta's Human Agent feature (default true). */
  humanAgentEnabled?: boolean;
  /** Show the attach button with the media picker (default true). */
  media?: boolean;
  /** Upload transport for the picker (default: XMLHttpRequest to the proxy, with progress). */
  upload?: UploadFn;
  /** Show the like_heart sticker button (default true). */
  likeHeart?: boolean;
  /** Show the quick replies and cards control (default true). */
  structured?: boolean;
  /** Replace the attach control. */
  renderAttach?(ctx: ComposerAttachContext): ReactNode;
  /** Show "typing…" to the customer while the agent types (throttled; default on). `false` turns it off. */
  typingIndicator?: boolean | TypingIndicatorOptions;
  placeholder?: string;
  className?: string;
  /** Keep sending off with this reason (e.g. another app holds the thread, from <RoutingBanner>). */
  locked?: string | null;
}

export function Composer(props: ComposerProps) {
  const { conversationId } = props;
  const [draft, setDraft] = useDraft(conversationId);
  const live = useMessagingWindow(conversationId, props.now === undefined ? {} : { now: props.now });
  const sender = useSend(conversationId);
  const window = props.window ?? live;
  const typing = useTypingIndicator(
    conversationId,
    window,
    typeof props.typingIndicator === 'object' ? props.typingIndicator : { enabled: props.typingIndicator !== false },
  );
  const media = props.media ?? true;
  const structured = props.structured ?? true;
  const renderAttach =
    props.renderAttach ??
    (media || structured
      ? (ctx: ComposerAttachContext) => (
          <>
            {media ? <MediaPicker conversationId={conversationId} {...ctx} {...(props.upload ? { upload: props.upload } : {})} /> : null}
            {structured ? (
              <Suspense fallback={null}>
                <StructuredTools conversationId={conversationId} {...ctx} />
              </Suspense>
            ) : null}
          </>
        )
      : undefined);
  return (
    <ComposerView
      // A new conversation starts with fresh local state (split preview, HUMAN_AGENT confirmation).
      key={conversationId}
      savedRepliesFor={conversationId}
      value={draft}
      onValueChange={(text) => {
        setDraft(text);
        typing.onInput(text);
      }}
      window={window}
      onSendText={(parts, opts) => {
        typing.onSent();
        return sender.sendParts(parts, opts);
      }}
      {...(props.likeHeart === false ? {} : { onSendLikeHeart: (opts) => sender.sendLikeHeart(opts) })}
      {...(renderAttach ? { renderAttach } : {})}
      {...(props.humanAgentEnabled === undefined ? {} : { humanAgentEnabled: props.humanAgentEnabled })}
      {...(props.placeholder ? { placeholder: props.placeholder } : {})}
      {...(props.className ? { className: props.className } : {})}
      locked={props.locked}
    />
  );
}
