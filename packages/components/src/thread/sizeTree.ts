/**
 * Row sizes and their running offsets for a virtual list, with O(log n) updates and lookups: a
 * Fenwick (binary indexed) tree over an Int32Array. This is the job react-virtuoso's size tree
 * (an AA tree of size ranges) does; a Fenwick tree does it in a fraction of the code, and unlike
 * TanStack Virtual's measurement table (rebuilt from the changed index to the end), measuring one
 * row of a 100,000-message thread touches ~17 slots, wherever the row is.
 *
 * Chat threads grow at both ends, so the slots keep free room before the first row and after the
 * last: prepending a page of k older messages or appending live ones costs O(k log n), and only
 * running out of room (amortized, like an array's growth) or an insertion in the middle rebuilds
 * the tree in O(n).
 *
 * Until a size is set, every row has the estimate and no array exists: offsets are products, and
 * the arrays are built once, on the first measurement (a 100,000-row thread is mounted with one
 * O(n) build, not one at creation and another when the estimate is refined).
 */
export class SizeTree {
  // Sizes are whole pixels (the view rounds them), so Int32 holds them and their sums exactly.
  /** Fenwick tree, 1-based: tree[s] holds the sum of slots (s - lowbit(s), s]. */
  private tree = new Int32Array(0);
  /** The size in each slot (0 for free slots). */
  private slots = new Int32Array(0);
  /** 1 where the size was measured, 0 where it is the estimate. */
  private measuredSlots = new Uint8Array(0);
  /** Slot of row 0. */
  private base = 0;
  /** While no size was set: every row's size (the arrays are empty). */
  private uniform: number | null;

  constructor(
    private count: number,
    estimate: number,
  ) {
    this.uniform = estimate;
  }

  get length(): number {
    return this.count;
  }

  /** Sum of all sizes. */
  get total(): number {
    return this.uniform !== null ? this.count * this.uniform : this.prefix(this.base + this.count);
  }

  size(index: number): number {
    if (this.uniform !== null) return index >= 0 && index < this.count ? this.uniform : 0;
    return this.slots[this.base + index] ?? 0;
  }

  measured(index: number): boolean {
    return this.measuredSlots[this.base + index] === 1;
  }

  /** Set one row's size; returns the change (0 when it did not change). O(log n). */
  set(index: number, size: number, measured = true): number {
    if (index < 0 || index >= this.count) return 0;
    this.materialize();
    const slot = this.base + index;
    this.measuredSlots[slot] = measured ? 1 : 0;
    const delta = Math.round(size) - this.slots[slot]!;
    if (delta !== 0) {
      this.slots[slot] = this.slots[slot]! + delta;
      this.add(slot, delta);
    }
    return delta;
  }

  /** Offset of a row's start: the sum of the sizes before it. O(log n). */
  offsetOf(index: number): number {
    if (this.uniform !== null) return Math.max(0, Math.min(index, this.count)) * this.uniform;
    return this.prefix(this.base + Math.max(0, Math.min(index, this.count)));
  }

