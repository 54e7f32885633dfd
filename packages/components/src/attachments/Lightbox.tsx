'use client';
/**
 * The image lightbox (Radix Dialog: focus trap, Escape, focus back to the image), loaded on demand
 * by ImageAttachment the first time an image is opened, so Radix stays out of the initial chunk.
 * Portalled into the kit root so it keeps the theme variables (no global CSS).
 */
import * as Dialog from '@radix-ui/react-dialog';
import type { RefObject } from 'react';
import { useT } from '../provider';

export interface LightboxProps {
  open: boolean;
  onOpenChange(open: boolean): void;
  src: string | undefined;
  alt: string;
  /** Where to portal: the kit root, so the theme variables apply. */
  container: HTMLElement | null;
  /** The image button that opened it, which gets focus back on close. */
  triggerRef: RefObject<HTMLButtonElement | null>;
}

export default function Lightbox({ open, onOpenChange, src, alt, container, triggerRef }: LightboxProps) {
  const t = useT();
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal container={container}>
        <Dialog.Overlay className="kit-lightbox-overlay" />
        <Dialog.Content
          className="kit-lightbox"
          aria-describedby={undefined}
          onCloseAutoFocus={(e) => {
            e.preventDefault();
            triggerRef.current?.focus();
          }}
        >
          <Dialog.Title className="kit-visually-hidden">{alt}</Dialog.Title>
          <img className="kit-lightbox-image" src={src} alt={alt} />
          <Dialog.Close className="kit-button kit-lightbox-close">{t('attachment.close')}</Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
