'use client';
/**
 * <ConversationSearch>: the search box and filter chips above the conversation list, and the
 * results in its place while a search or a filter is on (`.kit-search` is the list's previous
 * sibling; the stylesheet hides the list while the search is not idle). Typing is debounced; a result names the
 * message that matched (its text around the match, the match marked) and choosing it opens the
 * thread at that message. Keyboard: `/` in the inbox focuses the box, ↓ moves into the results
 * (a listbox with roving focus like the list's), Enter opens, Escape clears the box.
 *
 * Its own chunk (with its strings, i18n/search.ts), which <Inbox> loads on mount: the inbox's
 * first JavaScript stays within its budget, and the plain list shows until the box is there.
 * It imports nothing from the list's own modules (ConversationList, Avatar, preview): a module
 * both the first chunk and this one import would be split out of the first chunk into a shared
 * one, which costs more bytes than a result row without a picture.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { KIT_CONVERSATION_FILTERS, searchTerms, WINDOW_FILTERS, windowState } from '@kit/core';
import type { KitConversation, KitConversationFilter, KitSearchMatch } from '@kit/core';
import type { KitConversationSearchPage } from '../client';
import { searchCatalogs } from '../i18n/search';
import type { KitSearchKey } from '../i18n/search';
import { useScopedT } from '../i18n/scoped';
import type { KitScopedTranslate } from '../i18n/scoped';
import { useKit } from '../provider';
import { upsertConversation } from '../reducers';
import { searchRoute } from './searchRoute';

export interface ConversationSearchProps {
  selectedId?: string | null;
  /** A result was chosen: open the conversation, at the message that matched when one did. */
  onOpen(conversationId: string, messageId?: string): void;
  /** Wait this long after the last keystroke before searching (ms, default 250). */
  debounceMs?: number;
  /** Results per page (default 30). */
  pageSize?: number;
  /** Start with this text in the box (stories, a host restoring a search). */
  defaultQuery?: string;
  defaultFilters?: readonly KitConversationFilter[];
  /** Fixed clock (stories, tests). */
  now?: number;
}

type SearchT = KitScopedTranslate<KitSearchKey>;

/** The search's own strings (they ship with its chunk), under the host's overrides. */
const useSearchT = (): SearchT => useScopedT(searchCatalogs);

/** What came back for one request (`key`: its query, filters and attempt). */
interface Results {
  key: string;
  page?: KitConversationSearchPage;
  error?: string;
  /** When it came back: the window chips are judged at that time. */
  at: number;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The snippet with its matched word starts in <mark>. */
function Snippet({ match }: { match: KitSearchMatch }) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [start, end] of match.highlights) {
    if (start > at) parts.push(match.snippet.slice(at, start));
    parts.push(<mark key={start}>{match.snippet.slice(start, end)}</mark>);
    at = end;
  }
  parts.push(match.snippet.slice(at));
  return <>{parts}</>;
}

