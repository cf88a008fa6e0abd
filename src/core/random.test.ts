import { describe, expect, it } from 'vitest';
import { createRng } from './random';

/**
 * First outputs of sfc32 seeded by splitmix32, computed by an independent C implementation of the
 * reference algorithms (uint32_t arithmetic; state a, b, c, counter = four splitmix32 draws).
 * A change to the generator changes every seeded split and shared link, so this must not move.
 */
const REFERENCE: ReadonlyArray<[seed: number, first: number[]]> = [
  [0, [3184218848, 2185019715, 663190848, 1825547549, 1776237715, 28420694]],
  [1, [647275419, 720736219, 2935747679, 3959590554, 1760388915, 3582062282]],
  [42, [3730666837, 1786513705, 1450338100, 2191736338, 3785014133, 2792630042]],
  [4294967295, [2415961667, 1593115950, 1471000744, 3747815576, 1160145480, 173683447]],
];

/** Pearson's chi-square statistic of observed counts against equal expected counts. */
function chiSquare(counts: readonly number[]): number {
  const total = counts.reduce((sum, c) => sum + c, 0);
  const expected = total / counts.length;
  return counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
}

describe('createRng', () => {
  it.each(REFERENCE)('seed %i gives the reference sfc32 stream', (seed, first) => {
    const rng = createRng(seed);
    expect(first.map(() => rng.nextUint32())).toEqual(first);
  });

  it('next() is nextUint32() / 2^32, in [0, 1)', () => {
    const rng = createRng(42);
    const first = REFERENCE[2]?.[1] ?? [];
    for (const u of first) {
      const x = rng.next();
      expect(x).toBe(u / 2 ** 32);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });

  it('gives the same stream for the same seed and different streams for neighbouring seeds', () => {
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 20 }, () => rng.nextUint32());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    // Neighbouring seeds share no early values (splitmix32 decorrelates them).
    const a = new Set(draw(7));
    expect(draw(8).filter((v) => a.has(v))).toEqual([]);
  });

  it('reduces integer seeds modulo 2^32 and rejects non-integers', () => {
    expect(createRng(-1).nextUint32()).toBe(createRng(2 ** 32 - 1).nextUint32());
    expect(createRng(2 ** 32 + 42).nextUint32()).toBe(createRng(42).nextUint32());
    for (const bad of [1.5, Number.NaN, Infinity, 2 ** 53]) {
      expect(() => createRng(bad)).toThrow(RangeError);
    }
  });

  it('next() is roughly uniform over [0, 1) (chi-square, 20 bins, 200,000 draws)', () => {
    const rng = createRng(12345);
    const bins = new Array<number>(20).fill(0);
    let sum = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const x = rng.next();
      sum += x;
      const bin = Math.floor(x * 20);
      bins[bin] = (bins[bin] ?? 0) + 1;
    }
    // 19 degrees of freedom: p = 0.001 at 43.8.
    expect(chiSquare(bins)).toBeLessThan(43.8);
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.005);
  });

  it('nextInt(n) covers exactly 0..n-1, uniformly', () => {
    const rng = createRng(99);
    const n = 7;
    const counts = new Array<number>(n).fill(0);
    let outside = 0;
    for (let i = 0; i < 70_000; i++) {
      const k = rng.nextInt(n);
      if (!Number.isInteger(k) || k < 0 || k >= n) outside++;
      else counts[k] = (counts[k] ?? 0) + 1;
    }
    expect(outside).toBe(0);
    expect(counts.every((c) => c > 0)).toBe(true);
    // 6 degrees of freedom: p = 0.001 at 22.5.
    expect(chiSquare(counts)).toBeLessThan(22.5);
  });

  it('nextInt handles the edges and rejects bad bounds', () => {
    const rng = createRng(3);
    expect(rng.nextInt(1)).toBe(0);
    const big = rng.nextInt(2 ** 32);
    expect(big).toBeGreaterThanOrEqual(0);
    expect(big).toBeLessThan(2 ** 32);
    for (const bad of [0, -1, 2.5, 2 ** 32 + 1, Number.NaN]) {
      expect(() => rng.nextInt(bad)).toThrow(RangeError);
    }
  });

  it('shuffle permutes in place, deterministically, for arrays and typed arrays', () => {
    const array = Array.from({ length: 100 }, (_, i) => i);
    const returned = createRng(5).shuffle(array);
    expect(returned).toBe(array);
    expect([...array].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(array).not.toEqual(Array.from({ length: 100 }, (_, i) => i));

    const typed = Uint32Array.from({ length: 100 }, (_, i) => i);
    createRng(5).shuffle(typed);
    expect(Array.from(typed)).toEqual(array);

    expect(createRng(5).shuffle([])).toEqual([]);
    expect(createRng(5).shuffle(['only'])).toEqual(['only']);
  });

  it('shuffle makes length - 1 draws, so a shared generator stays in step', () => {
    const a = createRng(11);
    a.shuffle(new Array(10).fill(0));
    const b = createRng(11);
    for (let i = 0; i < 9; i++) b.nextUint32();
    expect(a.nextUint32()).toBe(b.nextUint32());
  });

  it('shuffle makes all 6 orders of 3 items equally likely', () => {
    const rng = createRng(2024);
    const counts = new Map<string, number>();
    for (let i = 0; i < 60_000; i++) {
      const key = rng.shuffle(['a', 'b', 'c']).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    // 5 degrees of freedom: p = 0.001 at 20.5.
    expect(chiSquare([...counts.values()])).toBeLessThan(20.5);
  });
});
