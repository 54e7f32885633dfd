'use client';
/**
 * React binding of AnchoredScroller: one per mounted list, rendering the window of rows it asks
 * for and letting it measure and place them after every commit, before paint.
 */
import { useEffect, useLayoutEffect, useState, useSyncExternalStore } from 'react';
import { AnchoredScroller } from './anchoredScroller';
import type { AnchoredScrollerOptions, AnchoredScrollState } from './anchoredScroller';
import type { ListRange } from './anchoredList';

const useIsoLayoutEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect;

export interface AnchoredScroll extends AnchoredScrollState {
  /** Rows to render now. */
  range: ListRange;
  /** The scroller's commands (stable for the component's life). */
  scroller: AnchoredScroller;
  /** Callback refs for the scrolling element, the header wrapper and the list of rows. */
  scrollerRef: (el: HTMLElement | null) => void;
  headerRef: (el: HTMLElement | null) => void;
  listRef: (el: HTMLElement | null) => void;
}

export function useAnchoredScroll(keys: readonly string[], options: AnchoredScrollerOptions): AnchoredScroll {
  const [scroller] = useState(() => new AnchoredScroller(options));
  const range = scroller.prepare(keys, options);
  const state = useSyncExternalStore(scroller.subscribe, scroller.getState, scroller.getState);
  useIsoLayoutEffect(() => scroller.committed());
  return { ...state, range, scroller, scrollerRef: scroller.attachScroller, headerRef: scroller.attachHeader, listRef: scroller.attachList };
}
