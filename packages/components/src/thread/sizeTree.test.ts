import { describe, expect, it } from 'vitest';
import { SizeTree } from './sizeTree';

/** The obvious version the tree must agree with: a plain array and its running sums. */
class NaiveSizes {
  constructor(public sizes: number[]) {}
  /** sums[i] = sizes[0] + … + sizes[i - 1] (recomputed once per check). */
  private sums: number[] = [];
  prepare() {
    this.sums = [0];
    for (const s of this.sizes) this.sums.push(this.sums[this.sums.length - 1]! + s);
  }
  offsetOf(i: number) {
    return this.sums[Math.min(i, this.sizes.length)]!;
  }
  indexAt(offset: number) {
    for (let k = 0; k < this.sizes.length; k++) if (offset < this.sums[k + 1]!) return k;
    return Math.max(0, this.sizes.length - 1);
  }
}

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function expectSame(tree: SizeTree, naive: NaiveSizes, rand: () => number) {
  naive.prepare();
  expect(tree.length).toBe(naive.sizes.length);
  expect(tree.total).toBe(naive.offsetOf(naive.sizes.length));
  for (let probe = 0; probe < 20; probe++) {
    const i = Math.floor(rand() * (naive.sizes.length + 1));
    expect(tree.offsetOf(i)).toBe(naive.offsetOf(i));
    const offset = Math.floor(rand() * (tree.total + 20)) - 10;
    expect(tree.indexAt(offset)).toBe(naive.indexAt(offset));
  }
  for (let i = 0; i < naive.sizes.length; i += Math.max(1, Math.floor(naive.sizes.length / 50))) expect(tree.size(i)).toBe(naive.sizes[i]);
}

describe('SizeTree', () => {
  it('agrees with plain prefix sums through random sets, prepends, appends and resets', () => {
    const rand = random(20);
    const tree = new SizeTree(300, 50);
    const naive = new NaiveSizes(Array.from({ length: 300 }, () => 50));
    for (let step = 0; step < 250; step++) {
      const op = rand();
      if (op < 0.6) {
        const i = Math.floor(rand() * naive.sizes.length);
        const size = 1 + Math.floor(rand() * 300);
        expect(tree.set(i, size)).toBe(size - naive.sizes[i]!);
        naive.sizes[i] = size;
      } else if (op < 0.75) {
        const k = 1 + Math.floor(rand() * 60);
        tree.prepend(k, 40);
        naive.sizes.unshift(...Array.from({ length: k }, () => 40));
      } else if (op < 0.9) {
        const k = 1 + Math.floor(rand() * 60);
        tree.append(k, 30);
        naive.sizes.push(...Array.from({ length: k }, () => 30));
      } else {
        const next = naive.sizes.filter(() => rand() > 0.1);
        tree.reset(next.length, 45, (i) => (i % 3 === 0 ? undefined : next[i]));
        naive.sizes = next.map((s, i) => (i % 3 === 0 ? 45 : s));
      }
      expectSame(tree, naive, rand);
    }
  });

  it('answers from the estimate alone until a size is set, through re-estimates, prepends and appends', () => {
    const rand = random(7);
    const tree = new SizeTree(1000, 50);
    const naive = new NaiveSizes(Array.from({ length: 1000 }, () => 50));
    expectSame(tree, naive, rand);
    tree.reestimate(60);
    tree.prepend(10, 60);
    tree.append(5, 60);
    naive.sizes = Array.from({ length: 1015 }, () => 60);
    expectSame(tree, naive, rand);
    expect(tree.measured(3)).toBe(false);
    tree.prepend(2, 40); // another estimate: the arrays are built
    naive.sizes.unshift(40, 40);
    tree.set(3, 80);
    naive.sizes[3] = 80;
    expectSame(tree, naive, rand);
    tree.reestimate(70);
    naive.sizes = naive.sizes.map((s, i) => (i === 3 ? 80 : 70));
    expectSame(tree, naive, rand);
    expect(tree.measured(3)).toBe(true);
  });

  it('refreshes only the estimates, keeping measured sizes', () => {
    const tree = new SizeTree(5, 50);
    tree.set(1, 80);
    tree.set(3, 20);
    tree.reestimate(60);
    expect([0, 1, 2, 3, 4].map((i) => tree.size(i))).toEqual([60, 80, 60, 20, 60]);
    expect([0, 1, 2, 3, 4].map((i) => tree.measured(i))).toEqual([false, true, false, true, false]);
    expect(tree.total).toBe(280);
  });

  it('costs O(log n) per size change: a 100,000-row tree updates and searches without scanning', () => {
    const tree = new SizeTree(100_000, 56);
    // Not a timing assertion: the sums are exact and land where the arithmetic says.
    tree.set(0, 100);
    tree.set(99_999, 10);
    expect(tree.total).toBe(56 * 99_998 + 110);
    expect(tree.offsetOf(50_000)).toBe(100 + 56 * 49_999);
    expect(tree.indexAt(100 + 56 * 49_999)).toBe(50_000);
    expect(tree.indexAt(100 + 56 * 49_999 - 1)).toBe(49_999);
    tree.prepend(50, 40);
    expect(tree.offsetOf(50)).toBe(2000);
    expect(tree.indexAt(2000)).toBe(50);
  });
});
