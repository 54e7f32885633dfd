'use client';
/**
 * The "replied to a comment" card above a private reply in the thread: the comment it answered
 * and the post it was on (thumbnail and instagram.com link when the kit knows them), as the
 * customer sees their comment quoted in Direct. Its own chunk with the comments strings: most
 * threads hold no private reply, so the conversation pane does not carry it.
 */
import type { KitReplyToComment } from '@kit/core';
import { useCommentsT } from './useCommentsT';

export interface CommentReplyCardProps {
  comment: KitReplyToComment['comment'];
  /** Who wrote the comment (the thread's customer). */
  customerName: string;
}

export default function CommentReplyCard({ comment, customerName }: CommentReplyCardProps) {
  const t = useCommentsT();
  const thumb = comment.thumbnailUrl ? <img className="kit-comment-card__thumb" src={comment.thumbnailUrl} alt="" width={48} height={48} /> : null;
  return (
    <figure className="kit-comment-card" data-comment-id={comment.id}>
      {thumb}
      <div className="kit-comment-card__body">
        <figcaption className="kit-comment-card__label">{t('comments.card.label', { name: customerName })}</figcaption>
        <blockquote className="kit-comment-card__text">{comment.text ?? t('comments.card.comment')}</blockquote>
        {comment.permalink ? (
          <a className="kit-comment-card__link" href={comment.permalink} target="_blank" rel="noopener noreferrer">
            {t('comments.card.viewPost')}
          </a>
        ) : null}
      </div>
    </figure>
  );
}
