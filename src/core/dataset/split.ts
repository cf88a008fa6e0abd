/**
 * The train/test split of the classic teaching experiment: by default 6,000 training and 1,000
 * test digits drawn disjointly from the 10,000 by a seeded shuffle, so a seed (and a shared link)
 * gives the same split in every browser.
 */
import { LIMITS, MAX_DIGITS } from '../config';
import { createRng } from '../random';
import type { Dataset } from './format';

export interface SplitOptions {
  /** Training digits, an integer from 1 to 9,000 (LIMITS.trainSize). */
  trainSize: number;
  /** Test digits, an integer from 1 to 9,999; trainSize + testSize ≤ 10,000 (MAX_DIGITS). */
  testSize: number;
  /** Any integer from 0 to 2^32 - 1 (LIMITS.seed). */
  seed: number;
}

/** Indices into the full dataset, in shuffled order. */
export interface SplitIndices {
  train: Uint32Array;
  test: Uint32Array;
}

function checkSize(name: 'trainSize' | 'testSize' | 'seed', value: number): void {
  const { min, max } = LIMITS[name];
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
}

/**
 * Chooses which of `count` digits go to training and which to test. Shuffles 0..count-1 with
 * `createRng(seed)`; the training set is the first `trainSize` shuffled indices and the test set
 * the last `testSize`, so the two are disjoint, and, for a given seed, changing the training size
 * keeps the test set (and changing the test size keeps the training set): accuracies measured
 * with different training sizes are measured on the same test digits.
 *
 * Throws a RangeError naming the offending option when a size is outside LIMITS, when
 * trainSize + testSize exceeds 10,000 (MAX_DIGITS), or when it exceeds `count`.
 */
export function splitIndices(count: number, options: SplitOptions): SplitIndices {
  const { trainSize, testSize, seed } = options;
  checkSize('trainSize', trainSize);
  checkSize('testSize', testSize);
  checkSize('seed', seed);
  if (trainSize + testSize > MAX_DIGITS) {
    throw new RangeError(
      `trainSize + testSize must be at most ${MAX_DIGITS}, got ${trainSize} + ${testSize} = ${trainSize + testSize}`,
    );
  }
  if (trainSize + testSize > count) {
    throw new RangeError(
      `trainSize + testSize must be at most the ${count} digits available, got ${trainSize} + ${testSize} = ${trainSize + testSize}`,
    );
  }
  const order = createRng(seed).shuffle(Uint32Array.from({ length: count }, (_, i) => i));
  return { train: order.slice(0, trainSize), test: order.slice(count - testSize) };
}

/** A new Dataset holding copies of the digits of `ds` at `indices`, in that order. */
export function selectDigits(ds: Dataset, indices: ArrayLike<number>): Dataset {
  const pixels = ds.rows * ds.cols;
  const images = new Uint8Array(indices.length * pixels);
  const labels = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i] as number;
    if (!Number.isInteger(index) || index < 0 || index >= ds.count) {
      throw new RangeError(`selectDigits: index ${index} is outside 0..${ds.count - 1}`);
    }
    images.set(ds.images.subarray(index * pixels, (index + 1) * pixels), i * pixels);
    labels[i] = ds.labels[index] as number;
  }
  return { count: indices.length, rows: ds.rows, cols: ds.cols, images, labels };
}

/**
 * Splits `ds` into disjoint training and test sets (see `splitIndices` for the rule and the
 * errors). Both are fresh copies in shuffled order; `ds` is left untouched.
 */
export function splitDataset(
  ds: Dataset,
  options: SplitOptions,
): { train: Dataset; test: Dataset } {
  const { train, test } = splitIndices(ds.count, options);
  return { train: selectDigits(ds, train), test: selectDigits(ds, test) };
}
