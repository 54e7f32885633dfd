/**
 * The demo page: the kit's <Inbox> (what an agent sees, the product) on the left two-thirds and,
 * in sandbox mode, the customer simulator (the sandbox, clearly not the product) on the right —
 * or, from the header's "Operator view", the kit's <KitOps> (outbox, pause switch, dead letters)
 * and <ProfileSettings> (the account's ice breakers and menu)
 * on the same store, so a pause shows in the inbox at once; from "Saved replies", the kit's
 * <SavedRepliesSettings>, whose replies the composer offers on `/` at once.
 * The open conversation lives in the URL hash, so a reload comes back to it.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { createKitClient, createKitStore, Inbox, KitOps, KitProvider, ProfileSettings, SavedRepliesSettings, useKitStore } from '@kit/components';
import type { KitTheme } from '@kit/components';
import { parseConversationId } from '@kit/core';
import type { DemoClientConfig } from '../server/app';
import { formatOffset, useClock } from './clock';
import type { DemoClock } from './clock';
import { sandboxApi } from './sandboxApi';
import { Simulator } from './Simulator';

const LOCALES = [
  { id: 'en', label: 'English' },
  { id: 'it', label: 'Italiano' },
  { id: 'de', label: 'Deutsch' },
] as const;

type Locale = (typeof LOCALES)[number]['id'];

function conversationFromHash(): string | null {
  const m = /^#\/c\/(.+)$/.exec(window.location.hash);
  return m ? decodeURIComponent(m[1]!) : null;
}

function useHashSelection(): [string | null, (id: string | null) => void] {
  const [selected, setSelected] = useState(conversationFromHash);
  useEffect(() => {
    const onHash = () => setSelected(conversationFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const select = (id: string | null) => {
    setSelected(id);
    const hash = id ? `#/c/${encodeURIComponent(id)}` : '';
    if (window.location.hash !== hash) history.replaceState(null, '', hash || window.location.pathname);
  };
  return [selected, select];
}

function usePreference<T extends string>(key: string, fallback: T, allowed: readonly T[]): [T, (v: T) => void] {
  const [value, setValue] = useState<T>(() => {
    const stored = localStorage.getItem(key) as T | null;
    return stored && allowed.includes(stored) ? stored : fallback;
  });
  return [
    value,
    (v) => {
      localStorage.setItem(key, v);
      setValue(v);
    },
  ];
}

/**
 * On a first visit to a wide screen, open the most recent conversation, so the first screen shows
 * a thread and not an empty pane. Once: after that, the agent decides.
 */
function OpenFirstConversation({ selected, onSelect }: { selected: string | null; onSelect(id: string): void }) {
  const first = useKitStore((s) => s.conversationIds[0]);
  const done = useRef(selected !== null);
  useEffect(() => {
    if (done.current || !first) return;
    done.current = true;
    if (window.matchMedia('(min-width: 900px)').matches) onSelect(first);
  }, [first, onSelect]);
  return null;
}

export function App({ config, clock }: { config: DemoClientConfig; clock: DemoClock }) {
  const time = useClock(clock);
  const [selected, select] = useHashSelection();
  const [locale, setLocale] = usePreference<Locale>('kit-demo.locale', 'en', ['en', 'it', 'de']);
  const [theme, setTheme] = usePreference<Exclude<KitTheme, 'auto'>>('kit-demo.theme', 'light', ['light', 'dark']);
  const client = useMemo(() => createKitClient({ baseUrl: config.kitBaseUrl }), [config.kitBaseUrl]);
  // Our own store so optimistic messages are stamped with the sandbox's time, not the browser's.
  const store = useMemo(() => createKitStore({ client, accountId: config.accountId, now: clock.read }), [client, config.accountId, clock]);
  const api = useMemo(() => (config.sandbox ? sandboxApi(config.sandbox.controlUrl, config.accountId) : null), [config]);
  const selectedCustomer = selected ? (parseConversationId(selected)?.customerId ?? null) : null;
  const [panel, setPanel] = useState<'operator' | 'saved' | null>(null);
  const operator = panel === 'operator';

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  return (
    <div className="demo">
      <header className="demo-header">
        <h1 className="demo-title">
          Instagram Direct kit <span className="demo-title__sub">demo inbox{config.accountName ? ` · ${config.accountName}` : ''}</span>
        </h1>
        <div className="demo-header__tools">
          {config.mode === 'sandbox' ? (
            <span className="demo-badge demo-badge--sandbox" title="Everything runs locally against the Graph API sandbox">
              Sandbox
            </span>
          ) : (
            <span className="demo-badge demo-badge--live">Live: Meta Graph API</span>
          )}
          {config.mode === 'sandbox' ? (
            <span className="demo-clock" data-testid="demo-clock">
              Sandbox clock: <strong>{formatOffset(time.offsetMs)}</strong>
            </span>
          ) : null}
          <label className="demo-select">
            <span>Inbox language</span>
            <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
              {LOCALES.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.label}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="demo-button demo-button--quiet" aria-pressed={panel === 'saved'} onClick={() => setPanel(panel === 'saved' ? null : 'saved')}>
            Saved replies
          </button>
          <button type="button" className="demo-button demo-button--quiet" aria-pressed={operator} onClick={() => setPanel(operator ? null : 'operator')}>
            Operator view
          </button>
          <button type="button" className="demo-button demo-button--quiet" onClick={() => setTheme(theme === 'light' ? 'dark' : 'light')}>
            {theme === 'light' ? 'Dark theme' : 'Light theme'}
          </button>
        </div>
      </header>
      <div className="demo-layout">
        <div className="demo-inbox">
          <KitProvider accountId={config.accountId} client={client} store={store} locale={locale} theme={theme} className="demo-kit">
            <OpenFirstConversation selected={selected} onSelect={select} />
            <Inbox selectedId={selected} onSelect={select} flavor={config.flavor} now={time.now} />
          </KitProvider>
        </div>
        {operator ? (
          <aside className="demo-panel demo-ops" aria-label="Operator view">
            <KitProvider accountId={config.accountId} client={client} store={store} locale={locale} theme={theme} live={false}>
              <KitOps refreshMs={5000} headingLevel={3} />
              <h3 className="demo-section__title">Ice breakers and menu</h3>
              <ProfileSettings />
            </KitProvider>
          </aside>
        ) : panel === 'saved' ? (
          <aside className="demo-panel demo-ops" aria-label="Saved replies settings">
            <KitProvider accountId={config.accountId} client={client} store={store} locale={locale} theme={theme} live={false}>
              <SavedRepliesSettings headingLevel={2} />
            </KitProvider>
          </aside>
        ) : api ? (
          <Simulator api={api} followCustomerId={selectedCustomer} clock={clock} onOpenConversation={(customerId) => select(`${config.accountId}:${customerId}`)} />
        ) : (
          <aside className="demo-panel" aria-labelledby="live-title">
            <h2 id="live-title" className="demo-panel__title">
              Live account
            </h2>
            <p>
              This inbox is connected to the real Graph API. Write to your Instagram professional account from another Instagram account and
              watch the message arrive here.
            </p>
          </aside>
        )}
      </div>
    </div>
  );
}
