/**
 * Turns a split of MNIST digits into the tensors training needs, once per run: images `[N, 784]`
 * float32 in [0, 1] and labels in the chosen encoding. Each epoch's shuffled order is gathered
 * on the device once (`shuffledCopy`), and batches are row slices of it (`sliceRows`): no
 * uploads during an epoch, one slice per tensor per step.
 */
import * as tf from './tfjs';
import type { Dataset, LabelEncoding } from '../core';

/**
 * The images the engine trains on: the core's `Dataset` (28×28 digits, one label each), or a
 * multi-label set (56×56 canvases) whose `targets` hold 10 multi-hot bytes per image and whose
 * `digitSets` list the digits shown.
 */
export type DigitSet = Pick<Dataset, 'count' | 'rows' | 'cols' | 'images' | 'labels'> & {
  targets?: Uint8Array;
  digitSets?: number[][];
};

/** A split as tensors. The caller owns it and must call `disposeSplit`. */
export interface TensorSplit {
  /** `[N, rows·cols]` float32, pixels / 255. */
  x: tf.Tensor2D;
  /** `[N, K]` float32 (one-hot / multi-hot), `[N, 1]` float32 (a column of ids) or `[N]` int32. */
  y: tf.Tensor;
  /**
   * The classes, for the confusion matrix: the digits 0–9 (multi-label: the smallest digit
   * shown), or the binary task's 0/1 answers.
   */
  labels: Uint8Array;
  /** Multi-label sets only: the digits each image shows. */
  digitSets?: number[][];
  /** Multi-label sets only: `[N, K]` 0/1 targets, for per-label accuracy. */
  targets?: Uint8Array;
  count: number;
}

/**
 * Label targets for `labels` in an encoding, as flat values and a shape. A digit's `multihot` row
 * is its one-hot row (a single positive label); multi-label sets carry their own `targets`.
 */
function encodeTargets(
  labels: Uint8Array,
  encoding: LabelEncoding,
  classes: number,
): { values: Float32Array | Int32Array; shape: number[] } {
  const n = labels.length;
  if (encoding === 'int') return { values: Int32Array.from(labels), shape: [n] };
  if (encoding === 'column') return { values: Float32Array.from(labels), shape: [n, 1] };
  const values = new Float32Array(n * classes);
  for (let i = 0; i < n; i++) {
    const label = labels[i] as number;
    if (label < classes) values[i * classes + label] = 1;
  }
  return { values, shape: [n, classes] };
}

/**
 * Uploads a split. A multi-label set (with `targets`) needs the `multihot` encoding: its images
 * show several digits, which class ids and one-hot rows cannot represent.
 */
export function toTensors(set: DigitSet, encoding: LabelEncoding, classes: number): TensorSplit {
  const pixels = set.rows * set.cols;
  if (set.images.length !== set.count * pixels) {
    throw new Error(`Expected ${set.count} images of ${set.rows}×${set.cols} pixels`);
  }
  if (set.targets && encoding !== 'multihot') {
    throw new Error(
      `Multi-label images show several digits, which ${encoding === 'int' ? 'integer class ids' : 'one-hot rows'} cannot encode: use multi-hot labels`,
    );
  }
  if (!set.targets) {
    // A label past the model's classes would become a row of zeros or a wrong class id.
    const top = set.labels.reduce((max, label) => Math.max(max, label), 0);
    if (top >= classes) {
      throw new Error(`the data has class ${top}, but this run's labels have ${classes} classes`);
    }
  }
  const targets = set.targets
    ? { values: Float32Array.from(set.targets), shape: [set.count, classes] }
    : encodeTargets(set.labels, encoding, classes);
  const x = tf.tidy<tf.Tensor2D>(() =>
    tf.div(tf.tensor2d(set.images, [set.count, pixels], 'int32'), 255),
  );
  const y =
    targets.values instanceof Int32Array
      ? tf.tensor(targets.values, targets.shape, 'int32')
      : tf.tensor(targets.values, targets.shape, 'float32');
  return {
    x,
    y,
    labels: set.labels,
    count: set.count,
    ...(set.digitSets ? { digitSets: set.digitSets } : {}),
    ...(set.targets ? { targets: set.targets } : {}),
  };
}

export function disposeSplit(split: TensorSplit): void {
  split.x.dispose();
  split.y.dispose();
}

/** Rows `start … start + size − 1` of `t` (first axis), in the caller's scope. */
export function sliceRows<T extends tf.Tensor>(t: T, start: number, size: number): T {
  return tf.slice(t, [start, ...t.shape.slice(1).map(() => 0)], [size, ...t.shape.slice(1)]);
}

/**
 * The split's images and labels in `order` (one epoch's shuffle), gathered on the device in one
 * go. The caller disposes both; while they live the split is held twice.
 */
export function shuffledCopy(
  split: TensorSplit,
  order: Int32Array,
): { x: tf.Tensor2D; y: tf.Tensor } {
  return tf.tidy(() => {
    const indices = tf.tensor1d(order, 'int32');
    return { x: tf.gather(split.x, indices), y: tf.gather(split.y, indices) };
  });
}
