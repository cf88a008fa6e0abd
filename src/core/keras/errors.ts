/**
 * The errors Keras raises for mismatched labels, losses and metrics, with their exact texts.
 *
 * Which text depends on where Keras checks the shapes (`ShapeView`):
 * - `tf` inside `model.fit`: the step is traced into a graph. When every batch has the same size
 *   (the training size is a multiple of the batch size) the graph knows the batch dimension:
 *   Keras' Python checks print it (`target.shape=(64,)`) and a broadcast that cannot work fails
 *   while tracing, with TensorFlow's shape-inference text ("Dimensions must be equal, but are 64
 *   and 10 for '{{node …}}' …"). Otherwise the batch dimension is `None`, and the same broadcast
 *   fails at run time, with the kernel's text and the real batch size ("Incompatible shapes: [48]
 *   vs. [48,10]").
 * - `tf` eager (a loss called on tensors): shapes are concrete and broadcasts fail in the kernel.
 * - `plain`: the Keras 3 JAX-backend texts, which print concrete shapes (JAX traces every batch
 *   shape with its known size).
 * TensorFlow names graph nodes after the model; the names are those of LossLab's exported MLP in
 * a fresh Python process (`sequential_1/dense_1_2/Softmax`).
 */
import type { Activation, Semantics } from '../config';

/** How the framework sees shapes when it checks them (see the file comment). */
export interface ShapeView {
  semantics: Semantics;
  /** TF: whether the batch dimension is known (printed as a number, else `None`). */
  batchKnown: boolean;
  /** TF: inside a traced `fit` step (graph) rather than eagerly. */
  graph: boolean;
}

/** The view of a loss or metric computed inside `fit` with the batch size unknown (`None`). */
export function defaultView(semantics: Semantics): ShapeView {
  return { semantics, batchKnown: semantics !== 'tf', graph: semantics === 'tf' };
}

/** A TensorFlow graph op, for shape-inference errors: `Sub[T=DT_FLOAT](a, b)`. */
export interface TfOp {
  node: string;
  op: string;
  /** The node's attributes as TF prints them; default `T=DT_FLOAT`. */
  attrs?: string;
  inputs: readonly [string, string];
}

/** The graph node of the model's output `y_pred` in LossLab's exported MLP. */
export function tfOutputNode(activation: Activation): string {
  const op =
    activation === 'softmax' ? 'Softmax' : activation === 'sigmoid' ? 'Sigmoid' : 'BiasAdd';
  return `sequential_1/dense_1_2/${op}`;
}

export type KerasErrorType = 'ValueError' | 'InvalidArgumentError' | 'TypeError';

/**
 * An error Keras (or TensorFlow, JAX, PyTorch underneath it) would raise. `message` is the
 * framework's own text; `name` is its Python class.
 */
export class KerasError extends Error {
  readonly kerasType: KerasErrorType;

