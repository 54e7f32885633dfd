'use client';
/**
 * <ConsentBanner>: the customer's opt-in / opt-out state with its date, what the business may send
 * now, and a way to record an opt-out the customer asked for in words ("please stop writing"),
 * which Meta's webhooks never report.
 */
import { useState } from 'react';
import { useKit, useKitStore } from '../provider';
import { BannerBody } from './BannerBody';
import { useConversationActions } from './useConversationActions';

export interface ConsentBannerProps {
  conversationId: string;
  /** One line (the title) with the rest folded into a disclosure; <Inbox> uses this. */
  compact?: boolean;
  className?: string;
}

export function ConsentBanner(props: ConsentBannerProps) {
  const { t, format } = useKit();
  const consent = useKitStore((s) => s.conversations[props.conversationId]?.consent) ?? { state: 'unknown' as const };
  const actions = useConversationActions(props.conversationId);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const when = consent.at !== undefined ? format.dateTime(consent.at) : '';

  let title: string;
  if (consent.state === 'opted_in')
    title = consent.topic
      ? t('consent.opted_inTopic', { topic: consent.topic, when })
      : t('consent.opted_in', { when });
  else if (consent.state === 'opted_out') title = t('consent.opted_out', { when });
  else title = t('consent.unknown');

  async function record() {
    setBusy(true);
    setError(null);
    try {
      await actions.recordOptOut();
      setConfirming(false);
    } catch (err) {
      setError(t('consent.failed', { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section
      className={props.className ? `kit-banner ${props.className}` : 'kit-banner'}
      data-kind="consent"
      data-state={consent.state}
      aria-label={t('consent.label')}
    >
      <BannerBody compact={props.compact} title={title.trim()}>
        <p className="kit-banner__detail">{t(`consent.may.${consent.state}`)}</p>
        {consent.state !== 'opted_out' ? (
          <div className="kit-banner__actions">
            {confirming ? (
              <>
                <p className="kit-banner__detail">{t('consent.confirmOptOut')}</p>
                <button
                  type="button"
                  className="kit-composer__send"
                  aria-disabled={busy}
                  onClick={() => void (busy ? null : record())}
                >
                  {t('consent.confirm')}
                </button>
                <button type="button" className="kit-composer__secondary" onClick={() => setConfirming(false)}>
                  {t('consent.cancel')}
                </button>
              </>
            ) : (
              <button type="button" className="kit-composer__secondary" onClick={() => setConfirming(true)}>
                {t('consent.recordOptOut')}
              </button>
            )}
          </div>
        ) : null}
      </BannerBody>
      {error ? (
        <p role="alert" className="kit-banner__error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
