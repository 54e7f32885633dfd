'use client';
/**
 * <Inbox>: the whole thing composed — conversation list, the selected thread with its window,
 * consent and disclosure banners, a reaction bar with each of the customer's messages (shown on
 * hover or focus; always on the latest one), and the composer with the media picker. Wide: list
 * and thread side by side. Narrow (container below 640 px, down to 320 px): one pane at a time
 * with a back button, decided by the inbox's own width (a container query), not the page's, so
 * it also fits a sidebar.
 *
 * The conversation pane (thread, TanStack Virtual, composer, banners) is its own chunk: the list
 * renders from the initial JavaScript, and the pane's code is fetched as soon as the inbox
 * mounts, in parallel with the conversation list's request, so it is normally there before the
 * agent can pick a conversation.
 */
import { lazy, Suspense, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ComponentType, ReactNode } from 'react';
import type { KitAccountFlavor, KitConversation } from '@kit/core';
import { useConversations } from '../hooks/useConversations';
import { ConversationList } from '../ConversationList';
import type { UploadFn } from '../media-picker/upload';
import type { ConversationSearchProps } from '../search/ConversationSearch';
import { useKit, useKitStore } from '../provider';
import { useInboxShortcuts } from './useInboxShortcuts';

export interface InboxProps {
  /** Controlled selection; omit to let the inbox keep it. */
  selectedId?: string | null;
  defaultSelectedId?: string | null;
  onSelect?(conversationId: string | null): void;
  /** The account's Graph flavor (decides which reactions can be sent); default: asked from the proxy. */
  flavor?: KitAccountFlavor;
  /** Show the disclosure banner (for accounts that run automation). Default true. */
  disclosure?: boolean;
  /** Whether the app has Meta's Human Agent feature (default true). */
  humanAgentEnabled?: boolean;
  /** Upload transport for the picker. */
  upload?: UploadFn;
  /** Freeze the clock (stories, tests). */
  now?: number;
  /**
   * A slot beside the open thread for the host's own tools — an assignee picker, internal notes,
   * the customer's CRM record. The kit stores no CRM data: it gives the slot, the conversation and
   * the events (`onSelect`, `onMarkUnread`); the host keeps the rest. Rendered in an
   * `<aside class="kit-inbox__aside">` named after the customer: a third column when the inbox is
   * wide, under the thread when it is narrow.
   */
  renderConversationAside?(context: { conversationId: string; conversation: KitConversation | undefined }): ReactNode;
  /** The agent marked a conversation unread (button, or `u`). */
  onMarkUnread?(conversationId: string): void;
  /** Keyboard shortcuts (see `?` in the inbox). Default true. */
  shortcuts?: boolean;
  /**
   * Names for the other Meta apps that may hold a conversation (Conversation Routing), by app id —
   * e.g. `{ '555000111222333': 'ShopBot' }` — shown in the routing banner ("ShopBot has this
   * thread") instead of "the other app". Meta's own inbox is named without it.
   */
  appNames?: Readonly<Record<string, string>>;
  className?: string;
}

const loadPane = () => import('./ConversationPane');
const ConversationPane = lazy(loadPane);
const ShortcutsDialog = lazy(() => import('./ShortcutsDialog'));
// Comments on the account's posts (private and public replies): their own chunk, loaded on open.
const CommentsView = lazy(() => import('../comments/CommentsView'));
// The search box, filter chips and results: a chunk of their own, fetched when the inbox mounts.
// Never on the server: the server's HTML, and hydration, have the plain list.
const loadSearch = () => import('../search/ConversationSearch');

/** The account's flavor as the proxy reports it (`GET /accounts`), unless given. */
function useFlavor(given: KitAccountFlavor | undefined): KitAccountFlavor {
  const { client, accountId } = useKit();
  const [asked, setAsked] = useState<KitAccountFlavor | undefined>(undefined);
  useEffect(() => {
    if (given) return;
    const ctl = new AbortController();
    client
      .listAccounts(ctl.signal)
      .then((accounts) => setAsked(accounts.find((a) => a.id === accountId)?.flavor))
      .catch(() => {}); // Page flavor (❤️ only) is the safe default
    return () => ctl.abort();
  }, [client, accountId, given]);
  return given ?? asked ?? 'page';
}

/**
 * `appNames` must map app ids to non-empty names: a host that is not type-checked (mountInbox from
 * plain JavaScript) learns at once what is wrong instead of seeing "the other app" silently.
 */
export function checkAppNames(value: unknown, where = '<Inbox>'): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null)) {
    throw new TypeError(`${where}: appNames must be an object of app id → display name, e.g. { "555000111222333": "ShopBot" }, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`);
  }
  for (const [id, name] of Object.entries(value)) {
    if (!/^\d{1,32}$/.test(id)) throw new TypeError(`${where}: appNames key "${id}" is not a Meta app id (digits only)`);
    if (typeof name !== 'string' || name.trim() === '') throw new TypeError(`${where}: appNames["${id}"] must be a non-empty string, got ${typeof name === 'string' ? 'an empty string' : typeof name}`);
  }
}

const NO_SHORTCUTS = { move() {}, focusComposer() {}, focusSearch() {}, markUnread() {}, showHelp() {} };

