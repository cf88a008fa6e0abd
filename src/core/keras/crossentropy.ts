/**
 * The backend cross-entropy functions of Keras 3, element for element:
 * - `tf` semantics: `keras/src/backend/tensorflow/nn.py` (shape checks, then `_get_logits`, which
 *   swaps a sigmoid/softmax output for the logits it carries, whichever activation made them);
 * - `plain` semantics: `keras/src/backend/jax/nn.py` (exact-shape checks, no logits cache).
 * Spec §1.2-1.5 and §2. All arithmetic is float32 (see float32.ts).
 */
import type { Activation, Semantics } from '../config';
import {
  EPSILON,
  ONE_MINUS_EPSILON,
  clip,
  f32,
  log32,
  logSoftmax32,
  sigmoidCrossEntropy32,
  softmaxCrossEntropy32,
  sparseSoftmaxCrossEntropy32,
  sum32,
} from './float32';
import type { Tracer } from './trace';
import { logitsSource } from './trace';
import {
  labelRangeError,
  sameRankError,
  sameShapeError,
  sparseRankError,
  sparseShapeError,
} from './errors';
import type { ShapeView } from './errors';
import type { Tensor } from './tensor';
import { fromRows, lastDim, map, rank, rowsOf, squeezeLast, tensor } from './tensor';

/** `y_pred` as the loss receives it. */
export interface ModelOutput {
  /** The activated output (B, K), float32. */
  readonly value: Tensor;
  /** `tf` semantics only: the pre-activation logits a sigmoid/softmax output carries. */
  readonly kerasLogits?: Tensor;
  readonly activation: Activation;
  /** What `kerasLogits` holds, when it is not the pre-activation z (for the lab's steps). */
  readonly cachedLabel?: string;
  /** What `value` is, when it is not the model's activated output (for the lab's steps). */
  readonly valueLabel?: string;
}

export interface LossContext {
  readonly semantics: Semantics;
  /** Where Keras checks the shapes (fit graph or eager, batch known or not): the error texts. */
  readonly view: ShapeView;
  /** Keras' warnings (Python `warnings.warn`) emitted while computing, in order. */
  readonly warnings: string[];
  /** Records the intermediate values for the loss lab (see trace.ts); absent when not asked for. */
  readonly trace?: Tracer;
}

