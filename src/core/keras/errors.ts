/**
 * The errors Keras raises for mismatched labels, losses and metrics, with their exact texts.
 *
 * Which text: in `tf` semantics the Keras 3 TensorFlow-backend texts, with the batch dimension
 * printed as `None`, as they appear inside `model.fit` (the loss is traced in a graph whose batch
 * size is unknown). Errors raised later by a TensorFlow kernel at run time (label out of range,
 * incompatible broadcast) print the concrete batch size, as TF does. In `plain` semantics the
 * Keras 3 JAX-backend texts, which print concrete shapes (JAX traces with known shapes).
 */
import type { Semantics } from '../config';

export type KerasErrorType = 'ValueError' | 'InvalidArgumentError' | 'TypeError' | 'LossLabError';

/**
 * An error Keras (or TensorFlow, JAX, PyTorch underneath it) would raise. `message` is the
 * framework's own text; `name` is its Python class. `verbatim` is false for the few texts whose
 * graph node names LossLab cannot know and abbreviates (in_top_k shape errors).
 */
export class KerasError extends Error {
  readonly kerasType: KerasErrorType;
  readonly verbatim: boolean;

  constructor(kerasType: KerasErrorType, message: string, verbatim = true) {
    super(message);
    this.name = kerasType;
    this.kerasType = kerasType;
    this.verbatim = verbatim;
  }
}

/** True for the errors `kerasLoss`/`kerasMetric` raise on Keras' behalf (not for bad input). */
export function isKerasError(e: unknown): e is KerasError {
  return e instanceof KerasError;
}

/** A Python tuple of a shape: `(None, 10)`, `(None,)`, `(32, 10)`, `()`. */
export function pyShape(shape: readonly number[], batchUnknown: boolean): string {
  const dims = shape.map((d, i) => (i === 0 && batchUnknown ? 'None' : String(d)));
  if (dims.length === 1) return `(${dims[0]},)`;
  return `(${dims.join(', ')})`;
}

/** A TensorFlow kernel's `TensorShape::DebugString`: `[32,10]`. */
export function tfShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** In `tf` semantics Keras' Python checks see `None` for the batch dimension. */
function graphShapes(semantics: Semantics, target: readonly number[], output: readonly number[]) {
  const unknown = semantics === 'tf';
  return `target.shape=${pyShape(target, unknown)}, output.shape=${pyShape(output, unknown)}`;
}

/** CCE/BCE, TF backend: labels and output of different rank, e.g. (None,) vs (None, 10). */
export function sameRankError(s: Semantics, target: readonly number[], output: readonly number[]) {
  return new KerasError(
    'ValueError',
    'Arguments `target` and `output` must have the same rank (ndim). Received: ' +
      graphShapes(s, target, output),
  );
}

/** CCE/BCE: labels and output of different shape ((None, 1) vs (None, 10)); JAX's only check. */
export function sameShapeError(s: Semantics, target: readonly number[], output: readonly number[]) {
  return new KerasError(
    'ValueError',
    'Arguments `target` and `output` must have the same shape. Received: ' +
      graphShapes(s, target, output),
  );
}

/** TF backend: one-hot labels with sparse categorical cross-entropy. */
export function sparseRankError(target: readonly number[], output: readonly number[]) {
  return new KerasError(
    'ValueError',
    'Argument `output` must have rank (ndim) `target.ndim - 1`. Received: ' +
      graphShapes('tf', target, output),
  );
}

/** SCCE: batch dimensions differ (TF), or labels are not exactly `output.shape[:-1]` (JAX). */
export function sparseShapeError(
  s: Semantics,
  target: readonly number[],
  output: readonly number[],
) {
  return new KerasError(
    'ValueError',
    'Arguments `target` and `output` must have the same shape up until the last dimension: ' +
      graphShapes(s, target, output),
  );
}

/** TF's CPU `SparseSoftmaxCrossEntropyWithLogits` kernel (sparse_xent_op.cc); two spaces intended. */
export function labelRangeError(bad: number, depth: number, labels: readonly number[]) {
  return new KerasError(
    'InvalidArgumentError',
    `Received a label value of ${bad} which is outside the valid range of [0, ${depth}).  ` +
      `Label values: ${labels.join(' ')}`,
  );
}

/** A broadcast that fails at run time: TF's binary-op kernel, or `jnp` in `plain` semantics. */
export function broadcastError(s: Semantics, a: readonly number[], b: readonly number[]) {
  if (s === 'tf') {
    return new KerasError(
      'InvalidArgumentError',
      `Incompatible shapes: ${tfShape(a)} vs. ${tfShape(b)}`,
    );
  }
  return new KerasError(
    'ValueError',
    `Incompatible shapes for broadcasting: shapes=[${pyShape(a, false)}, ${pyShape(b, false)}]`,
  );
}

/**
 * `weighted_binary_crossentropy` shapes: `tf.nn.weighted_cross_entropy_with_logits` in `tf`
 * semantics, PyTorch's `BCEWithLogitsLoss` in `plain` semantics (JAX has no such function).
 */
export function weightedShapeError(
  s: Semantics,
  labels: readonly number[],
  logits: readonly number[],
) {
  if (s === 'tf') {
    return new KerasError(
      'ValueError',
      '`logits` and `labels` must have the same shape, received ' +
        `(${pyShape(logits, true)} vs ${pyShape(labels, true)}).`,
    );
  }
  return new KerasError(
    'ValueError',
    `Target size (torch.Size([${labels.join(', ')}])) must be the same as input size ` +
      `(torch.Size([${logits.join(', ')}]))`,
  );
}

/** Python's text for a keyword a callable does not take, e.g. `MeanSquaredError.__init__`. */
export function unexpectedKeywordError(callable: string, keyword: string) {
  return new KerasError(
    'TypeError',
    `${callable}() got an unexpected keyword argument '${keyword}'`,
  );
}

/** `in_top_k` given a scalar target (top_k_categorical_accuracy with integer labels). */
export function inTopKRankError(s: Semantics, predictions: readonly number[]) {
  if (s === 'tf') {
    return new KerasError(
      'ValueError',
      "Shape must be rank 1 but is rank 0 for '{{node in_top_k/InTopKV2}} = InTopKV2[T=DT_INT32]' " +
        `with input shapes: [?,${predictions[1]}], [], [].`,
      false,
    );
  }
  return new KerasError(
    'ValueError',
    'indices and arr must have the same number of dimensions; 1 vs. 2',
  );
}

/** `in_top_k` given more targets than prediction rows (sparse top-k with one-hot labels). */
export function inTopKLengthError(s: Semantics, predictions: readonly number[], targets: number) {
  if (s === 'tf') {
    return new KerasError(
      'InvalidArgumentError',
      `First dimension of predictions ${predictions[0]} must match length of targets ${targets}`,
    );
  }
  return new KerasError(
    'ValueError',
    `Incompatible shapes for broadcasting: shapes=[(${targets}, 1), (${predictions[0]}, 1)]`,
    false,
  );
}

/** LossLab's own metrics (subset accuracy, Hamming loss) have no Keras text; say what they need. */
export function lossLabMetricShapeError(metric: string, yTrue: readonly number[], K: number) {
  return new KerasError(
    'LossLabError',
    `${metric} compares every output unit with a label, so it needs (B, ${K}) labels ` +
      `(one-hot or multi-hot); received labels of shape ${pyShape(yTrue, false)}.`,
  );
}
