'use client';
/**
 * The "Send as N messages" offer for a text over the byte limit. Splitting a long text walks
 * grapheme boundaries, which costs more than counting, so it runs on a deferred copy of the text:
 * the keystroke and the counter render first, the offer follows when the browser is idle.
 */
import { useDeferredValue, useMemo } from 'react';
import { splitText, TEXT_MAX_BYTES, TextSplitError } from '@kit/core';

/**
 * Most parts the composer offers to send. A kit choice, not Meta's: past this the text is an
 * essay, and a burst of messages to one customer is what the tagged-message throttle punishes.
 */
export const MAX_SPLIT_PARTS = 10;

export type SplitOffer =
  | { kind: 'none' }
  | { kind: 'parts'; parts: string[] }
  | { kind: 'too_many'; count: number }
  | { kind: 'impossible' };

export function splitOffer(text: string, max: number = TEXT_MAX_BYTES): SplitOffer {
  try {
    const parts = splitText(text, max);
    if (parts.length <= 1) return { kind: 'none' };
    return parts.length > MAX_SPLIT_PARTS ? { kind: 'too_many', count: parts.length } : { kind: 'parts', parts };
  } catch (err) {
    if (err instanceof TextSplitError) return { kind: 'impossible' };
    throw err;
  }
}

/** The offer for `text` when `over` is true; `{ kind: 'none' }` otherwise. */
export function useSplitOffer(text: string, over: boolean, max: number = TEXT_MAX_BYTES): SplitOffer & { pending: boolean } {
  const deferred = useDeferredValue(over ? text : '');
  const offer = useMemo(() => (deferred === '' ? ({ kind: 'none' } as const) : splitOffer(deferred, max)), [deferred, max]);
  return { ...offer, pending: over && deferred !== text };
}