function sameDims(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * `_get_logits` (K3 TF backend): a cached `_keras_logits` is used and forces `from_logits=True`;
 * `op_type` is not checked, so BCE after softmax uses the softmax logits (spec §1.2).
 */
function getLogits(
  output: ModelOutput,
  fromLogits: boolean,
  opType: 'Sigmoid' | 'Softmax',
  fnName: string,
  ctx: LossContext,
): { z: Tensor; fromLogits: boolean; cached: boolean } {
  if (ctx.semantics === 'tf' && output.kerasLogits) {
    if (fromLogits) {
      // The leading double quote is in Keras' f-string too.
      ctx.warnings.push(
        `"\`${fnName}\` received \`from_logits=True\`, but the \`output\` argument was produced ` +
          `by a ${opType} activation and thus does not represent logits. Was this intended?`,
      );
    }
    return { z: output.kerasLogits, fromLogits: true, cached: true };
  }
  return { z: output.value, fromLogits, cached: false };
}

/**
 * The shape checks Keras' binary and categorical cross-entropies both run before looking for
 * logits: the rank first (TensorFlow backend only), then every dimension.
 */
function assertSameShape(target: Tensor, out: Tensor, ctx: LossContext): void {
  if (ctx.semantics === 'tf' && rank(target) !== rank(out)) {
    throw sameRankError(ctx.view, target.shape, out.shape);
  }
  if (!sameDims(target.shape, out.shape)) throw sameShapeError(ctx.view, target.shape, out.shape);
}

/** Element-wise binary cross-entropy, shape of `target` (B, K). */
export function backendBinaryCrossentropy(
  target: Tensor,
  output: ModelOutput,
  fromLogits: boolean,
  ctx: LossContext,
): Tensor {
  const out = output.value;
  assertSameShape(target, out, ctx);
  const {
    z,
    fromLogits: useLogits,
    cached,
  } = getLogits(output, fromLogits, 'Sigmoid', 'binary_crossentropy', ctx);
  if (useLogits) {
    ctx.trace?.(`logits x = ${logitsSource(output, cached)}`, z);
    const values = map(target, (y, i) => sigmoidCrossEntropy32(y, z.data[i] ?? NaN));
    ctx.trace?.('max(x, 0) − x·y + log(1 + e^−|x|) per class', values);
    return values;
  }
  ctx.trace?.(output.valueLabel ?? 'p = activated output', z);
  const clipped = map(z, (p) => clip(p, EPSILON, ONE_MINUS_EPSILON));
  ctx.trace?.('clip(p, ε, 1−ε), ε = 1e-7', clipped);
  const values = map(target, (y, i) => {
    const p = clipped.data[i] ?? NaN;
    const pos = f32(y * log32(p));
    const neg = f32(f32(1 - y) * log32(f32(1 - p)));
    return f32(-f32(pos + neg));
  });
  ctx.trace?.('−[y·log p + (1−y)·log(1−p)] per class', values);
  return values;
}

/** `-Σ_k y_k log(clip(p_k / Σ_j p_j))` per row: Keras' CCE probability path (both backends). */
function probabilityCce(y: Tensor, p: Tensor, ctx: LossContext): number[] {
  ctx.trace?.('p = activated output', p);
  const pRows = rowsOf(p);
  const normalised = pRows.map((row) => {
    const s = sum32(row);
    return row.map((v) => f32(v / s));
  });
  ctx.trace?.('normalise: p / Σp', fromRows(normalised, lastDim(p) ?? 0));
  const clipped = normalised.map((row) => row.map((v) => clip(v, EPSILON, ONE_MINUS_EPSILON)));
  ctx.trace?.('clip(·, ε, 1−ε)', fromRows(clipped, lastDim(p) ?? 0));
  const yRows = rowsOf(y);
  const terms = clipped.map((row, i) => row.map((v, k) => f32((yRows[i]?.[k] ?? NaN) * log32(v))));
  ctx.trace?.(
    '−y · log(·)',
    fromRows(
      terms.map((row) => row.map((v) => -v)),
      lastDim(p) ?? 0,
    ),
  );
  return terms.map((row) => f32(-sum32(row)));
}

/** Traces `log_softmax(x)` and `−y · log_softmax(x)` of softmax cross-entropy on logits. */
function traceLogSoftmax(y: Tensor | null, z: Tensor, ctx: LossContext): void {
  if (!ctx.trace) return;
  const width = lastDim(z) ?? 0;
  const logp = rowsOf(z).map(logSoftmax32);
  ctx.trace('log_softmax(x) = x − log Σ eˣ', fromRows(logp, width));
  if (y) {
    const yRows = rowsOf(y);
    const terms = logp.map((row, i) => row.map((v, k) => f32(-f32((yRows[i]?.[k] ?? NaN) * v))));
    ctx.trace('−y · log_softmax(x)', fromRows(terms, width));
  }
}

/** Categorical cross-entropy per sample (B,), the class axis summed. */
export function backendCategoricalCrossentropy(
  target: Tensor,
  output: ModelOutput,
  fromLogits: boolean,
  ctx: LossContext,
): Tensor {
  const out = output.value;
  assertSameShape(target, out, ctx);
  const {
    z,
    fromLogits: useLogits,
    cached,
  } = getLogits(output, fromLogits, 'Softmax', 'categorical_crossentropy', ctx);
  const batchShape = target.shape.slice(0, -1);
  if (!useLogits) return tensor(batchShape, probabilityCce(target, z, ctx));
  ctx.trace?.(`logits x = ${logitsSource(output, cached)}`, z);
  traceLogSoftmax(target, z, ctx);
  const zRows = rowsOf(z);
  const values = rowsOf(target).map((y, i) => {
    const row = zRows[i] ?? [];
    if (ctx.semantics === 'tf') return softmaxCrossEntropy32(y, row);
    const logp = logSoftmax32(row);
    return f32(-sum32(y.map((v, k) => f32(v * (logp[k] ?? NaN)))));
  });
  return tensor(batchShape, values);
}

/**
 * Sparse categorical cross-entropy per sample (B,). `tf`: clip → log → TF's sparse xent kernel,
 * which raises on labels outside [0, K). `plain` (JAX): normalise → clip → log → one-hot, so an
 * out-of-range label gets an all-zero one-hot row and a loss of 0, silently.
 */
export function backendSparseCategoricalCrossentropy(
  target: Tensor,
  output: ModelOutput,
  fromLogits: boolean,
  ctx: LossContext,
): Tensor {
  const s = ctx.semantics;
  // TF runs `_get_logits` before any check; it has no side effect other than the warning.
  const {
    z,
    fromLogits: useLogits,
    cached,
  } = getLogits(output, fromLogits, 'Softmax', 'sparse_categorical_crossentropy', ctx);
  const out = output.value;
  let labels = map(target, Math.trunc); // cast to int64 (TF) / int32 (JAX) truncates
  if (rank(labels) === rank(out) && labels.shape[labels.shape.length - 1] === 1) {
    labels = squeezeLast(labels);
  }
  const batchShape = out.shape.slice(0, -1);
  if (s === 'tf' && rank(labels) !== batchShape.length) {
    throw sparseRankError(ctx.view, labels.shape, out.shape);
  }
  if (!sameDims(labels.shape, batchShape)) {
    throw sparseShapeError(ctx.view, labels.shape, out.shape);
  }
  const K = out.shape[out.shape.length - 1] ?? 0;
  const width = lastDim(z) ?? 0;
  const zRows = rowsOf(z);
  const picked = (label: string, logp: number[][], ids: readonly number[]) => {
    ctx.trace?.(
      `${label}[${ids[0] ?? ''}]`,
      tensor(
        batchShape,
        ids.map((id, i) => f32(-(logp[i]?.[id] ?? NaN))),
      ),
    );
  };
  ctx.trace?.(useLogits ? `logits x = ${logitsSource(output, cached)}` : 'p = activated output', z);

  if (s === 'tf') {
    const ids = labels.data;
    const min = Math.min(...ids);
    const max = Math.max(...ids);
    if (min < 0 || max >= K) throw labelRangeError(min < 0 ? min : max, K, ids);
    const logits = useLogits
      ? zRows
      : zRows.map((row) => row.map((p) => log32(clip(p, EPSILON, ONE_MINUS_EPSILON))));
    if (!useLogits)
      ctx.trace?.('clip(p, ε, 1−ε) then log (TensorFlow clips first)', fromRows(logits, width));
    if (ctx.trace) {
      const logp = logits.map(logSoftmax32);
      ctx.trace(
        useLogits ? 'log_softmax(x) = x − log Σ eˣ' : 'log_softmax: normalise in log space',
        fromRows(logp, width),
      );
      picked('−log_softmax', logp, ids);
    }
    return tensor(
      batchShape,
      ids.map((id, i) => sparseSoftmaxCrossEntropy32(id, logits[i] ?? [])),
    );
  }

  const logp = zRows.map((row) => {
    if (useLogits) return logSoftmax32(row);
    const total = sum32(row);
    return row.map((p) => log32(clip(f32(p / total), EPSILON, ONE_MINUS_EPSILON)));
  });
  ctx.trace?.(
    useLogits
      ? 'log_softmax(x) = x − log Σ eˣ'
      : 'normalise p / Σp, clip, log (JAX normalises first)',
    fromRows(logp, width),
  );
  picked(useLogits ? '−log_softmax' : '−log(·)', logp, labels.data);
  return tensor(
    batchShape,
    labels.data.map((id, i) => (id >= 0 && id < K ? f32(-(logp[i]?.[id] ?? NaN)) : 0)),
  );
}
