/**
 * A small seeded pseudo-random number generator, so that the same seed gives the same data split,
 * the same shuffles and the same sample digits in every browser, in Node and in the worker.
 *
 * The generator is sfc32 (Chris Doty-Humphrey's "Small Fast Chaotic" generator from PractRand:
 * 128 bits of state, a 32-bit counter that guarantees a period of at least 2^32, passes PractRand
 * and BigCrush) with its state filled from the seed by splitmix32 (the 32-bit variant of
 * Java's SplittableRandom mixer), so that neighbouring seeds such as 42 and 43 give unrelated
 * streams. Both are written as in bryc's widely copied "PRNGs.md" JavaScript versions; all
 * arithmetic is 32-bit integer (`Math.imul`, `| 0`, `>>> 0`), so results are exact and identical
 * on every JavaScript engine. It is not cryptographically secure, which nothing here needs.
 *
 * Used by the data split (src/core/dataset/split.ts) and by the trainer for its per-epoch
 * shuffles: create one generator per run from the run's seed and keep drawing from it, rather
 * than re-seeding every epoch.
 */

/** A seeded stream of pseudo-random numbers. Each call advances the stream. */
export interface Rng {
  /** A float in [0, 1), a multiple of 2^-32. */
  next(): number;
  /** An integer in [0, 2^32). */
  nextUint32(): number;
  /**
   * An integer in [0, n), exactly uniform (rejection sampling, no modulo bias): one 32-bit draw,
   * very rarely more (probability below n / 2^32). `n` must be an integer from 1 to 2^32;
   * anything else throws a RangeError.
   */
  nextInt(n: number): number;
  /**
   * Shuffles `array` in place with the Fisher-Yates algorithm (every permutation equally likely)
   * and returns it. Works on plain arrays and typed arrays (e.g. a Uint32Array of indices).
   * Makes `array.length - 1` calls to `nextInt` (none for length 0 or 1).
   */
  shuffle<A extends MutableArrayLike>(array: A): A;
}

/** Anything indexable and writable with a length: `T[]`, `Uint32Array`, `Int32Array`… */
export interface MutableArrayLike {
  length: number;
  [index: number]: unknown;
}

const TWO_POW_32 = 2 ** 32;

/** The splitmix32 output function: returns the next 32-bit value and the advanced state. */
function splitmix32(state: number): [value: number, state: number] {
  const next = (state + 0x9e3779b9) | 0;
  let t = next ^ (next >>> 16);
  t = Math.imul(t, 0x21f0aaad);
  t ^= t >>> 15;
  t = Math.imul(t, 0x735a2d97);
  t ^= t >>> 15;
  return [t >>> 0, next];
}

/**
 * Creates a generator from `seed`, any safe integer (negative or past 2^32 - 1 is reduced
 * modulo 2^32, so `createRng(seed + epoch)` is always valid). A non-integer seed throws a
 * RangeError instead of being silently truncated, since two "different" seeds giving the same
 * stream would be a confusing bug.
 */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`createRng: the seed must be a safe integer, got ${String(seed)}`);
  }
  let mix = seed >>> 0; // ToUint32: exact modulo 2^32 for any safe integer
  const words: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [value, state] = splitmix32(mix);
    words.push(value);
    mix = state;
  }
  let [a = 0, b = 0, c = 0, d = 0] = words;

  const nextUint32 = (): number => {
    // sfc32: d is the counter that guarantees the minimum period.
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };

  const nextInt = (n: number): number => {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
      throw new RangeError(`nextInt: n must be an integer from 1 to 2^32, got ${String(n)}`);
    }
    // Accept only draws below the largest multiple of n that fits in 32 bits; the rest would
    // favour small results. For n ≤ 10,000 a redraw happens less than once in 400,000 calls.
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let u = nextUint32();
    while (u >= limit) u = nextUint32();
    return u % n;
  };

  return {
    next: () => nextUint32() / TWO_POW_32,
    nextUint32,
    nextInt,
    shuffle<A extends MutableArrayLike>(array: A): A {
      for (let i = array.length - 1; i > 0; i--) {
        const j = nextInt(i + 1);
        const held = array[i];
        array[i] = array[j];
        array[j] = held;
      }
      return array;
    },
  };
}
