/**
 * Seeded pseudo-random numbers so fault injection is reproducible: the same seed and the same
 * sequence of requests give the same faults. mulberry32 is tiny and good enough for dice rolls.
 */

export type Rng = () => number;

/** Turn a numeric or string seed into 32 bits (FNV-1a for strings). */
export function seedToInt(seed: number | string): number {
  if (typeof seed === 'number') return seed >>> 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function createRng(seed: number | string): Rng {
  let a = seedToInt(seed);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
