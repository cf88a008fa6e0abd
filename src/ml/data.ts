/**
 * Turns a split of MNIST digits into the tensors training needs, once per run: images `[N, 784]`
 * float32 in [0, 1] and labels in the chosen encoding. Batches are then `tf.gather`ed on the
 * device, so per-step uploads are only the batch's indices.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset, LabelEncoding } from '../core';
import { PIXELS } from './models';

/** The part of the core's `Dataset` the engine reads (images row-major, one byte per pixel). */
export type DigitSet = Pick<Dataset, 'count' | 'rows' | 'cols' | 'images' | 'labels'>;

/** A split as tensors. The caller owns it and must call `disposeSplit`. */
export interface TensorSplit {
  /** `[N, 784]` float32, pixels / 255. */
  x: tf.Tensor2D;
  /** `[N, K]` float32 (one-hot / multi-hot) or `[N]` int32 (class ids). */
  y: tf.Tensor;
  /** The digits 0–9, for the confusion matrix. */
  labels: Uint8Array;
  count: number;
}

/**
 * Label targets for `labels` in an encoding, as flat values and a shape. `multihot` targets come
 * from `multiHot` (one row of K values per digit) when given; without it a digit's multi-hot
 * row is its one-hot row (a single positive label).
 */
export function encodeTargets(
  labels: Uint8Array,
  encoding: LabelEncoding,
  classes: number,
  multiHot?: (label: number) => readonly number[],
): { values: Float32Array | Int32Array; shape: number[] } {
  const n = labels.length;
  if (encoding === 'int') return { values: Int32Array.from(labels), shape: [n] };
  const values = new Float32Array(n * classes);
  for (let i = 0; i < n; i++) {
    const label = labels[i] as number;
    if (encoding === 'multihot' && multiHot) {
      multiHot(label).forEach((v, k) => {
        if (k < classes) values[i * classes + k] = v;
      });
    } else if (label < classes) {
      values[i * classes + label] = 1;
    }
  }
  return { values, shape: [n, classes] };
}

/** Uploads a split. Throws if the images are not 28×28. */
export function toTensors(
  set: DigitSet,
  encoding: LabelEncoding,
  classes: number,
  multiHot?: (label: number) => readonly number[],
): TensorSplit {
  if (set.rows * set.cols !== PIXELS) {
    throw new Error(`Expected 28×28 digits, got ${set.rows}×${set.cols}`);
  }
  const targets = encodeTargets(set.labels, encoding, classes, multiHot);
  const x = tf.tidy<tf.Tensor2D>(() =>
    tf.div(tf.tensor2d(set.images, [set.count, PIXELS], 'int32'), 255),
  );
  const y =
    targets.values instanceof Int32Array
      ? tf.tensor(targets.values, targets.shape, 'int32')
      : tf.tensor(targets.values, targets.shape, 'float32');
  return { x, y, labels: set.labels, count: set.count };
}

export function disposeSplit(split: TensorSplit): void {
  split.x.dispose();
  split.y.dispose();
}
