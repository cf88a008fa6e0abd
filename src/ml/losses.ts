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
 * catalogue (src/core/catalogue); only the tensor maths per engine key lives here.
 * Tensor shapes: `z` logits `[B, K]`; labels `[B, K]` float32 (one-hot / multi-hot) or `[B]`
 * int32 (class ids). Everything here is differentiable with respect to `z` and returns tensors
 * owned by the caller's `tf.tidy` scope.
 */
import * as tf from '@tensorflow/tfjs';
import type {
  Activation,
  KeywordOverrides,
  LossEngineKey,
  LossKeywords,
  LossName,
  LossPath,
  Semantics,
} from '../core';
import { KERAS_EPSILON, keywordsOf, lossEntry, lossPathOf } from '../core';

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
 * Does this loss read the pre-activation cached on a sigmoid/softmax output (Keras on TF,
 * `_get_logits`, spec §1.2)? The cache is found whatever `from_logits` says.
 */
export function usesCachedLogits(spec: LossSpec): boolean {
  return lossPathOf(lossEntry(spec.loss), spec) === 'cached-logits';
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

/** `clip(p, ε, 1 − ε)`; `1 − ε` rounds to 0.99999988 in the float32 tensor. */
function clip(p: tf.Tensor, semantics: Semantics): tf.Tensor {
  return kerasClip(p, KERAS_EPSILON, 1 - KERAS_EPSILON, semantics);
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
function tfSoftmaxCrossEntropy(y: tf.Tensor2D, z: tf.Tensor2D): tf.Tensor1D {
  // Tensors the gradient needs are saved: the forward pass's own are freed before backprop.
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
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
  return f(z) as tf.Tensor1D;
}

/** `max(x,0) - x·y + log1p(exp(-|x|))`, element-wise (tf.nn.sigmoid_cross_entropy_with_logits). */
function sigmoidCe(y: tf.Tensor, x: tf.Tensor): tf.Tensor {
  return tf.add(tf.sub(tf.relu(x), tf.mul(x, y)), tf.log1p(tf.exp(tf.neg(tf.abs(x)))));
}

/** `-(y·log p + (1-y)·log(1-p))` on clipped `p`, element-wise (Keras' probability-path BCE). */
function clippedBce(y: tf.Tensor, p: tf.Tensor, semantics: Semantics): tf.Tensor {
  const pc = clip(p, semantics);
  return tf.neg(tf.add(tf.mul(y, tf.log(pc)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, pc)))));
}

/**
 * tf.nn.weighted_cross_entropy_with_logits:
 * `(1-y)·x + (1 + (q-1)·y)·(log1p(exp(-|x|)) + max(-x, 0))`.
 */
function weightedSigmoidCe(y: tf.Tensor, x: tf.Tensor, q: number, semantics: Semantics): tf.Tensor {
  const l = tf.add(1, tf.mul(q - 1, y));
  const softplusNeg = tf.add(tf.log1p(tf.exp(tf.neg(kinkAbs(x, semantics)))), tf.relu(tf.neg(x)));
  return tf.add(tf.mul(tf.sub(1, y), x), tf.mul(l, softplusNeg));
}

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

/** What a loss's tensor maths receives. */
interface TensorLossInput {
  /** Which input Keras reads (the catalogue's rule). */
  path: LossPath;
  /** Labels `[B, K]` float, as dense rows (class ids are one-hot encoded). */
  y: tf.Tensor2D;
  /** The activated output `y_pred` `[B, K]`. */
  p: tf.Tensor2D;
  /** The logits the logits path reads: the cached pre-activation `z`, or `p` itself. */
  x: tf.Tensor2D;
  semantics: Semantics;
  keywords: LossKeywords;
}

/** Softmax cross-entropy per sample: exact on logits, else Keras' clipped probability formulas. */
function softmaxCe({ path, y, p, x, semantics }: TensorLossInput, sparse: boolean): tf.Tensor1D {
  if (path !== 'probabilities') {
    if (semantics === 'tf') return tfSoftmaxCrossEntropy(y, x);
    return tf.neg<tf.Tensor1D>(tf.sum(tf.mul(y, tf.logSoftmax(x)), -1));
  }
  if (sparse && semantics === 'tf') {
    // TF: log(clip(p)), then sparse softmax CE: clip first, normalise second (spec §1.4).
    return tf.neg<tf.Tensor1D>(
      tf.sum(tf.mul(y, tf.logSoftmax(tf.log(clip(p, semantics)) as tf.Tensor2D)), -1),
    );
  }
  // CCE, and SCCE on JAX/torch/numpy: normalise, then clip, then log.
  const normalised = clip(tf.div(p, tf.sum(p, -1, true)), semantics);
  return tf.neg<tf.Tensor1D>(tf.sum(tf.mul(y, tf.log(normalised)), -1));
}

