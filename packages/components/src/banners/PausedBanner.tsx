'use client';
/**
 * <PausedBanner>: an operator paused this account's sending (the proxy's pause switch, used when
 * Meta's side is broken). It shows their message; the composer keeps working because sends are
 * still accepted — they wait and go out in order when sending resumes. Nothing is rendered while
 * sending runs normally.
 */
import { useEffect } from 'react';
import { useKit, useKitStore } from '../provider';
import { BannerBody } from './BannerBody';

/** Stores whose account state was asked for already (several banners may mount at once). */
const asked = new WeakSet<object>();

export interface PausedBannerProps {
  /** One line (the title) with the rest folded into a disclosure; <Inbox> uses this. */
  compact?: boolean;
  className?: string;
}

export function PausedBanner(props: PausedBannerProps) {
  const { t, format, store, client, accountId } = useKit();
  const paused = useKitStore((s) => s.accountPause[accountId]);
  const known = paused !== undefined;
  useEffect(() => {
    // Once per store: later changes arrive as `account_updated` events. Here rather than in the
    // store, so the code stays out of the bundle an <Inbox> needs before a conversation opens.
    if (known || asked.has(store)) return;
    asked.add(store);
    client
      .listAccounts()
      .then((accounts) => {
        const value = accounts.find((a) => a.id === accountId)?.paused ?? null;
        // An event that arrived meanwhile is newer than this answer.
        store.setState((s) => (s.accountPause[accountId] !== undefined ? s : { accountPause: { ...s.accountPause, [accountId]: value } }));
      })
      .catch(() => asked.delete(store)); // unknown stays unknown; the next mount asks again
  }, [known, store, client, accountId]);
  if (!paused) return null;
  return (
    <section
      className={props.className ? `kit-banner ${props.className}` : 'kit-banner'}
      data-kind="paused"
      data-state="paused"
      role="status"
      aria-label={t('paused.label')}
    >
      <BannerBody compact={props.compact} title={t('paused.title', { message: paused.message })}>
        <p className="kit-banner__detail">{t('paused.detail', { since: format.dateTime(paused.since) })}</p>
      </BannerBody>
    </section>
  );
}
