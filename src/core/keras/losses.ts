/**
 * `kerasLoss`: the loss value Keras 3 prints for a batch, from the model's pre-activation logits.
 * It follows Keras' call path: `Loss.__call__` (cast to float32) → `LossFunctionWrapper.call`
 * (`squeeze_or_expand_to_same_rank`) → the loss function (label smoothing, mean over the class
 * axis for BCE/MSE) → the backend function (crossentropy.ts) → `sum_over_batch_size` reduction
 * with sample weights (spec §1.7).
 */
import { KEYWORD_PYTHON, keywordsOf, lossEntry, takesKeyword } from '../catalogue';
import type { LossEntry, LossKeyword, LossKeywords } from '../catalogue';
import type { Activation, LossName, Semantics } from '../config';
import { activateTensor } from './activations';
import type { LossContext, ModelOutput } from './crossentropy';
import type { ShapeView } from './errors';
import { defaultView, unexpectedKeywordError, viewShape } from './errors';
import { f32, sum32 } from './float32';
import { LOSS_MATHS } from './lossMaths';
import type { LossInput } from './lossParts';
import type { Labels, Matrix } from './tensor';
import { labelsToTensor, lastDim, matrixToTensor, squeezeOrExpandToSameRank } from './tensor';
import type { Tensor } from './tensor';
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
  const values = LOSS_MATHS[entry.engine].value(input);
  const perSample = [...values.data];
  return {
    perSample,
    value: reduceSumOverBatchSize(perSample, args.sampleWeight),
    warnings: input.ctx.warnings,
    steps: trace?.steps ?? [],
  };
}
