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
 * ε is always Keras' 1e-7 in float32, never `tf.backend().epsilon()` (1e-4 on float16 WebGL).
 * Tensor shapes: `z` logits `[B, K]`; labels `[B, K]` float32 (one-hot / multi-hot) or `[B]`
 * int32 (class ids). Everything here is differentiable with respect to `z` and returns tensors
 * owned by the caller's `tf.tidy` scope.
 */
import * as tf from '@tensorflow/tfjs';
import type { Activation, LossName, Semantics } from '../core';

/** Keras' `backend.epsilon()`; `1 - EPSILON` rounds to 0.99999988 in float32. */
export const EPSILON = 1e-7;

/** Everything that decides which formula a loss uses. */
export interface LossSpec {
  loss: LossName;
  activation: Activation;
  /** `from_logits=True` in the Keras call. */
  fromLogits: boolean;
  semantics: Semantics;
  /** `pos_weight` of `weighted_binary_crossentropy` (tf.nn.weighted_cross_entropy_with_logits). */
  posWeight?: number;
}

/** Default `pos_weight`, as the semantics core's `kerasLoss`. */
export const DEFAULT_POS_WEIGHT = 1;

/** The Keras losses that go through `_get_logits` (the weighted one is a raw tf.nn function). */
const CROSS_ENTROPIES: ReadonlySet<LossName> = new Set([
  'binary_crossentropy',
  'categorical_crossentropy',
  'sparse_categorical_crossentropy',
]);

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
  return spec.semantics === 'tf' && spec.activation !== 'linear' && CROSS_ENTROPIES.has(spec.loss);
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

function clip(p: tf.Tensor, semantics: Semantics): tf.Tensor {
  return kerasClip(p, EPSILON, 1 - EPSILON, semantics);
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

/** `[B, K]` float labels from either encoding (class ids become one-hot). */
function denseLabels(y: tf.Tensor, k: number): tf.Tensor2D {
  return y.rank === 1 ? oneHotOf(y, k) : (y.toFloat() as tf.Tensor2D);
}

/** Logits path: the exact cross-entropy on logits `x` (`[B, K]`), per sample `[B]`. */
function crossEntropyOnLogits(spec: LossSpec, y: tf.Tensor, x: tf.Tensor2D): tf.Tensor1D {
  const k = x.shape[1];
  switch (spec.loss) {
    case 'binary_crossentropy':
      return tf.mean<tf.Tensor1D>(sigmoidCe(denseLabels(y, k), x), -1);
    case 'categorical_crossentropy':
    case 'sparse_categorical_crossentropy':
      if (spec.semantics === 'tf') return tfSoftmaxCrossEntropy(denseLabels(y, k), x);
      return tf.neg<tf.Tensor1D>(tf.sum(tf.mul(denseLabels(y, k), tf.logSoftmax(x)), -1));
    case 'weighted_binary_crossentropy':
    case 'mean_squared_error':
    case 'kl_divergence':
      throw new Error(`${spec.loss} has no logits path`);
  }
}

/** Probability path on the activated output `p` (`[B, K]`), per sample `[B]` (spec §1.3–1.5). */
function lossOnProbabilities(spec: LossSpec, y: tf.Tensor, p: tf.Tensor2D): tf.Tensor1D {
  const k = p.shape[1];
  switch (spec.loss) {
    case 'binary_crossentropy': {
      const pc = clip(p, spec.semantics);
      const yd = denseLabels(y, k);
      const ll = tf.add(tf.mul(yd, tf.log(pc)), tf.mul(tf.sub(1, yd), tf.log(tf.sub(1, pc))));
      return tf.neg<tf.Tensor1D>(tf.mean(ll, -1));
    }
    case 'weighted_binary_crossentropy':
      // tf.nn.weighted_cross_entropy_with_logits takes y_pred as logits whatever the activation
      // (no `_get_logits`): exact on a linear output, a doubly squashed one after a sigmoid.
      return tf.mean<tf.Tensor1D>(
        weightedSigmoidCe(
          denseLabels(y, k),
          p,
          spec.posWeight ?? DEFAULT_POS_WEIGHT,
          spec.semantics,
        ),
        -1,
      );
    case 'categorical_crossentropy': {
      const normalised = clip(tf.div(p, tf.sum(p, -1, true)), spec.semantics);
      return tf.neg<tf.Tensor1D>(tf.sum(tf.mul(denseLabels(y, k), tf.log(normalised)), -1));
    }
    case 'sparse_categorical_crossentropy': {
      const yd = denseLabels(y, k);
      if (spec.semantics === 'tf') {
        // TF: log(clip(p)), then sparse softmax CE: clip first, normalise second (spec §1.4).
        return tf.neg<tf.Tensor1D>(
          tf.sum(tf.mul(yd, tf.logSoftmax(tf.log(clip(p, spec.semantics)) as tf.Tensor2D)), -1),
        );
      }
      // JAX/torch/numpy: normalise, then clip, then log.
      const normalised = clip(tf.div(p, tf.sum(p, -1, true)), spec.semantics);
      return tf.neg<tf.Tensor1D>(tf.sum(tf.mul(yd, tf.log(normalised)), -1));
    }
    case 'mean_squared_error':
      return tf.mean<tf.Tensor1D>(tf.squaredDifference(denseLabels(y, k), p), -1);
    case 'kl_divergence': {
      const yc = tf.clipByValue(denseLabels(y, k), EPSILON, 1);
      const pc = kerasClip(p, EPSILON, 1, spec.semantics);
      return tf.sum<tf.Tensor1D>(tf.mul(yc, tf.log(tf.div(yc, pc))), -1);
    }
  }
}

/**
 * Per-sample loss values `[B]` for labels `y` (`[B, K]` float or `[B]` int) and logits `z`
 * (`[B, K]`), as Keras computes them before the batch reduction.
 */
export function perSampleLoss(spec: LossSpec, y: tf.Tensor, z: tf.Tensor2D): tf.Tensor1D {
  if (usesCachedLogits(spec)) return crossEntropyOnLogits(spec, y, z);
  const p = activate(z, spec.activation);
  if (spec.fromLogits && CROSS_ENTROPIES.has(spec.loss)) {
    // from_logits=True on an activated output with no cache (JAX/torch, or a linear output):
    // the output itself is taken as logits, so sigmoid/softmax get applied twice.
    return crossEntropyOnLogits(spec, y, p);
  }
  return lossOnProbabilities(spec, y, p);
}

/**
 * The batch loss Keras reports: `sum_over_batch_size` of the per-sample values, a scalar.
 * Owned by the caller's scope.
 */
export function batchLoss(spec: LossSpec, y: tf.Tensor, z: tf.Tensor2D): tf.Scalar {
  return tf.mean(perSampleLoss(spec, y, z));
}
