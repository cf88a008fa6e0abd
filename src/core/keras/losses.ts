/**
 * `kerasLoss`: the loss value Keras 3 prints for a batch, from the model's pre-activation logits.
 * It follows Keras' call path: `Loss.__call__` (cast to float32) → `LossFunctionWrapper.call`
 * (`squeeze_or_expand_to_same_rank`) → the loss function (label smoothing, mean over the class
 * axis for BCE/MSE) → the backend function (crossentropy.ts) → `sum_over_batch_size` reduction
 * with sample weights (spec §1.7).
 */
import { KEYWORD_PYTHON, keywordsOf, lossEntry, takesKeyword } from '../catalogue';
import type { LossEngineKey, LossEntry, LossKeyword, LossKeywords } from '../catalogue';
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
import {
  EPSILON,
  clip,
  f32,
  log32,
  mean32,
  pow32,
  sigmoid32,
  sum32,
  weightedCrossEntropy32,
} from './float32';
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
import type { LossStep } from './trace';
import { createTrace } from './trace';

export interface KerasLossArgs {
  /** Keras snake_case loss name (see the loss catalogue). */
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
  /** `label_smoothing` in [0, 1]; only the losses whose entry lists it take it (0 or absent elsewhere). */
  labelSmoothing?: number;
  /** Per-sample weights (B,); the reduction still divides by B (`sum_over_batch_size`). */
  sampleWeight?: readonly number[];
  /** `pos_weight` of `weighted_binary_crossentropy`: one number or one per class (K,). Default: the catalogue's. */
  posWeight?: number | readonly number[];
  /** `gamma`, `alpha`, `apply_class_balancing` of `binary_focal_crossentropy`. Default: the catalogue's. */
  gamma?: number;
  alpha?: number;
  applyClassBalancing?: boolean;
  /** Record the first sample's intermediate values as labelled steps (the loss lab). */
  trace?: boolean;
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
  /** With `trace`: the first sample's steps, ending on its loss; otherwise empty. */
  steps: LossStep[];
}

/** Keyword arguments this loss's Keras class (or function) does not accept, in Python's words. */
function checkKeywords(entry: LossEntry, args: KerasLossArgs): void {
  const callable =
    entry.keras.kind === 'class' ? `${entry.keras.className}.__init__` : entry.keras.callable;
  const passed: [LossKeyword, boolean][] = [
    ['labelSmoothing', args.labelSmoothing !== undefined && args.labelSmoothing !== 0],
    ['fromLogits', args.fromLogits && entry.fromLogits !== 'always-logits'],
    ['posWeight', args.posWeight !== undefined],
    ['gamma', args.gamma !== undefined],
    ['alpha', args.alpha !== undefined],
    ['applyClassBalancing', args.applyClassBalancing !== undefined],
  ];
  for (const [keyword, set] of passed) {
    if (set && !takesKeyword(entry, keyword)) {
      throw unexpectedKeywordError(callable, KEYWORD_PYTHON[keyword]);
    }
  }
}

/** The keywords the loss runs with: the call's, else the catalogue's values (checked above). */
function keywordsFor(entry: LossEntry, args: KerasLossArgs): LossKeywords {
  return keywordsOf(entry, args.fromLogits, {
    // label_smoothing=0 is accepted by every loss (checkKeywords), so only a loss that takes it
    // gets it.
    ...(args.labelSmoothing !== undefined && takesKeyword(entry, 'labelSmoothing')
      ? { labelSmoothing: args.labelSmoothing }
      : {}),
    ...(typeof args.posWeight === 'number' ? { posWeight: args.posWeight } : {}),
    gamma: args.gamma,
    alpha: args.alpha,
    applyClassBalancing: args.applyClassBalancing,
  });
}

function meanLast(t: Tensor, ctx: LossContext): Tensor {
  const values = reduceLast(t, mean32);
  ctx.trace?.('mean over classes', values);
  return values;
}

function sumLast(t: Tensor, ctx: LossContext): Tensor {
  const values = reduceLast(t, sum32);
  ctx.trace?.('sum over classes', values);
  return values;
}