  /** The row containing `offset` (clamped to the first and last row). O(log n). */
  indexAt(offset: number): number {
    if (this.count === 0) return 0;
    if (this.uniform !== null) return Math.max(0, Math.min(this.count - 1, Math.floor(offset / this.uniform)));
    // Binary lifting: find the largest slot prefix whose sum is <= offset.
    let pos = 0;
    let rest = offset;
    for (let step = highestPowerOfTwo(this.slots.length); step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= this.slots.length && this.tree[next]! <= rest) {
        pos = next;
        rest -= this.tree[next]!;
      }
    }
    // `pos` slots have starts <= offset: the row in slot `pos` contains it.
    return Math.max(0, Math.min(this.count - 1, pos - this.base));
  }

  /** Rows added before row 0, each at `estimate`. O(k log n), O(n) when out of room. */
  prepend(k: number, estimate: number): void {
    if (k <= 0) return;
    if (this.uniform === estimate) {
      this.count += k;
      return;
    }
    this.materialize();
    if (k > this.base) {
      this.grow(k, 0, estimate);
      return;
    }
    this.base -= k;
    this.count += k;
    for (let i = 0; i < k; i++) {
      this.slots[this.base + i] = estimate;
      this.measuredSlots[this.base + i] = 0;
      this.add(this.base + i, estimate);
    }
  }

  /** Rows added after the last one, each at `estimate`. O(k log n), O(n) when out of room. */
  append(k: number, estimate: number): void {
    if (k <= 0) return;
    if (this.uniform === estimate) {
      this.count += k;
      return;
    }
    this.materialize();
    if (this.base + this.count + k > this.slots.length) {
      this.grow(0, k, estimate);
      return;
    }
    for (let i = 0; i < k; i++) {
      const slot = this.base + this.count + i;
      this.slots[slot] = estimate;
      this.measuredSlots[slot] = 0;
      this.add(slot, estimate);
    }
    this.count += k;
  }

  /**
   * Replace every row at once (an insertion or removal in the middle): `sizeOf(i)` gives the new
   * row i's measured size, or undefined for the estimate. O(n).
   */
  reset(count: number, estimate: number, sizeOf: (index: number) => number | undefined): void {
    const sizes = new Int32Array(count);
    const measured = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      const s = sizeOf(i);
      if (s === undefined) sizes[i] = estimate;
      else {
        sizes[i] = s;
        measured[i] = 1;
      }
    }
    this.relayout(sizes, measured);
  }

  /** Set every row that was never measured to `estimate`. O(n), in place. */
  reestimate(estimate: number): void {
    if (this.uniform !== null) {
      this.uniform = estimate;
      return;
    }
    const { slots, measuredSlots } = this;
    for (let slot = this.base; slot < this.base + this.count; slot++) if (!measuredSlots[slot]) slots[slot] = estimate;
    this.build();
  }

  private grow(front: number, back: number, estimate: number): void {
    const sizes = new Int32Array(front + this.count + back).fill(estimate);
    const measured = new Uint8Array(sizes.length);
    sizes.set(this.slots.subarray(this.base, this.base + this.count), front);
    measured.set(this.measuredSlots.subarray(this.base, this.base + this.count), front);
    this.relayout(sizes, measured);
  }

  /** Lay `sizes` out with free room on both sides. */
  private relayout(sizes: Int32Array | number, measured?: Uint8Array): void {
    // A number: `count` rows all of that size (leaving the uniform state), no copy to make.
    const count = typeof sizes === 'number' ? this.count : sizes.length;
    this.uniform = null;
    this.base = room(count);
    const capacity = this.base + count + room(count);
    this.slots = new Int32Array(capacity);
    this.measuredSlots = new Uint8Array(capacity);
    if (typeof sizes === 'number') this.slots.fill(sizes, this.base, this.base + count);
    else this.slots.set(sizes, this.base);
    if (measured) this.measuredSlots.set(measured, this.base);
    this.count = count;
    this.tree = new Int32Array(capacity + 1);
    this.build();
  }

  /** Leave the uniform state: lay the rows out in arrays, each at the estimate. O(n), once. */
  private materialize(): void {
    if (this.uniform !== null) this.relayout(this.uniform);
  }

  /** Build the tree from the slots bottom-up in O(n). */
  private build(): void {
    const { tree, slots } = this;
    const capacity = slots.length;
    tree.fill(0);
    for (let s = 1; s <= capacity; s++) {
      tree[s] = tree[s]! + slots[s - 1]!;
      const parent = s + (s & -s);
      if (parent <= capacity) tree[parent] = tree[parent]! + tree[s]!;
    }
  }

  /** Add `delta` to slot `slot` (0-based). */
  private add(slot: number, delta: number): void {
    const tree = this.tree;
    for (let s = slot + 1; s < tree.length; s += s & -s) tree[s] = tree[s]! + delta;
  }

  /** Sum of slots [0, end). */
  private prefix(end: number): number {
    let sum = 0;
    for (let s = end; s > 0; s -= s & -s) sum += this.tree[s]!;
    return sum;
  }
}

function highestPowerOfTwo(n: number): number {
  let p = 1;
  while (p * 2 <= n) p *= 2;
  return n === 0 ? 0 : p;
}

/** Free slots kept on each side: prepending or appending pages costs no rebuild until they run out. */
function room(count: number): number {
  return Math.max(64, count >> 3);
}
