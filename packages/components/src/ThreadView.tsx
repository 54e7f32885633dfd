'use client';
/**
 * <ThreadView conversationId>: the messages of one conversation, virtualized with TanStack
 * Virtual in end-anchored mode. Scroll position is anchored by row KEY (message id) and offset,
 * not by scrollHeight deltas — the #1 bug of chat kits — so loading older pages or a row growing
 * above the viewport (an image loading) keeps the visible message exactly where it was. At the
 * bottom, new messages are followed; scrolled away, a pill counts them instead.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { KitMessage } from '@kit/core';
import { useThread } from './hooks/useThread';
import { MessageBubble } from './MessageBubble';
import { previewOf } from './reducers';
import { previewText } from './preview';
import { useKit, useKitStore } from './provider';
import { threadRows } from './threadRows';

export interface ThreadViewProps {
  conversationId: string;
  /** Accessible name; defaults to "Messages with {customer}". */
  label?: string;
  className?: string;
  /** Rows rendered beyond the viewport on each side. */
  overscan?: number;
  /** Start loading the next older page when the first rendered row is this close to the top. */
  loadOlderThreshold?: number;
  /** Fixed clock for date separators (stories, tests). */
  now?: number;
  /** Tell the proxy the agent has seen the thread while it is open at the newest message (default true). */
  markRead?: boolean;
  /**
   * Controls to show with each message (e.g. a <ReactionBar>), beside its bubble: visible while the
   * row is hovered or has focus, always in the tab order. Return null for none. Rows re-render
   * when the function changes identity, so memoize it (useCallback).
   */
  renderMessageActions?: (message: KitMessage) => ReactNode;
}

const useIsoLayoutEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect;
/** Within this many px of the bottom counts as "at the newest message". */
const AT_END_PX = 48;

/** Height of the header above the first row: older-messages status and the first day's separator. */
const HEADER_PX = 76;
const ROW_ESTIMATE_PX = 56;
const DAY_PX = 36;

export function ThreadView(props: ThreadViewProps) {
  // One instance per conversation: scroll position, measurements, the "new messages" mark and
  // the initial jump to the newest message all belong to a thread, not to the component slot.
  return <Thread key={props.conversationId} {...props} />;
}

