'use client';
/**
 * <ThreadView conversationId>: the messages of one conversation, virtualized. Scroll position is
 * held by a visible message (its id and pixel offset), not by scrollHeight deltas — the #1 bug of
 * chat kits — so loading older pages, newer messages, an image loading late, or a reaction or edit
 * changing a row's height never moves the message the reader is looking at (0 px). At the bottom,
 * new messages are followed; scrolled away, a pill counts them instead. The scroll model lives in
 * `thread/` (O(log n) per row size change, whatever the thread's length).
 */
import { messagePreview } from '@kit/core';
import { forwardRef, useCallback, useEffect, useImperativeHandle, useMemo, useState } from 'react';
import type { ForwardedRef, ReactNode } from 'react';
import type { KitMessage } from '@kit/core';
import { startOfDay } from './format';
import { useThread } from './hooks/useThread';
import { MessageBubble } from './MessageBubble';
import { previewText } from './preview';
import { useKit, useKitStore } from './provider';
import type { KitState, KitStore } from './store';
import type { ScrollAlign } from './thread/anchoredScroller';
import { useAnchoredScroll } from './thread/useAnchoredScroll';
import { threadRowAt } from './threadRows';
import type { ThreadRow } from './threadRows';

export interface ThreadViewProps {
  conversationId: string;
  /** Accessible name; defaults to "Messages with {customer}". */
  label?: string;
  className?: string;
  /** Rows rendered beyond the viewport on each side, besides an eighth of the viewport's height (default 0: rows are rendered before paint as they scroll in). */
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
  /**
   * Open the thread at this message (e.g. a search result) instead of at the newest one: it is
   * shown in the middle of the view and marked with `data-target`, older pages are loaded until
   * it is found. Read once per conversation; to jump again, use the ref's `scrollToMessage`.
   */
  initialMessageId?: string | undefined;
}

export interface ScrollToMessageOptions {
  /** Where to put the message: the middle of the view (default) or its top. */
  align?: ScrollAlign;
  /** How many older pages to load at most while looking for it (default 20). */
  maxPages?: number;
}

/** What a ref on <ThreadView> can do. */
export interface ThreadViewHandle {
  /**
   * Scroll to a message and hold it there (it keeps its place while rows around it load or
   * resize), loading older pages until it is found. Resolves to false if it is not in the thread.
   */
  scrollToMessage(messageId: string, options?: ScrollToMessageOptions): Promise<boolean>;
  /** Scroll to the newest message and follow new ones. */
  scrollToLatest(): void;
}

/** Within this many px of the bottom counts as "at the newest message". */
const AT_END_PX = 48;
/** Height assumed for a message never rendered, until the first ones are measured. */
const ROW_ESTIMATE_PX = 56;
const FOOTER_PX = 8;

export const ThreadView = forwardRef<ThreadViewHandle, ThreadViewProps>(function ThreadView(props, ref) {
  // One instance per conversation: scroll position, measurements, the "new messages" mark and
  // the initial jump to the newest message all belong to a thread, not to the component slot.
  return <Thread key={props.conversationId} {...props} handle={ref} />;
});

