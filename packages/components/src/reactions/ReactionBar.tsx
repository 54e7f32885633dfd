'use client';
/**
 * <ReactionBar>: the business's reaction to one message. ❤️ (`love`) works on every account; other
 * emoji only on Instagram-Login accounts, because the Page flavor documents `love` alone
 * (reference §1.10, D5). Optimistic: the store shows the change at once and puts the previous
 * reactions back if the proxy refuses. Customer reactions are shown on the bubble itself.
 *
 * Reactions are sender actions, which Instagram accepts only inside the standard 24-hour window
 * (not with the HUMAN_AGENT tag, not once the window has closed). Outside it the buttons stay in
 * the tab order but are `aria-disabled`, with the reason as their tooltip and accessible
 * description — offering them would only earn a 422 from the proxy.
 */
import { useId, useState } from 'react';
import { DEFAULT_REACTION, isLocalMessageId } from '@kit/core';
import type { KitAccountFlavor } from '@kit/core';
import { useMessagingWindow } from '../banners/useMessagingWindow';
import { useMessage } from '../hooks/useThread';
import { PlusIcon } from '../icons';
import { useKit } from '../provider';

/** Emoji offered on Instagram-Login accounts. A UI choice: any emoji is accepted there. */
export const DEFAULT_EXTRA_REACTIONS: readonly string[] = ['😂', '😮', '😢', '😡', '👍', '🔥', '🙏', '👏'];

export interface ReactionBarProps {
  conversationId: string;
  messageId: string;
  /** The account's Graph flavor; only `instagram` may send emoji other than ❤️. Default `page`. */
  flavor?: KitAccountFlavor;
  /** Emoji to offer besides ❤️ on Instagram-Login accounts. */
  emojis?: readonly string[];
  /** Freeze the clock the messaging window is computed with (stories, tests). */
  now?: number;
  className?: string;
}

export function ReactionBar(props: ReactionBarProps) {
  const { conversationId, messageId, flavor = 'page' } = props;
  const { t, store } = useKit();
  const message = useMessage(conversationId, messageId);
  const [moreOpen, setMoreOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const moreId = useId();
  const reasonId = useId();
  const window = useMessagingWindow(conversationId, props.now === undefined ? {} : { now: props.now });
  if (!message || message.deleted) return null;
  // A message without Graph's id yet cannot be reacted to.
  const pending = isLocalMessageId(message.id);
  const outside = window.state !== 'open';
  const reason = outside ? t(window.state === 'human_agent' ? 'reactions.outsideHumanAgent' : 'reactions.outsideClosed') : undefined;
  // Focusable with its reason (a native `disabled` button gets no hover tooltip and no focus).
  const blocked = outside ? { 'aria-disabled': true, 'aria-describedby': reasonId, title: reason } : {};
  const mine = message.reactions.find((r) => r.by === 'business');
  const loved = mine?.reaction === DEFAULT_REACTION;

  const react = (reaction: string | null) => {
    if (outside) return;
    setError(null);
    setMoreOpen(false);
    store
      .getState()
      .react(conversationId, messageId, reaction)
      .catch((err: unknown) => setError(t('reactions.failed', { message: err instanceof Error ? err.message : String(err) })));
  };

  const extras = flavor === 'instagram' ? (props.emojis ?? DEFAULT_EXTRA_REACTIONS) : [];
  return (
    <div
      className={props.className ? `kit-reaction-bar ${props.className}` : 'kit-reaction-bar'}
      role="group"
      aria-label={t('reactions.label')}
      data-state={mine ? 'reacted' : 'none'}
      data-window={window.state}
    >
      <button
        type="button"
        className="kit-reaction-bar__button"
        aria-pressed={loved}
        disabled={pending}
        {...blocked}
        aria-label={loved ? t('reactions.unlove') : t('reactions.love')}
        onClick={() => react(loved ? null : DEFAULT_REACTION)}
      >
        <span aria-hidden="true">❤️</span>
      </button>
      {extras.length > 0 ? (
        <>
          <button
            type="button"
            className="kit-reaction-bar__button"
            aria-expanded={moreOpen}
            aria-controls={moreId}
            disabled={pending}
            {...blocked}
            aria-label={t('reactions.more')}
            onClick={() => !outside && setMoreOpen((o) => !o)}
          >
            <PlusIcon />
          </button>
          <div id={moreId} className="kit-reaction-bar__more" hidden={!moreOpen}>
            {extras.map((emoji) => {
              const active = mine?.emoji === emoji || mine?.reaction === emoji;
              return (
                <button
                  key={emoji}
                  type="button"
                  className="kit-reaction-bar__button"
                  aria-pressed={active}
                  aria-label={t('reactions.react', { emoji })}
                  onClick={() => react(active ? null : emoji)}
                >
                  <span aria-hidden="true">{emoji}</span>
                </button>
              );
            })}
          </div>
        </>
      ) : null}
      {reason ? (
        <span id={reasonId} className="kit-visually-hidden">
          {reason}
        </span>
      ) : null}
      {error ? (
        <p role="alert" className="kit-reaction-bar__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
