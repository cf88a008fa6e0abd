/**
 * Keras' accuracy metrics on tensors (spec §3). Metrics never use cached logits: they see the
 * activated output `y_pred` (for a linear output, the raw logits). Each function returns the
 * per-sample values `[B]` that Keras' `Mean` metric accumulates (sum of values, count of samples),
 * owned by the caller's `tf.tidy` scope.
 *
 * Shapes: `p` is `y_pred` `[B, K]`; labels are `[B, K]` float (one-hot / multi-hot) or `[B]`
 * int32 class ids.
 */
import * as tf from './tfjs';
import type { ConcreteMetric, MetricEngineKey } from '../core';
import { DEFAULT_THRESHOLD, TOP_K, metricEntry } from '../core';

/** A metric after `accuracy` has been resolved (the semantics core's `resolveMetric`). */
export type ResolvedMetric = ConcreteMetric;

function predictedPositive(p: tf.Tensor): tf.Tensor {
  return tf.cast(tf.greater(p, DEFAULT_THRESHOLD), 'float32');
}

function asDense(y: tf.Tensor): tf.Tensor {
  // Keras' squeeze_or_expand_to_same_rank: (B,) labels become (B, 1) and broadcast.
  return y.rank === 1 ? tf.expandDims(tf.cast(y, 'float32'), -1) : tf.cast(y, 'float32');
}

/** Class ids `[B]` from ids, a `[B, 1]` column of ids (squeezed, as Keras does) or dense rows. */
function classIds(y: tf.Tensor): tf.Tensor1D {
  if (y.rank === 2 && y.shape[1] === 1) return tf.cast<tf.Tensor1D>(tf.squeeze(y, [1]), 'int32');
  return (y.rank === 1 ? tf.cast(y, 'int32') : tf.argMax(y, -1)) as tf.Tensor1D;
}

/** 1 where `label` is within the top `k` of `p` (ties inclusive, as TF's in_top_k). */
function inTopK(p: tf.Tensor2D, label: tf.Tensor1D, k: number): tf.Tensor1D {
  const depth = p.shape[1];
  const target = tf.sum(tf.mul(p, tf.oneHot(label, depth).toFloat()), -1, true);
  const above = tf.sum(tf.cast(tf.greater(p, target), 'float32'), -1);
  return tf.cast<tf.Tensor1D>(tf.less(above, k), 'float32');
}

/**
 * Per-sample values `[B]` of each metric, keyed like the catalogue's `engine` (a metric without
 * tensor maths here does not compile). `y` is `[B, K]` float or `[B]` int, `p` is `y_pred`.
 */
const TENSOR_METRICS: Record<MetricEngineKey, (y: tf.Tensor, p: tf.Tensor2D) => tf.Tensor1D> = {
  binary: (y, p) =>
    tf.mean<tf.Tensor1D>(tf.cast(tf.equal(asDense(y), predictedPositive(p)), 'float32'), -1),
  // Keras takes argmax(y_true) whatever its rank: for (B,) class ids that is one scalar
  // (the position of the largest id), which every prediction is then compared with.
  categorical: (y, p) =>
    tf.cast<tf.Tensor1D>(tf.equal(tf.argMax(y, -1), tf.argMax(p, -1)), 'float32'),
  sparse_categorical: (y, p) =>
    tf.cast<tf.Tensor1D>(tf.equal(classIds(y), tf.argMax(p, -1)), 'float32'),
  top_k: (y, p) => inTopK(p, classIds(y), TOP_K),
  sparse_top_k: (y, p) => inTopK(p, classIds(y), TOP_K),
  subset: (y, p) =>
    tf.cast<tf.Tensor1D>(tf.all(tf.equal(asDense(y), predictedPositive(p)), -1), 'float32'),
  hamming: (y, p) =>
    tf.mean<tf.Tensor1D>(tf.cast(tf.notEqual(asDense(y), predictedPositive(p)), 'float32'), -1),
};

/**
 * Per-sample values `[B]` of a resolved metric. `hamming_loss` is the fraction of wrong labels
 * (lower is better, as its catalogue entry says); all others are 1 for right, 0 for wrong, or a
 * fraction for element-wise ones. Owned by the caller's `tf.tidy` scope.
 */
export function perSampleMetric(metric: ResolvedMetric, y: tf.Tensor, p: tf.Tensor2D): tf.Tensor1D {
  return TENSOR_METRICS[metricEntry(metric).engine](y, p);
}