/**
 * Per-sample losses `[B]` of each loss, keyed like the catalogue's `engine`: a loss without
 * tensor maths here does not compile. Tested against the float32 reference (core/keras) for
 * every loss × activation × labels × semantics × from_logits (differential.test.ts).
 */
const TENSOR_LOSSES: Record<LossEngineKey, (t: TensorLossInput) => tf.Tensor1D> = {
  bce: ({ path, y, p, x, semantics }) =>
    tf.mean<tf.Tensor1D>(
      path === 'probabilities' ? clippedBce(y, p, semantics) : sigmoidCe(y, x),
      -1,
    ),
  cce: (t) => softmaxCe(t, false),
  scce: (t) => softmaxCe(t, true),
  // tf.nn.weighted_cross_entropy_with_logits takes y_pred as logits whatever the activation (no
  // `_get_logits`): exact on a linear output, a doubly squashed one after a sigmoid.
  weighted_bce: ({ y, p, keywords, semantics }) =>
    tf.mean<tf.Tensor1D>(weightedSigmoidCe(y, p, keywords.posWeight, semantics), -1),
  mse: ({ y, p }) => tf.mean<tf.Tensor1D>(tf.squaredDifference(y, p), -1),
  kld: ({ y, p, semantics }) => {
    const yc = tf.clipByValue(y, KERAS_EPSILON, 1);
    const pc = kerasClip(p, KERAS_EPSILON, 1, semantics);
    return tf.sum<tf.Tensor1D>(tf.mul(yc, tf.log(tf.div(yc, pc))), -1);
  },
  focal_bce: ({ path, y, p, x, keywords, semantics }) => {
    // keras binary_focal_crossentropy: from_logits applies a sigmoid first; the cross-entropy
    // reads the logits (cached, or those the sigmoid caches on TF) or the clipped probabilities.
    const q = keywords.fromLogits ? tf.sigmoid(p) : p;
    const bce =
      path === 'probabilities'
        ? clippedBce(y, q, semantics)
        : sigmoidCe(y, keywords.fromLogits ? p : x);
    const pT = tf.add(tf.mul(y, q), tf.mul(tf.sub(1, y), tf.sub(1, q)));
    let focal = tf.mul(tf.pow(tf.sub(1, pT), keywords.gamma), bce);
    if (keywords.applyClassBalancing) {
      const a = keywords.alpha;
      focal = tf.mul(tf.add(tf.mul(y, a), tf.mul(tf.sub(1, y), 1 - a)), focal);
    }
    return tf.mean<tf.Tensor1D>(focal, -1);
  },
  abs_kld: ({ y, p, semantics }) => {
    const yc = tf.clipByValue(y, KERAS_EPSILON, 1);
    const pc = kerasClip(p, KERAS_EPSILON, 1, semantics);
    return tf.sum<tf.Tensor1D>(tf.abs(tf.mul(tf.sub(yc, pc), tf.log(tf.div(yc, pc)))), -1);
  },
};

/**
 * Per-sample loss values `[B]` for labels `y` (`[B, K]` float or `[B]` int) and logits `z`
 * (`[B, K]`), as Keras computes them before the batch reduction, with the keywords of the loss
 * catalogue (e.g. `pos_weight`). Owned by the caller's `tf.tidy` scope.
 */
export function perSampleLoss(spec: LossSpec, y: tf.Tensor, z: tf.Tensor2D): tf.Tensor1D {
  const entry = lossEntry(spec.loss);
  const path = lossPathOf(entry, spec);
  const p = activate(z, spec.activation);
  return TENSOR_LOSSES[entry.engine]({
    path,
    y: denseLabels(y, z.shape[1], entry.family === 'sparse'),
    p,
    // from_logits=True on an activated output with no cache (JAX/torch, or a linear output): the
    // output itself is taken as logits, so sigmoid/softmax get applied twice.
    x: path === 'cached-logits' ? z : p,
    semantics: spec.semantics,
    keywords: keywordsOf(entry, spec.fromLogits, spec.keywords),
  });
}

/**
 * The batch loss Keras reports: `sum_over_batch_size` of the per-sample values, a scalar.
 * Owned by the caller's scope.
 */
export function batchLoss(spec: LossSpec, y: tf.Tensor, z: tf.Tensor2D): tf.Scalar {
  return tf.mean(perSampleLoss(spec, y, z));
}
