/** A PDF as a chip: name, size (decimal units like Meta's limits) and a download link. */
import { formatBytes } from '@kit/core';
import type { KitFileAttachment } from '@kit/core';
import { useKit } from '../provider';
import { MediaPlaceholder } from './MediaPlaceholder';

export function FileAttachment({ attachment }: { attachment: KitFileAttachment }) {
  const { t, locale } = useKit();
  const name = attachment.name ?? t('attachment.file');
  if (!attachment.url || attachment.expired) return <MediaPlaceholder kind="file" label={t('attachment.expired')} />;
  return (
    <a className="kit-file-chip" href={attachment.url} target="_blank" rel="noopener noreferrer" download={attachment.name ?? true}>
      <span className="kit-file-icon" aria-hidden="true">
        PDF
      </span>
      <span className="kit-file-name">{name}</span>
      {attachment.size !== undefined ? <span className="kit-file-size">{formatBytes(attachment.size, locale)}</span> : null}
    </a>
  );
}
