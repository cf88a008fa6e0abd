/**
 * TensorFlow's `softmax_cross_entropy_with_logits` (losses.ts' `tfSoftmaxCrossEntropy`: the
 * default configuration's loss, softmax with categorical or sparse categorical cross-entropy on
 * Keras' TensorFlow semantics) on WebGPU as three barrier-free programs instead of about a dozen
 * of tfjs' kernels, whose `Max`, `Sum` and `Softmax` reduce through workgroup memory and barriers
 * (slow on SwiftShader, README "On WebGPU").
 *
 * The formula is the one the ops compute, written out per row (`z` logits, `y` labels, `[B, K]`):
 * - `m = max_j z_j`, `s = log Σ_j exp(z_j − m)`, so `log p_j = (z_j − m) − s` (tfjs' `logSoftmax`);
 * - the loss `−Σ_j y_j · log p_j` (`[B]`);
 * - its gradient, TF's registered one, `dy · (exp(log p_j) − y_j)` (`[B, K]`).
 * Labels are read through `f32()`: tfjs' WebGPU `Cast` from int32 to float32 (one-hot labels) keeps
 * the int32 buffer. The row statistics `m` and `s` are computed once (`[B, 2]`) and kept for the gradient. The
 * sums add in row order instead of tfjs' tree, so results agree with the ops to float32
 * rounding (src/ml/webgpuKernels.test.ts). Where the ops' `z − m` is NaN (a NaN logit, a +∞
 * one, a row of −∞) the row's loss and gradient are NaN, checked explicitly rather than left to
 * the shader compiler (WGSL lets it assume that no NaN occurs).
 */
import type * as tf from './tfjs';
import type { WebGPUBackendLike } from './webgpuProgram';
import { flatProgram } from './webgpuProgram';

/** Inputs `labels`, `logits` (`[B, K]` float32); outputs the loss `[B]` and the row stats `[B, 2]`. */
export const SOFTMAX_CE_KERNEL = 'LossLabSoftmaxCrossEntropy';
/** Inputs `dy` `[B]`, `labels`, `logits`, `stats` (the forward kernel's); output `[B, K]`. */
export const SOFTMAX_CE_GRAD_KERNEL = 'LossLabSoftmaxCrossEntropyGrad';

const isRows = (t: tf.TensorInfo) => t.dtype === 'float32' && t.shape.length === 2;

/** `[loss, stats]` for `labels` and `logits`, or null for shapes or dtypes it does not cover. */
export function softmaxCrossEntropy(
  backend: WebGPUBackendLike,
  labels: tf.TensorInfo,
  logits: tf.TensorInfo,
): [tf.TensorInfo, tf.TensorInfo] | null {
  if (!isRows(labels) || !isRows(logits)) return null;
  const [rows, classes] = logits.shape as [number, number];
  if (labels.shape[0] !== rows || labels.shape[1] !== classes) return null;
  const stats = backend.runWebGPUProgram(
    flatProgram(
      [rows, 2],
      'losslab_softmax_ce_stats',
      ['z'],
      '',
      `let k = uniforms.zShape.y;
      let base = index * k;
      if (index >= uniforms.zShape.x) { return; }
      var m = -uniforms.INFINITY;
      var nan = false;
      for (var j = 0; j < k; j++) {
        let v = z[base + j];
        nan = nan || isnan(v);
        m = max(m, v);
      }
      var sum = 0.0;
      for (var j = 0; j < k; j++) {
        sum = sum + exp(z[base + j] - m);
      }
      // Where the ops' z − m is NaN (a NaN logit, m = ±∞), say so without relying on the
      // shader compiler to carry NaN through max, exp and log.
      nan = nan || isinf(m);
      setOutputAtIndex(index * 2, m);
      setOutputAtIndex(index * 2 + 1, select(log(sum), uniforms.NAN, nan));`,
      rows,
    ),
    [logits],
    'float32',
  );
  const loss = backend.runWebGPUProgram(
    flatProgram(
      [rows],
      'losslab_softmax_ce',
      ['y', 'z', 'stats'],
      '',
      `let k = uniforms.zShape.y;
      let base = index * k;
      let m = stats[index * 2];
      let s = stats[index * 2 + 1];
      var sum = 0.0;
      for (var j = 0; j < k; j++) {
        sum = sum + f32(y[base + j]) * ((z[base + j] - m) - s);
      }
      setOutputAtIndex(index, select(-sum, uniforms.NAN, isnan(s)));`,
    ),
    [labels, logits, stats],
    'float32',
  );
  return [loss, stats];
}

/** The gradient with respect to the logits, `[B, K]`, or null where the forward kernel was. */
export function softmaxCrossEntropyGrad(
  backend: WebGPUBackendLike,
  dy: tf.TensorInfo,
  labels: tf.TensorInfo,
  logits: tf.TensorInfo,
  stats: tf.TensorInfo,
): tf.TensorInfo | null {
  if (!isRows(labels) || !isRows(logits) || dy.dtype !== 'float32') return null;
  const rows = logits.shape[0] as number;
  if (dy.shape.length !== 1 || dy.shape[0] !== rows) return null;
  if (stats.shape[0] !== rows || stats.shape[1] !== 2) return null;
  return backend.runWebGPUProgram(
    flatProgram(
      logits.shape,
      'losslab_softmax_ce_grad',
      ['dy', 'y', 'z', 'stats'],
      '',
      `let row = index / uniforms.zShape.y;
      let s = stats[row * 2 + 1];
      let logp = (z[index] - stats[row * 2]) - s;
      setOutputAtIndex(index, select(dy[row] * (exp(logp) - f32(y[index])), uniforms.NAN, isnan(s)));`,
    ),
    [dy, labels, logits, stats],
    'float32',
  );
}