export function Inbox(props: InboxProps) {
  checkAppNames(props.appNames);
  const { t } = useKit();
  const [inner, setInner] = useState<string | null>(props.defaultSelectedId ?? null);
  // The message a search result opened the thread at (none: at the newest).
  const [at, setAt] = useState<string>();
  const selected = props.selectedId !== undefined ? props.selectedId : inner;
  const select = (id: string | null, message?: string) => {
    setAt(message);
    setInner(id);
    props.onSelect?.(id);
  };
  const flavor = useFlavor(props.flavor);
  const { store } = useKit();
  const conversation = useKitStore((s) => (selected ? s.conversations[selected] : undefined));
  const customer = conversation?.customer;
  const { ids } = useConversations({ load: false });
  const root = useRef<HTMLDivElement>(null);
  const [help, setHelp] = useState(false);
  // Where the cheat sheet portals (the kit root, for the theme); set when it first opens.
  const [helpContainer, setHelpContainer] = useState<HTMLElement | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  // The comments view, in place of the inbox's panes (which stay mounted, hidden).
  const [comments, setComments] = useState(false);
  // The shortcut handlers are attached once; they read the current list, selection and actions.
  const latest = useRef({ ids, selected, select: (_id: string | null) => {}, markUnread: (_id: string) => {} });

  const markUnread = (id: string) => {
    setError(null);
    // Leave the thread: while it is open and at its end, the kit would mark it read again.
    select(null);
    props.onMarkUnread?.(id);
    store
      .getState()
      .markUnread(id)
      .catch((err: unknown) => setError(t('inbox.markUnreadFailed', { message: err instanceof Error ? err.message : String(err) })));
  };
  useLayoutEffect(() => {
    latest.current = { ids, selected, select, markUnread };
  });

  const shortcuts = useMemo(
    () => ({
      move(step: 1 | -1) {
        const { ids: order, selected: current, select: go } = latest.current;
        if (order.length === 0) return;
        const at = current ? order.indexOf(current) : -1;
        const next = at < 0 ? (step === 1 ? 0 : order.length - 1) : Math.min(order.length - 1, Math.max(0, at + step));
        go(order[next]!);
        // Keep the list's roving focus in step when the list had focus.
        requestAnimationFrame(() => root.current?.querySelector<HTMLElement>('.kit-inbox__list [aria-selected=true]')?.scrollIntoView?.({ block: 'nearest' }));
      },
      focusComposer() {
        root.current?.querySelector<HTMLTextAreaElement>('.kit-inbox__main textarea')?.focus();
      },
      focusSearch() {
        root.current?.querySelector<HTMLInputElement>('.kit-inbox__list input[type=search]')?.focus();
      },
      markUnread() {
        const current = latest.current.selected;
        if (current) latest.current.markUnread(current);
      },
      showHelp() {
        setHelpContainer(root.current?.closest<HTMLElement>('.kit-root') ?? null);
        setHelp(true);
      },
    }),
    [],
  );
  useInboxShortcuts(root, props.shortcuts === false ? NO_SHORTCUTS : shortcuts);
  const name = customer?.name ?? customer?.username ?? t('conversations.unknownCustomer');
  const clock = props.now === undefined ? {} : { now: props.now };
  // Start fetching the pane's code now; by the time the list has loaded it is usually here.
  useEffect(() => void loadPane().catch(() => {}), []); // a failure shows when the pane renders
  const [Search, setSearch] = useState<ComponentType<ConversationSearchProps> | null>(null);
  useEffect(() => {
    let mounted = true;
    loadSearch().then(
      (m) => mounted && setSearch(() => m.default),
      () => {}, // no search box; the list works without it
    );
    return () => {
      mounted = false;
    };
  }, []);

  return (
    <div ref={root} className={props.className ? `kit-inbox ${props.className}` : 'kit-inbox'}>
      {comments ? (
        <Suspense fallback={null}>
          <CommentsView
            onClose={() => setComments(false)}
            onOpenConversation={(id) => {
              setComments(false);
              select(id);
            }}
            now={props.now}
          />
        </Suspense>
      ) : null}
      <div className="kit-inbox__body" hidden={comments} data-view={selected ? 'thread' : 'list'} data-aside={selected && props.renderConversationAside ? '' : undefined}>
        <nav className="kit-inbox__list" aria-label={t('inbox.label')}>
          <button type="button" className="kit-composer__secondary kit-inbox__comments" onClick={() => setComments(true)}>
            {t('inbox.comments')}
          </button>
          {/* Before the list, which keeps its place (and DOM node) when the search arrives; the
              stylesheet hides the list while the search shows results. */}
          {Search ? <Search selectedId={selected} onOpen={select} {...clock} /> : null}
          <ConversationList selectedId={selected} onSelect={select} {...clock} />
        </nav>
        <main className="kit-inbox__main" aria-label={selected ? t('thread.label', { name }) : t('inbox.label')}>
          {selected ? (
            <>
              <Suspense
                fallback={
                  <p className="kit-inbox__empty" role="status">
                    {t('common.loading')}
                  </p>
                }
              >
                <ConversationPane
                  conversationId={selected}
                  name={name}
                  onBack={() => select(null)}
                  onMarkUnread={() => markUnread(selected)}
                  {...(props.shortcuts === false ? {} : { onHelp: shortcuts.showHelp })}
                  flavor={flavor}
                  disclosure={props.disclosure}
                  humanAgentEnabled={props.humanAgentEnabled}
                  upload={props.upload}
                  now={props.now}
                  initialMessageId={at}
                  appNames={props.appNames}
                />
              </Suspense>
            </>
          ) : (
            <p className="kit-inbox__empty">{t('inbox.pick')}</p>
          )}
          {error ? (
            <p role="alert" className="kit-inbox__error">
              {error}
            </p>
          ) : null}
        </main>
        {selected && props.renderConversationAside ? (
          <aside className="kit-inbox__aside" aria-label={t('inbox.aside', { name })}>
            {props.renderConversationAside({ conversationId: selected, conversation })}
          </aside>
        ) : null}
      </div>
      {helpContainer !== undefined ? (
        <Suspense fallback={null}>
          <ShortcutsDialog open={help} onOpenChange={setHelp} container={helpContainer} />
        </Suspense>
      ) : null}
    </div>
  );
}
