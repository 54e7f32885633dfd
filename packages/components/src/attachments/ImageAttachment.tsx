'use client';
/**
 * An image, sized before it loads (width/height → aspect-ratio, so the virtualized row does not
 * jump), loaded lazily, and opened in a lightbox (Radix Dialog: focus trap, Escape, return focus)
 * whose code is its own chunk, fetched when the agent points at or focuses an image.
 */
import { lazy, Suspense, useRef, useState } from 'react';
import type { KitImageAttachment } from '@kit/core';
import { useT } from '../provider';
import { useMediaFallback } from './useMediaFallback';
import { MediaPlaceholder } from './MediaPlaceholder';

const MAX = 240;
const loadLightbox = () => import('./Lightbox');
const Lightbox = lazy(loadLightbox);
const prefetch = () => void loadLightbox().catch(() => {}); // a failure shows when it opens, not here

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
    <>
      <button
        ref={trigger}
        type="button"
        className="kit-image-button"
        aria-label={t('attachment.openImage')}
        aria-haspopup="dialog"
        aria-expanded={open}
        data-sticker={attachment.sticker ? '' : undefined}
        onClick={() => {
          setContainer(trigger.current?.closest<HTMLElement>('.kit-root') ?? null);
          setOpen(true);
        }}
        onPointerEnter={prefetch}
        onFocus={prefetch}
      >
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
      {open ? (
        <Suspense fallback={null}>
          <Lightbox open={open} onOpenChange={setOpen} src={attachment.url} alt={alt} container={container} triggerRef={trigger} />
        </Suspense>
      ) : null}
    </>
  );
}
