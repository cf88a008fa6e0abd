/**
 * `kerasLoss`: the loss value Keras 3 prints for a batch, from the model's pre-activation logits.
 * It follows Keras' call path: `Loss.__call__` (cast to float32) → `LossFunctionWrapper.call`
 * (`squeeze_or_expand_to_same_rank`) → the loss function (label smoothing, mean over the class
 * axis for BCE/MSE) → the backend function (crossentropy.ts) → `sum_over_batch_size` reduction
 * with sample weights (spec §1.7).
 */
import type { Activation, LossName, Semantics } from '../config';
import { activateTensor } from './activations';
import type { LossContext, ModelOutput } from './crossentropy';
import {
  backendBinaryCrossentropy,
  backendCategoricalCrossentropy,
  backendSparseCategoricalCrossentropy,
} from './crossentropy';
import type { ShapeView, TfOp } from './errors';
import {
  broadcastError,
  defaultView,
  tfOutputNode,
  unexpectedKeywordError,
  viewShape,
  weightedShapeError,
} from './errors';
import { EPSILON, clip, f32, log32, mean32, sum32, weightedCrossEntropy32 } from './float32';
import type { Labels, Matrix, Tensor } from './tensor';
import {
  broadcastBinary,
  broadcastShape,
  elementwise,
  labelsToTensor,
  lastDim,
  map,
  matrixToTensor,
  rank,
  reduceLast,
  squeezeLast,
  squeezeOrExpandToSameRank,
} from './tensor';

export interface KerasLossArgs {
  /** Keras snake_case loss name; `weighted_binary_crossentropy` is `tf.nn.weighted_cross_entropy_with_logits`. */
  loss: LossName;
  /** `from_logits` of the loss. Ignored by `weighted_binary_crossentropy`, which always takes logits. */
  fromLogits: boolean;
  /** The output activation applied to `logits` to form `y_pred`. */
  activation: Activation;
  /** Labels as the user passes them: (B,) ids, (B, 1) ids, or (B, K) one-/multi-hot rows. */
  yTrue: Labels;
  /** Pre-activation outputs z, shape (B, K). */
  logits: Matrix;
  /** `tf` (default): Keras on TensorFlow, with the logits cache. `plain`: JAX/PyTorch formulas. */
  semantics?: Semantics;
  /** `label_smoothing` in [0, 1]; only BCE and CCE take it (0 or absent elsewhere). */
  labelSmoothing?: number;
  /** Per-sample weights (B,); the reduction still divides by B (`sum_over_batch_size`). */
  sampleWeight?: readonly number[];
  /** `pos_weight` of `weighted_binary_crossentropy`: one number or one per class (K,). Default 1. */
  posWeight?: number | readonly number[];
  /**
   * Where Keras checks the shapes, which decides its error texts (errors.ts). Default: inside
   * `fit` with the batch size unknown on TF (`None`), concrete shapes on JAX.
   */
  view?: Partial<Omit<ShapeView, 'semantics'>>;
}

export interface KerasLossResult {
  /** Unweighted per-sample losses (B,), what `reduction=None` prints without sample weights. */
  perSample: number[];
  /** The reduced loss Keras prints: Σ_i w_i·loss_i / B (float32). */
  value: number;
  /** Keras' Python warnings for this call, verbatim (e.g. `from_logits=True` after a sigmoid). */
  warnings: string[];
}

const CLASS_NAMES: Record<LossName, string> = {
  binary_crossentropy: 'BinaryCrossentropy',
  categorical_crossentropy: 'CategoricalCrossentropy',
  sparse_categorical_crossentropy: 'SparseCategoricalCrossentropy',
  weighted_binary_crossentropy: 'weighted_cross_entropy_with_logits',
  mean_squared_error: 'MeanSquaredError',
  kl_divergence: 'KLDivergence',
};

