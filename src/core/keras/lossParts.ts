/**
 * The float32 parts the losses' maths (lossMaths.ts) is written with: what a loss receives after
 * Keras' shape plumbing, the steps shared by several losses' values, and the derivatives shared by
 * several losses' gradients. Where the frameworks' registered gradients differ from the textbook
 * derivative, these follow them, because that is what training uses (see gradients.ts).
 */
import type { LossKeywords } from '../catalogue';
import type { Semantics } from '../config';
import type { LossContext, ModelOutput } from './crossentropy';
import type { TfOp } from './errors';
import { EPSILON, ONE_MINUS_EPSILON, clip, f32, mean32, softmax32, sum32 } from './float32';
import type { Tensor } from './tensor';
import { elementwise, lastDim, map, rank, reduceLast, rowsOf, squeezeLast, tensor } from './tensor';

/** What every loss's maths receives: the labels and `y_pred` after Keras' shape plumbing. */
export interface LossInput {
  yTrue: Tensor;
  output: ModelOutput;
  ctx: LossContext;
  kw: LossKeywords;
  /** `pos_weight` per class, when the call gave one per class. */
  posWeights?: readonly number[];
}

/** The gradient of each sample's loss with respect to what the loss read. */
export interface LossGrad {
  /** ∂lᵢ/∂y_pred, shape of y_pred: flows back through the output activation to z. */
  output?: Tensor;
  /** ∂lᵢ/∂(the cached logits) (TensorFlow only): the cached logits are z itself. */
  logits?: Tensor;
}

export function meanLast(t: Tensor, ctx: LossContext): Tensor {
  const values = reduceLast(t, mean32);
  ctx.trace?.('mean over classes', values);
  return values;
}

export function sumLast(t: Tensor, ctx: LossContext): Tensor {
  const values = reduceLast(t, sum32);
  ctx.trace?.('sum over classes', values);
  return values;
}

/** A node of Keras' compiled loss in TF's graph: `compile_loss/mean_squared_error/sub`. */
export function lossOp(
  loss: string,
  node: string,
  op: string,
  inputs: readonly [string, string],
): TfOp {
  return { node: `compile_loss/${loss}/${node}`, op, inputs };
}

/** The clipped y and p a KL-style loss divides, as TF's graph names them. */
export function clippedOp(loss: string, node: string, op: string): TfOp {
  return lossOp(loss, node, op, [
    `compile_loss/${loss}/clip_by_value`,
    `compile_loss/${loss}/clip_by_value_1`,
  ]);
}

/** Label smoothing towards `shift` (0.5 for the binary losses, 1/K for the categorical one). */
export function smooth(y: Tensor, scale: number, shift: number): Tensor {
  return map(y, (v) => f32(f32(v * f32(1 - scale)) + shift));
}

/** Traces the labels an element-wise loss broadcasts (a class id against every class), and p. */
export function traceLabels(yTrue: Tensor, yPred: Tensor, ctx: LossContext): void {
  if (!ctx.trace) return;
  if (rank(yTrue) < rank(yPred)) {
    const y = elementwise(yTrue, yPred, ctx.view, (a) => a);
    ctx.trace('y = the class id, broadcast over the classes', y);
  }
  ctx.trace('p = activated output', yPred);
}

/** y and p clipped to [ε, 1], as KL divergence and abs_KL_div take them (steps traced). */
export function clippedPair(yTrue: Tensor, yPred: Tensor, ctx: LossContext): [Tensor, Tensor] {
  traceLabels(yTrue, yPred, ctx);
  const yp = map(yPred, (v) => clip(v, EPSILON, 1));
  ctx.trace?.('clip(p, ε, 1) (y is clipped to [ε, 1] too)', yp);
  return [map(yTrue, (v) => clip(v, EPSILON, 1)), yp];
}

/** Derivative of `clip(v, lo, hi)`: 0 outside, 1 inside; on a bound, TF passes it, JAX halves it. */
export function clipDerivative(v: number, lo: number, hi: number, s: Semantics): number {
  if (v < lo || v > hi) return 0;
  if (v === lo || v === hi) return s === 'tf' ? 1 : 0.5;
  return 1;
}

/** Derivative of |t|: the sign, and at 0 TensorFlow's 0 or JAX's 1. */
export function absDerivative(t: number, s: Semantics): number {
  if (t > 0) return 1;
  if (t < 0) return -1;
  return s === 'tf' ? 0 : 1;
}

/**
 * ∂/∂x of `max(x, 0) − x·y + log1p(exp(−|x|))` (tf.nn.sigmoid_cross_entropy_with_logits, whose
 * `where(x ≥ 0, …)` form has no kink): σ(x) − y, computed from exp(−|x|) so it stays exact at
 * saturation.
 */