function Thread({ conversationId, label, className, overscan = 6, loadOlderThreshold = 5, now, markRead = true, renderMessageActions }: ThreadViewProps) {
  const { store, t, format: f } = useKit();
  const thread = useThread(conversationId);
  const { ids, status, hasOlder, loadingOlder, olderError, loadOlder } = thread;
  const customer = useKitStore((s) => s.conversations[conversationId]?.customer);
  const customerName = customer?.name ?? customer?.username;
  const scrollRef = useRef<HTMLDivElement>(null);

  // createdAt and direction never change for an id, so rows depend on the id list only; reading
  // byId from the store snapshot avoids recomputing 100k rows when one message changes.
  const { rows, firstDay } = useMemo(() => threadRows(ids, store.getState().threads[conversationId]?.byId ?? {}), [ids, store, conversationId]);
  const rowsRef = useRef(rows);
  rowsRef.current = rows;

  // The kit is not compiled with React Compiler; the virtualizer instance is stable across renders.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => ROW_ESTIMATE_PX + (rowsRef.current[i]?.dayAfter !== undefined ? DAY_PX : 0),
    getItemKey: (i) => rowsRef.current[i]?.key ?? i,
    overscan,
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: AT_END_PX,
    // The header is padding, not a row: a row at index 0 would be what the end anchor holds on
    // to at scrollTop 0, and prepended pages would then push the reader's message away.
    paddingStart: HEADER_PX,
    paddingEnd: 8,
    // Start near the bottom (by estimate) so the first rows rendered and measured are the newest
    // ones; scrollToEnd below then settles on the exact end.
    initialOffset: () => HEADER_PX + rowsRef.current.length * ROW_ESTIMATE_PX,
  });

  // Start at the newest message once the first page is in.
  const [positioned, setPositioned] = useState(false);
  const ready = status === 'ready' && rows.length > 0;
  useIsoLayoutEffect(() => {
    if (ready && !positioned) {
      virtualizer.scrollToEnd();
      setPositioned(true);
    }
  }, [ready, positioned, virtualizer]);

  const items = virtualizer.getVirtualItems();
  // Read from the DOM on scroll rather than from the virtualizer during render: a programmatic
  // scroll (follow, scrollToEnd) can land after the last render, and we start at the end.
  const [atEnd, setAtEnd] = useState(true);
  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (el) setAtEnd(el.scrollHeight - el.clientHeight - el.scrollTop <= AT_END_PX);
  }, []);
  // Also when the content or viewport changes size under a still scrollTop: rows measured
  // smaller than estimated shrink the content and the browser clamps without a scroll event.
  const sizerRef = useRef<HTMLDivElement>(null);
  const hasList = ids.length > 0;
  useEffect(() => {
    const el = scrollRef.current;
    const sizer = sizerRef.current;
    if (!el || !sizer || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(onScroll);
    ro.observe(el);
    ro.observe(sizer);
    return () => ro.disconnect();
  }, [hasList, onScroll]);
  const firstIndex = items[0]?.index ?? 0;

  // Load older pages as the top comes near; the end anchor keeps the view still when they land.
  useEffect(() => {
    if (positioned && hasOlder && !loadingOlder && !olderError && firstIndex <= loadOlderThreshold) void loadOlder();
  }, [positioned, hasOlder, loadingOlder, olderError, firstIndex, loadOlderThreshold, loadOlder]);

  // "New messages" pill: count messages newer than the last one seen while at the bottom.
  const newest = ids[ids.length - 1];
  const [readMark, setReadMark] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (atEnd && newest !== readMark && positioned) setReadMark(newest);
  }, [atEnd, newest, readMark, positioned]);
  const markIndex = readMark ? ids.lastIndexOf(readMark) : -1;
  const unseen = !atEnd && markIndex >= 0 ? ids.length - 1 - markIndex : 0;

  // Your own new message always brings you to the bottom; incoming ones are announced politely.
  // Whether the reader was at the bottom BEFORE this render's append (the virtualizer follows
  // then, but this render's `atEnd` already counts the new row as below the fold).
  const wasAtEnd = useRef(true);
  const prevNewest = useRef<string | undefined>(undefined);
  const [announced, setAnnounced] = useState<{ id: string; text: string } | null>(null);
  // An unsent message is erased everywhere (Meta's terms), also from the live region's text.
  const announcedGone = useKitStore((s) => (announced ? (s.threads[conversationId]?.byId[announced.id]?.deleted ?? true) : false));
  const announcement = announced && !announcedGone ? announced.text : '';
  useEffect(() => {
    const before = prevNewest.current;
    prevNewest.current = newest;
    if (!positioned || !newest || !before || before === newest) return;
    if (wasAtEnd.current) setReadMark(newest);
    const m = store.getState().threads[conversationId]?.byId[newest];
    if (!m) return;
    const prevIndex = ids.lastIndexOf(before);
    if (prevIndex === -1 || prevIndex === ids.length - 1) return; // renamed or not an append
    if (m.direction === 'outbound' && m.clientId) virtualizer.scrollToEnd();
    else if (m.direction === 'inbound') {
      setAnnounced({ id: m.id, text: t('thread.announce', { name: m.from.name ?? m.from.username ?? customerName ?? t('conversations.unknownCustomer'), text: previewText(previewOf(m), t) }) });
    }
  }, [newest, ids, positioned, store, conversationId, virtualizer, t, customerName]);

  // Declared after the effect above so that one reads the previous render's value.
  useEffect(() => {
    wasAtEnd.current = atEnd;
  });

  // Reading the newest message is what "seen" means for the agent.
  const unread = useKitStore((s) => s.conversations[conversationId]?.unreadCount ?? 0);
  useEffect(() => {
    if (markRead && positioned && atEnd && unread > 0) void store.getState().markRead(conversationId);
  }, [markRead, positioned, atEnd, unread, store, conversationId]);

  const jumpToLatest = useCallback(() => virtualizer.scrollToEnd(), [virtualizer]);
  const cls = className ? `kit-thread ${className}` : 'kit-thread';
  const threadLabel = label ?? t('thread.label', { name: customerName ?? t('conversations.unknownCustomer') });

  if (status === 'error' && ids.length === 0) {
    return (
      <div className={cls} data-state="error" role="alert">
        <p className="kit-state-message">{t('thread.error')}</p>
        {thread.error?.message ? <p className="kit-state-detail">{thread.error.message}</p> : null}
        <button type="button" className="kit-button" onClick={() => void thread.reload()}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  if (status !== 'ready' && ids.length === 0) {
    return (
      <div className={cls} data-state="loading" aria-busy="true">
        <p className="kit-state-message" role="status">
          {t('thread.loading')}
        </p>
      </div>
    );
  }

  const state = ids.length === 0 ? 'empty' : 'ready';
  return (
    <div className={cls} data-state={state}>
      {/* aria-live is off on the log itself: virtualization mounts rows while scrolling, and
          announcing those would read history aloud. Live messages go to the status region. */}
      <div
        ref={scrollRef}
        className="kit-thread-scroller"
        role="log"
        aria-live="off"
        aria-label={threadLabel}
        // A scroll region must be keyboard-reachable so arrows/PageUp can scroll it (WCAG 2.1.1,
        // axe "scrollable-region-focusable"); the lint rule does not know about scrolling.
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
        tabIndex={0}
        onScroll={onScroll}
        data-at-end={atEnd ? '' : undefined}
      >
        {ids.length === 0 ? <p className="kit-state-message">{t('thread.empty')}</p> : null}
        <div ref={sizerRef} className="kit-thread-sizer" style={{ height: virtualizer.getTotalSize() }}>
          {ids.length > 0 ? (
            <div className="kit-thread-header" style={{ height: HEADER_PX }}>
              <ThreadTop hasOlder={hasOlder} loading={loadingOlder} failed={!!olderError} onRetry={loadOlder} />
              {firstDay !== null ? <DaySeparator at={firstDay} label={f.day(firstDay, now)} /> : null}
            </div>
          ) : null}
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <div
                key={item.key}
                ref={virtualizer.measureElement}
                data-index={item.index}
                data-row="message"
                data-message-id={row.id}
                className="kit-thread-row"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <MessageBubble conversationId={conversationId} messageId={row.id} group={row.group} customerName={customerName} renderActions={renderMessageActions} />
                {row.dayAfter !== undefined ? <DaySeparator at={row.dayAfter} label={f.day(row.dayAfter, now)} /> : null}
              </div>
            );
          })}
        </div>
      </div>
      {!atEnd && positioned && ids.length > 0 ? (
        <button type="button" className="kit-new-messages" data-state={unseen > 0 ? 'unseen' : 'idle'} onClick={jumpToLatest}>
          {unseen > 0 ? t('thread.newMessages', { count: unseen }) : t('thread.jumpToLatest')}
        </button>
      ) : null}
      <div className="kit-visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
    </div>
  );
}

function DaySeparator({ at, label }: { at: number; label: string }) {
  return (
    <div className="kit-day-separator" role="separator" aria-label={label} data-day={at}>
      <span aria-hidden="true">{label}</span>
    </div>
  );
}

function ThreadTop({ hasOlder, loading, failed, onRetry }: { hasOlder: boolean; loading: boolean; failed: boolean; onRetry: () => Promise<void> }) {
  const { t } = useKit();
  if (failed) {
    return (
      <div className="kit-thread-top" data-state="error">
        <span>{t('thread.olderError')}</span>{' '}
        <button type="button" className="kit-button" data-variant="ghost" onClick={() => void onRetry()}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  if (!hasOlder) {
    return (
      <div className="kit-thread-top" data-state="beginning">
        {t('thread.beginning')}
      </div>
    );
  }
  return (
    <div className="kit-thread-top" data-state={loading ? 'loading' : 'idle'} aria-busy={loading}>
      {loading ? t('thread.loadingOlder') : '\u00a0'}
    </div>
  );
}
