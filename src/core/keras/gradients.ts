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
 * Each loss's own derivative is its `gradient` in lossMaths.ts; the engine's automatic gradient of
 * its `tensor` form and real Keras (tf.GradientTape / jax.grad) are held to these numbers by tests.
 */
import type { KerasLossArgs, KerasLossResult } from './losses';
import { kerasLoss, prepareLossCall } from './losses';
import { f32, sum32 } from './float32';
import { LOSS_MATHS } from './lossMaths';
import type { LossGrad, LossInput } from './lossParts';
import type { Tensor } from './tensor';
import { lastDim, rank, rowsOf, tensor } from './tensor';

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
  const grads = narrowGrad(LOSS_MATHS[entry.engine].gradient(widenOutput(input)), input);
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