export default function ConversationSearch({ selectedId = null, onOpen, debounceMs = 250, pageSize = 30, defaultQuery = '', defaultFilters = [], now: fixedNow }: ConversationSearchProps) {
  const { client, store, accountId, t, format: f } = useKit();
  const st = useSearchT();
  const search = useMemo(() => searchRoute(client), [client]);
  const [text, setText] = useState(defaultQuery);
  const [query, setQuery] = useState(defaultQuery.trim());
  const [filters, setFilters] = useState<readonly KitConversationFilter[]>(defaultFilters);
  const [results, setResults] = useState<Results | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [active, setActive] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const listRef = useRef<HTMLUListElement>(null);
  // A ref, not getElementById: in <ig-inbox> the kit lives in a shadow root.
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const listId = useId();
  // Only text with a letter or digit is searched (the proxy refuses the rest); the filters alone are enough.
  const q = searchTerms(query).length > 0 ? query : '';
  const searching = q !== '' || filters.length > 0;
  const key = JSON.stringify([q, filters, attempt]);

  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), debounceMs);
    return () => clearTimeout(timer);
  }, [text, debounceMs]);

  // One request per query, filter set and retry; a newer one aborts the one in flight. Until its
  // answer is in, the results shown are for another key, and the state is "loading".
  useEffect(() => {
    if (!searching) return;
    const ctl = new AbortController();
    const [asked, chosen] = JSON.parse(key) as [string, KitConversationFilter[]];
    search(accountId, { ...(asked ? { q: asked } : {}), filters: chosen, limit: pageSize, signal: ctl.signal }).then(
      (page) => setResults({ key, page, at: fixedNow ?? Date.now() }),
      (err: unknown) => {
        if (!ctl.signal.aborted) setResults({ key, error: messageOf(err), at: fixedNow ?? Date.now() });
      },
    );
    return () => ctl.abort();
  }, [search, accountId, key, searching, pageSize, fixedNow]);

  const current = results?.key === key ? results : null;
  const state = !searching ? 'idle' : !current || loadingMore ? 'loading' : current.error !== undefined ? 'error' : 'ready';
  // While a new search runs, the previous results stay (dimmed by nothing, announced as searching).
  const page = current?.page ?? results?.page;
  const now = current?.at ?? results?.at ?? fixedNow ?? 0;

  const loadMore = () => {
    const before = current?.page?.nextBefore;
    if (!current?.page || !before) return;
    const prev = current.page;
    setLoadingMore(true);
    search(accountId, { ...(q ? { q } : {}), filters, limit: pageSize, before })
      .then(
        (next) =>
          setResults({
            key,
            page: { conversations: [...prev.conversations, ...next.conversations], matches: { ...prev.matches, ...next.matches }, nextBefore: next.nextBefore ?? null },
            at: current.at,
          }),
        (err: unknown) => setResults({ key, page: prev, error: messageOf(err), at: current.at }),
      )
      .finally(() => setLoadingMore(false));
  };

  const toggle = (filter: KitConversationFilter) =>
    setFilters((current) => {
      if (current.includes(filter)) return current.filter((x) => x !== filter);
      // One window state at a time: choosing one lets go of another.
      const isWindow = (x: KitConversationFilter) => (WINDOW_FILTERS as readonly string[]).includes(x);
      return [...current.filter((x) => !(isWindow(filter) && isWindow(x))), filter];
    });

  const found = page?.conversations ?? [];
  const ids = found.map((c) => c.id);
  const tabStop = (active && ids.includes(active) ? active : null) ?? (selectedId && ids.includes(selectedId) ? selectedId : null) ?? ids[0] ?? null;

  const focusRow = (id: string | undefined) => {
    if (!id) return;
    setActive(id);
    for (const row of listRef.current?.children ?? []) if ((row as HTMLElement).dataset.conversationId === id) (row as HTMLElement).focus();
  };

  const open = (c: KitConversation) => {
    // A result may be older than the list's first page: the inbox needs it in the store to show it.
    if (!store.getState().conversations[c.id]) store.setState((s) => upsertConversation(s, c));
    const match = page?.matches?.[c.id];
    onOpen(c.id, match?.messageId);
  };

  const onInputKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape' && text !== '') {
      e.preventDefault();
      setText('');
      setQuery('');
    } else if (e.key === 'ArrowDown' && tabStop) {
      e.preventDefault();
      focusRow(tabStop);
    }
  };

  const onListKey = (e: KeyboardEvent<HTMLUListElement>) => {
    if (!tabStop) return;
    const i = ids.indexOf(tabStop);
    let next: string | undefined;
    if (e.key === 'ArrowDown') next = ids[Math.min(ids.length - 1, i + 1)];
    else if (e.key === 'ArrowUp') {
      if (i === 0) {
        e.preventDefault();
        inputRef.current?.focus();
        return;
      }
      next = ids[i - 1];
    } else if (e.key === 'Home') next = ids[0];
    else if (e.key === 'End') next = ids[ids.length - 1];
    else return;
    e.preventDefault();
    focusRow(next);
  };

  const status =
    state === 'loading'
      ? st('search.searching')
      : state === 'ready'
        ? found.length === 0
          ? st('search.none')
          : st('search.found', { count: found.length })
        : '';

  return (
    <div className="kit-search" data-state={state}>
      <div className="kit-search__bar" role="search">
        <label className="kit-visually-hidden" htmlFor={inputId}>
          {st('search.label')}
        </label>
        <input
          ref={inputRef}
          id={inputId}
          type="search"
          className="kit-search__input"
          placeholder={st('search.placeholder')}
          autoComplete="off"
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onInputKey}
          aria-controls={found.length > 0 ? listId : undefined}
        />
        <div className="kit-search__chips" role="group" aria-label={st('search.filters')}>
          {KIT_CONVERSATION_FILTERS.map((filter) => (
            <button key={filter} type="button" className="kit-search__chip" data-filter={filter} aria-pressed={filters.includes(filter)} onClick={() => toggle(filter)}>
              {st(`search.filter.${filter}`)}
            </button>
          ))}
        </div>
      </div>
      {searching ? (
        <div className="kit-search__results">
          <p className={found.length === 0 ? 'kit-state-message' : 'kit-visually-hidden'} role="status">
            {status}
          </p>
          {state === 'error' ? (
            <div role="alert" className="kit-search__error">
              <p className="kit-state-message">{st('search.error', { message: current?.error ?? '' })}</p>
              <button type="button" className="kit-button" onClick={() => setAttempt((n) => n + 1)}>
                {st('search.retry')}
              </button>
            </div>
          ) : null}
          {found.length > 0 ? (
            <ul ref={listRef} id={listId} className="kit-conversation-list-items" role="listbox" aria-label={st('search.results')} onKeyDown={onListKey}>
              {found.map((c) => {
                const match = page?.matches?.[c.id];
                const name = c.customer?.name ?? c.customer?.username ?? t('conversations.unknownCustomer');
                const username = c.customer?.username && c.customer.username !== name ? `@${c.customer.username}` : null;
                const at = match?.createdAt ?? c.lastMessage?.createdAt ?? c.lastMessageAt;
                const win = windowState({ lastInboundAt: c.lastInboundAt ?? null, now }).state;
                return (
                  <li
                    key={c.id}
                    role="option"
                    className="kit-conversation kit-search__result"
                    aria-selected={c.id === selectedId}
                    tabIndex={c.id === tabStop ? 0 : -1}
                    data-conversation-id={c.id}
                    data-message-id={match?.messageId}
                    data-state={c.id === selectedId ? 'selected' : 'idle'}
                    onClick={() => open(c)}
                    onKeyDown={(e) => {
                      if (e.key !== 'Enter' && e.key !== ' ') return;
                      e.preventDefault();
                      open(c);
                    }}
                    onFocus={() => setActive(c.id)}
                  >
                    <span className="kit-conversation-main">
                      <span className="kit-conversation-top">
                        <span className="kit-conversation-name">{name}</span>
                        {username ? <span className="kit-conversation-username">{username}</span> : null}
                        <time className="kit-conversation-time" dateTime={new Date(at).toISOString()} title={f.dateTime(at)}>
                          {f.listTime(at, now)}
                        </time>
                      </span>
                      <span className="kit-conversation-bottom">
                        <span className="kit-conversation-preview kit-search__snippet">{match ? <Snippet match={match} /> : st('search.byPerson')}</span>
                        <span className="kit-window-chip" data-state={win} title={t(`window.label.${win}`)}>
                          <span className="kit-visually-hidden">{t(`window.label.${win}`)}</span>
                          <span aria-hidden="true">{t(`window.${win}`)}</span>
                        </span>
                      </span>
                    </span>
                  </li>
                );
              })}
            </ul>
          ) : null}
          {state === 'ready' && current?.page?.nextBefore ? (
            <button type="button" className="kit-button kit-search__more" onClick={loadMore}>
              {st('search.more')}
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