function Thread({
  conversationId,
  label,
  className,
  overscan = 0,
  loadOlderThreshold = 5,
  now,
  markRead = true,
  renderMessageActions,
  initialMessageId,
  handle,
}: ThreadViewProps & { handle: ForwardedRef<ThreadViewHandle> }) {
  const { store, t, format: f } = useKit();
  const thread = useThread(conversationId);
  const { ids, status, hasOlder, loadingOlder, olderError, loadOlder } = thread;
  const customer = useKitStore((s) => s.conversations[conversationId]?.customer);
  const customerName = customer?.name ?? customer?.username;

  const { range, atEnd, positioned, target, scroller, scrollerRef, headerRef, listRef } = useAnchoredScroll(ids, {
    estimate: ROW_ESTIMATE_PX,
    overscan,
    followWithin: AT_END_PX,
    footer: FOOTER_PX,
    initialKey: initialMessageId,
  });

  // Rows are derived for the rendered window only; createdAt and direction never change for an
  // id, so reading byId from the latest snapshot is enough.
  const byId = store.getState().threads[conversationId]?.byId;
  const { rows, firstDay } = useMemo(() => {
    // (A few dozen rows: no day cache needed, unlike a pass over the whole thread.)
    const out: { index: number; row: ThreadRow }[] = [];
    if (!byId) return { rows: out, firstDay: null };
    for (let i = range.start; i < range.end; i++) {
      const row = threadRowAt(ids, byId, i);
      if (row) out.push({ index: i, row });
    }
    const first = byId.get(ids[0]!); // undefined for an empty thread
    return { rows: out, firstDay: first ? startOfDay(first.createdAt) : null };
  }, [ids, byId, range.start, range.end]);

  // Jumps (search results, links): load older pages until the message is there, then hold it.
  const jumpTo = useCallback(
    async (messageId: string, options: ScrollToMessageOptions = {}): Promise<boolean> => {
      const current = () => store.getState().threads[conversationId];
      for (let pages = options.maxPages ?? 20; ; pages--) {
        // Wait out a load in flight (the first page, or an older one asked for by scrolling).
        await settled(store, (s) => {
          const th = s.threads[conversationId];
          return !th || (th.status !== 'loading' && !th.loadingOlder);
        });
        const th = current();
        if (th?.ids.includes(messageId)) break;
        if (!th || th.status !== 'ready' || th.nextBefore === null || th.olderError || pages <= 0) return false;
        await store.getState().loadOlder(conversationId);
      }
      scroller.scrollToKey(messageId, options.align);
      return true;
    },
    [store, conversationId, scroller],
  );
  useEffect(() => {
    if (initialMessageId !== undefined) void jumpTo(initialMessageId);
  }, [initialMessageId, jumpTo]);
  useImperativeHandle(handle, () => ({ scrollToMessage: jumpTo, scrollToLatest: () => scroller.scrollToEnd() }), [jumpTo, scroller]);

  // Load older pages as the top comes near; the anchor keeps the view still when they land.
  const firstIndex = range.start;
  useEffect(() => {
    if (positioned && hasOlder && !loadingOlder && !olderError && firstIndex <= loadOlderThreshold) void loadOlder();
  }, [positioned, hasOlder, loadingOlder, olderError, firstIndex, loadOlderThreshold, loadOlder]);

  // "New messages" pill: count messages newer than the last one seen while at the bottom.
  const newest = ids[ids.length - 1];
  const [readMark, setReadMark] = useState<string | undefined>(undefined);
  if (positioned && atEnd && newest !== readMark) setReadMark(newest);
  const markIndex = readMark ? ids.lastIndexOf(readMark) : -1;
  const unseen = !atEnd && markIndex >= 0 ? ids.length - 1 - markIndex : 0;

  // A new newest message: your own brings you to the bottom; a customer's is announced politely.
  // (Derived while rendering: `atEnd` is still where the reader was before this append.)
  const [lastNewest, setLastNewest] = useState(newest);
  const [announced, setAnnounced] = useState<{ id: string; text: string } | null>(null);
  if (newest !== lastNewest) {
    setLastNewest(newest);
    const appended = positioned && lastNewest !== undefined && newest !== undefined && ids.lastIndexOf(lastNewest) === ids.length - 2;
    const m = appended ? byId?.get(newest!) : undefined;
    if (m?.direction === 'outbound' && m.clientId) scroller.followNewest();
    else if (m?.direction === 'inbound') {
      const name = m.from.name ?? m.from.username ?? customerName ?? t('conversations.unknownCustomer');
      setAnnounced({ id: m.id, text: t('thread.announce', { name, text: previewText(messagePreview(m), t) }) });
    }
  }
  // An unsent message is erased everywhere (Meta's terms), also from the live region's text.
  const announcedGone = useKitStore((s) => (announced ? (s.threads[conversationId]?.byId.get(announced.id)?.deleted ?? true) : false));
  const announcement = announced && !announcedGone ? announced.text : '';

  // Reading the newest message is what "seen" means for the agent.
  const unread = useKitStore((s) => s.conversations[conversationId]?.unreadCount ?? 0);
  useEffect(() => {
    if (markRead && positioned && atEnd && unread > 0) void store.getState().markRead(conversationId);
  }, [markRead, positioned, atEnd, unread, store, conversationId]);

  const jumpToLatest = useCallback(() => scroller.scrollToEnd(), [scroller]);
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
        ref={scrollerRef}
        className="kit-thread-scroller"
        role="log"
        aria-live="off"
        aria-label={threadLabel}
        // A scroll region must be keyboard-reachable so arrows/PageUp can scroll it (WCAG 2.1.1,
        // axe "scrollable-region-focusable"); the lint rule does not know about scrolling.
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
        tabIndex={0}
        data-at-end={atEnd ? '' : undefined}
      >
        {ids.length === 0 ? <p className="kit-state-message">{t('thread.empty')}</p> : null}
        {/* The header takes space only once the beginning is loaded: while older pages exist,
            nothing sits above the first message, so a page landing there fills space above the
            viewport and the first visible message stays first (the loading line is an overlay). */}
        <div ref={headerRef} className="kit-thread-header">
          <div className="kit-thread-header__body">
            {ids.length > 0 && !hasOlder ? (
              <>
                <div className="kit-thread-top" data-state="beginning">
                  {t('thread.beginning')}
                </div>
                {firstDay !== null ? <DaySeparator at={firstDay} label={f.day(firstDay, now)} /> : null}
              </>
            ) : null}
          </div>
        </div>
        <div ref={listRef} className="kit-thread-list">
          {rows.map(({ index, row }) => (
            <div key={row.key} data-index={index} data-key={row.key} data-row="message" data-message-id={row.id} data-target={row.id === target ? '' : undefined} className="kit-thread-row">
              <div className="kit-thread-row__body">
                <MessageBubble conversationId={conversationId} messageId={row.id} group={row.group} customerName={customerName} renderActions={renderMessageActions} />
                {row.dayAfter !== undefined ? <DaySeparator at={row.dayAfter} label={f.day(row.dayAfter, now)} /> : null}
              </div>
            </div>
          ))}
        </div>
      </div>
      {hasOlder && (loadingOlder || olderError) ? <OlderStatus failed={!!olderError} onRetry={loadOlder} /> : null}
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

/** Loading an older page, or its failure with a retry: over the top of the thread, taking no space. */
function OlderStatus({ failed, onRetry }: { failed: boolean; onRetry: () => Promise<void> }) {
  const { t } = useKit();
  if (failed) {
    return (
      <div className="kit-thread-top" data-state="error" data-placement="overlay" role="alert">
        <span>{t('thread.olderError')}</span>{' '}
        <button type="button" className="kit-button" data-variant="ghost" onClick={() => void onRetry()}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  return (
    <div className="kit-thread-top" data-state="loading" data-placement="overlay" role="status" aria-busy="true">
      {t('thread.loadingOlder')}
    </div>
  );
}

/** Resolves once the store's state satisfies `ready` (now, or at a later change). */
function settled(store: KitStore, ready: (state: KitState) => boolean): Promise<void> {
  if (ready(store.getState())) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = store.subscribe((state) => {
      if (!ready(state)) return;
      stop();
      resolve();
    });
  });
}
