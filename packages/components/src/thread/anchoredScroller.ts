/**
 * The DOM side of AnchoredList, without React: it measures the rendered rows, lays them out and
 * scrolls so that what the model holds stays where it is. `useAnchoredScroll` binds it to React.
 *
 * Layout: a scroller holding a header and a list; the list's padding stands for the rows that are
 * not rendered, and the rendered rows sit in normal flow, each a wrapper whose height is set to its
 * content's height in whole pixels (the content is the wrapper's first child). So every offset is
 * an integer the model knows, and a row that changes size moves the rows below it by layout alone.
 *
 * When anything may have moved — a commit (rows added, a page prepended), a row's content resizing
 * (an image loading late, a reaction, an edit: ResizeObserver), the viewport resizing — `settle`
 * measures the rendered rows, writes the integer heights and paddings, and sets scrollTop to what
 * the model wants (the anchor row at its offset, or the bottom when following). It runs in a layout
 * effect or a ResizeObserver callback, both before paint, so no frame shows a jump.
 */
import { AnchoredList } from './anchoredList';
import type { ListRange } from './anchoredList';

export type ScrollAlign = 'start' | 'center';

export interface AnchoredScrollerOptions {
  /** Height assumed for a row never rendered (refined once the first rows are measured). */
  estimate: number;
  /** Rows rendered beyond the viewport on each side. */
  overscan: number;
  /** Within this many px of the bottom counts as following the newest row. */
  followWithin: number;
  /** Space below the last row, px. */
  footer: number;
  /** Start held at this row (by key) instead of at the bottom. */
  initialKey?: string | undefined;
}

/** What the view renders from; a new object whenever it must render again. */
export interface AnchoredScrollState {
  /** At the bottom, following new rows. */
  atEnd: boolean;
  /** The first rows were measured and placed. */
  positioned: boolean;
  /** The row last scrolled to with `scrollToKey`, until the next scroll to the end. */
  target: string | undefined;
}

/** Gap kept above a row scrolled to with align `start`. */
const START_GAP_PX = 8;

export class AnchoredScroller {
  readonly model: AnchoredList;
  private options: AnchoredScrollerOptions;
  private scroller: HTMLElement | null = null;
  private list: HTMLElement | null = null;
  private header: HTMLElement | null = null;
  private resizeObserver: ResizeObserver | null = null;
  private readonly observed = new Set<Element>();
  /** The scrollTop the model last knew (set here or seen in a scroll event). */
  private lastTop: number | null = null;
  private reestimated = false;
  /** A row to re-center once measured (its size was an estimate when the jump was asked). */
  private centerKey: string | null = null;
  /** A row to scroll to as soon as it is among the keys. */
  private pendingKey: { key: string; align: ScrollAlign } | null;
  private state: AnchoredScrollState = { atEnd: true, positioned: false, target: undefined };
  private readonly listeners = new Set<() => void>();
  private frame = 0;

  constructor(options: AnchoredScrollerOptions) {
    this.options = options;
    this.model = new AnchoredList(options.estimate);
    this.model.viewport = typeof window === 'undefined' ? 800 : window.innerHeight;
    this.pendingKey = options.initialKey === undefined ? null : { key: options.initialKey, align: 'center' };
  }

