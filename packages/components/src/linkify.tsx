/**
 * Message text with its links made clickable — safely. Text is always rendered as React text
 * children (never HTML); only links that pass @kit/core's `validateLink` (http/https, a real host,
 * no credentials) become anchors, and they open in a new tab without handing over `window.opener`
 * or the referrer.
 */
import { findLinks } from '@kit/core';
import type { ReactNode } from 'react';

export function linkify(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let at = 0;
  for (const link of findLinks(text)) {
    if (!link.validation.ok) continue;
    if (link.start > at) out.push(text.slice(at, link.start));
    out.push(
      <a key={link.start} className="kit-link" href={link.validation.url} target="_blank" rel="noopener noreferrer">
        {link.text}
      </a>,
    );
    at = link.end;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

export function LinkifiedText({ text }: { text: string }) {
  return <>{linkify(text)}</>;
}
