/**
 * The gradient at the model's output, per epoch: how hard the loss pulls on the logits, and how
 * many of them it does not pull at all. Computed on the validation pass (evaluate.ts), not in the
 * training step: the validation pass already has the logits of a fixed set of digits (the same
 * every epoch, so epochs compare), and differentiating only the loss head with respect to those
 * logits costs a few element-wise ops on [N, 10], next to the model's forward pass it follows.
 * The optimizer's step is untouched.
 */
import * as tf from './tfjs';
import { OUTPUT_GRADIENT_ZERO } from '../core';
import type { LossSpec } from './losses';
import { perSampleLoss } from './losses';

/**
 * For labels `y` (`[B, K]` float or `[B]` int) and logits `z` (`[B, K]`): each sample's own
 * gradient ∂lᵢ/∂zᵢ (the gradient of Σᵢ lᵢ, so independent of the batch size), reduced to
 * `[Σ |∂lᵢ/∂zᵢₖ|, #{|∂lᵢ/∂zᵢₖ| < OUTPUT_GRADIENT_ZERO}]`, a `[2]` tensor owned by the caller's
 * `tf.tidy` scope.
 */
export function outputGradientSums(spec: LossSpec, y: tf.Tensor, z: tf.Tensor2D): tf.Tensor1D {
  const grad = tf.grad((logits: tf.Tensor) =>
    tf.sum(perSampleLoss(spec, y, logits as tf.Tensor2D)),
  )(z);
  const magnitude = tf.abs(grad);
  const zero = tf.sum(tf.cast(tf.less(magnitude, OUTPUT_GRADIENT_ZERO), 'float32'));
  return tf.stack([tf.sum(magnitude), zero]) as tf.Tensor1D;
}
