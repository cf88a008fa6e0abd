/**
 * Keras' classification losses as functions of the labels and the model's *logits*, reproducing
 * what `model.fit` reports (spec /work/shared/keras-semantics.md, sections 1 and 6):
 *
 * - semantics `tf` (Keras on TensorFlow): a sigmoid or softmax output carries its pre-activation
 *   as `_keras_logits`, and every cross-entropy uses it, even the "wrong" one (softmax + BCE is the
 *   sigmoid cross-entropy of the softmax logits; sigmoid + CCE the softmax cross-entropy of the
 *   sigmoid logits);
 * - semantics `plain` (Keras on JAX/PyTorch): the cross-entropies only see the activated output
 *   and use the clipped probability formulas.
 *
 * ε is always Keras' 1e-7 (the catalogue's `KERAS_EPSILON`), never `tf.backend().epsilon()`
 * (1e-4 on float16 WebGL). Which input a loss reads, and its keywords, come from the loss
 * catalogue (src/core/catalogue); each loss's formula is its `tensor` form in the loss maths
 * (src/core/keras/lossMaths.ts). Here are the tensor operations it is written with, on tfjs.
 * Tensor shapes: `z` logits `[B, K]`; labels `[B, K]` float32 (one-hot / multi-hot) or `[B]`
 * int32 (class ids). Everything here is differentiable with respect to `z` and returns tensors
 * owned by the caller's `tf.tidy` scope.
 */
import * as tf from './tfjs';
import type { Activation, KeywordOverrides, LossName, Semantics, TensorOps } from '../core';
import { LOSS_MATHS, keywordsOf, lossEntry, lossPathOf } from '../core';
import { SOFTMAX_CE_GRAD_KERNEL, SOFTMAX_CE_KERNEL } from './webgpuLoss';

/** Everything that decides which formula a loss uses; its keywords come from the loss catalogue. */
export interface LossSpec {
  loss: LossName;
  activation: Activation;
  /** `from_logits=True` in the Keras call. */
  fromLogits: boolean;
  semantics: Semantics;
  /**
   * Keyword values instead of the catalogue's (the page never sets them; the oracle's Keras
   * variants such as `apply_class_balancing=True` do). One the loss does not take throws.
   */
  keywords?: KeywordOverrides;
}

/** The output activation on logits `[B, K]`: what the model's `y_pred` is. */
export function activate(z: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  switch (activation) {
    case 'linear':
      return z;
    case 'sigmoid':
      return tf.sigmoid(z);
    case 'softmax':
      return tf.softmax(z);
  }
}

/**
 * `clip(p, lo, hi)` with the framework's gradient where p sits exactly on a bound: TF's
 * `clip_by_value` (and tfjs') passes the whole gradient there; JAX's `jnp.clip` is
 * `minimum(maximum(p, lo), hi)`, whose tie splits it, so half passes. (Checked against
 * `jax.grad`: a linear output of exactly 1 under KL divergence, src/ml/kerasGradients.test.ts.)
 */
function kerasClip(p: tf.Tensor, lo: number, hi: number, semantics: Semantics): tf.Tensor {
  if (semantics === 'tf') return tf.clipByValue(p, lo, hi);
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([x]);
    return {
      value: tf.clipByValue(x, lo, hi),
      gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => {
        const v = saved as tf.Tensor;
        const inside = tf.logicalAnd(tf.greater(v, lo), tf.less(v, hi));
        const onBound = tf.logicalOr(tf.equal(v, lo), tf.equal(v, hi));
        return tf.mul(
          dy,
          tf.add(tf.cast(inside, 'float32'), tf.mul(0.5, tf.cast(onBound, 'float32'))),
        );
      },
    };
  });
  return f(p);
}

/**
 * |x| with the framework's derivative at 0 (a kink): TF's `Abs` gradient is sign(x), 0 at 0;
 * JAX's is 1 there; tfjs' own would be −1.
 */
function kinkAbs(x: tf.Tensor, semantics: Semantics): tf.Tensor {
  return semantics === 'tf' ? tf.mul(x, tf.sign(x)) : tf.where(tf.greaterEqual(x, 0), x, tf.neg(x));
}

/**
 * `tf.nn.softmax_cross_entropy_with_logits` per sample, with TF's registered gradient
 * `softmax(z) − y`. That is the true gradient only when each label row sums to 1: for multi-hot
 * rows (several 1s) the true one is `Σy·softmax(z) − y`, but Keras on TensorFlow trains with
 * TF's, so the engine does too (src/ml/kerasGradients.test.ts).
 */
function tfSoftmaxCrossEntropy(y: tf.Tensor, z: tf.Tensor): tf.Tensor {
  if (tf.getKernel(SOFTMAX_CE_KERNEL, tf.getBackend()) && fusable(y, z)) {
    return fusedSoftmaxCrossEntropy(y, z);
  }
  // Tensors the gradient needs are saved: the forward pass's own are freed before backprop.
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const logp = tf.logSoftmax(x);
    save([logp, y]);
    return {
      value: tf.neg(tf.sum(tf.mul(y, logp), -1)),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedLogp, labels] = saved as [tf.Tensor, tf.Tensor];
        return tf.mul(tf.expandDims(dy, -1), tf.sub(tf.exp(savedLogp), labels));
      },
    };
  });
  return f(z);
}

