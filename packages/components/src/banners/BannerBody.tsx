'use client';
/**
 * The body of a banner, in full or compact. Compact (what <Inbox> uses) keeps one line — the
 * title, plus an optional badge — and folds the rest into a native <details>, so three banners
 * stacked above a thread take three lines, not half the pane, and the agent expands what they need.
 */
import type { ReactNode } from 'react';

export interface BannerBodyProps {
  compact: boolean | undefined;
  title: string;
  /** Short status shown next to the title when compact (e.g. "Notice due"). */
  badge?: string | undefined;
  children: ReactNode;
}

export function BannerBody({ compact, title, badge, children }: BannerBodyProps) {
  if (!compact) {
    return (
      <>
        <p className="kit-banner__title">{title}</p>
        {children}
      </>
    );
  }
  return (
    <details className="kit-banner__more">
      <summary className="kit-banner__summary">
        <span className="kit-banner__title">{title}</span>
        {badge ? <span className="kit-banner__badge">{badge}</span> : null}
      </summary>
      <div className="kit-banner__body">{children}</div>
    </details>
  );
}
