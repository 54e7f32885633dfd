'use client';
import { useState } from 'react';

/**
 * Meta's CDN URLs (lookaside.fbsbx.com) die when the content expires or is deleted; stories are
 * gone after 24 h. Renderers start from `expired`/missing URL and flip to the placeholder on the
 * first load error instead of showing a broken image.
 */
export function useMediaFallback(url: string | undefined, expired: boolean | undefined) {
  const [failedUrl, setFailedUrl] = useState<string | null>(null);
  const dead = !url || expired === true || failedUrl === url;
  return { dead, onError: () => setFailedUrl(url ?? null) };
}