/** A node of Keras' compiled loss in TF's graph: `compile_loss/mean_squared_error/sub`. */
function lossOp(loss: string, node: string, op: string, inputs: readonly [string, string]): TfOp {
  return { node: `compile_loss/${loss}/${node}`, op, inputs };
}

/** The clipped y and p a KL-style loss divides, as TF's graph names them. */
function clippedOp(loss: string, node: string, op: string): TfOp {
  return lossOp(loss, node, op, [
    `compile_loss/${loss}/clip_by_value`,
    `compile_loss/${loss}/clip_by_value_1`,
  ]);
}

/** Label smoothing towards `shift` (0.5 for the binary losses, 1/K for the categorical one). */
export function smooth(y: Tensor, scale: number, shift: number): Tensor {
  return map(y, (v) => f32(f32(v * f32(1 - scale)) + shift));
}

/** What every loss's maths receives: the labels and `y_pred` after Keras' shape plumbing. */
export interface LossInput {
  yTrue: Tensor;
  output: ModelOutput;
  ctx: LossContext;
  kw: LossKeywords;
  /** `pos_weight` per class, when the call gave one per class. */
  posWeights?: readonly number[];
}

/** Traces the labels an element-wise loss broadcasts (a class id against every class), and p. */
function traceLabels(yTrue: Tensor, yPred: Tensor, ctx: LossContext): void {
  if (!ctx.trace) return;
  if (rank(yTrue) < rank(yPred)) {
    const y = elementwise(yTrue, yPred, ctx.view, (a) => a);
    ctx.trace('y = the class id, broadcast over the classes', y);
  }
  ctx.trace('p = activated output', yPred);
}

/** y and p clipped to [ε, 1], as KL divergence and abs_KL_div take them (steps traced). */
function clippedPair(yTrue: Tensor, yPred: Tensor, ctx: LossContext): [Tensor, Tensor] {
  traceLabels(yTrue, yPred, ctx);
  const yp = map(yPred, (v) => clip(v, EPSILON, 1));
  ctx.trace?.('clip(p, ε, 1) (y is clipped to [ε, 1] too)', yp);
  return [map(yTrue, (v) => clip(v, EPSILON, 1)), yp];
}

/**
 * The float32 maths of each loss, per sample (B,). A loss whose engine key is missing here does
 * not compile: the catalogue's `engine` and this table (and ml/losses.ts) move together.
 */
