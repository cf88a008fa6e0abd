/**
 * `kerasLossGradient`: ∂L/∂z, the gradient of the loss Keras prints with respect to the model's
 * pre-activation logits z, in float32, written out by hand (no automatic differentiation) from
 * the same call path as `kerasLoss`: the loss's own derivative with respect to what it read (the
 * cached logits, the output read as logits, or the clipped probabilities), then the activation's
 * derivative back to z, then the batch reduction.
 *
 * Where the frameworks' registered gradients differ from the textbook derivative, this follows
 * them, because that is what training uses:
 * - TensorFlow's `softmax_cross_entropy_with_logits` backpropagates `softmax(z) − y` even when a
 *   label row does not sum to 1 (multi-hot rows); JAX differentiates `−Σ y·log_softmax(z)`,
 *   `Σy·softmax(z) − y`;
 * - a clip bound hit exactly passes the whole gradient on TensorFlow (`clip_by_value`) and half of
 *   it on JAX (`jnp.clip` is a `minimum` of a `maximum`, and a tie splits);
 * - |x| at 0 has derivative 0 on TensorFlow (`sign`), 1 on JAX;
 * - ReLU at 0 has derivative 0 on both.
 * The engine's tensor losses (src/ml/losses.ts) and real Keras (tf.GradientTape / jax.grad) are
 * held to these numbers by tests.
 */
import type { LossEngineKey } from '../catalogue';
import type { Semantics } from '../config';
import type { KerasLossArgs, KerasLossResult, LossInput } from './losses';
import { kerasLoss, prepareLossCall, smooth } from './losses';
import {
  EPSILON,
  ONE_MINUS_EPSILON,
  clip,
  f32,
  log32,
  pow32,
  sigmoid32,
  sigmoidCrossEntropy32,
  softmax32,
  sum32,
} from './float32';
import type { Tensor } from './tensor';
import { elementwise, lastDim, map, rank, rowsOf, squeezeLast, tensor } from './tensor';

/** The gradient of each sample's loss with respect to what the loss read. */
interface LossGrad {
  /** ∂lᵢ/∂y_pred, shape of y_pred: flows back through the output activation to z. */
  output?: Tensor;
  /** ∂lᵢ/∂(the cached logits) (TensorFlow only): the cached logits are z itself. */
  logits?: Tensor;
}

/** Derivative of `clip(v, lo, hi)`: 0 outside, 1 inside; on a bound, TF passes it, JAX halves it. */
export function clipDerivative(v: number, lo: number, hi: number, s: Semantics): number {
  if (v < lo || v > hi) return 0;
  if (v === lo || v === hi) return s === 'tf' ? 1 : 0.5;
  return 1;
}

