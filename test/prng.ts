/**
 * The seeded pseudo-random generator the package tests share (mulberry32), so a test's "random" loss,
 * reordering or jitter is the same on every run and a failure can be replayed from its seed.
 * @module
 */

/**
 * A mulberry32 generator: 32 bits of state, uniform floats in [0, 1).
 * @param seed - any 32-bit integer; the same seed gives the same sequence
 * @returns the next-number function
 * @example
 * const random = prng(7);
 * const lost = random() < 0.05;
 */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
