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
import { lazy, Suspense, useEffect, useState } from 'react';
import type { KitAccountFlavor } from '@kit/core';
import { ConversationList } from '../ConversationList';
import type { UploadFn } from '../media-picker/upload';
import { useKit, useKitStore } from '../provider';

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
  className?: string;
}

const loadPane = () => import('./ConversationPane');
const ConversationPane = lazy(loadPane);

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

export function Inbox(props: InboxProps) {
  const { t } = useKit();
  const [inner, setInner] = useState<string | null>(props.defaultSelectedId ?? null);
  const selected = props.selectedId !== undefined ? props.selectedId : inner;
  const select = (id: string | null) => {
    setInner(id);
    props.onSelect?.(id);
  };
  const flavor = useFlavor(props.flavor);
  const customer = useKitStore((s) => (selected ? s.conversations[selected]?.customer : undefined));
  const name = customer?.name ?? customer?.username ?? t('conversations.unknownCustomer');
  const clock = props.now === undefined ? {} : { now: props.now };
  // Start fetching the pane's code now; by the time the list has loaded it is usually here.
  useEffect(() => void loadPane().catch(() => {}), []); // a failure shows when the pane renders

  return (
    <div className={props.className ? `kit-inbox ${props.className}` : 'kit-inbox'}>
      <div className="kit-inbox__body" data-view={selected ? 'thread' : 'list'}>
        <nav className="kit-inbox__list" aria-label={t('inbox.label')}>
          <ConversationList selectedId={selected} onSelect={select} {...clock} />
        </nav>
        <main className="kit-inbox__main" aria-label={selected ? t('thread.label', { name }) : t('inbox.label')}>
          {selected ? (
            <>
              <div className="kit-inbox__header">
                <button type="button" className="kit-composer__secondary" onClick={() => select(null)}>
                  {t('inbox.back')}
                </button>
                <span className="kit-inbox__name">{name}</span>
              </div>
              <Suspense
                fallback={
                  <p className="kit-inbox__empty" role="status">
                    {t('common.loading')}
                  </p>
                }
              >
                <ConversationPane
                  conversationId={selected}
                  flavor={flavor}
                  disclosure={props.disclosure}
                  humanAgentEnabled={props.humanAgentEnabled}
                  upload={props.upload}
                  now={props.now}
                />
              </Suspense>
            </>
          ) : (
            <p className="kit-inbox__empty">{t('inbox.pick')}</p>
          )}
        </main>
      </div>
    </div>
  );
}
