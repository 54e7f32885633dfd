'use client';
/**
 * <MessagingWindowBanner>: where the conversation stands in Instagram's messaging window —
 * open (time left, counting down once a minute), human_agent (days left and what the HUMAN_AGENT
 * tag allows) or closed (why, and what reopens it). State in `data-state` for styling.
 */
import { DAY_MS } from '@kit/core';
import type { WindowState } from '@kit/core';
import { useKit } from '../provider';
import { BannerBody } from './BannerBody';
import { countdownText } from './duration';
import { useMessagingWindow } from './useMessagingWindow';

export interface MessagingWindowBannerProps {
  conversationId: string;
  /** Freeze the clock (stories, tests). */
  now?: number;
  /** Use this window instead of computing it from the conversation. */
  window?: WindowState;
  /** One line (the title) with the rest folded into a disclosure; <Inbox> uses this. */
  compact?: boolean;
  className?: string;
}

export function MessagingWindowBanner(props: MessagingWindowBannerProps) {
  const { t, format } = useKit();
  const live = useMessagingWindow(props.conversationId, props.now === undefined ? {} : { now: props.now });
  const w = props.window ?? live;
  let title: string;
  let detail: string;
  switch (w.state) {
    case 'open':
      title = t('windowBanner.open', { left: countdownText(t, w.remainingMs) });
      detail = t('windowBanner.openDetail', { at: format.dateTime(w.closesAt) });
      break;
    case 'human_agent':
      title = t('windowBanner.humanAgent', { count: Math.max(1, Math.ceil(w.remainingMs / DAY_MS)) });
      detail = t('windowBanner.humanAgentDetail', { at: format.dateTime(w.closesAt) });
      break;
    case 'closed':
      title = `${t('windowBanner.closed')} ${w.closedAt === undefined ? t('windowBanner.closedNever') : t('windowBanner.closedExpired')}`;
      detail = t('windowBanner.closedDetail');
      break;
  }
  return (
    <section
      className={props.className ? `kit-banner ${props.className}` : 'kit-banner'}
      data-kind="window"
      data-state={w.state}
      aria-label={t('windowBanner.label')}
    >
      <BannerBody compact={props.compact} title={title}>
        <p className="kit-banner__detail">{detail}</p>
      </BannerBody>
    </section>
  );
}
