/**
 * Story mentions and story replies show the story itself — but stories expire after 24 h and
 * Meta's URL with them, so the preview degrades to a labelled placeholder instead of a broken image.
 */
import { useT } from '../provider';
import { useMediaFallback } from './useMediaFallback';

export function StoryPreview({ url, expired, kind }: { url: string | undefined; expired?: boolean; kind: 'mention' | 'reply' }) {
  const t = useT();
  const { dead, onError } = useMediaFallback(url, expired);
  const label = kind === 'mention' ? t('attachment.storyMention') : t('attachment.storyReply');
  return (
    <figure className="kit-story" data-kind={kind} data-state={dead ? 'expired' : 'available'}>
      <figcaption className="kit-story-label">{label}</figcaption>
      {dead ? (
        <span className="kit-story-media kit-media-placeholder" role="img" aria-label={t('attachment.storyExpired')}>
          <span aria-hidden="true">{t('attachment.storyExpired')}</span>
        </span>
      ) : (
        <img className="kit-story-media" src={url} alt={label} loading="lazy" decoding="async" onError={onError} />
      )}
    </figure>
  );
}
