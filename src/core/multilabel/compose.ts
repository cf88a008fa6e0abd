/**
 * Multi-label MNIST: images that each show 1–3 different digits, with multi-hot targets.
 *
 * Canvas: a 2×2 grid of 28×28 cells, so 56×56 pixels. Each chosen digit goes into its own randomly
 * chosen cell and the other cells stay black. Why this layout rather than 28×84 side by side:
 * - digits keep their native size and never overlap, so every label is really visible;
 * - positions vary (4 cells for at most 3 digits), so a model cannot learn "the left slot is the
 *   first label", and an image with one digit is not a strip with two fixed empty slots;
 * - the canvas is square, so the CNN's pooling treats both directions alike, and 56 = 2·28 keeps the
 *   conv arithmetic simple (56 → 54 → 27 → 25 → 12).
 * The cost is 4× the pixels of a digit (3,136 inputs for the MLP), which is still small.
 */
import type { Dataset } from '../dataset';
import { NUM_CLASSES } from '../config';
import { createRng } from '../random';

/** Cells per side of the canvas grid. */
export const MULTILABEL_GRID = 2;
/** The canvas of composed MNIST digits: 56×56. */
export const MULTILABEL_CANVAS = {
  rows: 28 * MULTILABEL_GRID,
  cols: 28 * MULTILABEL_GRID,
} as const;

export interface ComposeOptions {
  /** Any safe integer; the same seed, dataset and indices give the same images. */
  seed: number;
  /** Number of images to compose (≥ 0). */
  count: number;
  /** Fewest distinct digit classes per image (default 1). */
  minDigits?: number;
  /** Most distinct digit classes per image (default 3, at most the 4 cells of the grid). */
  maxDigits?: number;
}

export interface MultiLabelSet {
  count: number;
  /** Canvas size: twice the source digits' rows and columns. */
  rows: number;
  cols: number;
  /** count × rows × cols bytes, image after image, row-major; 0 = background. */
  images: Uint8Array;
  /** count × 10 multi-hot bytes: targets[i·10 + d] = 1 when image i shows digit d. */
  targets: Uint8Array;
  /** The digit classes of each image, ascending. */
  digitSets: number[][];
  /** The source index (into the dataset) of each digit drawn, aligned with `digitSets`. */
  sources: number[][];
}

function checkInt(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(
      `composeMultiLabel: ${name} must be an integer from ${min} to ${max}, got ${String(value)}`,
    );
  }
}

/**
 * Composes `count` multi-label images from the digits of `ds` at `indices` only, so a training set
 * composed from training indices never shows a test digit. Each image shows between `minDigits`
 * and `maxDigits` digits of *distinct* classes (drawn uniformly among the classes present in
 * `indices`), each in its own cell of a 2×2 grid. Deterministic for a given seed.
 *
 * Throws a RangeError for bad options, an index outside the dataset, or fewer distinct classes
 * among `indices` than `minDigits`. When fewer classes than `maxDigits` are present, images hold at
 * most as many digits as there are classes.
 */
export function composeMultiLabel(
  ds: Dataset,
  indices: ArrayLike<number>,
  options: ComposeOptions,
): MultiLabelSet {
  const { seed, count } = options;
  const minDigits = options.minDigits ?? 1;
  const maxDigits = options.maxDigits ?? 3;
  const cells = MULTILABEL_GRID * MULTILABEL_GRID;
  checkInt('count', count, 0, Number.MAX_SAFE_INTEGER);
  checkInt('maxDigits', maxDigits, 1, cells);
  checkInt('minDigits', minDigits, 1, maxDigits);

  const pools: number[][] = Array.from({ length: NUM_CLASSES }, () => []);
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i] as number;
    if (!Number.isInteger(index) || index < 0 || index >= ds.count) {
      throw new RangeError(`composeMultiLabel: index ${index} is outside 0..${ds.count - 1}`);
    }
    pools[ds.labels[index] as number]?.push(index);
  }
  const classes = pools.flatMap((pool, digit) => (pool.length > 0 ? [digit] : []));
  if (classes.length < minDigits) {
    throw new RangeError(
      `composeMultiLabel: the indices hold ${classes.length} distinct digit classes, fewer than minDigits = ${minDigits}`,
    );
  }
  const most = Math.min(maxDigits, classes.length);

  const rng = createRng(seed);
  const { rows, cols } = ds;
  const canvasRows = rows * MULTILABEL_GRID;
  const canvasCols = cols * MULTILABEL_GRID;
  const pixels = canvasRows * canvasCols;
  const images = new Uint8Array(count * pixels);
  const targets = new Uint8Array(count * NUM_CLASSES);
  const digitSets: number[][] = [];
  const sources: number[][] = [];

  for (let i = 0; i < count; i++) {
    const n = minDigits + rng.nextInt(most - minDigits + 1);
    // Partial shuffles: the first n entries are a uniform draw without replacement.
    const chosen = rng.shuffle(classes.slice()).slice(0, n);
    const where = rng.shuffle(Array.from({ length: cells }, (_, c) => c)).slice(0, n);
    const pairs = chosen.map((digit, j) => {
      const pool = pools[digit] ?? [];
      return { digit, cell: where[j] ?? 0, source: pool[rng.nextInt(pool.length)] ?? 0 };
    });
    pairs.sort((a, b) => a.digit - b.digit);
    for (const { digit, cell, source } of pairs) {
      const top = Math.floor(cell / MULTILABEL_GRID) * rows;
      const left = (cell % MULTILABEL_GRID) * cols;
      for (let r = 0; r < rows; r++) {
        const from = (source * rows + r) * cols;
        images.set(
          ds.images.subarray(from, from + cols),
          i * pixels + (top + r) * canvasCols + left,
        );
      }
      targets[i * NUM_CLASSES + digit] = 1;
    }
    digitSets.push(pairs.map((p) => p.digit));
    sources.push(pairs.map((p) => p.source));
  }
  return { count, rows: canvasRows, cols: canvasCols, images, targets, digitSets, sources };
}
