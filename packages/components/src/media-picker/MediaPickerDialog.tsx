'use client';
/**
 * The media picker's dialog (Radix Dialog), loaded on demand by <MediaPicker> the first time it
 * opens, so Radix and the file checks stay out of the kit's initial JavaScript. Files come by
 * drag and drop, paste or the file chooser; each is sniffed from its first bytes and checked
 * against Instagram's limits before anything is uploaded (useMediaCheck), then uploaded with
 * progress, cancel and retry (useUploads), then sent as one message.
 */
import { useMemo, useRef, useState } from 'react';
import type { ClipboardEvent, DragEvent, RefObject } from 'react';
import * as Dialog from '@radix-ui/react-dialog';
import { formatBytes, MEDIA_ACCEPT, MEDIA_LIMITS } from '@kit/core';
import type { KitAttachment, MediaKind } from '@kit/core';
import type { KitOutboundAttachment } from '../client';
import { useSend } from '../hooks/useSend';
import { useKit } from '../provider';
import { pickerCatalogs } from '../i18n/picker';
import { useScopedT } from '../i18n/scoped';
import { formatList, rejectionText, setProblemText } from './rejections';
import { proxyUploader } from './upload';
import { useMediaCheck } from './useMediaCheck';
import type { PickedFile } from './useMediaCheck';
import { useUploads } from './useUploads';
import type { UploadState } from './useUploads';
import type { MediaPickerProps } from './types';

export interface MediaPickerDialogProps extends MediaPickerProps {
  open: boolean;
  onOpenChange(open: boolean): void;
  /** The trigger, which gets focus back on close (it lives outside this dialog's Radix root). */
  triggerRef: RefObject<HTMLButtonElement | null>;
}

function filesOf(list: FileList | null | undefined): File[] {
  return list ? Array.from(list) : [];
}

export default function MediaPickerDialog(props: MediaPickerDialogProps) {
  const { client, accountId, locale } = useKit();
  const t = useScopedT(pickerCatalogs);
  const upload = useMemo(() => props.upload ?? proxyUploader(client.baseUrl, accountId), [props.upload, client.baseUrl, accountId]);
  const check = useMediaCheck(props.defaultFiles);
  const uploads = useUploads(upload);
  const sender = useSend(props.conversationId);
  const input = useRef<HTMLInputElement>(null);
  const open = props.open;
  const [dragging, setDragging] = useState(false);
  const [phase, setPhase] = useState<'idle' | 'sending' | 'incomplete'>('idle');
  const [error, setError] = useState<string | null>(null);

  const setOpen = props.onOpenChange;

  const description = t('picker.description', {
    image: formatList(locale, 'image'),
    imageMax: formatBytes(MEDIA_LIMITS.image.maxBytes, locale),
    imageCount: MEDIA_LIMITS.image.perMessage,
    video: formatList(locale, 'video'),
    audio: formatList(locale, 'audio'),
    otherMax: formatBytes(MEDIA_LIMITS.video.maxBytes, locale),
  });

  const setProblem = setProblemText(t, check.set);
  const canSend = check.ready && !props.disabled && phase !== 'sending';

  async function sendAll() {
    if (!canSend || !check.set?.ok) return;
    const files = check.accepted;
    const kinds = check.set.files.map((f) => f.kind);
    setPhase('sending');
    setError(null);
    const settled = await Promise.allSettled(files.map((f) => uploads.ensure(f.id, f.file)));
    if (settled.some((s) => s.status === 'rejected')) {
      setPhase('incomplete');
      return;
    }
    const attachments: KitOutboundAttachment[] = [];
    const preview: KitAttachment[] = [];
    settled.forEach((s, i) => {
      if (s.status !== 'fulfilled') return;
      const f = files[i]!;
      const type = kinds[i] ?? 'file';
      attachments.push({ type, ...(s.value.attachmentId ? { attachmentId: s.value.attachmentId } : {}), ...(s.value.url ? { url: s.value.url } : {}) });
      const url = s.value.url ?? f.previewUrl;
      preview.push({ type, name: f.file.name, size: f.file.size, ...(url ? { url } : {}) } as KitAttachment);
    });
    try {
      const opts = { ...(props.tag ? { tag: props.tag } : {}), preview };
      if (props.onSend) await props.onSend(attachments, opts);
      else await sender.sendAttachments(attachments, opts);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setPhase('incomplete');
      return;
    }
    for (const f of files) uploads.forget(f.id);
    // The thread shows the sent files from their object URLs until the proxy's echo arrives,
    // so those URLs are handed over rather than revoked.
    check.clear({ keep: files.map((f) => f.id) });
    setPhase('idle');
    setOpen(false);
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    check.add(filesOf(event.dataTransfer?.files));
  }

  function onPaste(event: ClipboardEvent<HTMLDivElement>) {
    const files = filesOf(event.clipboardData?.files);
    if (files.length === 0) return; // plain text paste into the dialog: leave it alone
    event.preventDefault();
    check.add(files);
  }

  const count = check.accepted.length;

  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      {/* No portal: the dialog stays inside .kit-root, so the kit's scoped variables apply. */}
      <Dialog.Overlay className="kit-picker__overlay" />
      <Dialog.Content
        className="kit-picker"
        onPaste={onPaste}
        data-state-phase={phase}
        onCloseAutoFocus={(e) => {
          e.preventDefault();
          props.triggerRef.current?.focus();
        }}
      >
        <Dialog.Title className="kit-picker__title">{t('picker.title')}</Dialog.Title>
        <Dialog.Description className="kit-picker__description">{description}</Dialog.Description>
        {/* The drop zone is a convenience for mouse users; the button inside is the keyboard path. */}
        <div
          className="kit-picker__drop"
          data-state={dragging ? 'active' : 'idle'}
          onDragEnter={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragOver={(e) => {
            e.preventDefault();
            if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
          }}
          onDragLeave={(e) => {
            if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
          }}
          onDrop={onDrop}
        >
          <span>{dragging ? t('picker.dropActive') : t('picker.drop')}</span>{' '}
          <button type="button" className="kit-picker__browse" onClick={() => input.current?.click()}>
            {t('picker.browse')}
          </button>
          <input
            ref={input}
            type="file"
            multiple
            accept={MEDIA_ACCEPT}
            className="kit-visually-hidden"
            tabIndex={-1}
            aria-hidden="true"
            onChange={(e) => {
              check.add(filesOf(e.target.files));
              e.target.value = '';
            }}
          />
        </div>
        {check.files.length > 0 ? (
          <ul className="kit-picker__files">
            {check.files.map((f) => (
              <PickedRow key={f.id} file={f} upload={uploads.stateOf(f.id)} onRemove={() => {
                uploads.forget(f.id);
                check.remove(f.id);
              }} onCancel={() => uploads.cancel(f.id)} onRetry={() => void uploads.ensure(f.id, f.file).catch(() => {})} />
            ))}
          </ul>
        ) : null}
        {setProblem ? (
          <p role="alert" className="kit-picker__problem">
            {setProblem}
          </p>
        ) : null}
        {phase === 'incomplete' ? (
          <p role="alert" className="kit-picker__problem">
            {error ?? t('picker.someFailed')}
          </p>
        ) : null}
        <div className="kit-picker__actions">
          <Dialog.Close asChild>
            <button type="button" className="kit-composer__secondary">
              {t('picker.close')}
            </button>
          </Dialog.Close>
          <button type="button" className="kit-composer__send" aria-disabled={!canSend} onClick={() => void sendAll()}>
            {phase === 'sending' ? t('picker.sending') : t('picker.send', { count })}
          </button>
        </div>
      </Dialog.Content>
    </Dialog.Root>
  );
}

