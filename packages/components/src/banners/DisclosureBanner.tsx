'use client';
/**
 * <DisclosureBanner>: whether automation answers this conversation, when the customer was last
 * told they are talking to an automated experience, and whether the next automated message must
 * tell them again (core's `disclosureDue`: start, long lapse, hand-over from a human; reference
 * §9.1) — with the notice in the customer's language. Lets the agent switch human ↔ automated.
 */
import { useState } from 'react';
import { detectLanguage, disclosureDue } from '@kit/core';
import { disclosureNotice, safeLocale } from '../i18n';
import { DISCLOSURE_NOTICES } from '../i18n/notices';
import { useKit, useKitStore } from '../provider';
import { useMinuteClock } from './useMessagingWindow';
import { BannerBody } from './BannerBody';
import { useConversationActions } from './useConversationActions';

export interface DisclosureBannerProps {
  conversationId: string;
  /** Silence after which the notice is repeated (default: core's DEFAULT_DISCLOSURE_LAPSE_MS). */
  lapseMs?: number;
  /** The notice your automation sends, per locale; default: the kit's catalog text. */
  notice?(locale: string): string;
  /** Freeze the clock (stories, tests). */
  now?: number;
  /** One line (the title) with the rest folded into a disclosure; <Inbox> uses this. */
  compact?: boolean;
  className?: string;
}

function languageName(agentLocale: string, locale: string): string {
  try {
    return new Intl.DisplayNames([safeLocale(agentLocale)], { type: 'language' }).of(safeLocale(locale)) ?? locale;
  } catch {
    return locale;
  }
}

/** How many of the customer's newest text messages the language is read from. */
const LANGUAGE_SAMPLE = 10;

/**
 * The customer's language: what the proxy recorded for the conversation, else the customer's
 * profile locale, else read from their newest messages in the thread (among `languages`).
 */
export function useCustomerLanguage(conversationId: string, languages?: readonly string[]): string | undefined {
  return useKitStore((s) => {
    const c = s.conversations[conversationId];
    const known = c?.disclosure?.locale ?? c?.customer?.locale;
    if (known) return known.replace(/_/g, '-'); // profile locales come as it_IT
    const thread = s.threads[conversationId];
    if (!thread) return undefined;
    const texts: string[] = [];
    for (let i = thread.ids.length - 1; i >= 0 && texts.length < LANGUAGE_SAMPLE; i--) {
      const m = thread.byId.get(thread.ids[i]!);
      if (m?.direction === 'inbound' && m.text && !m.deleted) texts.push(m.text);
    }
    return detectLanguage(texts, languages ? { languages } : {}) ?? undefined;
  });
}

export function DisclosureBanner(props: DisclosureBannerProps) {
  const { t, format, locale } = useKit();
  const conversation = useKitStore((s) => s.conversations[props.conversationId]);
  const actions = useConversationActions(props.conversationId);
  const now = useMinuteClock(props.now);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const d = conversation?.disclosure ?? { automated: false };
  // With a host-supplied notice any language may be sent; the kit's own has these.
  const customerLanguage = useCustomerLanguage(props.conversationId, props.notice ? undefined : Object.keys(DISCLOSURE_NOTICES));
  const customerLocale = customerLanguage ?? locale;
  const due = disclosureDue({
    automated: true, // the question is always about the next automated message
    lastDisclosureAt: d.lastDisclosedAt ?? null,
    lastActivityAt: conversation?.lastMessageAt ?? null,
    lastSenderWasHuman: d.lastSenderWasHuman ?? false,
    now,
    ...(props.lapseMs === undefined ? {} : { lapseMs: props.lapseMs }),
  });
  // A notice is only ever due before an *automated* message: while a person handles the
  // conversation nothing is due, and the badge would sit on every human-handled thread. What the
  // hand-back would require is still explained in the details.
  const badge = d.automated && due.due;
  const notice = props.notice ? props.notice(customerLocale) : disclosureNotice(customerLocale);

  async function toggle() {
    setBusy(true);
    setError(null);
    try {
      await actions.setAutomated(!d.automated);
    } catch (err) {
      setError(t('disclosure.failed', { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section
      className={props.className ? `kit-banner ${props.className}` : 'kit-banner'}
      data-kind="disclosure"
      data-state={d.automated ? 'automated' : 'human'}
      data-due={badge ? 'true' : 'false'}
      aria-label={t('disclosure.label')}
    >
      <BannerBody
        compact={props.compact}
        title={d.automated ? t('disclosure.automated') : t('disclosure.human')}
        badge={badge ? t('disclosure.dueShort') : undefined}
      >
        <p className="kit-banner__detail">
          {d.lastDisclosedAt !== undefined
            ? t('disclosure.lastTold', { when: format.dateTime(d.lastDisclosedAt) })
            : t('disclosure.neverTold')}
        </p>
        {due.due ? (
          <>
            <p className="kit-banner__detail">{t(`disclosure.due.${due.reason}`)}</p>
            <figure className="kit-banner__quote">
              <blockquote lang={safeLocale(customerLocale)}>{notice}</blockquote>
              <figcaption>
                {customerLanguage
                  ? t('disclosure.noticeLocale', { locale: languageName(locale, customerLocale) })
                  : t('disclosure.noticeLocaleUnknown', { locale: languageName(locale, customerLocale) })}
              </figcaption>
            </figure>
          </>
        ) : (
          <p className="kit-banner__detail">{t('disclosure.notDue')}</p>
        )}
        <div className="kit-banner__actions">
          <button
            type="button"
            className="kit-composer__secondary"
            aria-disabled={busy}
            onClick={() => void (busy ? null : toggle())}
          >
            {d.automated ? t('disclosure.toHuman') : t('disclosure.toAutomated')}
          </button>
        </div>
      </BannerBody>
      {error ? (
        <p role="alert" className="kit-banner__error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
