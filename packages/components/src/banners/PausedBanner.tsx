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

export interface PausedBannerProps {
  /** One line (the title) with the rest folded into a disclosure; <Inbox> uses this. */
  compact?: boolean;
  className?: string;
}

export function PausedBanner(props: PausedBannerProps) {
  const { t, format, store, accountId } = useKit();
  const paused = useKitStore((s) => s.accountPause[accountId]);
  useEffect(() => {
    void store.getState().loadAccountPause();
  }, [store]);
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