const LOSS_MATHS: Record<LossEngineKey, (input: LossInput) => Tensor> = {
  bce: ({ yTrue, output, ctx, kw }) => {
    const ls = kw.labelSmoothing;
    const y = ls ? smooth(yTrue, ls, f32(0.5 * ls)) : yTrue;
    return meanLast(backendBinaryCrossentropy(y, output, kw.fromLogits, ctx), ctx);
  },
  cce: ({ yTrue, output, ctx, kw }) => {
    const K = lastDim(output.value) ?? 0;
    if (K === 1) {
      ctx.warnings.push(
        'In loss categorical_crossentropy, expected y_pred.shape to be (batch_size, ' +
          `num_classes) with num_classes > 1. Received: y_pred.shape=${viewShape(ctx.view, output.value.shape)}. ` +
          "Consider using 'binary_crossentropy' if you only have 2 classes.",
      );
    }
    const ls = kw.labelSmoothing;
    const y = ls ? smooth(yTrue, ls, f32(f32(ls) / K)) : yTrue;
    const values = backendCategoricalCrossentropy(y, output, kw.fromLogits, ctx);
    ctx.trace?.('sum over classes', values);
    return values;
  },
  scce: ({ yTrue, output, ctx, kw }) => {
    const yPred = output.value;
    const y = rank(yTrue) === rank(yPred) && lastDim(yTrue) === 1 ? squeezeLast(yTrue) : yTrue;
    return backendSparseCategoricalCrossentropy(y, output, kw.fromLogits, ctx);
  },
  weighted_bce: ({ yTrue, output, ctx, kw, posWeights }) => {
    let x = output.value;
    let labels = yTrue;
    if (rank(yTrue) !== rank(x) || yTrue.shape.some((d, i) => d !== x.shape[i])) {
      // TF: tf.nn.weighted_cross_entropy_with_logits requires equal shapes. JAX: the export's
      // keras.ops formula broadcasts (1 - y) * x like NumPy (silently, when B is 1 or K, or
      // when one output unit meets one-hot rows of two).
      if (ctx.semantics === 'tf') throw weightedShapeError(ctx.view, yTrue.shape, x.shape);
      const shape = broadcastShape(yTrue.shape, x.shape);
      if (!shape) throw broadcastError(ctx.view, yTrue.shape, x.shape);
      labels = broadcastBinary(yTrue, x, shape, (a) => a);
      x = broadcastBinary(yTrue, x, shape, (_, b) => b);
    }
    const K = lastDim(x) ?? 0;
    if (posWeights && posWeights.length !== K) {
      throw new RangeError(`posWeight has ${posWeights.length} entries for ${K} classes`);
    }
    const q = (i: number) => f32(posWeights ? (posWeights[i % K] ?? NaN) : kw.posWeight);
    ctx.trace?.('x = activated output, read as logits', x);
    const values = map(labels, (label, i) => weightedCrossEntropy32(label, x.data[i] ?? NaN, q(i)));
    ctx.trace?.(
      `weighted sigmoid cross-entropy (pos_weight ${posWeights ? posWeights.join(', ') : kw.posWeight}) per class`,
      values,
    );
    return meanLast(values, ctx);
  },
  mse: ({ yTrue, output, ctx }) => {
    traceLabels(yTrue, output.value, ctx);
    const sub = lossOp('mean_squared_error', 'sub', 'Sub', [
      'compile_loss/mean_squared_error/Cast',
      tfOutputNode(output.activation),
    ]);
    const d = elementwise(yTrue, output.value, ctx.view, (a, b) => f32(a - b), sub);
    const squares = map(d, (v) => f32(v * v));
    ctx.trace?.('(y − p)² per class', squares);
    return meanLast(squares, ctx);
  },
  kld: ({ yTrue, output, ctx }) => {
    const [yt, yp] = clippedPair(yTrue, output.value, ctx);
    const div = clippedOp('kl_divergence', 'truediv', 'RealDiv');
    const ratio = elementwise(yt, yp, ctx.view, (a, b) => f32(a / b), div);
    const terms = elementwise(yt, ratio, ctx.view, (a, r) => f32(a * log32(r)));
    ctx.trace?.('y · log(y / p) per class', terms);
    return sumLast(terms, ctx);
  },
  focal_bce: ({ yTrue, output, ctx, kw }) => {
    // keras/src/losses/losses.py: binary_focal_crossentropy (Keras 3.15).
    const ls = kw.labelSmoothing;
    const y = ls ? smooth(yTrue, ls, f32(0.5 * ls)) : yTrue;
    // from_logits=True: `ops.sigmoid(y_pred)`, whose result caches its input on TensorFlow.
    const q: ModelOutput = kw.fromLogits
      ? {
          value: map(output.value, sigmoid32),
          activation: 'sigmoid',
          valueLabel: 'q = sigmoid(output): the loss applies its own sigmoid',
          ...(ctx.semantics === 'tf'
            ? {
                kerasLogits: output.value,
                cachedLabel: "the output, cached by the loss's own sigmoid",
              }
            : {}),
        }
      : output;
    // On TF the BCE then reads logits, so its steps do not show q; the probability path does.
    if (kw.fromLogits && ctx.semantics === 'tf') ctx.trace?.(q.valueLabel ?? '', q.value);
    const bce = backendBinaryCrossentropy(y, q, false, ctx);
    const pT = map(y, (t, i) => {
      const p = q.value.data[i] ?? NaN;
      return f32(f32(t * p) + f32(f32(1 - t) * f32(1 - p)));
    });
    ctx.trace?.('p_t = y·q + (1 − y)·(1 − q)', pT);
    const factor = map(pT, (v) => pow32(f32(1 - v), kw.gamma));
    ctx.trace?.(`focal factor (1 − p_t)^γ, γ = ${kw.gamma}`, factor);
    let values = map(factor, (f, i) => f32(f * (bce.data[i] ?? NaN)));
    if (kw.applyClassBalancing) {
      const a = f32(kw.alpha);
      values = map(values, (v, i) => {
        const t = y.data[i] ?? NaN;
        return f32(f32(f32(t * a) + f32(f32(1 - t) * f32(1 - a))) * v);
      });
    }
    ctx.trace?.(
      kw.applyClassBalancing
        ? `α-balanced focal · bce per class, α = ${kw.alpha}`
        : 'focal · bce per class',
      values,
    );
    return meanLast(values, ctx);
  },
  abs_kld: ({ yTrue, output, ctx }) => {
    const [yt, yp] = clippedPair(yTrue, output.value, ctx);
    const sub = clippedOp('abs_kl_divergence', 'sub', 'Sub');
    const diff = elementwise(yt, yp, ctx.view, (a, b) => f32(a - b), sub);
    const div = clippedOp('abs_kl_divergence', 'truediv', 'RealDiv');
    const logRatio = elementwise(yt, yp, ctx.view, (a, b) => log32(f32(a / b)), div);
    const terms = map(diff, (d, i) => Math.abs(f32(d * (logRatio.data[i] ?? NaN))));
    ctx.trace?.('|(y − p) · log(y / p)| per class', terms);
    return sumLast(terms, ctx);
  },
};

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

