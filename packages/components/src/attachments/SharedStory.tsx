/**
 * A story the customer shared into the chat (webhook `ig_story`, a `share` with `storyId`): drawn
 * as a story — tall, labelled "Shared a story" — not as a shared post. Stories expire after 24 h
 * and their URL with them, so it degrades to the same labelled placeholder as story mentions.
 * Its own chunk (Attachment.tsx loads it the first time one is shown).
 */
import type { KitShareAttachment } from '@kit/core';
import { useT } from '../provider';
import { useStructuredT } from '../structured/strings';
import { useMediaFallback } from './useMediaFallback';

export default function SharedStory({ attachment }: { attachment: KitShareAttachment }) {
  const t = useT();
  const label = useStructuredT()('story.shared');
  const { dead, onError } = useMediaFallback(attachment.url, attachment.expired);
  return (
    <figure className="kit-story" data-kind="share" data-state={dead ? 'expired' : 'available'}>
      <figcaption className="kit-story-label">{label}</figcaption>
      {dead ? (
        <span className="kit-story-media kit-media-placeholder" role="img" aria-label={t('attachment.storyExpired')}>
          <span aria-hidden="true">{t('attachment.storyExpired')}</span>
        </span>
      ) : (
        <img className="kit-story-media" src={attachment.url} alt={label} loading="lazy" decoding="async" onError={onError} />
      )}
      {attachment.title ? <span className="kit-share-caption">{attachment.title}</span> : null}
    </figure>
  );
}
