'use client';
/**
 * <MediaPicker>: a dialog to attach photos, a video, an audio file or a PDF (see
 * MediaPickerDialog). This module is only the trigger: the dialog — Radix Dialog, the byte-level
 * file checks, uploads — is a separate chunk, fetched when the agent points at or focuses the
 * button and rendered from the first open on (kept mounted afterwards, so picked files survive
 * closing and reopening).
 */
import { lazy, Suspense, useRef, useState } from 'react';
import { useKit } from '../provider';
import type { MediaPickerProps } from './types';

export type { MediaPickerProps } from './types';

const loadDialog = () => import('./MediaPickerDialog');
const MediaPickerDialog = lazy(loadDialog);
const prefetch = () => void loadDialog().catch(() => {}); // a failure shows when the dialog opens, not here

export function MediaPicker(props: MediaPickerProps) {
  const { t } = useKit();
  const triggerRef = useRef<HTMLButtonElement>(null);
  const [innerOpen, setInnerOpen] = useState(props.defaultOpen ?? false);
  const open = props.open ?? innerOpen;
  const [mounted, setMounted] = useState(open);
  if (open && !mounted) setMounted(true);
  const setOpen = (next: boolean) => {
    setInnerOpen(next);
    props.onOpenChange?.(next);
  };
  return (
    <>
      <button
        ref={triggerRef}
        type="button"
        className="kit-composer__attach"
        aria-haspopup="dialog"
        aria-expanded={open}
        data-state={open ? 'open' : 'closed'}
        onClick={() => setOpen(!open)}
        // Fetch the dialog's code as soon as the agent heads for the button.
        onPointerEnter={prefetch}
        onFocus={prefetch}
        disabled={props.disabled}
        aria-label={t('composer.attach')}
        title={t('composer.attach')}
        {...(props.disabled && props.disabledReasonId ? { 'aria-describedby': props.disabledReasonId } : {})}
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
          <path d="M12 5v14M5 12h14" stroke="currentColor" strokeWidth="2" strokeLinecap="round" fill="none" />
        </svg>
      </button>
      {mounted ? (
        <Suspense
          fallback={
            <span className="kit-visually-hidden" role="status">
              {t('common.loading')}
            </span>
          }
        >
          <MediaPickerDialog {...props} open={open} onOpenChange={setOpen} triggerRef={triggerRef} />
        </Suspense>
      ) : null}
    </>
  );
}
