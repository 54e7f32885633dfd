/** Renders any KitAttachment by kind; unknown kinds get a placeholder, never nothing. */
import type { KitAttachment } from '@kit/core';
import { useT } from '../provider';
import { validateLink } from '@kit/core';
import { FileAttachment } from './FileAttachment';
import { ImageAttachment } from './ImageAttachment';
import { MediaPlaceholder } from './MediaPlaceholder';
import { AudioAttachment, VideoAttachment } from './PlayerAttachment';
import { ShareCard } from './ShareCard';
import { StoryPreview } from './StoryPreview';

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
      return <ShareCard attachment={attachment} />;
    case 'story_mention':
      return <StoryPreview kind="mention" url={attachment.url} expired={attachment.expired} />;
    case 'ephemeral':
      return <MediaPlaceholder kind="ephemeral" label={t('attachment.ephemeral')} />;
    case 'template':
      return (
        <div className="kit-template">
          {attachment.text ? <p className="kit-template-text">{attachment.text}</p> : null}
          {(attachment.elements ?? []).map((el, i) => (
            <div className="kit-template-element" key={i}>
              <strong className="kit-template-title">{el.title}</strong>
              {el.subtitle ? <span className="kit-template-subtitle">{el.subtitle}</span> : null}
              {(el.buttons ?? []).map((b, j) => (
                <span className="kit-template-button" key={j}>
                  <TemplateButton title={b.title} url={b.type === 'web_url' ? b.url : undefined} />
                </span>
              ))}
            </div>
          ))}
        </div>
      );
    default:
      return <MediaPlaceholder kind="unsupported" label={t('attachment.unsupported')} />;
  }
}

/** A template's URL button: a link only when the URL passes core's link rule (http/https). */
function TemplateButton({ title, url }: { title: string; url: string | undefined }) {
  const v = url ? validateLink(url) : null;
  if (!v?.ok) return <>{title}</>;
  return (
    <a className="kit-link" href={v.url} target="_blank" rel="noopener noreferrer">
      {title}
    </a>
  );
}
