/**
 * A PDF as a chip: name, size (decimal units like Meta's limits; shown once its small chunk is
 * here, see FileSize — the chip keeps its height meanwhile) and a download link.
 */
import { lazy, Suspense } from 'react';
import type { KitFileAttachment } from '@kit/core';
import { useKit } from '../provider';
import { MediaPlaceholder } from './MediaPlaceholder';

const FileSize = lazy(() => import('./FileSize'));

export function FileAttachment({ attachment }: { attachment: KitFileAttachment }) {
  const { t } = useKit();
  const name = attachment.name ?? t('attachment.file');
  if (!attachment.url || attachment.expired) return <MediaPlaceholder kind="file" label={t('attachment.expired')} />;
  return (
    <a className="kit-file-chip" href={attachment.url} target="_blank" rel="noopener noreferrer" download={attachment.name ?? true}>
      <span className="kit-file-icon" aria-hidden="true">
        PDF
      </span>
      <span className="kit-file-name">{name}</span>
      {attachment.size !== undefined ? (
        <Suspense fallback={null}>
          <FileSize bytes={attachment.size} />
        </Suspense>
      ) : null}
    </a>
  );
}
