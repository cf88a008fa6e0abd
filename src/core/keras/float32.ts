/**
 * Float32 arithmetic, emulated with `Math.fround`. Keras computes losses in float32, and several
 * numbers students see only exist because of float32 rounding: the BCE ceiling 15.942385 comes
 * from `1 - fround(1 - 1e-7) = 1.1920929e-7`, and the probability path loses precision near
 * saturation (sigmoid(15) rounds to 1 - 6 ulps). So every step that Keras rounds is rounded here,
 * in the order Keras' kernels run it (spec §1.3-1.5, §2, §5).
 */

import { KERAS_EPSILON } from '../catalogue/constants';

export const f32 = Math.fround;

/** `keras.config.epsilon()` as a float32: 1.0000000116860974e-7. */
export const EPSILON = f32(KERAS_EPSILON);

/** `1 - epsilon` as a float32: 0.99999988 (so `1 - clip(1)` is 1.1920929e-7, not 1e-7). */
export const ONE_MINUS_EPSILON = f32(1 - KERAS_EPSILON);

/** `tf.clip_by_value`; a NaN stays NaN, as in TensorFlow. */
export function clip(x: number, lo: number, hi: number): number {
  return Math.min(Math.max(x, lo), hi);
}

/** Natural log rounded to float32. */
export function log32(x: number): number {
  return f32(Math.log(x));
}

/** `x ** y` rounded to float32 (`ops.power` on float32 tensors). */
export function pow32(x: number, y: number): number {
  return f32(Math.pow(x, y));
}

/** Sum accumulated in float32, as a reduction over a float32 tensor. */
export function sum32(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s = f32(s + v);
  return s;
}

/** Mean in float32; the mean of nothing is NaN, as `ops.mean` of an empty axis. */
export function mean32(values: readonly number[]): number {
  return f32(sum32(values) / values.length);
}

/** Logistic sigmoid of one float32 value, computed as `1 / (1 + exp(-z))` in float32. */
export function sigmoid32(z: number): number {
  return f32(1 / f32(1 + f32(Math.exp(-z))));
}

/** The max-shifted logits of one row and `log(Σ exp(shifted))`, as TF's xent kernels form them. */
export function shiftedLogSumExp(row: readonly number[]): { shifted: number[]; lse: number } {
  const max = Math.max(...row);
  const shifted = row.map((z) => f32(z - max));
  const lse = log32(sum32(shifted.map((s) => f32(Math.exp(s)))));
  return { shifted, lse };
}

/** Softmax of one row of logits (K,) in float32: `exp(z - max) / Σ exp(z - max)`. */
export function softmax32(row: readonly number[]): number[] {
  const max = Math.max(...row);
  const e = row.map((z) => f32(Math.exp(f32(z - max))));
  const s = sum32(e);
  return e.map((v) => f32(v / s));
}

/** `log_softmax` of one row (K,) in float32: `shifted - log Σ exp(shifted)`. */
export function logSoftmax32(row: readonly number[]): number[] {
  const { shifted, lse } = shiftedLogSumExp(row);
  return shifted.map((s) => f32(s - lse));
}

/**
 * `tf.nn.sigmoid_cross_entropy_with_logits` for one element, in TF's stable form
 * `max(x, 0) - x·y + log1p(exp(-|x|))`: exact and unbounded (30 at x = 30, y = 0).
 */
export function sigmoidCrossEntropy32(label: number, logit: number): number {
  const relu = logit >= 0 ? logit : 0;
  const negAbs = logit >= 0 ? -logit : logit;
  return f32(f32(relu - f32(logit * label)) + f32(Math.log1p(f32(Math.exp(negAbs)))));
}

/**
 * `tf.nn.weighted_cross_entropy_with_logits` for one element (the same value as PyTorch's
 * `BCEWithLogitsLoss(pos_weight=q)`): `(1-y)·x + (1 + (q-1)·y)·(log1p(exp(-|x|)) + max(-x, 0))`.
 */
export function weightedCrossEntropy32(label: number, logit: number, posWeight: number): number {
  const logWeight = f32(1 + f32(f32(posWeight - 1) * label));
  const softplusNeg = f32(f32(Math.log1p(f32(Math.exp(-Math.abs(logit))))) + Math.max(-logit, 0));
  return f32(f32(f32(1 - label) * logit) + f32(logWeight * softplusNeg));
}

/**
 * `tf.nn.softmax_cross_entropy_with_logits` for one row: `Σ_k y_k·(lse - shifted_k)`, the
 * formula of TF's xent kernel (stable, unbounded).
 */
export function softmaxCrossEntropy32(
  labels: readonly number[],
  logits: readonly number[],
): number {
  const { shifted, lse } = shiftedLogSumExp(logits);
  return sum32(labels.map((y, k) => f32(y * f32(lse - (shifted[k] ?? 0)))));
}

/** `tf.nn.sparse_softmax_cross_entropy_with_logits` for one row and an in-range class id. */
export function sparseSoftmaxCrossEntropy32(label: number, logits: readonly number[]): number {
  const { shifted, lse } = shiftedLogSumExp(logits);
  return f32(lse - (shifted[label] ?? NaN));
}
