/**
 * The scroll model of a chat thread, without React or the DOM: which rows exist (keys, oldest
 * first), how tall each is (a SizeTree: O(log n) per size change), and where the reader is — either
 * following the newest row at the bottom, or holding one row (the anchor: key + its offset from the
 * viewport's top) still. Every layout question is answered from that, so a prepended page, a
 * late image, a reaction or an edit moves nothing the reader sees: the wanted scrollTop is
 * recomputed from the anchor row's new offset.
 *
 * Sizes here are whole pixels (the view gives each row an integer height), so offsets are exact
 * and setting scrollTop — which browsers round to whole pixels — lands exactly: 0 px of drift.
 *
 * Hand-written rather than TanStack Virtual: its measurement table is rebuilt from the changed
 * row to the end on every size change (O(n) at the top of a long thread) and it keeps ~11 KB gzip
 * in the conversation pane's bundle; react-virtuoso (O(log n) size tree, exact anchoring) costs
 * ~17 KB gzip. This model and its view hook are ~3 KB; `bench/thread-view` compares the result
 * with react-virtuoso side by side.
 */
import { SizeTree } from './sizeTree';

export interface ListAnchor {
  key: string;
  /** Where `key` was last seen (a hint; re-found when the keys change). */
  index: number;
  /** The row's top minus the viewport's top, in px (negative when the row is partly scrolled past). */
  offset: number;
}

export interface ListRange {
  /** First row to render. */
  start: number;
  /** One past the last row to render. */
  end: number;
}

export class AnchoredList {
  keys: readonly string[] = [];
  sizes: SizeTree;
  /** Height of what sits above row 0 (status line, first day separator). */
  header = 0;
  /** Space below the last row. */
  footer = 0;
  /** Height of the scroll viewport. */
  viewport = 0;
  /** At the bottom: new and growing rows keep the newest row in view. */
  follow = true;
  anchor: ListAnchor | null = null;

  constructor(public estimate: number) {
    this.sizes = new SizeTree(0, estimate);
  }

  get length(): number {
    return this.keys.length;
  }

  /** Total scroll height. */
  get height(): number {
    return this.header + this.sizes.total + this.footer;
  }

  get maxScrollTop(): number {
    return Math.max(0, this.height - this.viewport);
  }

  /** Top of a row in scroll coordinates. */
  rowTop(index: number): number {
    return this.header + this.sizes.offsetOf(index);
  }

  /**
   * Take a new key list (a new array whenever it changes): sizes follow their rows. A page
   * prepended or rows appended cost O(k log n); anything else (a row inserted or removed in the
   * middle, a renamed key) rebuilds in O(n), keeping the measured sizes by key.
   */
  sync(next: readonly string[]): void {
    const prev = this.keys;
    if (next === prev) return;
    this.keys = next;
    const added = next.length - prev.length;
    if (prev.length === 0) this.sizes = new SizeTree(next.length, this.estimate);
    else if (added >= 0 && sameRun(next, added, prev)) this.sizes.prepend(added, this.estimate);
    else if (added >= 0 && sameRun(next, 0, prev)) {
      this.sizes.append(added, this.estimate);
    } else {
      const measured = new Map<string, number>();
      for (let i = 0; i < prev.length; i++) if (this.sizes.measured(i)) measured.set(prev[i]!, this.sizes.size(i));
      this.sizes.reset(next.length, this.estimate, measured.size === 0 ? () => undefined : (i) => measured.get(next[i]!));
    }
    const anchor = this.anchor;
    if (!anchor) return;
    if (next[anchor.index] !== anchor.key) {
      const moved = next[anchor.index + added] === anchor.key ? anchor.index + added : next.indexOf(anchor.key);
      if (moved >= 0) anchor.index = moved;
      else {
        // The anchored row is gone (a discarded send): hold the row that took its place.
        anchor.index = Math.max(0, Math.min(anchor.index, next.length - 1));
        anchor.key = next[anchor.index] ?? '';
      }
    }
  }

  /** The scrollTop that shows what the reader is holding (the newest row, or the anchor). */
  scrollTop(): number {
    const max = this.maxScrollTop;
    if (this.follow || !this.anchor) return max;
    return Math.max(0, Math.min(max, this.rowTop(this.anchor.index) - this.anchor.offset));
  }

  /** Where the reader is after scrolling to `scrollTop`: the row at the viewport's top is held. */
  scrolledTo(scrollTop: number, followWithin: number): void {
    this.follow = scrollTop >= this.maxScrollTop - followWithin;
    if (this.length === 0) {
      this.anchor = null;
      return;
    }
    const index = this.sizes.indexAt(scrollTop - this.header);
    this.anchor = { key: this.keys[index]!, index, offset: this.rowTop(index) - scrollTop };
  }

  /** Hold row `index` with its top `offset` px below the viewport's top. */
  hold(index: number, offset: number): void {
    const key = this.keys[index];
    if (key === undefined) return;
    this.follow = false;
    this.anchor = { key, index, offset };
  }

  /** Rows that intersect the viewport at the wanted scrollTop, widened by `margin` px on each side. */
  visible(margin = 0): ListRange {
    if (this.length === 0) return { start: 0, end: 0 };
    const top = this.scrollTop() - this.header;
    const start = this.sizes.indexAt(Math.max(0, top - margin));
    const end = this.sizes.indexAt(top + this.viewport + margin - 1) + 1;
    return { start, end: Math.max(end, start + 1) };
  }

  /**
   * Rows to render: the visible ones, `overscan` more on each side, and those within an eighth of
   * the viewport of it — rows scrolled in are sized by an estimate until measured, and this slack
   * lets them be shorter than estimated and still fill the viewport, without a second render and
   * layout in the same frame (the scroll profile's slow frames).
   */
  range(overscan: number): ListRange {
    const { start, end } = this.visible(this.viewport >> 3);
    return { start: Math.max(0, start - overscan), end: Math.min(this.length, end + overscan) };
  }
}

/** Whether `prev` appears in `next` starting at `at` (identity of each key). */
function sameRun(next: readonly string[], at: number, prev: readonly string[]): boolean {
  if (next[at] !== prev[0] || next[at + prev.length - 1] !== prev[prev.length - 1]) return false;
  for (let i = 1; i < prev.length - 1; i++) if (next[at + i] !== prev[i]) return false;
  return true;
}
