'use client';
/**
 * <ReactionBar>: the business's reaction to one message. ❤️ (`love`) works on every account; other
 * emoji only on Instagram-Login accounts, because the Page flavor documents `love` alone
 * (reference §1.10, D5). Optimistic: the store shows the change at once and puts the previous
 * reactions back if the proxy refuses. Customer reactions are shown on the bubble itself.
 */
import { useId, useState } from 'react';
import { DEFAULT_REACTION, isLocalMessageId } from '@kit/core';
import type { KitAccountFlavor } from '@kit/core';
import { useMessage } from '../hooks/useThread';
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
  className?: string;
}

export function ReactionBar(props: ReactionBarProps) {
  const { conversationId, messageId, flavor = 'page' } = props;
  const { t, store } = useKit();
  const message = useMessage(conversationId, messageId);
  const [moreOpen, setMoreOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const moreId = useId();
  if (!message || message.deleted) return null;
  // A message without Graph's id yet cannot be reacted to.
  const pending = isLocalMessageId(message.id);
  const mine = message.reactions.find((r) => r.by === 'business');
  const loved = mine?.reaction === DEFAULT_REACTION;

  const react = (reaction: string | null) => {
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
    >
      <button
        type="button"
        className="kit-reaction-bar__button"
        aria-pressed={loved}
        disabled={pending}
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
            aria-label={t('reactions.more')}
            onClick={() => setMoreOpen((o) => !o)}
          >
            <span aria-hidden="true">＋</span>
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
      {error ? (
        <p role="alert" className="kit-reaction-bar__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