  constructor(kerasType: KerasErrorType, message: string) {
    super(message);
    this.name = kerasType;
    this.kerasType = kerasType;
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

/** A shape as the view prints it in Python: the batch as `None` when TF does not know it. */
export function viewShape(view: ShapeView, shape: readonly number[]): string {
  return pyShape(shape, view.semantics === 'tf' && !view.batchKnown);
}

/** A TensorFlow kernel's `TensorShape::DebugString`: `[32,10]`. */
export function tfShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

function graphShapes(view: ShapeView, target: readonly number[], output: readonly number[]) {
  return `target.shape=${viewShape(view, target)}, output.shape=${viewShape(view, output)}`;
}

/** CCE/BCE, TF backend: labels and output of different rank, e.g. (None,) vs (None, 10). */
export function sameRankError(
  view: ShapeView,
  target: readonly number[],
  output: readonly number[],
) {
  return new KerasError(
    'ValueError',
    'Arguments `target` and `output` must have the same rank (ndim). Received: ' +
      graphShapes(view, target, output),
  );
}

/** CCE/BCE: labels and output of different shape ((None, 1) vs (None, 10)); JAX's only check. */
export function sameShapeError(
  view: ShapeView,
  target: readonly number[],
  output: readonly number[],
) {
  return new KerasError(
    'ValueError',
    'Arguments `target` and `output` must have the same shape. Received: ' +
      graphShapes(view, target, output),
  );
}

/** TF backend: one-hot labels with sparse categorical cross-entropy. */
export function sparseRankError(
  view: ShapeView,
  target: readonly number[],
  output: readonly number[],
) {
  return new KerasError(
    'ValueError',
    'Argument `output` must have rank (ndim) `target.ndim - 1`. Received: ' +
      graphShapes(view, target, output),
  );
}

/** SCCE: batch dimensions differ (TF), or labels are not exactly `output.shape[:-1]` (JAX). */
export function sparseShapeError(
  view: ShapeView,
  target: readonly number[],
  output: readonly number[],
) {
  return new KerasError(
    'ValueError',
    'Arguments `target` and `output` must have the same shape up until the last dimension: ' +
      graphShapes(view, target, output),
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

/** The dimensions NumPy broadcasting trips over (aligned from the right), or none. */
function firstMismatch(a: readonly number[], b: readonly number[]): [number, number] | undefined {
  const n = Math.max(a.length, b.length);
  for (let i = 1; i <= n; i++) {
    const da = a[a.length - i] ?? 1;
    const db = b[b.length - i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return [da, db];
  }
  return undefined;
}

/**
 * A broadcast that cannot work: TF shape inference while tracing a graph whose shapes are known
 * (`op` names the node), TF's binary-op kernel at run time or eagerly, or `jnp` in `plain`.
 */
export function broadcastError(
  view: ShapeView,
  a: readonly number[],
  b: readonly number[],
  op?: TfOp,
) {
  if (view.semantics === 'tf') {
    const dims = firstMismatch(a, b);
    if (view.graph && view.batchKnown && op && dims) {
      return new KerasError(
        'ValueError',
        `Dimensions must be equal, but are ${dims[0]} and ${dims[1]} for '{{node ${op.node}}} = ` +
          `${op.op}[${op.attrs ?? 'T=DT_FLOAT'}](${op.inputs.join(', ')})' with input shapes: ` +
          `${tfShape(a)}, ${tfShape(b)}.`,
      );
    }
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
 * `weighted_binary_crossentropy` on TF: `tf.nn.weighted_cross_entropy_with_logits` requires equal
 * shapes. (On JAX the export's `keras.ops` formula broadcasts instead: `broadcastError`.)
 */
export function weightedShapeError(
  view: ShapeView,
  labels: readonly number[],
  logits: readonly number[],
) {
  return new KerasError(
    'ValueError',
    '`logits` and `labels` must have the same shape, received ' +
      `(${viewShape(view, logits)} vs ${viewShape(view, labels)}).`,
  );
}

/** Python's text for a keyword a callable does not take, e.g. `MeanSquaredError.__init__`. */
export function unexpectedKeywordError(callable: string, keyword: string) {
  return new KerasError(
    'TypeError',
    `${callable}() got an unexpected keyword argument '${keyword}'`,
  );
}

/** TF shape inference's shape, `?` for an unknown batch: `[?,10]`. */
function inferredShape(view: ShapeView, shape: readonly number[]): string {
  return `[${shape.map((d, i) => (i === 0 && !view.batchKnown ? '?' : String(d))).join(',')}]`;
}

/** `in_top_k` given a scalar target (top_k_categorical_accuracy with integer labels). */
export function inTopKRankError(
  view: ShapeView,
  predictions: readonly number[],
  activation: Activation,
) {
  if (view.semantics === 'tf' && !view.graph) {
    return new KerasError('InvalidArgumentError', 'targets must be 1-dimensional');
  }
  if (view.semantics === 'tf') {
    return new KerasError(
      'ValueError',
      "Shape must be rank 1 but is rank 0 for '{{node in_top_k/InTopKV2}} = InTopKV2[T=DT_INT32]" +
        `(${tfOutputNode(activation)}, ArgMax, in_top_k/InTopKV2/k)' with input shapes: ` +
        `${inferredShape(view, predictions)}, [], [].`,
    );
  }
  return new KerasError(
    'ValueError',
    'indices and arr must have the same number of dimensions; 1 vs. 2',
  );
}

/** `in_top_k` given more targets than prediction rows (sparse top-k with one-hot labels). */
export function inTopKLengthError(
  view: ShapeView,
  predictions: readonly number[],
  targets: number,
  activation: Activation,
) {
  if (view.semantics === 'tf' && view.graph && view.batchKnown) {
    return new KerasError(
      'ValueError',
      `Dimensions must be equal, but are ${predictions[0]} and ${targets} for ` +
        "'{{node in_top_k/InTopKV2}} = InTopKV2[T=DT_INT32]" +
        `(${tfOutputNode(activation)}, Reshape, in_top_k/InTopKV2/k)' with input shapes: ` +
        `${tfShape(predictions)}, [${targets}], [].`,
    );
  }
  if (view.semantics === 'tf') {
    return new KerasError(
      'InvalidArgumentError',
      `First dimension of predictions ${predictions[0]} must match length of targets ${targets}`,
    );
  }
  return new KerasError(
    'ValueError',
    `Incompatible shapes for broadcasting: shapes=[(${targets}, 1), (${predictions[0]}, 1)]`,
  );
}
