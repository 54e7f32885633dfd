'use client';
/**
 * An image, sized before it loads (width/height → aspect-ratio, so the virtualized row does not
 * jump), loaded lazily, and opened in a lightbox (Radix Dialog: focus trap, Escape, return focus).
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useRef, useState } from 'react';
import type { KitImageAttachment } from '@kit/core';
import { useT } from '../provider';
import { useMediaFallback } from './useMediaFallback';
import { MediaPlaceholder } from './MediaPlaceholder';

const MAX = 240;

/** Display size inside the bubble: at most MAX px on the long side, aspect ratio kept. */
export function fitSize(width: number | undefined, height: number | undefined, max = MAX): { width: number; height: number } {
  if (!width || !height) return { width: max, height: Math.round(max * 0.75) };
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

export function ImageAttachment({ attachment }: { attachment: KitImageAttachment }) {
  const t = useT();
  const { dead, onError } = useMediaFallback(attachment.url, attachment.expired);
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const [container, setContainer] = useState<HTMLElement | null>(null);
  const size = fitSize(attachment.width, attachment.height, attachment.sticker ? 120 : MAX);
  if (dead) return <MediaPlaceholder kind="image" label={t('attachment.expired')} width={size.width} height={size.height} />;
  const alt = attachment.name ?? t('attachment.image');
  return (
    <Dialog.Root
      open={open}
      onOpenChange={(o) => {
        // Portal into the kit root so the lightbox keeps the theme variables (no global CSS).
        if (o) setContainer(trigger.current?.closest<HTMLElement>('.kit-root') ?? null);
        setOpen(o);
      }}
    >
      <Dialog.Trigger asChild>
        <button ref={trigger} type="button" className="kit-image-button" aria-label={t('attachment.openImage')} data-sticker={attachment.sticker ? '' : undefined}>
          <img
            className="kit-image"
            src={attachment.url}
            alt={alt}
            width={size.width}
            height={size.height}
            loading="lazy"
            decoding="async"
            style={{ aspectRatio: `${size.width} / ${size.height}` }}
            onError={onError}
          />
        </button>
      </Dialog.Trigger>
      <Dialog.Portal container={container}>
        <Dialog.Overlay className="kit-lightbox-overlay" />
        <Dialog.Content className="kit-lightbox" aria-describedby={undefined}>
          <Dialog.Title className="kit-visually-hidden">{alt}</Dialog.Title>
          <img className="kit-lightbox-image" src={attachment.url} alt={alt} />
          <Dialog.Close className="kit-button kit-lightbox-close">{t('attachment.close')}</Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