/** Keyword arguments this loss's Keras class (or tf.nn function) does not accept. */
function checkKeywords(args: KerasLossArgs): void {
  const { loss } = args;
  const callable =
    loss === 'weighted_binary_crossentropy' ? CLASS_NAMES[loss] : `${CLASS_NAMES[loss]}.__init__`;
  const takesSmoothing = loss === 'binary_crossentropy' || loss === 'categorical_crossentropy';
  if (!takesSmoothing && args.labelSmoothing !== undefined && args.labelSmoothing !== 0) {
    throw unexpectedKeywordError(callable, 'label_smoothing');
  }
  if ((loss === 'mean_squared_error' || loss === 'kl_divergence') && args.fromLogits) {
    throw unexpectedKeywordError(callable, 'from_logits');
  }
  if (loss !== 'weighted_binary_crossentropy' && args.posWeight !== undefined) {
    throw unexpectedKeywordError(callable, 'pos_weight');
  }
}

function meanLast(t: Tensor): Tensor {
  return reduceLast(t, mean32);
}

/** A node of Keras' compiled loss in TF's graph: `compile_loss/mean_squared_error/sub`. */
function lossOp(loss: string, node: string, op: string, inputs: readonly [string, string]): TfOp {
  return { node: `compile_loss/${loss}/${node}`, op, inputs };
}

function smooth(y: Tensor, scale: number, shift: number): Tensor {
  return map(y, (v) => f32(f32(v * f32(1 - scale)) + shift));
}

function lossValues(
  args: KerasLossArgs,
  yTrue: Tensor,
  output: ModelOutput,
  ctx: LossContext,
): Tensor {
  const view = ctx.view;
  const ls = args.labelSmoothing ?? 0;
  const yPred = output.value;
  switch (args.loss) {
    case 'binary_crossentropy': {
      const y = ls ? smooth(yTrue, ls, f32(0.5 * ls)) : yTrue;
      return meanLast(backendBinaryCrossentropy(y, output, args.fromLogits, ctx));
    }
    case 'categorical_crossentropy': {
      const K = lastDim(yPred) ?? 0;
      if (K === 1) {
        ctx.warnings.push(
          'In loss categorical_crossentropy, expected y_pred.shape to be (batch_size, ' +
            `num_classes) with num_classes > 1. Received: y_pred.shape=${viewShape(view, yPred.shape)}. ` +
            "Consider using 'binary_crossentropy' if you only have 2 classes.",
        );
      }
      const y = ls ? smooth(yTrue, ls, f32(f32(ls) / K)) : yTrue;
      return backendCategoricalCrossentropy(y, output, args.fromLogits, ctx);
    }
    case 'sparse_categorical_crossentropy': {
      const y = rank(yTrue) === rank(yPred) && lastDim(yTrue) === 1 ? squeezeLast(yTrue) : yTrue;
      return backendSparseCategoricalCrossentropy(y, output, args.fromLogits, ctx);
    }
    case 'mean_squared_error': {
      const sub = lossOp('mean_squared_error', 'sub', 'Sub', [
        'compile_loss/mean_squared_error/Cast',
        tfOutputNode(args.activation),
      ]);
      const d = elementwise(yTrue, yPred, view, (a, b) => f32(a - b), sub);
      return meanLast(map(d, (v) => f32(v * v)));
    }
    case 'kl_divergence': {
      const yt = map(yTrue, (v) => clip(v, EPSILON, 1));
      const yp = map(yPred, (v) => clip(v, EPSILON, 1));
      const div = lossOp('kl_divergence', 'truediv', 'RealDiv', [
        'compile_loss/kl_divergence/clip_by_value',
        'compile_loss/kl_divergence/clip_by_value_1',
      ]);
      const ratio = elementwise(yt, yp, view, (a, b) => f32(a / b), div);
      const terms = elementwise(yt, ratio, view, (a, r) => f32(a * log32(r)));
      return reduceLast(terms, sum32);
    }
    case 'weighted_binary_crossentropy':
      return meanLast(weightedValues(args.posWeight ?? 1, yTrue, yPred, view));
  }
}