export function sigmoidCrossEntropyGrad32(y: number, x: number): number {
  const e = f32(Math.exp(-Math.abs(x)));
  const share = f32(e / f32(1 + e));
  return x >= 0 ? f32(f32(1 - y) - share) : f32(share - y);
}

/** ∂/∂p of `−[y·log p̂ + (1−y)·log(1−p̂)]`, p̂ = clip(p, ε, 1−ε): 0 where p was clipped. */
export function clippedBceGrad32(y: number, p: number, s: Semantics): number {
  const d = clipDerivative(p, EPSILON, ONE_MINUS_EPSILON, s);
  if (d === 0) return 0;
  const pc = clip(p, EPSILON, ONE_MINUS_EPSILON);
  return f32(d * f32(f32(f32(1 - y) / f32(1 - pc)) - f32(y / pc)));
}

/**
 * ∂/∂x of softmax cross-entropy on one row of logits: TF's registered gradient `softmax(x) − y`,
 * or JAX's derivative of `−Σ y·log_softmax(x)`, `Σy·softmax(x) − y`.
 */
export function softmaxCrossEntropyGrad32(
  y: readonly number[],
  x: readonly number[],
  s: Semantics,
): number[] {
  const p = softmax32(x);
  const mass = s === 'tf' ? 1 : sum32(y);
  return p.map((v, k) => f32(f32(mass * v) - (y[k] ?? NaN)));
}

/**
 * ∂/∂p of `−Σₖ yₖ·log clip(pₖ / Σⱼ pⱼ)` on one row (Keras' categorical probability path): the
 * clipped share's `−y/n̂`, then the normalisation's `(gⱼ − Σₖ gₖ·nₖ) / Σp`. A row whose labelled
 * shares are all clipped gets exactly 0 everywhere.
 */
function normalisedCceGrad32(y: readonly number[], p: readonly number[], s: Semantics): number[] {
  const total = sum32(p);
  const gn = p.map((v, k) => {
    const n = f32(v / total);
    const d = clipDerivative(n, EPSILON, ONE_MINUS_EPSILON, s);
    return d === 0 ? 0 : f32(d * f32(-(y[k] ?? NaN) / clip(n, EPSILON, ONE_MINUS_EPSILON)));
  });
  const through = f32(sum32(gn.map((g, k) => f32(g * (p[k] ?? NaN)))) / f32(total * total));
  return gn.map((g) => f32(f32(g / total) - through));
}

export function sparseIds(target: Tensor, out: Tensor): number[] {
  let labels = map(target, Math.trunc);
  if (rank(labels) === rank(out) && lastDim(labels) === 1) labels = squeezeLast(labels);
  return [...labels.data];
}

/** The labels of an element-wise loss broadcast to the output's shape (class ids over the classes). */
export function broadcastLabels(input: LossInput): Tensor {
  const p = input.output.value;
  const y = elementwise(input.yTrue, p, input.ctx.view, (a) => a);
  if (y.data.length !== p.data.length) {
    throw new RangeError(`labels broadcast to ${y.shape.join('×')}, not the output's shape`);
  }
  return y;
}

/** Whether the cross-entropy swaps y_pred for the logits its activation cached (TF's `_get_logits`). */
export function readsCache(
  input: LossInput,
): input is LossInput & { output: { kerasLogits: Tensor } } {
  return input.ctx.semantics === 'tf' && input.output.kerasLogits !== undefined;
}

/** Divides every element by K: the mean over the class axis of the binary and element-wise losses. */
export function perClass(t: Tensor): Tensor {
  const K = lastDim(t) ?? 1;
  return map(t, (v) => f32(v / K));
}

/** A softmax cross-entropy's gradient, on logits (cached or read) or on the probabilities. */
export function categoricalGrad(input: LossInput, rowsY: number[][]): LossGrad {
  const { output, ctx, kw } = input;
  const s = ctx.semantics;
  const K = lastDim(output.value) ?? 0;
  const cached = readsCache(input);
  if (cached || kw.fromLogits) {
    const x = rowsOf(cached ? input.output.kerasLogits : output.value);
    const g = tensor(
      output.value.shape,
      x.flatMap((row, i) => softmaxCrossEntropyGrad32(rowsY[i] ?? [], row, s)),
    );
    return cached ? { logits: g } : { output: g };
  }
  const rows = rowsOf(output.value);
  return {
    output: tensor(
      output.value.shape,
      rows.flatMap((p, i) => normalisedCceGrad32(rowsY[i] ?? new Array<number>(K).fill(0), p, s)),
    ),
  };
}
