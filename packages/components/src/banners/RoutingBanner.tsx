'use client';
/**
 * <RoutingBanner>: who handles the conversation when several apps serve the account (Conversation
 * Routing, reference §9.3) — Meta Business Suite, a bot app, or this inbox after taking it over —
 * with the one action that fits: Take control, Hand back, or Pass to the app that asks. The state
 * is the conversation's `routing` (the proxy keeps it from handover webhooks and its own calls;
 * `conversation_updated` events keep it live). Nothing is rendered while the kit simply holds the
 * thread. Its own chunk with its own strings (i18n/routing.ts): most conversations never need it.
 *
 * `onComposerLock` hears the reason the composer must stay off (another app holds the thread), or
 * null; <Inbox> passes it to the composer so both say the same thing.
 */
import { useEffect, useMemo, useState } from 'react';
import { META_INBOX_APP_IDS } from '@kit/core';
import type { KitConversation, KitRoutingState } from '@kit/core';
import { KitClientError } from '../client';
import { kitRequestOf } from '../client-request';
import type { KitClient, KitConversationUpdate } from '../client';
import { routingCatalogs } from '../i18n/routing';
import type { KitRoutingCatalog, KitRoutingKey } from '../i18n/routing';
import { createScopedTranslator } from '../i18n/scoped';
import { useKit, useKitStore } from '../provider';
import { BannerBody } from './BannerBody';

export interface RoutingBannerProps {
  conversationId: string;
  /** Names for app ids (`{ '555000111222333': 'ShopBot' }`), shown instead of "Another app". */
  appNames?: Readonly<Record<string, string>>;
  /** One line (the title) with the detail folded into a disclosure; the action stays visible. */
  compact?: boolean;
  /** Hears why the composer must stay off now (another app holds the thread), or null. */
  onComposerLock?(reason: string | null): void;
  /** Override any of the banner's strings. */
  messages?: Partial<KitRoutingCatalog>;
  className?: string;
}

type RoutingT = (key: KitRoutingKey, vars?: Record<string, string | number>) => string;


/** What the banner shows for a routing state; null: nothing (the kit just holds the thread). */
export type RoutingView =
  | { kind: 'elsewhere'; holder: 'inbox' | 'app'; appId?: string }
  | { kind: 'taken'; handBackTo?: string }
  | { kind: 'requested'; appId: string };

export function routingView(routing: KitRoutingState | undefined): RoutingView | null {
  if (!routing) return null;
  if (routing.holder === 'inbox' || routing.holder === 'app') {
    return { kind: 'elsewhere', holder: routing.holder, ...(routing.holderAppId ? { appId: routing.holderAppId } : {}) };
  }
  if (routing.holder !== 'kit') return null;
  if (routing.requestedByAppId) return { kind: 'requested', appId: routing.requestedByAppId };
  return routing.previousAppId ? { kind: 'taken', handBackTo: routing.previousAppId } : null;
}

/** The proxy's routing routes, unless the client implements them itself (a test double). */
function routingCalls(client: KitClient) {
  const request = kitRequestOf(client);
  const path = (accountId: string, conversationId: string, action: string) =>
    `/accounts/${encodeURIComponent(accountId)}/conversations/${encodeURIComponent(conversationId)}/routing/${action}`;
  const missing = () =>
    Promise.reject(new KitClientError({ code: 'not_implemented', message: 'This KitClient implements no routing calls (takeThread, passThread).', status: 0, retryable: false, category: 'unknown' }));
  return {
    take: (accountId: string, conversationId: string): Promise<KitConversationUpdate> =>
      client.takeThread ? client.takeThread(accountId, conversationId) : request ? request('POST', path(accountId, conversationId, 'take'), { json: {} }) : missing(),
    pass: (accountId: string, conversationId: string, targetAppId?: string): Promise<KitConversationUpdate> =>
      client.passThread
        ? client.passThread(accountId, conversationId, targetAppId)
        : request
          ? request('POST', path(accountId, conversationId, 'pass'), { json: targetAppId ? { targetAppId } : {} })
          : missing(),
  };
}

