/**
 * Shared posts and reels (ig_post, ig_reel, reel, legacy share): a card with the preview image and
 * caption. The preview URL expires like any CDN URL; the caption stays.
 */
import type { KitIgPostAttachment, KitIgReelAttachment, KitReelAttachment, KitShareAttachment } from '@kit/core';
import type { KitMessageKey } from '../i18n';
import { useT } from '../provider';
import { useMediaFallback } from './useMediaFallback';

type ShareLike = KitIgPostAttachment | KitIgReelAttachment | KitReelAttachment | KitShareAttachment;

export function ShareCard({ attachment }: { attachment: ShareLike }) {
  const t = useT();
  const { dead, onError } = useMediaFallback(attachment.url, attachment.expired);
  const kindLabel = t(`attachment.${attachment.type}` as KitMessageKey);
  const vertical = attachment.type !== 'ig_post' && attachment.type !== 'share';
  return (
    <figure className="kit-share-card" data-kind={attachment.type}>
      {dead ? (
        <span className="kit-share-media kit-media-placeholder" data-vertical={vertical ? '' : undefined} role="img" aria-label={t('attachment.expired')} />
      ) : (
        <img className="kit-share-media" data-vertical={vertical ? '' : undefined} src={attachment.url} alt="" loading="lazy" decoding="async" onError={onError} />
      )}
      <figcaption className="kit-share-caption">
        <span className="kit-share-kind">{kindLabel}</span>
        {attachment.title ? <span className="kit-share-title">{attachment.title}</span> : null}
      </figcaption>
    </figure>
  );
}
