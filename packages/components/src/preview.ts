import type { KitMessagePreview } from '@kit/core';
import type { KitMessageKey, KitTranslate } from './i18n';

/** One line describing a message for list rows and announcements. */
export function previewText(p: KitMessagePreview | undefined, t: KitTranslate): string {
  if (!p) return t('conversations.noMessages');
  let body: string;
  if (p.deleted) body = t('preview.deleted');
  else if (p.text) body = p.text;
  else if (p.attachmentType) body = t(`preview.${p.attachmentType}` as KitMessageKey);
  else body = t('preview.unsupported');
  return p.direction === 'outbound' && !p.deleted ? t('preview.you', { text: body }) : body;
}
