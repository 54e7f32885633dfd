'use client';
/**
 * <KitProvider>: one client, one store and one live event stream per kit instance, plus the
 * locale, strings and theme every component reads. Nothing touches `window` at import time or
 * during render, so it server-renders; the EventSource opens in an effect (browser only).
 */
import { createContext, useContext, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { CSSProperties, ReactNode } from 'react';
import { createKitClient } from './client';
import type { KitClient } from './client';
import { connectEvents } from './events';
import { createFormatters } from './format';
import type { KitFormatters } from './format';
import { catalogFor, createTranslator, loadCatalog, pendingCatalog, registerCatalog, safeLocale } from './i18n';
import type { KitCatalog, KitLocale, KitMessagesOverride, KitTranslate } from './i18n';
import { createKitStore } from './store';
import type { KitState, KitStore } from './store';

export type KitTheme = 'light' | 'dark' | 'auto';

export interface KitContextValue {
  client: KitClient;
  store: KitStore;
  accountId: string;
  locale: string;
  theme: KitTheme;
  t: KitTranslate;
  format: KitFormatters;
  /** The host's string overrides, for parts that carry their own strings (useScopedT). */
  messages: KitMessagesOverride | undefined;
}

const KitContext = createContext<KitContextValue | null>(null);

export interface KitProviderProps {
  /** Where `@kit/proxy` is mounted, e.g. `/kit`. Required unless you pass `client`. */
  baseUrl?: string;
  /** The business account (IG professional account id) this inbox serves. */
  accountId: string;
  locale?: KitLocale;
  theme?: KitTheme;
  /**
   * The catalog for `locale`, when you have it at hand (`import { it } from
   * '@kit/components/locales/it'`): the kit renders in that language on the first render, also on
   * the server, instead of loading the catalog on demand. Importing the locale entry does the same.
   */
  catalog?: KitCatalog;
  /** Override any string of the catalog. */
  messages?: KitMessagesOverride;
  /** Your own client (e.g. with a custom fetch); otherwise one is created from `baseUrl`. */
  client?: KitClient;
  /** Your own store (e.g. pre-seeded on the server); otherwise one is created. */
  store?: KitStore;
  /** Custom fetch for the created client. */
  fetch?: typeof fetch;
  /** Open the live event stream (default true). Turn off for static stories or tests. */
  live?: boolean;
  className?: string;
  style?: CSSProperties;
  children?: ReactNode;
}

export function KitProvider(props: KitProviderProps) {
  const { baseUrl, accountId, locale = 'en', theme = 'light', messages, live = true } = props;
  if (!props.client && typeof baseUrl !== 'string') {
    throw new TypeError('<KitProvider>: pass baseUrl (where @kit/proxy is mounted, e.g. "/kit") or a client');
  }
  if (!accountId) throw new TypeError('<KitProvider>: pass accountId, the business account this inbox serves');
  // A catalog passed in is registered before anything reads it, so server and first client render
  // agree (registering is idempotent: the same object for the same language).
  if (props.catalog && catalogFor(locale) !== props.catalog) registerCatalog(locale.split('-')[0]!, props.catalog);
  const fetchImpl = props.fetch;
  const client = useMemo(
    () => props.client ?? createKitClient({ baseUrl: baseUrl!, ...(fetchImpl ? { fetch: fetchImpl } : {}) }),
    [props.client, baseUrl, fetchImpl],
  );
  // A store belongs to one client and account; a new pair gets a fresh store.
  const [owned, setOwned] = useState(() => ({ client, accountId, store: createKitStore({ client, accountId }) }));
  let store = owned.store;
  if (!props.store && (owned.client !== client || owned.accountId !== accountId)) {
    store = createKitStore({ client, accountId });
    setOwned({ client, accountId, store });
  }
  if (props.store) store = props.store;

  useEffect(() => {
    if (!live) return;
    const stream = connectEvents({
      client,
      lastEventId: store.getState().lastEventId,
      onEvent: (event) => {
        if (event.accountId && event.accountId !== accountId) return; // the stream may carry every account
        store.getState().applyEvent(event);
      },
      onState: (state) => store.getState().setConnection(state),
      // Missed events cannot be replayed: reload what is on screen from the proxy's store.
      onReset: () => void store.getState().reloadAll(),
    });
    return () => stream.close();
  }, [client, store, live, accountId]);

  // Italian and German are separate chunks (see i18n.ts). Until the one asked for is here, show
  // the locale shown before (switching languages keeps the inbox mounted), or — on first mount —
  // the kit root without its children: no flash of English, and nothing for SSR to mismatch.
  const [, catalogArrived] = useState(0);
  const pending = pendingCatalog(locale);
  const [shown, setShown] = useState<string | null>(pending ? null : locale);
  if (!pending && shown !== locale) setShown(locale);
  useEffect(() => {
    if (!pending) return;
    let live = true;
    loadCatalog(locale).then(
      () => live && catalogArrived((n) => n + 1),
      // Unreachable chunk: render in English rather than not at all.
      () => live && setShown(locale),
    );
    return () => {
      live = false;
    };
  }, [locale, pending]);

  const value = useMemo<KitContextValue | null>(() => {
    if (shown === null) return null;
    const t = createTranslator(shown, messages);
    return { client, store, accountId, locale: shown, theme, t, format: createFormatters(shown, t), messages };
  }, [client, store, accountId, shown, theme, messages]);

  return (
    <KitContext.Provider value={value}>
      <div
        className={props.className ? `kit-root ${props.className}` : 'kit-root'}
        data-theme={theme}
        lang={safeLocale(value?.locale ?? locale)}
        style={props.style}
        aria-busy={value ? undefined : true}
      >
        {value ? props.children : null}
      </div>
    </KitContext.Provider>
  );
}

/** Everything the provider holds. Throws a clear error outside <KitProvider>. */
export function useKit(): KitContextValue {
  const ctx = useContext(KitContext);
  if (!ctx) throw new Error('Kit components and hooks must be rendered inside <KitProvider baseUrl accountId>.');
  return ctx;
}

/**
 * Subscribe to a slice of the store; the component re-renders only when the slice changes.
 * The server snapshot is the store's current state (zustand's `useStore` uses its initial state),
 * so a store seeded on the server renders its data there, and hydrates without a mismatch when
 * the browser's store is seeded the same way before `hydrateRoot`.
 */
export function useKitStore<T>(selector: (state: KitState) => T): T {
  const { store } = useKit();
  const slice = () => selector(store.getState());
  return useSyncExternalStore(store.subscribe, slice, slice);
}

/** The translator of the nearest provider. */
export function useT(): KitTranslate {
  return useKit().t;
}

/** Locale-aware formatters of the nearest provider. */
export function useFormat(): KitFormatters {
  return useKit().format;
}
