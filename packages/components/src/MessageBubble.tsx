'use client';
/**
 * One message row. It subscribes to its own message (and a boolean "seen"), so a reaction, an
 * edit or a status change re-renders this row only. State is exposed as data attributes for
 * styling: `data-direction` (inbound|outbound), `data-state` (the send status, or
 * received|deleted|unsupported), `data-group` (single|first|middle|last).
 */
import { lazy, memo, Suspense, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import type { KitMessage, KitReaction, KitReferral } from '@kit/core';
import { Attachment } from './attachments/Attachment';
import { StoryPreview } from './attachments/StoryPreview';
import { useMessage, useSeen } from './hooks/useThread';
import { isIntlWarm, subscribeIntlWarm } from './format';
import { LinkifiedText } from './linkify';
import { useKit, type KitContextValue } from './provider';
import { isSystemRow, type GroupPosition } from './threadRows';

export type { GroupPosition };

// A private reply's card is rare in a thread: its code and strings come when one is shown.
const CommentReplyCard = lazy(() => import('./comments/CommentReplyCard'));

export interface MessageBubbleProps {
  conversationId: string;
  messageId: string;
  group?: GroupPosition;
  /** Display name of the customer, for screen readers and reply quotes. */
  customerName?: string;
  /** Controls shown with the bubble (on hover / focus; see ThreadView's `renderMessageActions`). */
  renderActions?: ((message: KitMessage) => ReactNode) | undefined;
}

const REACTION_EMOJI: Record<string, string> = { love: '❤️', like: '👍', laugh: '😆', wow: '😮', sad: '😢', angry: '😡' };
const reactionEmoji = (reaction: KitReaction) => reaction.emoji ?? REACTION_EMOJI[reaction.reaction] ?? '❤️';

export function messageState(message: KitMessage): string {
  if (message.deleted) return 'deleted';
  if (message.unsupported) return 'unsupported';
  if (message.direction === 'inbound') return 'received';
  return message.status ?? 'sent';
}

const serverWarm = () => true;
export const MessageBubble = memo(function MessageBubble({ conversationId, messageId, group = 'single', customerName, renderActions }: MessageBubbleProps) {
  const m = useMessage(conversationId, messageId);
  const seen = useSeen(conversationId, messageId);
  const { t, format: f, store } = useKit();
  // False only until the first paint of a page that has formatted no date yet (see format.ts);
  // hydration renders times as the server did.
  const timesReady = useSyncExternalStore(subscribeIntlWarm, isIntlWarm, serverWarm);
  if (!m) return null;
  const state = messageState(m);
  const outbound = m.direction === 'outbound';
  const sender = outbound ? t('message.you') : (m.from.name ?? m.from.username ?? customerName ?? t('conversations.unknownCustomer'));
  const showMeta = group === 'last' || group === 'single' || state === 'failed' || state === 'uncertain';
  const storyReply = m.replyTo && 'story' in m.replyTo ? m.replyTo.story : undefined;
  const replyToId = m.replyTo && 'messageId' in m.replyTo ? m.replyTo.messageId : undefined;
  const commentReply = m.replyTo && 'comment' in m.replyTo ? m.replyTo.comment : undefined;
  const referral = m.referral && !m.deleted ? referralLine(t, sender, m.referral) : undefined;

  if (isSystemRow(m)) {
    // What the customer did rather than wrote: a centred line, no bubble, no actions.
    return (
      <div className="kit-message kit-system-row" data-direction={m.direction} data-state="system" data-group="single" data-message-id={m.id}>
        {m.postback ? <p className="kit-system-text">{t('message.tapped', { name: sender, title: m.postback.title ?? m.postback.payload })}</p> : null}
        {referral ? <p className="kit-system-text">{referral}</p> : null}
        <time className="kit-system-time" dateTime={new Date(m.createdAt).toISOString()}>
          {timesReady ? f.time(m.createdAt) : '\u00a0'}
        </time>
      </div>
    );
  }
  const actions = renderActions?.(m);

  return (
    <div className="kit-message" data-direction={m.direction} data-state={state} data-group={group} data-message-id={m.id}>
      <span className="kit-visually-hidden">{sender}: </span>
      {referral ? <p className="kit-referral-note">{referral}</p> : null}
      {storyReply ? <StoryPreview kind="reply" url={storyReply.url} /> : null}
      {commentReply ? (
        <Suspense fallback={null}>
          <CommentReplyCard comment={commentReply} customerName={customerName ?? t('conversations.unknownCustomer')} />
        </Suspense>
      ) : null}
      {replyToId ? <ReplyQuote conversationId={conversationId} messageId={replyToId} customerName={customerName} /> : null}
      <div className="kit-message-line">
        <div className="kit-bubble-stack">
          {m.deleted ? (
            <p className="kit-bubble kit-tombstone">{t('message.unsent')}</p>
          ) : m.unsupported && !m.text && m.attachments.length === 0 ? (
            <p className="kit-bubble kit-unsupported">{t('message.unsupported')}</p>
          ) : (
            <>
              {m.attachments.map((a, i) => (
                <div className="kit-attachment" data-kind={a.type} key={i}>
                  <Attachment attachment={a} />
                </div>
              ))}
              {m.text ? (
                <p className="kit-bubble">
                  <LinkifiedText text={m.text} />
                  {m.editCount > 0 ? (
                    <span className="kit-edited" title={m.editedAt ? f.dateTime(m.editedAt) : undefined}>
                      {' '}
                      · {t('message.edited')}
                    </span>
                  ) : null}
                </p>
              ) : null}
            </>
          )}
        </div>
        {actions != null && actions !== false ? <div className="kit-message-actions">{actions}</div> : null}
      </div>
      {outbound && !m.deleted && m.quickReplies?.length ? (
        <ul className="kit-quick-replies" aria-label={t('message.quickReplies')}>
          {m.quickReplies.map((q, i) => (
            <li key={i} className="kit-quick-reply" data-type={q.contentType}>
              {q.contentType === 'text' ? q.title : t(q.contentType === 'user_phone_number' ? 'message.quickReplyPhone' : 'message.quickReplyEmail')}
            </li>
          ))}
        </ul>
      ) : null}
      {m.reactions.length > 0 ? (
        <ul className="kit-reactions" aria-label={m.reactions.map((r) => t('reaction.label', { reaction: reactionEmoji(r), who: t(`reaction.${r.by}`) })).join(', ')}>
          {m.reactions.map((r) => (
            <li key={r.by} className="kit-reaction" data-by={r.by} aria-hidden="true">
              {reactionEmoji(r)}
            </li>
          ))}
        </ul>
      ) : null}
      {showMeta ? (
        <div className="kit-message-meta">
          {m.tag === 'HUMAN_AGENT' ? <span className="kit-message-tag">{t('message.humanAgent')}</span> : null}
          {m.automated ? <span className="kit-message-tag">{t('message.automated')}</span> : null}
          {/* The full date as a tooltip is written when the pointer first reaches the time:
              Intl's full-date formatter costs tens of ms on a page's first use, too much for
              every row's first render (`dateTime` carries the exact time for everything else). */}
          <time
            dateTime={new Date(m.createdAt).toISOString()}
            onPointerEnter={(e) => {
              if (!e.currentTarget.title) e.currentTarget.title = f.dateTime(m.createdAt);
            }}
          >
            {timesReady ? f.time(m.createdAt) : '\u00a0'}
          </time>
          {outbound && !m.deleted ? <DeliveryState message={m} seen={seen} /> : null}
        </div>
      ) : null}
      {state === 'failed' && m.clientId ? (
        <div className="kit-send-problem" data-state="failed" role="group" aria-label={t('status.failed')}>
          {m.statusReason?.message ? <p className="kit-send-reason">{m.statusReason.message}</p> : null}
          <button type="button" className="kit-button" onClick={() => void store.getState().retry(conversationId, m.clientId!)}>
            {t('status.retry')}
          </button>
          <button type="button" className="kit-button" data-variant="ghost" onClick={() => store.getState().discard(conversationId, m.clientId!)}>
            {t('status.discard')}
          </button>
        </div>
      ) : null}
      {state === 'uncertain' && m.clientId ? (
        <div className="kit-send-problem" data-state="uncertain" role="group" aria-label={t('status.uncertain')}>
          <p className="kit-send-reason">{t('status.uncertainPrompt')}</p>
          <button type="button" className="kit-button" onClick={() => void store.getState().retry(conversationId, m.clientId!)}>
            {t('status.sendAgain')}
          </button>
          <button type="button" className="kit-button" data-variant="ghost" onClick={() => store.getState().discard(conversationId, m.clientId!)}>
            {t('status.discard')}
          </button>
        </div>
      ) : null}
    </div>
  );
});

/** Where the customer came from: an ad (by its title when Meta gives it), an ig.me link's ref, or just "a link". */
function referralLine(t: KitContextValue['t'], name: string, r: KitReferral): string {
  if (r.source === 'ADS' || r.adId !== undefined || r.adTitle !== undefined) return r.adTitle ? t('message.fromAd', { name, title: r.adTitle }) : t('message.fromAnAd', { name });
  if (r.ref) return t('message.fromLink', { name, ref: r.ref });
  return t('message.fromReferral', { name });
}

function DeliveryState({ message: m, seen }: { message: KitMessage; seen: boolean }) {
  const { t } = useKit();
  const status = seen ? 'seen' : (m.status ?? 'sent');
  return (
    <span className="kit-delivery" data-state={status}>
      {t(`status.${status}`)}
    </span>
  );
}

function ReplyQuote({ conversationId, messageId, customerName }: { conversationId: string; messageId: string; customerName: string | undefined }) {
  const quoted = useMessage(conversationId, messageId);
  const { t } = useKit();
  const who = quoted ? (quoted.direction === 'outbound' ? t('message.you') : (quoted.from.name ?? quoted.from.username ?? customerName ?? '')) : '';
  let body: string;
  if (!quoted) body = t('reply.missing');
  else if (quoted.deleted) body = t('message.unsent');
  else if (quoted.text) body = quoted.text;
  else body = t('attachment.unsupported');
  if (quoted && !quoted.deleted && !quoted.text && quoted.attachments[0]) {
    const kind = quoted.attachments[0].type;
    body = t(`preview.${kind}`);
  }
  return (
    <blockquote className="kit-reply-quote" data-state={quoted ? 'loaded' : 'missing'}>
      {who ? <span className="kit-reply-who">{t('reply.to', { name: who })}</span> : null}
      <span className="kit-reply-text">{body}</span>
    </blockquote>
  );
}
