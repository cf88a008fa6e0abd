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
import {
  labelRangeError,
  sameRankError,
  sameShapeError,
  sparseRankError,
  sparseShapeError,
} from './errors';
import type { ShapeView } from './errors';
import type { Tensor } from './tensor';
import { map, rank, rowsOf, squeezeLast, tensor } from './tensor';

/** `y_pred` as the loss receives it. */
export interface ModelOutput {
  /** The activated output (B, K), float32. */
  readonly value: Tensor;
  /** `tf` semantics only: the pre-activation logits a sigmoid/softmax output carries. */
  readonly kerasLogits?: Tensor;
  readonly activation: Activation;
}

export interface LossContext {
  readonly semantics: Semantics;
  /** Where Keras checks the shapes (fit graph or eager, batch known or not): the error texts. */
  readonly view: ShapeView;
  /** Keras' warnings (Python `warnings.warn`) emitted while computing, in order. */
  readonly warnings: string[];
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
): { z: Tensor; fromLogits: boolean } {
  if (ctx.semantics === 'tf' && output.kerasLogits) {
    if (fromLogits) {
      // The leading double quote is in Keras' f-string too.
      ctx.warnings.push(
        `"\`${fnName}\` received \`from_logits=True\`, but the \`output\` argument was produced ` +
          `by a ${opType} activation and thus does not represent logits. Was this intended?`,
      );
    }
    return { z: output.kerasLogits, fromLogits: true };
  }
  return { z: output.value, fromLogits };
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
  const { z, fromLogits: useLogits } = getLogits(
    output,
    fromLogits,
    'Sigmoid',
    'binary_crossentropy',
    ctx,
  );
  if (useLogits)
    return tensor(
      target.shape,
      target.data.map((y, i) => sigmoidCrossEntropy32(y, z.data[i] ?? NaN)),
    );
  return tensor(
    target.shape,
    target.data.map((y, i) => {
      const p = clip(z.data[i] ?? NaN, EPSILON, ONE_MINUS_EPSILON);
      const pos = f32(y * log32(p));
      const neg = f32(f32(1 - y) * log32(f32(1 - p)));
      return f32(-f32(pos + neg));
    }),
  );
}

/** `-Σ_k y_k log(clip(p_k / Σ_j p_j))` per row: Keras' CCE probability path (both backends). */
function probabilityCce(yRows: number[][], pRows: number[][]): number[] {
  return yRows.map((y, i) => {
    const p = pRows[i] ?? [];
    const s = sum32(p);
    const terms = p.map((v, k) =>
      f32((y[k] ?? NaN) * log32(clip(f32(v / s), EPSILON, ONE_MINUS_EPSILON))),
    );
    return f32(-sum32(terms));
  });
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
  const { z, fromLogits: useLogits } = getLogits(
    output,
    fromLogits,
    'Softmax',
    'categorical_crossentropy',
    ctx,
  );
  const yRows = rowsOf(target);
  const zRows = rowsOf(z);
  if (!useLogits) return tensor(target.shape.slice(0, -1), probabilityCce(yRows, zRows));
  const values = yRows.map((y, i) => {
    const row = zRows[i] ?? [];
    if (ctx.semantics === 'tf') return softmaxCrossEntropy32(y, row);
    const logp = logSoftmax32(row);
    return f32(-sum32(y.map((v, k) => f32(v * (logp[k] ?? NaN)))));
  });
  return tensor(target.shape.slice(0, -1), values);
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
  const { z, fromLogits: useLogits } = getLogits(
    output,
    fromLogits,
    'Softmax',
    'sparse_categorical_crossentropy',
    ctx,
  );
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
  const zRows = rowsOf(z);

  if (s === 'tf') {
    const ids = labels.data;
    const min = Math.min(...ids);
    const max = Math.max(...ids);
    if (min < 0 || max >= K) throw labelRangeError(min < 0 ? min : max, K, ids);
    const logits = useLogits
      ? zRows
      : zRows.map((row) => row.map((p) => log32(clip(p, EPSILON, ONE_MINUS_EPSILON))));
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
  return tensor(
    batchShape,
    labels.data.map((id, i) => (id >= 0 && id < K ? f32(-(logp[i]?.[id] ?? NaN)) : 0)),
  );
}
