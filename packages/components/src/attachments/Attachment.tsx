/** Renders any KitAttachment by kind; unknown kinds get a placeholder, never nothing. */
import { lazy, Suspense } from 'react';
import type { KitAttachment } from '@kit/core';
import { useT } from '../provider';
import { FileAttachment } from './FileAttachment';
import { ImageAttachment } from './ImageAttachment';
import { MediaPlaceholder } from './MediaPlaceholder';
import { AudioAttachment, VideoAttachment } from './PlayerAttachment';
import { ShareCard } from './ShareCard';
import { StoryPreview } from './StoryPreview';

// Rare in a thread, so in their own chunks: fetched the first time one is shown.
const TemplateCard = lazy(() => import('../structured/TemplateCard'));
const SharedStory = lazy(() => import('./SharedStory'));

export function Attachment({ attachment }: { attachment: KitAttachment }) {
  const t = useT();
  switch (attachment.type) {
    case 'image':
      return <ImageAttachment attachment={attachment} />;
    case 'video':
      return <VideoAttachment attachment={attachment} />;
    case 'audio':
      return <AudioAttachment attachment={attachment} />;
    case 'file':
      return <FileAttachment attachment={attachment} />;
    case 'like_heart':
      return (
        <span className="kit-like-heart" role="img" aria-label={t('attachment.likeHeart')}>
          ❤️
        </span>
      );
    case 'ig_post':
    case 'ig_reel':
    case 'reel':
    case 'share':
      return attachment.type === 'share' && attachment.storyId ? (
        <Suspense fallback={<MediaPlaceholder kind="story" label={t('attachment.share')} />}>
          <SharedStory attachment={attachment} />
        </Suspense>
      ) : (
        <ShareCard attachment={attachment} />
      );
    case 'story_mention':
      return <StoryPreview kind="mention" url={attachment.url} expired={attachment.expired} />;
    case 'ephemeral':
      return <MediaPlaceholder kind="ephemeral" label={t('attachment.ephemeral')} />;
    case 'template':
      return (
        <Suspense fallback={<MediaPlaceholder kind="template" label={t('attachment.template')} />}>
          <TemplateCard attachment={attachment} />
        </Suspense>
      );
    default:
      return <MediaPlaceholder kind="unsupported" label={t('attachment.unsupported')} />;
  }
}
