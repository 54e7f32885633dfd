'use client';
/**
 * Live UTF-8 byte counting for the composer. The count is computed during render from the text
 * itself (no effect, no state), so it is on screen in the same frame as the keystroke; core's
 * `measureText` re-measures only the changed middle of a long text, which keeps a 1 MB paste
 * cheap. Screen readers get an announcement only when the state changes (ok → near → over and
 * back), never per keystroke: a per-keystroke live region is what makes character counters
 * unbearable (GOV.UK character-count lessons, ui-anchors §2.4).
 */
import { useState } from 'react';
import { measureText, TEXT_MAX_BYTES } from '@kit/core';

export type ByteCounterState = 'ok' | 'near' | 'over';

/**
 * From this share of the limit on the counter says "near". A UI choice (not a Meta rule): 90 %
 * leaves room for about one more sentence before the limit.
 */
export const NEAR_LIMIT_RATIO = 0.9;

export interface ByteCount {
  /** UTF-8 bytes of the text. */
  bytes: number;
  /** The limit (TEXT_MAX_BYTES unless overridden). */
  max: number;
  /** `max - bytes`, negative when over. */
  remaining: number;
  /** Bytes over the limit (0 when within). */
  over: number;
  graphemes: number;
  state: ByteCounterState;
}

export function byteCounterState(bytes: number, max: number = TEXT_MAX_BYTES): ByteCounterState {
  if (bytes > max) return 'over';
  return bytes >= Math.ceil(max * NEAR_LIMIT_RATIO) ? 'near' : 'ok';
}

/** The count for a text, without React. */
export function countBytes(text: string, max: number = TEXT_MAX_BYTES): ByteCount {
  const m = measureText(text, max);
  return {
    bytes: m.bytes,
    max,
    remaining: m.remaining,
    over: Math.max(0, -m.remaining),
    graphemes: m.graphemes,
    state: byteCounterState(m.bytes, max),
  };
}

export interface UseByteCounterResult extends ByteCount {
  /**
   * The state to announce, set only when `state` changed since the previous render (`null`
   * before the first change). Render it in a polite live region; its content then changes only
   * on a state change.
   */
  announced: ByteCounterState | null;
}

export function useByteCounter(text: string, options: { max?: number } = {}): UseByteCounterResult {
  const count = countBytes(text, options.max ?? TEXT_MAX_BYTES);
  // "Storing information from previous renders" (React docs): compare with the last state seen
  // and update during render, so the announcement is in the same commit as the counter.
  const [seen, setSeen] = useState<ByteCounterState>(count.state);
  const [announced, setAnnounced] = useState<ByteCounterState | null>(null);
  if (seen !== count.state) {
    setSeen(count.state);
    setAnnounced(count.state);
  }
  return { ...count, announced: seen !== count.state ? count.state : announced };
}
