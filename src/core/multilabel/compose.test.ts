import { describe, expect, it } from 'vitest';
import type { Dataset } from '../dataset';
import { splitIndices } from '../dataset';
import { MULTILABEL_CANVAS, composeMultiLabel } from './compose';

/** A fake 28×28 dataset: digit i has class i % 10 and every pixel equal to 1 + i % 250. */
function fakeDataset(count: number): Dataset {
  const images = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    images.fill(1 + (i % 250), i * 784, (i + 1) * 784);
    labels[i] = i % 10;
  }
  return { count, rows: 28, cols: 28, images, labels };
}

const ds = fakeDataset(500);
const all = Array.from({ length: 500 }, (_, i) => i);

/** The value of each of the 4 cells of image `i` (0 when empty); cells are uniform by construction. */
function cells(set: ReturnType<typeof composeMultiLabel>, i: number): number[] {
  const base = i * set.rows * set.cols;
  return [0, 1, 2, 3].map((c) => {
    const top = Math.floor(c / 2) * 28;
    const left = (c % 2) * 28;
    const first = set.images[base + top * set.cols + left] as number;
    let uniform = true;
    for (let r = 0; r < 28; r++) {
      for (let col = 0; col < 28; col++) {
        if (set.images[base + (top + r) * set.cols + left + col] !== first) uniform = false;
      }
    }
    expect(uniform).toBe(true);
    return first;
  });
}

describe('composeMultiLabel', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = composeMultiLabel(ds, all, { seed: 7, count: 50 });
    const b = composeMultiLabel(ds, all, { seed: 7, count: 50 });
    const c = composeMultiLabel(ds, all, { seed: 8, count: 50 });
    expect(b.images.every((v, i) => v === a.images[i])).toBe(true);
    expect(b.targets.every((v, i) => v === a.targets[i])).toBe(true);
    expect(b.digitSets).toEqual(a.digitSets);
    expect(c.digitSets).not.toEqual(a.digitSets);
  });

  it('makes 56×56 canvases with 1–3 distinct, sorted classes and matching multi-hot targets', () => {
    const set = composeMultiLabel(ds, all, { seed: 1, count: 300 });
    expect([set.rows, set.cols]).toEqual([MULTILABEL_CANVAS.rows, MULTILABEL_CANVAS.cols]);
    expect(set.images.length).toBe(300 * 56 * 56);
    expect(set.targets.length).toBe(300 * 10);
    const sizes = new Set<number>();
    set.digitSets.forEach((digits, i) => {
      sizes.add(digits.length);
      expect(digits.length).toBeGreaterThanOrEqual(1);
      expect(digits.length).toBeLessThanOrEqual(3);
      expect(new Set(digits).size).toBe(digits.length);
      expect([...digits].sort((x, y) => x - y)).toEqual(digits);
      const row = Array.from(set.targets.subarray(i * 10, i * 10 + 10));
      expect(row).toEqual(Array.from({ length: 10 }, (_, d) => (digits.includes(d) ? 1 : 0)));
    });
    expect([...sizes].sort()).toEqual([1, 2, 3]);
  });

  it('pastes each source digit whole into its own cell and leaves the others black', () => {
    const set = composeMultiLabel(ds, all, { seed: 3, count: 40 });
    set.sources.forEach((sources, i) => {
      const values = cells(set, i);
      const expected = sources.map((s) => 1 + (s % 250)).sort((x, y) => x - y);
      expect(values.filter((v) => v !== 0).sort((x, y) => x - y)).toEqual(expected);
      expect(values.filter((v) => v === 0).length).toBe(4 - sources.length);
      sources.forEach((s, j) => expect(ds.labels[s]).toBe(set.digitSets[i]?.[j]));
    });
  });

  it('draws only from the given indices, so train and test canvases share no digit', () => {
    const split = splitIndices(500, { trainSize: 300, testSize: 200, seed: 5 });
    const train = composeMultiLabel(ds, split.train, { seed: 5, count: 200 });
    const test = composeMultiLabel(ds, split.test, { seed: 6, count: 100 });
    const trainSet = new Set(split.train);
    const testSet = new Set(split.test);
    expect(train.sources.flat().every((s) => trainSet.has(s))).toBe(true);
    expect(test.sources.flat().every((s) => testSet.has(s))).toBe(true);
    const used = new Set(train.sources.flat());
    expect(test.sources.flat().some((s) => used.has(s))).toBe(false);
  });

  it('honours minDigits/maxDigits and caps at the classes available', () => {
    const two = composeMultiLabel(ds, all, { seed: 2, count: 50, minDigits: 2, maxDigits: 2 });
    expect(two.digitSets.every((d) => d.length === 2)).toBe(true);
    const onlyTwoClasses = all.filter((i) => i % 10 < 2);
    const capped = composeMultiLabel(ds, onlyTwoClasses, { seed: 2, count: 30, maxDigits: 4 });
    expect(capped.digitSets.every((d) => d.length >= 1 && d.length <= 2)).toBe(true);
    expect(composeMultiLabel(ds, all, { seed: 1, count: 0 }).images.length).toBe(0);
  });

  it('rejects bad options and indices', () => {
    expect(() => composeMultiLabel(ds, all, { seed: 1, count: 1, maxDigits: 5 })).toThrow(
      RangeError,
    );
    expect(() =>
      composeMultiLabel(ds, all, { seed: 1, count: 1, minDigits: 3, maxDigits: 2 }),
    ).toThrow(/minDigits/);
    expect(() => composeMultiLabel(ds, all, { seed: 1, count: -1 })).toThrow(/count/);
    expect(() => composeMultiLabel(ds, [0, 500], { seed: 1, count: 1 })).toThrow(/index 500/);
    expect(() => composeMultiLabel(ds, [0, 10], { seed: 1, count: 1, minDigits: 2 })).toThrow(
      /1 distinct digit classes/,
    );
    expect(() => composeMultiLabel(ds, all, { seed: 1.5, count: 1 })).toThrow(RangeError);
  });
});