/** A loss call after Keras' shape plumbing: what the maths and its gradient both receive. */
export interface PreparedLossCall {
  entry: LossEntry;
  input: LossInput;
  /** The pre-activation logits z (B, K), float32. */
  z: Tensor;
}

/**
 * Checks the keywords, reads the labels and logits, applies the activation and Keras'
 * `squeeze_or_expand_to_same_rank`, and attaches the cached logits on TensorFlow: everything
 * `kerasLoss` does before the loss's own maths (shared with the gradients in gradients.ts).
 */
export function prepareLossCall(
  args: KerasLossArgs,
  trace?: LossContext['trace'],
): PreparedLossCall {
  const entry = lossEntry(args.loss);
  checkKeywords(entry, args);
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
  const ctx: LossContext = { semantics, view, warnings: [], ...(trace ? { trace } : {}) };
  if (args.activation === 'softmax' && lastDim(z) === 1)
    ctx.warnings.push(softmaxOfOneWarning(view, z.shape));
  const posWeights = typeof args.posWeight === 'object' ? args.posWeight : undefined;
  const input: LossInput = {
    yTrue,
    output,
    ctx,
    kw: keywordsFor(entry, args),
    ...(posWeights ? { posWeights } : {}),
  };
  return { entry, input, z };
}

/**
 * `keras.ops.softmax`'s warning for an axis of size 1 (one output unit): the softmax of one
 * number is always 1. Keras prints it when the output layer runs, before the loss's own warnings.
 */
export function softmaxOfOneWarning(view: ShapeView, shape: readonly number[]): string {
  return (
    `You are using a softmax over axis -1 of a tensor of shape ${viewShape(view, shape)}. This axis ` +
    'has size 1. The softmax operation will always return the value 1, which is likely not what ' +
    'you intended. Did you mean to use a sigmoid instead?'
  );
}

/**
 * The loss Keras 3 computes for one batch, from pre-activation logits (B, K) and labels as the user
 * would pass them. Throws a `KerasError` whose `message` is Keras' own text where Keras raises
 * (shape mismatches, labels out of range in `tf`, keywords a loss does not take); throws a
 * `RangeError` for inputs that are not a batch at all (ragged rows, B mismatch).
 */
export function kerasLoss(args: KerasLossArgs): KerasLossResult {
  const trace = args.trace ? createTrace() : undefined;
  const { entry, input } = prepareLossCall(args, trace?.tracer);
  const values = LOSS_MATHS[entry.engine](input);
  const perSample = [...values.data];
  return {
    perSample,
    value: reduceSumOverBatchSize(perSample, args.sampleWeight),
    warnings: input.ctx.warnings,
    steps: trace?.steps ?? [],
  };
}
