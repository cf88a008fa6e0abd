/**
 * Output activations as Keras applies them, in float32: `linear` (none), `sigmoid`, `softmax`.
 * What the activation *returns* is what metrics and the probability path of a loss see; in `tf`
 * semantics the pre-activation logits travel with it (see losses.ts, spec §1.1-1.2).
 */
import type { Activation } from '../config';
import { f32, sigmoid32, softmax32 } from './float32';
import type { Matrix, Tensor } from './tensor';
import { fromRows, rowsOf, tensor } from './tensor';

/** Logistic sigmoid of one value, rounded to float32 as Keras' float32 tensors are. */
export function sigmoid(z: number): number {
  return sigmoid32(f32(z));
}

/** Softmax of one row of K logits, in float32; the row sums to 1 up to rounding. */
export function softmax(row: readonly number[]): number[] {
  return softmax32(row.map(f32));
}

/**
 * The model's output `y_pred` for pre-activation logits `z` of shape (B, K): `z` itself for
 * `linear`, element-wise sigmoid, or softmax over each row. Values are float32-rounded.
 */
export function activate(logits: Matrix, activation: Activation): number[][] {
  return logits.map((row) => activateRow(row.map(f32), activation));
}

/** `activate` for one row of K float32 logits. */
export function activateRow(row: readonly number[], activation: Activation): number[] {
  switch (activation) {
    case 'linear':
      return row.slice();
    case 'sigmoid':
      return row.map(sigmoid32);
    case 'softmax':
      return softmax32(row);
  }
}

/** `activate` on a (B, K) tensor. */
export function activateTensor(z: Tensor, activation: Activation): Tensor {
  if (activation === 'linear') return tensor(z.shape, z.data);
  const width = z.shape[1] ?? 0;
  return fromRows(
    rowsOf(z).map((row) => activateRow(row, activation)),
    width,
  );
}