const fusable = (y: tf.Tensor, z: tf.Tensor) =>
  y.dtype === 'float32' &&
  z.dtype === 'float32' &&
  z.rank === 2 &&
  y.rank === 2 &&
  y.shape[0] === z.shape[0] &&
  y.shape[1] === z.shape[1];

/**
 * `tfSoftmaxCrossEntropy` as one kernel for the value and one for TF's gradient, where the
 * backend has them (WebGPU, webgpuLoss.ts): the same formula, to float32 rounding.
 */
function fusedSoftmaxCrossEntropy(y: tf.Tensor, z: tf.Tensor): tf.Tensor {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const [value, stats] = tf
      .engine()
      .runKernel(SOFTMAX_CE_KERNEL, { labels: y, logits: x }) as unknown as [tf.Tensor, tf.Tensor];
    save([y, x, stats]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [labels, logits, rowStats] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        return tf.engine().runKernel<tf.Tensor>(SOFTMAX_CE_GRAD_KERNEL, {
          dy,
          labels,
          logits,
          stats: rowStats,
        });
      },
    };
  });
  return f(z);
}

/** The loss maths' tensor operations on tfjs, with the framework's conventions of `semantics`. */
function tensorOps(semantics: Semantics): TensorOps<tf.Tensor> {
  return {
    add: (a, b) => tf.add(a, b),
    sub: (a, b) => tf.sub(a, b),
    mul: (a, b) => tf.mul(a, b),
    div: (a, b) => tf.div(a, b),
    neg: (x) => tf.neg(x),
    log: (x) => tf.log(x),
    log1p: (x) => tf.log1p(x),
    exp: (x) => tf.exp(x),
    relu: (x) => tf.relu(x),
    sigmoid: (x) => tf.sigmoid(x),
    abs: (x) => tf.abs(x),
    kinkAbs: (x) => kinkAbs(x, semantics),
    pow: (x, exponent) => tf.pow(x, exponent),
    squaredDifference: (a, b) => tf.squaredDifference(a, b),
    clip: (x, lo, hi) => kerasClip(x, lo, hi, semantics),
    clipByValue: (x, lo, hi) => tf.clipByValue(x, lo, hi),
    logSoftmax: (x) => tf.logSoftmax(x),
    tfSoftmaxCrossEntropy,
    mean: (x) => tf.mean(x, -1),
    sum: (x, keepDims = false) => tf.sum(x, -1, keepDims),
  };
}

const OPS: Readonly<Record<Semantics, TensorOps<tf.Tensor>>> = {
  tf: tensorOps('tf'),
  plain: tensorOps('plain'),
};

function oneHotOf(labels: tf.Tensor, depth: number): tf.Tensor2D {
  return tf.oneHot(tf.cast(labels, 'int32') as tf.Tensor1D, depth).toFloat() as tf.Tensor2D;
}

/**
 * `[B, K]` float labels as the loss sees them. Class ids, `[B]` or a `[B, 1]` column, become
 * one-hot rows for a sparse loss (a label ≥ K gives a row of zeros, as on JAX); for any other loss
 * on one output unit, Keras' `squeeze_or_expand_to_same_rank` makes `[B]` ids a `[B, 1]` column.
 * Otherwise `[B]` ids become one-hot rows and dense labels stay as they are.
 */
function denseLabels(y: tf.Tensor, k: number, sparse: boolean): tf.Tensor2D {
  if (sparse && y.rank === 2 && y.shape[1] === 1) return oneHotOf(tf.squeeze(y, [1]), k);
  if (y.rank === 1 && k === 1 && !sparse) return tf.expandDims<tf.Tensor2D>(y.toFloat(), -1);
  return y.rank === 1 ? oneHotOf(y, k) : (y.toFloat() as tf.Tensor2D);
}

/**
 * Per-sample loss values `[B]` for labels `y` (`[B, K]` float or `[B]` int) and logits `z`
 * (`[B, K]`), as Keras computes them before the batch reduction, with the keywords of the loss
 * catalogue (e.g. `pos_weight`). Owned by the caller's `tf.tidy` scope.
 */
export function perSampleLoss(spec: LossSpec, y: tf.Tensor, z: tf.Tensor2D): tf.Tensor1D {
  const entry = lossEntry(spec.loss);
  const path = lossPathOf(entry, spec);
  // The activated output only where the formula reads it: on the cached logits a softmax
  // cross-entropy never does, and an unread softmax is still a kernel the step would run.
  let p: tf.Tensor | undefined;
  const activated = () => (p ??= activate(z, spec.activation));
  return LOSS_MATHS[entry.engine].tensor<tf.Tensor>({
    ops: OPS[spec.semantics],
    path,
    y: denseLabels(y, z.shape[1], entry.family === 'sparse'),
    get p() {
      return activated();
    },
    // from_logits=True on an activated output with no cache (JAX/torch, or a linear output): the
    // output itself is taken as logits, so sigmoid/softmax get applied twice.
    x: path === 'cached-logits' ? z : activated(),
    semantics: spec.semantics,
    keywords: keywordsOf(entry, spec.fromLogits, spec.keywords),
  }) as tf.Tensor1D;
}

/**
 * The batch loss Keras reports: `sum_over_batch_size` of the per-sample values, a scalar.
 * Owned by the caller's scope.
 */
export function batchLoss(spec: LossSpec, y: tf.Tensor, z: tf.Tensor2D): tf.Scalar {
  return tf.mean(perSampleLoss(spec, y, z));
}
