'use client';
/** Native video and audio players: accessible controls for free, `preload="metadata"` so a long thread does not download media. */
import type { KitAudioAttachment, KitVideoAttachment } from '@kit/core';
import { useFormat, useT } from '../provider';
import { fitSize } from './ImageAttachment';
import { MediaPlaceholder } from './MediaPlaceholder';
import { useMediaFallback } from './useMediaFallback';

export function VideoAttachment({ attachment }: { attachment: KitVideoAttachment }) {
  const t = useT();
  const { dead, onError } = useMediaFallback(attachment.url, attachment.expired);
  const size = fitSize(attachment.width, attachment.height);
  if (dead) return <MediaPlaceholder kind="video" label={t('attachment.expired')} width={size.width} height={size.height} />;
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
  const { dead, onError } = useMediaFallback(attachment.url, attachment.expired);
  if (dead) return <MediaPlaceholder kind="audio" label={t('attachment.expired')} />;
  const label = attachment.durationMs ? `${t('attachment.audio')} (${f.duration(attachment.durationMs)})` : t('attachment.audio');
  // eslint-disable-next-line jsx-a11y/media-has-caption -- no captions exist for Instagram voice messages
  return <audio className="kit-audio" src={attachment.url} controls preload="metadata" aria-label={label} onError={onError} />;
}
