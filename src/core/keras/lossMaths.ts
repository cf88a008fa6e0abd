/**
 * Each loss's maths, in one entry per engine key (the catalogue's `engine`), as tensorflow/
 * playground keeps `{error, der}` together:
 * - `value`: the float32 per-sample loss (B,) Keras computes, with the loss lab's traced steps,
 *   Keras' warnings and its shape errors (kerasLoss, losses.ts);
 * - `gradient`: its hand-written derivative with respect to what it read (kerasLossGradient,
 *   gradients.ts: the loss lab's gradient bars and the gradient views);
 * - `tensor`: the same formula on tensors (tensorOps.ts), which the engine (src/ml/losses.ts)
 *   trains with and differentiates automatically.
 * A loss whose engine key is missing here does not compile. Tests hold the three to one another
 * and to real Keras (the oracle fixtures, the differential and gradient tests).
 */
import { KERAS_EPSILON } from '../catalogue';
import type { LossEngineKey } from '../catalogue';
import type { ModelOutput } from './crossentropy';
import {
  backendBinaryCrossentropy,
  backendCategoricalCrossentropy,
  backendSparseCategoricalCrossentropy,
} from './crossentropy';
import { broadcastError, tfOutputNode, viewShape, weightedShapeError } from './errors';
import {
  EPSILON,
  ONE_MINUS_EPSILON,
  clip,
  f32,
  log32,
  pow32,
  sigmoid32,
  sigmoidCrossEntropy32,
  weightedCrossEntropy32,
} from './float32';
import type { LossGrad, LossInput } from './lossParts';
import {
  absDerivative,
  broadcastLabels,
  categoricalGrad,
  clipDerivative,
  clippedBceGrad32,
  clippedOp,
  clippedPair,
  lossOp,
  meanLast,
  perClass,
  readsCache,
  sigmoidCrossEntropyGrad32,
  smooth,
  softmaxCrossEntropyGrad32,
  sparseIds,
  sumLast,
  traceLabels,
} from './lossParts';
import type { Tensor } from './tensor';
import {
  broadcastBinary,
  broadcastShape,
  elementwise,
  lastDim,
  map,
  rank,
  rowsOf,
  squeezeLast,
  tensor,
} from './tensor';
import type { TensorLossInput } from './tensorOps';
import { clippedBce, sigmoidCe, softmaxCe, weightedSigmoidCe } from './tensorOps';

/** One loss's maths: its value, its gradient and its tensor form. */
export interface LossMaths {
  /** Per-sample losses (B,), float32, with the steps traced and Keras' warnings and errors. */
  value: (input: LossInput) => Tensor;
  /** ∂lᵢ/∂(what the loss read), per sample. */
  gradient: (input: LossInput) => LossGrad;
  /** Per-sample losses `[B]` on the engine's tensors; differentiable with respect to `z`. */
  tensor: <T>(input: TensorLossInput<T>) => T;
}

const ε = KERAS_EPSILON;