function Preview({ file }: { file: PickedFile }) {
  const r = file.result;
  if (!r?.ok || !file.previewUrl) return null;
  const kind: MediaKind = r.kind;
  const name = file.file.name;
  switch (kind) {
    case 'image':
      return <img className="kit-picker__preview" src={file.previewUrl} alt={name} />;
    case 'video':
      return <video className="kit-picker__preview" src={file.previewUrl} muted controls aria-label={name} />;
    case 'audio':
      // A preview of the agent's own local file before sending: there are no captions to offer.
      // eslint-disable-next-line jsx-a11y/media-has-caption
      return <audio className="kit-picker__audio" src={file.previewUrl} controls aria-label={name} />;
    case 'file':
      // No embedded viewer: Chromium's PDF plugin is heavy and unreliable in embedded frames. A
      // tile, and the file itself one click away in the browser's own viewer.
      return (
        <a className="kit-picker__preview kit-picker__pdf" href={file.previewUrl} target="_blank" rel="noreferrer" aria-label={`${name} (PDF)`}>
          PDF
        </a>
      );
  }
}

function PickedRow(props: { file: PickedFile; upload: UploadState; onRemove(): void; onCancel(): void; onRetry(): void }) {
  const { locale } = useKit();
  const t = useScopedT(pickerCatalogs);
  const { file, upload } = props;
  const name = file.file.name;
  let status: string;
  if (file.status === 'checking') status = t('picker.checking');
  else if (file.status === 'rejected' && file.result && !file.result.ok) status = rejectionText(t, locale, name, file.result);
  else if (upload.status === 'uploading') status = t('picker.uploading', { percent: Math.floor((upload.loaded / Math.max(1, upload.total)) * 100) });
  else if (upload.status === 'done') status = t('picker.uploaded');
  else if (upload.status === 'failed') status = t('picker.failed', { message: upload.message });
  else if (upload.status === 'canceled') status = t('picker.canceled');
  else status = t('picker.ready', { size: formatBytes(file.file.size, locale) });
  const state = file.status === 'accepted' ? (upload.status === 'idle' ? 'accepted' : upload.status) : file.status;
  return (
    <li className="kit-picker__file" data-state={state}>
      <Preview file={file} />
      <div className="kit-picker__info">
        <span className="kit-picker__name">{name}</span>
        <span className="kit-picker__status" role={file.status === 'rejected' ? 'alert' : undefined}>
          {status}
        </span>
        {upload.status === 'uploading' ? (
          <progress className="kit-picker__progress" value={upload.loaded} max={Math.max(1, upload.total)} aria-label={t('picker.progress', { name })} />
        ) : null}
      </div>
      <div className="kit-picker__file-actions">
        {upload.status === 'uploading' ? (
          <button type="button" className="kit-composer__secondary" onClick={props.onCancel} aria-label={t('picker.cancel', { name })}>
            ✕
          </button>
        ) : null}
        {upload.status === 'failed' || upload.status === 'canceled' ? (
          <button type="button" className="kit-composer__secondary" onClick={props.onRetry} aria-label={t('picker.retry', { name })}>
            ↻
          </button>
        ) : null}
        {upload.status !== 'uploading' ? (
          <button type="button" className="kit-composer__secondary" onClick={props.onRemove} aria-label={t('picker.remove', { name })}>
            🗑
          </button>
        ) : null}
      </div>
    </li>
  );
}
