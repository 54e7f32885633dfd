import { useCallback, useLayoutEffect, useRef } from 'react';

/**
 * Grows a textarea with its text from `minRows` up to `maxRows`, then lets it scroll.
 *
 * Hand-written rather than react-textarea-autosize: that library (with @babel/runtime and its three
 * small hooks) costs ~4 KB gzip of the 40 KB budget of an open conversation, for what is one
 * measurement per change: let the box take its natural `rows` height, read `scrollHeight`, clamp.
 * `useAutoGrow.browser.test.tsx` checks it against the library, height for height.
 */
export function useAutoGrow(value: string, { minRows, maxRows }: { minRows: number; maxRows: number }) {
  const ref = useRef<HTMLTextAreaElement | null>(null);
  const fit = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    const style = getComputedStyle(el);
    const px = (name: string) => parseFloat(style.getPropertyValue(name)) || 0;
    const line = px('line-height') || px('font-size') * 1.2;
    const padding = px('padding-top') + px('padding-bottom');
    const border = px('border-top-width') + px('border-bottom-width');
    // `height` sets the border box or the content box depending on box-sizing; scrollHeight
    // counts the content and the padding.
    const borderBox = style.boxSizing === 'border-box';
    const frame = borderBox ? padding + border : 0;
    const min = line * minRows + frame;
    const max = line * maxRows + frame;
    el.style.height = `${min}px`; // shrink first: scrollHeight never reports less than the box
    const natural = el.scrollHeight + (borderBox ? border : -padding);
    el.style.height = `${Math.min(Math.max(natural, min), max)}px`;
  }, [minRows, maxRows]);
  useLayoutEffect(fit, [fit, value]);
  useLayoutEffect(() => {
    // A narrower box wraps the same text onto more lines.
    window.addEventListener('resize', fit);
    return () => window.removeEventListener('resize', fit);
  }, [fit]);
  return ref;
}