const bce: LossMaths = {
  value: ({ yTrue, output, ctx, kw }) => {
    const ls = kw.labelSmoothing;
    const y = ls ? smooth(yTrue, ls, f32(0.5 * ls)) : yTrue;
    return meanLast(backendBinaryCrossentropy(y, output, kw.fromLogits, ctx), ctx);
  },
  gradient: (input) => {
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
  tensor: ({ ops: o, path, y, p, x }) =>
    o.mean(path === 'probabilities' ? clippedBce(o, y, p, ε) : sigmoidCe(o, y, x)),
};

const cce: LossMaths = {
  value: ({ yTrue, output, ctx, kw }) => {
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
  gradient: (input) => {
    const K = lastDim(input.output.value) ?? 0;
    const ls = input.kw.labelSmoothing;
    const y = ls ? smooth(input.yTrue, ls, f32(f32(ls) / K)) : input.yTrue;
    return categoricalGrad(input, rowsOf(y));
  },
  tensor: (t) => softmaxCe(t, false, ε),
};

const scce: LossMaths = {
  value: ({ yTrue, output, ctx, kw }) => {
    const yPred = output.value;
    const y = rank(yTrue) === rank(yPred) && lastDim(yTrue) === 1 ? squeezeLast(yTrue) : yTrue;
    return backendSparseCategoricalCrossentropy(y, output, kw.fromLogits, ctx);
  },
  gradient: (input) => {
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
  tensor: (t) => softmaxCe(t, true, ε),
};

const weightedBce: LossMaths = {
  value: ({ yTrue, output, ctx, kw, posWeights }) => {
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
  gradient: (input) => {
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
  // tf.nn.weighted_cross_entropy_with_logits takes y_pred as logits whatever the activation (no
  // `_get_logits`): exact on a linear output, a doubly squashed one after a sigmoid.
  tensor: ({ ops: o, y, p, keywords }) => o.mean(weightedSigmoidCe(o, y, p, keywords.posWeight)),
};

const mse: LossMaths = {
  value: ({ yTrue, output, ctx }) => {
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
  gradient: (input) => {
    const p = input.output.value;
    const y = broadcastLabels(input);
    return { output: perClass(map(p, (v, i) => f32(2 * f32(v - (y.data[i] ?? NaN))))) };
  },
  tensor: ({ ops: o, y, p }) => o.mean(o.squaredDifference(y, p)),
};

const kld: LossMaths = {
  value: ({ yTrue, output, ctx }) => {
    const [yt, yp] = clippedPair(yTrue, output.value, ctx);
    const div = clippedOp('kl_divergence', 'truediv', 'RealDiv');
    const ratio = elementwise(yt, yp, ctx.view, (a, b) => f32(a / b), div);
    const terms = elementwise(yt, ratio, ctx.view, (a, r) => f32(a * log32(r)));
    ctx.trace?.('y · log(y / p) per class', terms);
    return sumLast(terms, ctx);
  },
  gradient: (input) => {
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
  tensor: ({ ops: o, y, p }) => {
    const yc = o.clipByValue(y, ε, 1);
    const pc = o.clip(p, ε, 1);
    return o.sum(o.mul(yc, o.log(o.div(yc, pc))));
  },
};

/** keras/src/losses/losses.py: binary_focal_crossentropy (Keras 3.15). */
const focalBce: LossMaths = {
  value: ({ yTrue, output, ctx, kw }) => {
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
  gradient: (input) => {
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
  tensor: ({ ops: o, path, y, p, x, keywords }) => {
    // from_logits applies a sigmoid first; the cross-entropy reads the logits (cached, or those
    // the sigmoid caches on TF) or the clipped probabilities.
    const q = keywords.fromLogits ? o.sigmoid(p) : p;
    const ce =
      path === 'probabilities'
        ? clippedBce(o, y, q, ε)
        : sigmoidCe(o, y, keywords.fromLogits ? p : x);
    const pT = o.add(o.mul(y, q), o.mul(o.sub(1, y), o.sub(1, q)));
    let focal = o.mul(o.pow(o.sub(1, pT), keywords.gamma), ce);
    if (keywords.applyClassBalancing) {
      const a = keywords.alpha;
      focal = o.mul(o.add(o.mul(y, a), o.mul(o.sub(1, y), 1 - a)), focal);
    }
    return o.mean(focal);
  },
};

const absKld: LossMaths = {
  value: ({ yTrue, output, ctx }) => {
    const [yt, yp] = clippedPair(yTrue, output.value, ctx);
    const sub = clippedOp('abs_kl_divergence', 'sub', 'Sub');
    const diff = elementwise(yt, yp, ctx.view, (a, b) => f32(a - b), sub);
    const div = clippedOp('abs_kl_divergence', 'truediv', 'RealDiv');
    const logRatio = elementwise(yt, yp, ctx.view, (a, b) => log32(f32(a / b)), div);
    const terms = map(diff, (d, i) => Math.abs(f32(d * (logRatio.data[i] ?? NaN))));
    ctx.trace?.('|(y − p) · log(y / p)| per class', terms);
    return sumLast(terms, ctx);
  },
  gradient: (input) => {
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
  tensor: ({ ops: o, y, p }) => {
    const yc = o.clipByValue(y, ε, 1);
    const pc = o.clip(p, ε, 1);
    return o.sum(o.abs(o.mul(o.sub(yc, pc), o.log(o.div(yc, pc)))));
  },
};

/** Every loss's maths by the catalogue's engine key. */
export const LOSS_MATHS: Readonly<Record<LossEngineKey, LossMaths>> = {
  bce,
  cce,
  scce,
  weighted_bce: weightedBce,
  mse,
  kld,
  focal_bce: focalBce,
  abs_kld: absKld,
};
