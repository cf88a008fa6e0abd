/**
 * A student's own IDX files (MNIST or Fashion-MNIST) as LossLab's data: which file is which is
 * read from each header (images or labels, and the count), never from the file name, and the
 * train/test split follows the files.
 */
import { LIMITS, MAX_DIGITS } from '../config';
import { createRng } from '../random';
import type { Dataset } from './format';
import { DatasetError } from './format';
import type { IdxFile } from './idx';
import { selectDigits } from './split';

/** One file as the page lists it: what its header says and the part it plays. */
export interface OwnFileInfo {
  name: string;
  kind: 'images' | 'labels';
  count: number;
  role: 'train' | 'test';
}

/**
 * Own data: a training set and, when four files were given, a separate test set. With two files
 * (one images + labels pair) the test digits are split off the same set, as with the built-in data.
 */
export interface OwnData {
  train: Dataset;
  test: Dataset | null;
  files: OwnFileInfo[];
}

const ALL = 'own files';

/**
 * Pairs images with labels by count and builds the datasets: two files (one pair) or four (two
 * pairs of different counts; the larger is the training set, as MNIST's 60,000 and 10,000).
 * Throws a DatasetError (`files` or `count`) that says what is missing or does not match.
 */
export function assembleOwnData(files: readonly IdxFile[]): OwnData {
  if (files.length !== 2 && files.length !== 4) {
    throw new DatasetError(
      'files',
      ALL,
      `got ${files.length} file${files.length === 1 ? '' : 's'}; drop 2 (images and labels) or 4 ` +
        '(training and test images and labels).',
    );
  }
  const images = files.filter((f) => f.kind === 'images');
  const labels = files.filter((f) => f.kind === 'labels');
  if (images.length !== labels.length) {
    throw new DatasetError(
      'files',
      ALL,
      `got ${images.length} images file${images.length === 1 ? '' : 's'} and ${labels.length} ` +
        `labels file${labels.length === 1 ? '' : 's'}; every images file needs its labels file.`,
    );
  }
  if (images.length === 2 && images[0]?.count === images[1]?.count) {
    throw new DatasetError(
      'files',
      ALL,
      'both images files hold the same number of images, so which is the training set is ' +
        'unclear; drop one pair.',
    );
  }
  const pairs = images
    .map((image) => {
      const matching = labels.filter((l) => l.count === image.count);
      if (matching.length !== 1) {
        const counts = labels.map((l) => `${l.name}: ${l.count.toLocaleString('en')}`).join(', ');
        throw new DatasetError(
          'count',
          image.name,
          `holds ${image.count.toLocaleString('en')} images but no labels file holds as many ` +
            `labels (${counts}).`,
        );
      }
      return { image, label: matching[0] as IdxFile };
    })
    .sort((a, b) => b.image.count - a.image.count);
  const toDataset = ({ image, label }: { image: IdxFile; label: IdxFile }): Dataset => {
    if (image.kind !== 'images') throw new Error('unreachable: pairs start with images');
    return {
      count: image.count,
      rows: image.rows,
      cols: image.cols,
      images: image.data,
      labels: label.data,
    };
  };
  const [train, test] = pairs;
  if (!train) throw new Error('unreachable: at least one pair');
  const info = (pair: typeof train, role: OwnFileInfo['role']): OwnFileInfo[] =>
    [pair.image, pair.label].map((f) => ({ name: f.name, kind: f.kind, count: f.count, role }));
  return {
    train: toDataset(train),
    test: test ? toDataset(test) : null,
    files: [...info(train, 'train'), ...(test ? info(test, 'test') : [])],
  };
}

/**
 * Which digits a run on own data with a separate test set uses: `trainSize` indices into the
 * training set drawn by the seed, `testSize` indices into the test set drawn with seed + 1. The
 * sizes keep LossLab's limits (train ≤ 9,000, test ≤ 9,999, both ≤ 10,000), so links, grids and
 * the history read the same whatever the data; each may not exceed its file. Throws a RangeError
 * naming the offending size.
 */
export function ownSplitIndices(
  trainCount: number,
  testCount: number,
  options: { trainSize: number; testSize: number; seed: number },
): { train: Uint32Array; test: Uint32Array } {
  const { trainSize, testSize, seed } = options;
  for (const [name, value, available] of [
    ['trainSize', trainSize, trainCount],
    ['testSize', testSize, testCount],
  ] as const) {
    const { min, max } = LIMITS[name];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
    }
    if (value > available) {
      throw new RangeError(
        `${name} must be at most the ${available} digits in that file, got ${value}`,
      );
    }
  }
  if (trainSize + testSize > MAX_DIGITS) {
    throw new RangeError(
      `trainSize + testSize must be at most ${MAX_DIGITS}, got ${trainSize + testSize}`,
    );
  }
  return {
    train: pick(trainCount, trainSize, seed),
    test: pick(testCount, testSize, (seed + 1) >>> 0),
  };
}

/** The training and test digits of a run on `train` with the separate test set `test`. */
export function splitOwnData(
  train: Dataset,
  test: Dataset,
  options: { trainSize: number; testSize: number; seed: number },
): { train: Dataset; test: Dataset } {
  const indices = ownSplitIndices(train.count, test.count, options);
  return { train: selectDigits(train, indices.train), test: selectDigits(test, indices.test) };
}

function pick(count: number, size: number, seed: number): Uint32Array {
  return createRng(seed)
    .shuffle(Uint32Array.from({ length: count }, (_, i) => i))
    .slice(0, size);
}
