'use client';
/**
 * <Inbox>: the whole thing composed — conversation list, the selected thread with its window,
 * consent and disclosure banners, a reaction bar with each of the customer's messages (shown on
 * hover or focus; always on the latest one), and the composer with the media picker. Wide: list and thread side by side. Narrow (container below
 * 640 px, down to 320 px): one pane at a time with a back button, decided by the inbox's own
 * width (a container query), not the page's, so it also fits a sidebar.
 */
import { useCallback, useEffect, useState } from 'react';
import { isLocalMessageId } from '@kit/core';
import type { KitAccountFlavor, KitMessage } from '@kit/core';
import { ConsentBanner } from '../banners/ConsentBanner';
import { DisclosureBanner } from '../banners/DisclosureBanner';
import { MessagingWindowBanner } from '../banners/MessagingWindowBanner';
import { Composer } from '../composer/Composer';
import { ConversationList } from '../ConversationList';
import type { UploadFn } from '../media-picker/upload';
import { useKit, useKitStore } from '../provider';
import { ReactionBar } from '../reactions/ReactionBar';
import { ThreadView } from '../ThreadView';

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

/** Id of the customer's newest message in a thread. */
function useLatestInbound(conversationId: string | null): string | undefined {
  return useKitStore((s) => {
    const t = conversationId ? s.threads[conversationId] : undefined;
    if (!t) return undefined;
    for (let i = t.ids.length - 1; i >= 0; i--) {
      const m = t.byId[t.ids[i]!];
      if (m?.direction === 'inbound' && !m.deleted) return m.id;
    }
    return undefined;
  });
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
  const latest = useLatestInbound(selected);
  const customer = useKitStore((s) => (selected ? s.conversations[selected]?.customer : undefined));
  const name = customer?.name ?? customer?.username ?? t('conversations.unknownCustomer');
  const clock = props.now === undefined ? {} : { now: props.now };
  // Reactions go to messages Instagram knows (a Graph id, not a local placeholder) from the
  // customer. The latest one's bar stays visible (`kit-inbox__react`): the quick reply-with-❤️.
  const renderMessageActions = useCallback(
    (m: KitMessage) =>
      selected && m.direction === 'inbound' && !m.deleted && !isLocalMessageId(m.id) ? (
        <ReactionBar conversationId={selected} messageId={m.id} flavor={flavor} {...(m.id === latest ? { className: 'kit-inbox__react' } : {})} />
      ) : null,
    [selected, flavor, latest],
  );

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
              <div className="kit-inbox__banners">
                <MessagingWindowBanner conversationId={selected} compact {...clock} />
                <ConsentBanner conversationId={selected} compact />
                {props.disclosure === false ? null : <DisclosureBanner conversationId={selected} compact {...clock} />}
              </div>
              <div className="kit-inbox__thread">
                <ThreadView conversationId={selected} renderMessageActions={renderMessageActions} {...clock} />
              </div>
              <Composer
                conversationId={selected}
                {...clock}
                {...(props.upload ? { upload: props.upload } : {})}
                {...(props.humanAgentEnabled === undefined ? {} : { humanAgentEnabled: props.humanAgentEnabled })}
              />
            </>
          ) : (
            <p className="kit-inbox__empty">{t('inbox.pick')}</p>
          )}
        </main>
      </div>
    </div>
  );
}
