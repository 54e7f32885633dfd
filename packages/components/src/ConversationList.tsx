'use client';
/**
 * <ConversationList>: the inbox's left column. A listbox with roving focus (one tab stop; arrows,
 * Home and End move; Enter or Space opens), rows subscribed one by one so a new message re-renders
 * its own row only.
 */
import { memo, useCallback, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { windowState } from '@kit/core';
import type { KitConversation, KitWindowStateName } from '@kit/core';
import { Avatar } from './Avatar';
import { useConversation, useConversations } from './hooks/useConversations';
import { useNow } from './hooks/useNow';
import { previewText } from './preview';
import { useFormat, useT } from './provider';

export interface ConversationListProps {
  selectedId?: string | null;
  onSelect?: (conversationId: string) => void;
  /** Accessible name; defaults to the localized "Conversations". */
  label?: string;
  className?: string;
  /** Fixed clock (stories, tests). */
  now?: number;
}

/** The conversation's window state at `now` (from core's rule; the cached value is only a fallback). */
export function conversationWindow(conversation: KitConversation, now: number): KitWindowStateName {
  if (conversation.lastInboundAt !== undefined) return windowState({ lastInboundAt: conversation.lastInboundAt, now }).state;
  return conversation.window ?? 'closed';
}

export function ConversationList({ selectedId = null, onSelect, label, className, now: fixedNow }: ConversationListProps) {
  const t = useT();
  const { ids, status, error, reload } = useConversations();
  const now = useNow(60_000, fixedNow);
  const [active, setActive] = useState<string | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const cls = className ? `kit-conversation-list ${className}` : 'kit-conversation-list';
  // The tab stop: the focused row if it still exists, else the selected row, else the first.
  const tabStop = (active && ids.includes(active) ? active : null) ?? (selectedId && ids.includes(selectedId) ? selectedId : null) ?? ids[0] ?? null;

  const focusRow = useCallback((id: string) => {
    setActive(id);
    const rows = listRef.current?.children ?? [];
    for (const row of rows) if ((row as HTMLElement).dataset.conversationId === id) (row as HTMLElement).focus();
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    if (!tabStop) return;
    const i = ids.indexOf(tabStop);
    let next: string | undefined;
    if (event.key === 'ArrowDown') next = ids[Math.min(ids.length - 1, i + 1)];
    else if (event.key === 'ArrowUp') next = ids[Math.max(0, i - 1)];
    else if (event.key === 'Home') next = ids[0];
    else if (event.key === 'End') next = ids[ids.length - 1];
    else return;
    event.preventDefault();
    if (next) focusRow(next);
  };

  if (status === 'error') {
    return (
      <div className={cls} data-state="error" role="alert">
        <p className="kit-state-message">{t('conversations.error')}</p>
        {error?.message ? <p className="kit-state-detail">{error.message}</p> : null}
        <button type="button" className="kit-button" onClick={() => void reload()}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  if (status !== 'ready' && ids.length === 0) {
    return (
      <div className={cls} data-state="loading" aria-busy="true">
        <p className="kit-visually-hidden" role="status">
          {t('conversations.loading')}
        </p>
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="kit-skeleton-row" aria-hidden="true">
            <span className="kit-skeleton kit-skeleton-avatar" />
            <span className="kit-skeleton kit-skeleton-line" />
          </div>
        ))}
      </div>
    );
  }
  if (ids.length === 0) {
    return (
      <div className={cls} data-state="empty">
        <p className="kit-state-message">{t('conversations.empty')}</p>
      </div>
    );
  }
  return (
    <div className={cls} data-state="ready">
      <ul ref={listRef} className="kit-conversation-list-items" role="listbox" aria-label={label ?? t('conversations.label')} onKeyDown={onKeyDown}>
        {ids.map((id) => (
          <ConversationRow key={id} id={id} selected={id === selectedId} tabbable={id === tabStop} now={now} onSelect={onSelect} onFocusRow={setActive} />
        ))}
      </ul>
    </div>
  );
}

interface RowProps {
  id: string;
  selected: boolean;
  tabbable: boolean;
  now: number;
  onSelect: ((id: string) => void) | undefined;
  onFocusRow: (id: string) => void;
}

const ConversationRow = memo(function ConversationRow({ id, selected, tabbable, now, onSelect, onFocusRow }: RowProps) {
  const c = useConversation(id);
  const t = useT();
  const f = useFormat();
  if (!c) return null;
  const name = c.customer?.name ?? c.customer?.username ?? t('conversations.unknownCustomer');
  const username = c.customer?.username && c.customer.username !== name ? `@${c.customer.username}` : null;
  const win = conversationWindow(c, now);
  const preview = previewText(c.lastMessage, t);
  const at = c.lastMessage?.createdAt ?? c.lastMessageAt;
  return (
    <li
      role="option"
      className="kit-conversation"
      aria-selected={selected}
      tabIndex={tabbable ? 0 : -1}
      data-conversation-id={id}
      data-state={selected ? 'selected' : 'idle'}
      data-unread={c.unreadCount > 0 ? '' : undefined}
      onClick={() => onSelect?.(id)}
      onKeyDown={(e) => {
        if (e.key !== 'Enter' && e.key !== ' ') return;
        e.preventDefault();
        onSelect?.(id);
      }}
      onFocus={() => onFocusRow(id)}
    >
      <Avatar customer={c.customer} />
      <span className="kit-conversation-main">
        <span className="kit-conversation-top">
          <span className="kit-conversation-name">{name}</span>
          {username ? <span className="kit-conversation-username">{username}</span> : null}
          <time className="kit-conversation-time" dateTime={new Date(at).toISOString()} title={`${f.dateTime(at)} (${f.relative(at, now)})`}>
            {f.listTime(at, now)}
          </time>
        </span>
        <span className="kit-conversation-bottom">
          <span className="kit-conversation-preview">{preview}</span>
          <span className="kit-window-chip" data-state={win} title={t(`window.label.${win}`)}>
            <span className="kit-visually-hidden">{t(`window.label.${win}`)}</span>
            <span aria-hidden="true">{t(`window.${win}`)}</span>
          </span>
          {c.unreadCount > 0 ? (
            <span className="kit-unread-badge">
              <span aria-hidden="true">{c.unreadCount > 99 ? '99+' : c.unreadCount}</span>
              <span className="kit-visually-hidden">{t('conversations.unread', { count: c.unreadCount })}</span>
            </span>
          ) : null}
        </span>
      </span>
    </li>
  );
});