/** Derivative of |t|: the sign, and at 0 TensorFlow's 0 or JAX's 1. */
function absDerivative(t: number, s: Semantics): number {
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
function clippedBceGrad32(y: number, p: number, s: Semantics): number {
  const d = clipDerivative(p, EPSILON, ONE_MINUS_EPSILON, s);
  if (d === 0) return 0;
  const pc = clip(p, EPSILON, ONE_MINUS_EPSILON);
  return f32(d * f32(f32(f32(1 - y) / f32(1 - pc)) - f32(y / pc)));
}

/**
 * ∂/∂x of softmax cross-entropy on one row of logits: TF's registered gradient `softmax(x) − y`,
 * or JAX's derivative of `−Σ y·log_softmax(x)`, `Σy·softmax(x) − y`.
 */
function softmaxCrossEntropyGrad32(y: readonly number[], x: readonly number[], s: Semantics) {
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

function sparseIds(target: Tensor, out: Tensor): number[] {
  let labels = map(target, Math.trunc);
  if (rank(labels) === rank(out) && lastDim(labels) === 1) labels = squeezeLast(labels);
  return [...labels.data];
}

/** The labels of an element-wise loss broadcast to the output's shape (class ids over the classes). */
function broadcastLabels(input: LossInput): Tensor {
  const p = input.output.value;
  const y = elementwise(input.yTrue, p, input.ctx.view, (a) => a);
  if (y.data.length !== p.data.length) {
    throw new RangeError(`labels broadcast to ${y.shape.join('×')}, not the output's shape`);
  }
  return y;
}

/** Whether the cross-entropy swaps y_pred for the logits its activation cached (TF's `_get_logits`). */
function readsCache(input: LossInput): input is LossInput & { output: { kerasLogits: Tensor } } {
  return input.ctx.semantics === 'tf' && input.output.kerasLogits !== undefined;
}

/** Divides every element by K: the mean over the class axis of the binary and element-wise losses. */
function perClass(t: Tensor): Tensor {
  const K = lastDim(t) ?? 1;
  return map(t, (v) => f32(v / K));
}

/** A softmax cross-entropy's gradient, on logits (cached or read) or on the probabilities. */
function categoricalGrad(input: LossInput, rowsY: number[][]): LossGrad {
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

/**
 * The hand-written derivative of each loss, per sample, with respect to what it read. Keyed like
 * the catalogue's `engine`, as the loss maths are: a new loss does not compile without its
 * gradient here.
 */
const GRADIENT_MATHS: Record<LossEngineKey, (input: LossInput) => LossGrad> = {
  bce: (input) => {
    const { output, kw, ctx } = input;
    const ls = kw.labelSmoothing;
    const y = ls ? smooth(input.yTrue, ls, f32(0.5 * ls)) : input.yTrue;
    if (readsCache(input)) {
      const z = input.output.kerasLogits;
      return { logits: perClass(map(y, (t, i) => sigmoidCrossEntropyGrad32(t, z.data[i] ?? NaN))) };
    }
    const p = output.value;
    const g = kw.fromLogits
      ? map(y, (t, i) => sigmoidCrossEntropyGrad32(t, p.data[i] ?? NaN))
      : map(y, (t, i) => clippedBceGrad32(t, p.data[i] ?? NaN, ctx.semantics));
    return { output: perClass(g) };
  },
  cce: (input) => {
    const K = lastDim(input.output.value) ?? 0;
    const ls = input.kw.labelSmoothing;
    const y = ls ? smooth(input.yTrue, ls, f32(f32(ls) / K)) : input.yTrue;
    return categoricalGrad(input, rowsOf(y));
  },
  scce: (input) => {
    const { output, ctx, kw } = input;
    const K = lastDim(output.value) ?? 0;
    const ids = sparseIds(input.yTrue, output.value);
    // An id outside [0, K) (JAX only; TF raises) has an all-zero one-hot row: no loss, no gradient.
    const oneHot = ids.map((id) => Array.from({ length: K }, (_, k) => (k === id ? 1 : 0)));
    if (ctx.semantics === 'tf' && !readsCache(input) && !kw.fromLogits) {
      // TF: log(clip(p)) read as logits by the sparse kernel: (softmax(log p̂) − onehot) / p̂.
      const rows = rowsOf(output.value);
      const g = rows.flatMap((p, i) => {
        const clipped = p.map((v) => clip(v, EPSILON, ONE_MINUS_EPSILON));
        const dl = softmaxCrossEntropyGrad32(oneHot[i] ?? [], clipped.map(log32), 'tf');
        return p.map((v, k) => {
          const d = clipDerivative(v, EPSILON, ONE_MINUS_EPSILON, 'tf');
          return d === 0 ? 0 : f32(f32(dl[k] ?? NaN) / (clipped[k] ?? NaN));
        });
      });
      return { output: tensor(output.value.shape, g) };
    }
    return categoricalGrad(input, oneHot);
  },
  weighted_bce: (input) => {
    const { output, kw, ctx } = input;
    const x = output.value;
    const K = lastDim(x) ?? 0;
    const q = (i: number) =>
      f32(input.posWeights ? (input.posWeights[i % K] ?? NaN) : kw.posWeight);
    // ∂/∂x of (1−y)·x + (1 + (q−1)·y)·(log1p(e^−|x|) + max(−x, 0)), with the kinks' conventions.
    // Labels broadcast to the output's shape, as the loss does on JAX (TF refuses other shapes).
    const g = map(broadcastLabels(input), (y, i) => {
      const v = x.data[i] ?? NaN;
      const e = f32(Math.exp(-Math.abs(v)));
      const softplusNeg = f32(
        f32(-absDerivative(v, ctx.semantics) * f32(e / f32(1 + e))) - (v < 0 ? 1 : 0),
      );
      const weight = f32(1 + f32(f32(q(i) - 1) * y));
      return f32(f32(1 - y) + f32(weight * softplusNeg));
    });
    return { output: perClass(g) };
  },
  mse: (input) => {
    const p = input.output.value;
    const y = broadcastLabels(input);
    return { output: perClass(map(p, (v, i) => f32(2 * f32(v - (y.data[i] ?? NaN))))) };
  },
  kld: (input) => {
    const p = input.output.value;
    const y = broadcastLabels(input);
    const s = input.ctx.semantics;
    const g = map(p, (v, i) => {
      const d = clipDerivative(v, EPSILON, 1, s);
      const yc = clip(y.data[i] ?? NaN, EPSILON, 1);
      return d === 0 ? 0 : f32(d * f32(-yc / clip(v, EPSILON, 1)));
    });
    return { output: g };
  },
  focal_bce: (input) => {
    const { output, kw, ctx } = input;
    const s = ctx.semantics;
    const ls = kw.labelSmoothing;
    const y = ls ? smooth(input.yTrue, ls, f32(0.5 * ls)) : input.yTrue;
    const p = output.value;
    // from_logits=True: the loss's own sigmoid; on TF it caches p as the logits its BCE reads.
    const q = kw.fromLogits ? map(p, sigmoid32) : p;
    const logitsOf =
      s === 'tf' && kw.fromLogits ? p : readsCache(input) ? input.output.kerasLogits : undefined;
    const gamma = kw.gamma;
    const toQ: number[] = [];
    const toLogits: number[] = [];
    y.data.forEach((t, i) => {
      const qi = q.data[i] ?? NaN;
      const x = logitsOf?.data[i];
      const bce =
        x !== undefined
          ? sigmoidCrossEntropy32(t, x)
          : (() => {
              const qc = clip(qi, EPSILON, ONE_MINUS_EPSILON);
              return f32(-f32(f32(t * log32(qc)) + f32(f32(1 - t) * log32(f32(1 - qc)))));
            })();
      const pT = f32(f32(t * qi) + f32(f32(1 - t) * f32(1 - qi)));
      const factor = pow32(f32(1 - pT), gamma);
      const weight = kw.applyClassBalancing
        ? f32(f32(t * kw.alpha) + f32(f32(1 - t) * f32(1 - kw.alpha)))
        : 1;
      // ∂(factor)/∂q = γ·(1 − p_t)^(γ−1) · (1 − 2y).
      const dFactor = gamma === 0 ? 0 : f32(gamma * pow32(f32(1 - pT), gamma - 1));
      let gq = f32(f32(weight * bce) * f32(dFactor * f32(1 - 2 * t)));
      if (x === undefined) gq = f32(gq + f32(f32(weight * factor) * clippedBceGrad32(t, qi, s)));
      toQ.push(gq);
      toLogits.push(
        x === undefined ? 0 : f32(f32(weight * factor) * sigmoidCrossEntropyGrad32(t, x)),
      );
    });
    const fromQ = kw.fromLogits
      ? toQ.map((g, i) => {
          const qi = q.data[i] ?? NaN;
          return f32(f32(g * qi) * f32(1 - qi));
        })
      : toQ;
    // The logits the BCE read: p itself (its own sigmoid's cache), or the model's z.
    const onOutput = logitsOf === p ? fromQ.map((g, i) => f32(g + (toLogits[i] ?? 0))) : fromQ;
    return {
      output: perClass(tensor(p.shape, onOutput)),
      ...(logitsOf !== undefined && logitsOf !== p
        ? { logits: perClass(tensor(p.shape, toLogits)) }
        : {}),
    };
  },
  abs_kld: (input) => {
    const p = input.output.value;
    const y = broadcastLabels(input);
    const s = input.ctx.semantics;
    const g = map(p, (v, i) => {
      const d = clipDerivative(v, EPSILON, 1, s);
      if (d === 0) return 0;
      const yc = clip(y.data[i] ?? NaN, EPSILON, 1);
      const pc = clip(v, EPSILON, 1);
      const logRatio = log32(f32(yc / pc));
      const diff = f32(yc - pc);
      const inner = f32(-logRatio - f32(diff / pc));
      return f32(d * f32(absDerivative(f32(diff * logRatio), s) * inner));
    });
    return { output: g };
  },
};

/** Back through the output activation: identity, `g·s·(1−s)`, or `s ⊙ (g − Σ g·s)` per row. */
function activationVjp(input: LossInput, g: Tensor): number[] {
  const s = input.output.value;
  switch (input.output.activation) {
    case 'linear':
      return [...g.data];
    case 'sigmoid':
      return g.data.map((v, i) => {
        const a = s.data[i] ?? NaN;
        return f32(f32(v * a) * f32(1 - a));
      });
    case 'softmax': {
      const K = lastDim(s) ?? 0;
      const gRows = rowsOf(tensor([g.data.length / K, K], g.data));
      return rowsOf(s).flatMap((row, i) => {
        const gr = gRows[i] ?? [];
        const dot = sum32(gr.map((v, k) => f32(v * (row[k] ?? NaN))));
        return row.map((a, k) => f32(f32((gr[k] ?? NaN) - dot) * a));
      });
    }
  }
}

/** The output tiled along its last axis to `width` columns. */
function tile(t: Tensor, width: number): Tensor {
  return tensor(
    [...t.shape.slice(0, -1), width],
    t.data.flatMap((v) => new Array<number>(width).fill(v)),
  );
}

/**
 * One output unit against wider labels of the same rank (the binary task's one-hot rows on
 * Dense(1)): the element-wise losses broadcast the unit over the labels' columns, so their
 * gradient is taken on the output tiled to that width (`narrowGrad` sums it back).
 */
function widenOutput(input: LossInput): LossInput {
  const width = lastDim(input.yTrue) ?? 1;
  const { value, kerasLogits } = input.output;
  if (lastDim(value) !== 1 || width <= 1 || rank(input.yTrue) !== rank(value)) return input;
  return {
    ...input,
    output: {
      ...input.output,
      value: tile(value, width),
      ...(kerasLogits ? { kerasLogits: tile(kerasLogits, width) } : {}),
    },
  };
}

/** A gradient taken on the widened output, summed back over the broadcast columns (autodiff's rule). */
function narrowGrad(grad: LossGrad, input: LossInput): LossGrad {
  const units = lastDim(input.output.value) ?? 1;
  const narrow = (g: Tensor | undefined): Tensor | undefined => {
    const width = lastDim(g ?? input.output.value) ?? 1;
    if (!g || units !== 1 || width === 1) return g;
    const rows = rowsOf(g).map((row) => row.reduce((a, v) => f32(a + v), 0));
    return tensor(input.output.value.shape, rows);
  };
  const output = narrow(grad.output);
  const logits = narrow(grad.logits);
  return { ...(output ? { output } : {}), ...(logits ? { logits } : {}) };
}

export interface KerasGradientResult extends KerasLossResult {
  /**
   * ∂(the reduced loss)/∂z, (B, K) like the logits, float32. The reduction divides by B, so for
   * one sample's own gradient multiply row i by B (or pass a batch of one).
   */
  grad: number[][];
}

/** The smallest normal float32, 2^−126 ≈ 1.18e-38. */
const FLT_MIN = 2 ** -126;

/**
 * A gradient below the float32 normal range becomes 0, as in Keras: TensorFlow's and XLA's CPU
 * kernels run with flush-to-zero, so a subnormal ∂L/∂z (a saturated output's 1e-41) is exactly 0
 * there, and the lab's "no gradient" count agrees with theirs.
 */
function flushToZero(g: number): number {
  return Math.abs(g) < FLT_MIN ? 0 : g;
}

/**
 * The loss Keras 3 computes for a batch (as `kerasLoss`) and its gradient with respect to the
 * pre-activation logits z (B, K). Throws what `kerasLoss` throws, where Keras raises.
 */
export function kerasLossGradient(args: KerasLossArgs): KerasGradientResult {
  const forward = kerasLoss(args);
  const { entry, input, z } = prepareLossCall(args);
  const grads = narrowGrad(GRADIENT_MATHS[entry.engine](widenOutput(input)), input);
  const B = z.shape[0] ?? 0;
  const K = z.shape[1] ?? 0;
  const viaOutput = grads.output ? activationVjp(input, grads.output) : undefined;
  const rows: number[][] = [];
  for (let i = 0; i < B; i++) {
    const scale = f32(f32(args.sampleWeight?.[i] ?? 1) / B);
    const row: number[] = [];
    for (let k = 0; k < K; k++) {
      const j = i * K + k;
      const total = f32((grads.logits?.data[j] ?? 0) + (viaOutput?.[j] ?? 0));
      row.push(flushToZero(f32(total * scale)));
    }
    rows.push(row);
  }
  return { ...forward, grad: rows };
}
