import type { KitMessagePreview } from '@kit/core';
import type { KitMessageKey, KitTranslate } from './i18n';

/** One line describing a message for list rows and announcements. */
export function previewText(preview: KitMessagePreview | undefined, t: KitTranslate): string {
  if (!preview) return t('conversations.noMessages');
  let body: string;
  if (preview.deleted) body = t('preview.deleted');
  else if (preview.text) body = preview.text;
  else if (preview.attachmentType) body = t(`preview.${preview.attachmentType}` as KitMessageKey);
  else body = t('preview.unsupported');
  return preview.direction === 'outbound' && !preview.deleted ? t('preview.you', { text: body }) : body;
}
