/**
 * The operations a loss's differentiable tensor form is written with, so each loss's formula for
 * the engine lives in its one maths entry (lossMaths.ts) while core stays free of tfjs:
 * src/ml/losses.ts implements these on TensorFlow.js tensors (where automatic differentiation
 * gives the training gradient) and calls the entry's `tensor`. The framework's conventions at
 * kinks and bounds (which the reference's hand-written gradients follow too) are the ops', so a
 * formula reads like Keras' own code.
 *
 * `T` is a float32 tensor: `[B, K]` element-wise, `[B]` after a reduction over the class axis.
 */
import type { LossKeywords, LossPath } from '../catalogue';
import type { Semantics } from '../config';

/** A tensor or a number broadcast against it. */
export type Operand<T> = T | number;

export interface TensorOps<T> {
  add(a: Operand<T>, b: Operand<T>): T;
  sub(a: Operand<T>, b: Operand<T>): T;
  mul(a: Operand<T>, b: Operand<T>): T;
  div(a: T, b: T): T;
  neg(x: T): T;
  log(x: T): T;
  log1p(x: T): T;
  exp(x: T): T;
  relu(x: T): T;
  sigmoid(x: T): T;
  /** |x| as tfjs differentiates it. */
  abs(x: T): T;
  /** |x| with the framework's derivative at 0: TF's `sign`, 0; JAX's 1. */
  kinkAbs(x: T): T;
  pow(x: T, exponent: number): T;
  squaredDifference(a: T, b: T): T;
  /** `clip(x, lo, hi)` with the framework's gradient on a bound: TF passes all of it, JAX half. */
  clip(x: T, lo: number, hi: number): T;
  /** `clip_by_value`, for values that are not differentiated (the labels). */
  clipByValue(x: T, lo: number, hi: number): T;
  logSoftmax(x: T): T;
  /**
   * `tf.nn.softmax_cross_entropy_with_logits` per sample `[B]`, with TF's registered gradient
   * `softmax(x) − y` (the true one only where each label row sums to 1).
   */
  tfSoftmaxCrossEntropy(y: T, x: T): T;
  /** Mean over the class axis: `[B, K]` → `[B]`. */
  mean(x: T): T;
  /** Sum over the class axis: `[B, K]` → `[B]`, or `[B, 1]` with `keepDims`. */
  sum(x: T, keepDims?: boolean): T;
}

/** What a loss's tensor form receives. */
export interface TensorLossInput<T> {
  ops: TensorOps<T>;
  /** Which input Keras reads (the catalogue's rule). */
  path: LossPath;
  /** Labels `[B, K]` float, as dense rows (class ids are one-hot encoded). */
  y: T;
  /** The activated output `y_pred` `[B, K]`. */
  p: T;
  /** The logits the logits path reads: the cached pre-activation `z`, or `p` itself. */
  x: T;
  semantics: Semantics;
  keywords: LossKeywords;
}

/** `max(x,0) − x·y + log1p(exp(−|x|))`, element-wise (tf.nn.sigmoid_cross_entropy_with_logits). */
export function sigmoidCe<T>(o: TensorOps<T>, y: T, x: T): T {
  return o.add(o.sub(o.relu(x), o.mul(x, y)), o.log1p(o.exp(o.neg(o.abs(x)))));
}

/** `−(y·log p + (1−y)·log(1−p))` on clipped `p`, element-wise (Keras' probability-path BCE). */
export function clippedBce<T>(o: TensorOps<T>, y: T, p: T, epsilon: number): T {
  const pc = o.clip(p, epsilon, 1 - epsilon);
  return o.neg(o.add(o.mul(y, o.log(pc)), o.mul(o.sub(1, y), o.log(o.sub(1, pc)))));
}

/**
 * tf.nn.weighted_cross_entropy_with_logits:
 * `(1−y)·x + (1 + (q−1)·y)·(log1p(exp(−|x|)) + max(−x, 0))`.
 */
export function weightedSigmoidCe<T>(o: TensorOps<T>, y: T, x: T, q: number): T {
  const l = o.add(1, o.mul(q - 1, y));
  const softplusNeg = o.add(o.log1p(o.exp(o.neg(o.kinkAbs(x)))), o.relu(o.neg(x)));
  return o.add(o.mul(o.sub(1, y), x), o.mul(l, softplusNeg));
}

/**
 * Softmax cross-entropy per sample: exact on logits, else Keras' clipped probability formulas.
 * `input.p` is read only on the probability path (an engine may compute it on first read).
 */
export function softmaxCe<T>(input: TensorLossInput<T>, sparse: boolean, epsilon: number): T {
  const { ops: o, path, y, x, semantics } = input;
  if (path !== 'probabilities') {
    if (semantics === 'tf') return o.tfSoftmaxCrossEntropy(y, x);
    return o.neg(o.sum(o.mul(y, o.logSoftmax(x))));
  }
  const p = input.p;
  if (sparse && semantics === 'tf') {
    // TF: log(clip(p)), then sparse softmax CE: clip first, normalise second (spec §1.4).
    return o.neg(o.sum(o.mul(y, o.logSoftmax(o.log(o.clip(p, epsilon, 1 - epsilon))))));
  }
  // CCE, and SCCE on JAX/torch/numpy: normalise, then clip, then log.
  const normalised = o.clip(o.div(p, o.sum(p, true)), epsilon, 1 - epsilon);
  return o.neg(o.sum(o.mul(y, o.log(normalised))));
}