export function RoutingBanner(props: RoutingBannerProps) {
  const { client, store, accountId, locale, messages: hostMessages } = useKit();
  const { conversationId, onComposerLock, appNames, messages } = props;
  const routing = useKitStore((s) => s.conversations[conversationId]?.routing);
  const t: RoutingT = useMemo(
    () => createScopedTranslator(locale, routingCatalogs, hostMessages as Partial<KitRoutingCatalog> | undefined, messages),
    [locale, hostMessages, messages],
  );
  const [busy, setBusy] = useState(false);
  // The error belongs to the conversation it happened in (the banner stays mounted across them).
  const [failure, setError] = useState<{ conversationId: string; message: string } | null>(null);
  const error = failure?.conversationId === conversationId ? failure.message : null;
  const view = routingView(routing);
  /** The host's name for an app, else Meta Business Suite for Meta's inbox, else "the other app". */
  const nameOf = (appId: string | undefined) =>
    (appId && appNames?.[appId]) || t(appId && META_INBOX_APP_IDS.includes(appId) ? 'routing.names.inbox' : 'routing.names.app');
  const lock = view?.kind === 'elsewhere' ? (view.holder === 'inbox' ? t('routing.locked.inbox') : t('routing.locked.app', { app: nameOf(view.appId) })) : null;

  useEffect(() => {
    onComposerLock?.(lock);
  }, [lock, onComposerLock]);
  useEffect(() => () => onComposerLock?.(null), [onComposerLock]);

  if (!view) return null;

  async function act(call: () => Promise<KitConversationUpdate>) {
    setBusy(true);
    setError(null);
    try {
      const update = await call();
      const conversation = update && typeof update === 'object' && 'conversation' in update ? update.conversation : (update as KitConversation | undefined);
      if (conversation?.id === conversationId) store.getState().applyEvent({ type: 'conversation_updated', accountId, conversationId, at: Date.now(), conversation });
    } catch (err) {
      setError({ conversationId, message: t('routing.failed', { message: err instanceof Error ? err.message : String(err) }) });
    } finally {
      setBusy(false);
    }
  }
  const calls = routingCalls(client);

  let title: string;
  let detail: string;
  let action: { label: string; run: () => Promise<KitConversationUpdate> };
  if (view.kind === 'elsewhere') {
    const named = view.appId ? appNames?.[view.appId] : undefined;
    title = view.holder === 'inbox' ? t('routing.inbox.title') : named ? t('routing.appNamed.title', { app: named }) : t('routing.app.title');
    detail = t('routing.elsewhere.detail');
    action = { label: t('routing.take'), run: () => calls.take(accountId, conversationId) };
  } else if (view.kind === 'requested') {
    const app = nameOf(view.appId);
    title = t('routing.requested.title', { app });
    detail = t('routing.requested.detail');
    action = { label: t('routing.pass', { app }), run: () => calls.pass(accountId, conversationId, view.appId) };
  } else {
    title = t('routing.kit.title');
    detail = t('routing.kit.detail', { app: nameOf(view.handBackTo) });
    action = { label: t('routing.handBack'), run: () => calls.pass(accountId, conversationId) };
  }

  return (
    <section
      className={props.className ? `kit-banner ${props.className}` : 'kit-banner'}
      data-kind="routing"
      data-state={view.kind === 'elsewhere' ? view.holder : view.kind}
      aria-label={t('routing.label')}
    >
      <BannerBody compact={props.compact} title={title}>
        <p className="kit-banner__detail">{detail}</p>
      </BannerBody>
      <div className="kit-banner__actions">
        <button type="button" className={view.kind === 'elsewhere' ? 'kit-composer__send' : 'kit-composer__secondary'} aria-disabled={busy} onClick={() => void (busy ? null : act(action.run))}>
          {action.label}
        </button>
      </div>
      {error ? (
        <p role="alert" className="kit-banner__detail">
          {error}
        </p>
      ) : null}
    </section>
  );
}