  // ---- React glue (useSyncExternalStore) ----------------------------------------------------

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): AnchoredScrollState => this.state;

  /** New rows to show or a changed state: tell the view to render. */
  private update(patch: Partial<AnchoredScrollState> = {}): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  private setAtEnd(atEnd: boolean): void {
    if (this.state.atEnd !== atEnd) this.update({ atEnd });
  }

  /** Take the render's rows and options (during render: cheap when nothing changed). */
  prepare(keys: readonly string[], options: Pick<AnchoredScrollerOptions, 'overscan' | 'followWithin' | 'footer'>): ListRange {
    this.options = { ...this.options, ...options };
    this.model.footer = options.footer;
    this.model.sync(keys);
    const pending = this.pendingKey;
    if (pending) {
      const index = keys.indexOf(pending.key);
      if (index >= 0) {
        this.pendingKey = null;
        this.hold(index, pending.align);
        this.state = { ...this.state, atEnd: false, target: pending.key };
      }
    }
    return this.model.range(this.options.overscan);
  }

  // ---- Elements ---------------------------------------------------------------------------

  /** Ref for the scrolling element. */
  attachScroller = (el: HTMLElement | null): void => {
    if (el === this.scroller) return;
    if (this.scroller) {
      this.scroller.removeEventListener('scroll', this.onScroll);
      this.resizeObserver?.disconnect();
      this.resizeObserver = null;
      this.observed.clear();
      cancelAnimationFrame(this.frame);
      this.frame = 0;
    }
    this.scroller = el;
    this.lastTop = null;
    if (!el) return;
    el.addEventListener('scroll', this.onScroll, { passive: true });
    if (typeof ResizeObserver !== 'undefined') {
      this.resizeObserver = new ResizeObserver(this.onResize);
      this.resizeObserver.observe(el);
    }
  };

  /** Ref for the list: its element children are the rows, each with `data-index` and `data-key`. */
  attachList = (el: HTMLElement | null): void => {
    this.list = el;
  };

  /** Ref for the header wrapper (its first child is the header's content). */
  attachHeader = (el: HTMLElement | null): void => {
    this.header = el;
  };

  // ---- Commands -------------------------------------------------------------------------------

  /** Follow the newest row from this render on (called while rendering a row the reader sent). */
  followNewest(): void {
    this.model.follow = true;
  }

  scrollToEnd(): void {
    this.model.follow = true;
    this.update({ atEnd: true, target: undefined });
  }

  /**
   * Hold a row at the top (`start`) or in the middle of the viewport. A key not rendered yet (its
   * page is on its way) is held as soon as a render brings it.
   */
  scrollToKey(key: string, align: ScrollAlign = 'center'): void {
    const index = this.model.keys.indexOf(key);
    if (index < 0) {
      this.pendingKey = { key, align };
      return;
    }
    this.pendingKey = null;
    this.hold(index, align);
    this.update({ atEnd: false, target: key });
  }

  private hold(index: number, align: ScrollAlign): void {
    this.model.hold(index, START_GAP_PX);
    this.centerKey = align === 'center' ? (this.model.keys[index] ?? null) : null;
  }

  // ---- Measuring and placing ----------------------------------------------------------------

  /** After each commit of the view (layout effect): measure, place, watch the new rows. */
  committed(): void {
    const rendered = this.settle();
    const ro = this.resizeObserver;
    if (ro && this.list) {
      for (const el of this.observed) {
        if (!el.isConnected) {
          ro.unobserve(el);
          this.observed.delete(el);
        }
      }
      for (const row of this.list.children) this.observe(row.firstElementChild);
      this.observe(this.header?.firstElementChild);
    }
    const positioned = this.state.positioned || (this.scroller !== null && this.model.length > 0);
    if (positioned !== this.state.positioned || this.state.atEnd !== this.model.follow) this.update({ positioned, atEnd: this.model.follow });
    // Render the rows the viewport now needs, unless that is what is rendered (then there is
    // nothing better, and asking again would loop).
    if (!rendered.covered) {
      const wanted = this.model.range(this.options.overscan);
      if (wanted.start !== rendered.start || wanted.end !== rendered.end) this.update();
    }
  }

  private observe(el: Element | null | undefined): void {
    if (el && this.resizeObserver && !this.observed.has(el)) {
      this.observed.add(el);
      this.resizeObserver.observe(el);
    }
  }

  private onResize = (entries: ResizeObserverEntry[]): void => {
    // Rows just observed report the size settle() already gave them: nothing to do then.
    if (entries.every((entry) => this.unchanged(entry))) return;
    const rendered = this.settle();
    this.setAtEnd(this.model.follow);
    // Rendering now would mount rows whose first resize notification the browser could only
    // deliver a frame late (and report as a ResizeObserver loop): render after this frame.
    if (!rendered.covered && this.frame === 0) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.update();
      });
    }
  };

  /** Whether a resize notification is for a row or header whose content height is already applied. */
  private unchanged(entry: ResizeObserverEntry): boolean {
    const target = entry.target as HTMLElement;
    const wrapper = target.parentElement;
    if (!wrapper || target === this.scroller || !target.isConnected) return false;
    const size = entry.borderBoxSize?.[0]?.blockSize;
    return size !== undefined && wrapper.style.height === `${Math.round(size)}px` && Math.round(size) === target.offsetHeight;
  }

  private onScroll = (): void => {
    const scroller = this.scroller;
    if (!scroller || scroller.scrollTop === this.lastTop) return;
    this.lastTop = scroller.scrollTop;
    this.model.scrolledTo(scroller.scrollTop, this.options.followWithin);
    const first = this.list?.firstElementChild as HTMLElement | null | undefined;
    const last = this.list?.lastElementChild as HTMLElement | null | undefined;
    const visible = this.model.visible();
    const covered = !!first && !!last && Number(first.dataset.index) <= visible.start && Number(last.dataset.index) + 1 >= visible.end;
    // A render asked for here runs before the next paint (useSyncExternalStore renders
    // synchronously), so new rows show in this frame rather than after a blank one.
    if (!covered) this.update({ atEnd: this.model.follow });
    else this.setAtEnd(this.model.follow);
  };

  /**
   * Measure, lay out and scroll to what the model wants. Returns the rendered rows and whether
   * they still cover the viewport.
   */
  private settle(): ListRange & { covered: boolean } {
    const { scroller, list, model } = this;
    if (!scroller || !list) return { start: 0, end: 0, covered: true };
    // A scroll not seen yet (its event comes at the next frame) is where the reader wants to be:
    // take it before anything else, or placing the view would undo it. (Not when the browser
    // merely clamped scrollTop because rows rendered since are shorter than their estimates.)
    const seen = this.lastTop;
    const now = scroller.scrollTop;
    if (seen !== null && now !== seen && !(now < seen && now >= scroller.scrollHeight - scroller.clientHeight - 1)) {
      model.scrolledTo(now, this.options.followWithin);
    }
    const viewport = scroller.clientHeight;
    const rows = list.children as HTMLCollectionOf<HTMLElement>;
    // Reads first (one layout), then writes.
    model.viewport = viewport;
    const heights = new Array<number>(rows.length);
    for (let i = 0; i < rows.length; i++) heights[i] = (rows[i]!.firstElementChild as HTMLElement | null)?.offsetHeight ?? 0;
    const header = this.header;
    model.header = (header?.firstElementChild as HTMLElement | null)?.offsetHeight ?? 0;

    if (header) setPx(header, 'height', model.header);
    let first = -1;
    let last = -1;
    let measuredSum = 0;
    // Rows whose key is not the model's at their index (a stale render) are not measured: -1.
    const indexes = new Array<number>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const index = Number(rows[i]!.dataset.index);
      indexes[i] = model.keys[index] === rows[i]!.dataset.key ? index : -1;
      if (indexes[i]! < 0) continue;
      if (first < 0) first = index;
      last = index;
      measuredSum += heights[i]!;
    }
    if (!this.reestimated && first >= 0) {
      // Rows never rendered take the average of the first rows seen, so the scrollbar is about
      // right from the start (before any size is set: the tree then builds its arrays once).
      this.reestimated = true;
      model.estimate = Math.max(1, Math.round(measuredSum / (last - first + 1)));
      model.sizes.reestimate(model.estimate);
    }
    for (let i = 0; i < rows.length; i++) {
      if (indexes[i]! < 0) continue;
      model.sizes.set(indexes[i]!, heights[i]!);
      setPx(rows[i]!, 'height', heights[i]!);
    }
    const start = first < 0 ? 0 : first;
    const end = first < 0 ? 0 : last + 1;
    setPx(list, 'paddingTop', model.sizes.offsetOf(start));
    setPx(list, 'paddingBottom', model.sizes.total - model.sizes.offsetOf(end) + model.footer);

    const anchor = model.anchor;
    if (this.centerKey !== null && anchor?.key === this.centerKey && model.sizes.measured(anchor.index)) {
      const size = model.sizes.size(anchor.index);
      anchor.offset = size < model.viewport ? Math.round((model.viewport - size) / 2) : START_GAP_PX;
      this.centerKey = null;
    }
    const top = model.scrollTop();
    if (scroller.scrollTop !== top) scroller.scrollTop = top;
    this.lastTop = scroller.scrollTop;

    if (model.length === 0) return { start, end, covered: true };
    const visible = model.visible();
    return { start, end, covered: first >= 0 && visible.start >= start && visible.end <= end };
  }
}

/** Set a length in px, only when it changes (an unchanged write still costs a style recalc). */
function setPx(el: HTMLElement, property: 'height' | 'paddingTop' | 'paddingBottom', px: number) {
  const value = `${px}px`;
  if (el.style[property] !== value) el.style[property] = value;
}
