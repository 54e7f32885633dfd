'use client';
/** Native video and audio players: accessible controls for free, `preload="metadata"` so a long thread does not download media. */
import type { KitAudioAttachment, KitVideoAttachment } from '@kit/core';
import { useFormat, useT } from '../provider';
import { fitSize } from './ImageAttachment';
import { MediaPlaceholder } from './MediaPlaceholder';
import { useMediaFallback } from './useMediaFallback';
import type { MediaFailure } from './useMediaFallback';

/** Expired media is gone for good; media this browser cannot decode can still be downloaded. */
function MediaFailed({ kind, failure, url, width, height }: { kind: 'video' | 'audio'; failure: MediaFailure; url?: string; width?: number; height?: number }) {
  const t = useT();
  if (failure === 'expired' || !url) return <MediaPlaceholder kind={kind} label={t('attachment.expired')} width={width} height={height} />;
  return (
    <span className="kit-media-placeholder" data-kind={kind} data-failure="unplayable" style={width && height ? { width, height } : undefined}>
      <span>{t('attachment.unplayable')}</span>
      <a href={url} download target="_blank" rel="noreferrer">
        {t('attachment.download')}
      </a>
    </span>
  );
}

export function VideoAttachment({ attachment }: { attachment: KitVideoAttachment }) {
  const t = useT();
  const { failure, onError } = useMediaFallback(attachment.url, attachment.expired);
  const size = fitSize(attachment.width, attachment.height);
  if (failure) return <MediaFailed kind="video" failure={failure} url={attachment.url} width={size.width} height={size.height} />;
  // Instagram sends no caption tracks for DM media, so there is nothing to put in a <track>.
  return (
    // eslint-disable-next-line jsx-a11y/media-has-caption
    <video
      className="kit-video"
      src={attachment.url}
      poster={attachment.previewUrl}
      controls
      preload="metadata"
      width={size.width}
      height={size.height}
      aria-label={t('attachment.video')}
      onError={onError}
    />
  );
}

export function AudioAttachment({ attachment }: { attachment: KitAudioAttachment }) {
  const t = useT();
  const f = useFormat();
  const { failure, onError } = useMediaFallback(attachment.url, attachment.expired);
  if (failure) return <MediaFailed kind="audio" failure={failure} url={attachment.url} />;
  const label = attachment.durationMs ? `${t('attachment.audio')} (${f.duration(attachment.durationMs)})` : t('attachment.audio');
  // eslint-disable-next-line jsx-a11y/media-has-caption -- no captions exist for Instagram voice messages
  return <audio className="kit-audio" src={attachment.url} controls preload="metadata" aria-label={label} onError={onError} />;
}
