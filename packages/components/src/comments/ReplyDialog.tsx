'use client';
/**
 * The composer for answering one comment, in a dialog (Radix: focus moves to the text field, is
 * trapped while open, Escape closes, focus returns to the button that opened it).
 *
 * Privately: the answer goes to the person's Direct inbox, once per comment — the live UTF-8 byte
 * counter is the thread composer's (`useByteCounter`, @kit/core's 1000-byte limit). One clientId
 * per opened dialog, so sending again after a network error cannot answer twice. Publicly: the
 * answer goes under the post, counted in characters against the kit's bound.
 * Enter adds a line; Ctrl/⌘+Enter sends (a reply is often several lines).
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useId, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { PUBLIC_REPLY_MAX_CHARS, type KitComment } from '@kit/core';
import { useByteCounter } from '../composer/useByteCounter';
import { useT } from '../provider';
import type { CommentsT } from './useCommentsT';

export type ReplyMode = 'private' | 'public';

export interface ReplyDialogProps {
  comment: KitComment;
  mode: ReplyMode;
  /** Sends; rejects with an Error whose message is shown (the dialog stays open). */
  onSend(text: string, clientId: string): Promise<void>;
  onClose(): void;
  /** Where to portal: the kit root, so the theme variables apply. */
  container: HTMLElement | null;
  /** The button that opened the dialog: focus goes back to it on close (the dialog unmounts then). */
  opener?: HTMLElement | null;
  t: CommentsT;
  /** Text to start with (stories). */
  defaultText?: string;
}

const newClientId = () => (typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`);

export function ReplyDialog({ comment, mode, onSend, onClose, container, opener, t, defaultText = '' }: ReplyDialogProps) {
  const kitT = useT();
  const id = useId();
  const [text, setText] = useState(defaultText);
  const [clientId] = useState(newClientId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const bytes = useByteCounter(text);
  const chars = [...text].length;
  const over = mode === 'private' ? bytes.state === 'over' : chars > PUBLIC_REPLY_MAX_CHARS;
  const name = comment.from.username ? `@${comment.from.username}` : kitT('conversations.unknownCustomer');

  const send = (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    if (text.trim() === '') return setError(t('comments.dialog.empty'));
    if (over) return setError(t('comments.dialog.tooLong'));
    setBusy(true);
    setError(null);
    onSend(text, clientId).then(
      () => onClose(),
      (err: unknown) => {
        setBusy(false);
        setError(t('comments.dialog.failed', { message: err instanceof Error ? err.message : String(err) }));
      },
    );
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.nativeEvent.isComposing) send(e);
  };

  return (
    <Dialog.Root open onOpenChange={(open) => (open ? undefined : onClose())}>
      <Dialog.Portal container={container}>
        <Dialog.Overlay className="kit-picker__overlay" />
        <Dialog.Content
          className="kit-picker kit-comment-dialog"
          data-mode={mode}
          aria-describedby={`${id}note`}
          onCloseAutoFocus={(e) => {
            if (!opener?.isConnected) return;
            e.preventDefault();
            opener.focus();
          }}
        >
          <Dialog.Title className="kit-picker__title">{t(mode === 'private' ? 'comments.dialog.private' : 'comments.dialog.public', { name })}</Dialog.Title>
          <p id={`${id}note`} className="kit-picker__description">
            {t(mode === 'private' ? 'comments.dialog.privateNote' : 'comments.dialog.publicNote', { name })}
          </p>
          <figure className="kit-comment-dialog__comment">
            <figcaption className="kit-visually-hidden">{t('comments.dialog.comment')}</figcaption>
            <blockquote>{comment.text}</blockquote>
          </figure>
          <form onSubmit={send} className="kit-comment-dialog__form">
            <label htmlFor={`${id}in`} className="kit-comment-dialog__label">
              {t('comments.dialog.label')}
            </label>
            <textarea
              id={`${id}in`}
              className="kit-comment-dialog__input"
              rows={4}
              value={text}
              aria-describedby={`${id}count`}
              aria-invalid={over || undefined}
              onChange={(e) => {
                setText(e.target.value);
                setError(null);
              }}
              onKeyDown={onKeyDown}
            />
            <span id={`${id}count`} className="kit-counter" data-state={mode === 'private' ? bytes.state : over ? 'over' : 'ok'}>
              {mode === 'private' ? (
                <>
                  <span aria-hidden="true">{kitT('composer.counter', { bytes: bytes.bytes, max: bytes.max })}</span>
                  <span className="kit-visually-hidden">{kitT('composer.counterLabel', { bytes: bytes.bytes, max: bytes.max })}</span>
                </>
              ) : (
                t('comments.dialog.chars', { count: chars, max: PUBLIC_REPLY_MAX_CHARS })
              )}
            </span>
            {error ? (
              <p role="alert" className="kit-picker__problem">
                {error}
              </p>
            ) : null}
            <div className="kit-picker__actions">
              <Dialog.Close className="kit-composer__secondary">{t('comments.dialog.cancel')}</Dialog.Close>
              <button type="submit" className="kit-composer__send" aria-disabled={busy || undefined}>
                {busy ? t('comments.dialog.sending') : t(mode === 'private' ? 'comments.dialog.send' : 'comments.dialog.post')}
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