/**
 * `weighted_binary_crossentropy` as LossLab's Keras export writes it: on TF
 * `tf.nn.weighted_cross_entropy_with_logits(y, y_pred, pos_weight)`, which requires equal shapes;
 * on JAX the same formula in `keras.ops`, which broadcasts `(1 - y) * x` like NumPy (and so runs,
 * meaninglessly, on (B,) labels when B is 1 or K). y_pred is taken as logits.
 */
function weightedValues(
  posWeight: number | readonly number[],
  y: Tensor,
  x: Tensor,
  view: ShapeView,
): Tensor {
  let labels = y;
  if (rank(y) !== rank(x) || y.shape.some((d, i) => d !== x.shape[i])) {
    if (view.semantics === 'tf') throw weightedShapeError(view, y.shape, x.shape);
    const shape = broadcastShape(y.shape, x.shape);
    if (!shape) throw broadcastError(view, y.shape, x.shape);
    labels = broadcastBinary(y, x, shape, (a) => a);
  }
  const K = lastDim(x) ?? 0;
  if (typeof posWeight !== 'number' && posWeight.length !== K) {
    throw new RangeError(`posWeight has ${posWeight.length} entries for ${K} classes`);
  }
  const q = (i: number) =>
    f32(typeof posWeight === 'number' ? posWeight : (posWeight[i % K] ?? NaN));
  return map(labels, (label, i) => weightedCrossEntropy32(label, x.data[i] ?? NaN, q(i)));
}

/** `sum_over_batch_size`: Σ_i values_i·w_i / numel(values), 0 for an empty batch (divide_no_nan). */
export function reduceSumOverBatchSize(
  values: readonly number[],
  sampleWeight?: readonly number[],
): number {
  if (sampleWeight && sampleWeight.length !== values.length) {
    throw new RangeError(
      `sampleWeight has ${sampleWeight.length} entries for ${values.length} samples`,
    );
  }
  const weighted = sampleWeight
    ? values.map((v, i) => f32(v * f32(sampleWeight[i] ?? NaN)))
    : values;
  return values.length === 0 ? 0 : f32(sum32(weighted) / values.length);
}

/**
 * The loss Keras 3 computes for one batch, from pre-activation logits (B, K) and labels as the user
 * would pass them. Throws a `KerasError` whose `message` is Keras' own text where Keras raises
 * (shape mismatches, labels out of range in `tf`, keywords a loss does not take); throws a
 * `RangeError` for inputs that are not a batch at all (ragged rows, B mismatch).
 */
export function kerasLoss(args: KerasLossArgs): KerasLossResult {
  checkKeywords(args);
  const semantics = args.semantics ?? 'tf';
  const labels = labelsToTensor(args.yTrue);
  const z = matrixToTensor(args.logits);
  if (labels.shape[0] !== z.shape[0]) {
    throw new RangeError(`yTrue has ${labels.shape[0]} samples but logits has ${z.shape[0]}`);
  }
  const value = activateTensor(z, args.activation);
  const cached = semantics === 'tf' && args.activation !== 'linear';
  const [yTrue, yPred] = squeezeOrExpandToSameRank(labels, value);
  // A squeezed y_pred is a new tensor, which no longer carries `_keras_logits`.
  const output: ModelOutput =
    cached && yPred === value
      ? { value, kerasLogits: z, activation: args.activation }
      : { value: yPred, activation: args.activation };
  const view: ShapeView = { ...defaultView(semantics), ...args.view, semantics };
  const ctx: LossContext = { semantics, view, warnings: [] };
  const values = lossValues(args, yTrue, output, ctx);
  const perSample = [...values.data];
  return {
    perSample,
    value: reduceSumOverBatchSize(perSample, args.sampleWeight),
    warnings: ctx.warnings,
  };
}
