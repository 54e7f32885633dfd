'use client';
import { useState } from 'react';
import type { SyntheticEvent } from 'react';

/**
 * Why media is not shown: `expired` — Meta's CDN URL (lookaside.fbsbx.com) is gone, as content is
 * after it expires or is deleted (stories after 24 h); `unplayable` — the file arrived but this
 * browser cannot decode it (a codec or container it lacks), so it can still be downloaded.
 */
export type MediaFailure = 'expired' | 'unplayable';

/**
 * What a failed <video>/<audio> tells: MEDIA_ERR_DECODE, or a "not supported" error whose detail
 * names the demuxer or decoder (Chromium: `DEMUXER_ERROR_…`, `PIPELINE_ERROR_DECODE`; Firefox:
 * `NS_ERROR_DOM_MEDIA_METADATA_ERR`, `…DEMUXER_ERR`), means the bytes arrived and did not decode.
 * A 404/403 from an expired URL is a bare "not supported" (Chromium: "MEDIA_ELEMENT_ERROR: Format
 * error"); browsers that give no detail (Safari) are read as expired, the common case on Instagram.
 */
export function playbackFailure(element: EventTarget | null): MediaFailure {
  const error = element && 'error' in element ? (element as HTMLMediaElement).error : null;
  if (!error) return 'expired';
  if (error.code === 3 /* MEDIA_ERR_DECODE */) return 'unplayable';
  return error.code === 4 && /DEMUX|DECOD|CODEC|METADATA_ERR/i.test(error.message) ? 'unplayable' : 'expired';
}

/**
 * Renderers start from `expired`/missing URL and flip to a placeholder on the first load error
 * instead of showing a broken image or a player stuck at 0:00.
 */
export function useMediaFallback(url: string | undefined, expired: boolean | undefined) {
  const [failed, setFailed] = useState<{ url: string | null; failure: MediaFailure } | null>(null);
  const failure: MediaFailure | undefined = !url || expired === true ? 'expired' : failed?.url === url ? failed.failure : undefined;
  return {
    dead: failure !== undefined,
    failure,
    onError: (event?: SyntheticEvent) => setFailed({ url: url ?? null, failure: event ? playbackFailure(event.currentTarget) : 'expired' }),
  };
}
