/**
 * The ReLU-and-bias gradient kernel on WASM (wasmReluGrad.ts) against the tfjs ops it replaces on
 * the same backend (`Mul` by `Step`, then `Sum` over the batch): bit for bit, for widths with and
 * without a scalar tail, with zeros, −0, NaN and infinities, and without leaking tensors.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { onBackend, useWasmForTests } from '../test/wasmBackend';
import { reluBiasGrad } from './wasmReluGrad';

beforeAll(useWasmForTests);

/** Ordinary values of both signs and magnitudes, with ±0, NaN and ±∞ at scattered places. */
function values(count: number, seed: number): Float32Array {
  const special = [0, -0, NaN, Infinity, -Infinity, 1e-30, -1e-30];
  return Float32Array.from({ length: count }, (_, i) =>
    (i * 7 + seed) % 31 === 0
      ? (special[(i + seed) % special.length] as number)
      : Math.sin(i * 1.7 + seed) * 10 ** ((i + seed) % 5),
  );
}

async function bits(t: tf.Tensor): Promise<Uint32Array> {
  return new Uint32Array(((await t.data()) as Float32Array).slice().buffer);
}

describe('reluBiasGrad on WASM', () => {
  it.each([
    [64, 128],
    [5, 11],
    [3, 1],
    [1, 4],
    [17, 6],
  ])('equals step, mul and sum bit for bit on a %i×%i batch', async (rows, cols) => {
    await onBackend('wasm', async () => {
      const before = tf.memory().numTensors;
      const dy = tf.tensor2d(values(rows * cols, 1), [rows, cols]);
      const y = tf.tensor2d(values(rows * cols, 2), [rows, cols]);
      const [dx, db] = reluBiasGrad(dy, y);
      const [refDx, refDb] = tf.tidy((): [tf.Tensor, tf.Tensor] => {
        const masked = tf.mul(dy, tf.cast(tf.step(y), 'float32'));
        return [masked, tf.sum(masked, 0)];
      });
      expect(dx.shape).toEqual([rows, cols]);
      expect(db.shape).toEqual([cols]);
      expect(await bits(dx)).toEqual(await bits(refDx));
      expect(await bits(db)).toEqual(await bits(refDb));
      tf.dispose([dy, y, dx, db, refDx, refDb]);
      expect(tf.memory().numTensors).toBe(before);
    });
  });

  it('is the same ops on the CPU backend', async () => {
    const dy = tf.tensor2d([1, -2, 3, -4], [2, 2]);
    const y = tf.tensor2d([0, 5, 1, 0], [2, 2]);
    const [dx, db] = reluBiasGrad(dy, y);
    expect(Array.from(await dx.data())).toEqual([0, -2, 3, -0]);
    expect(Array.from(await db.data())).toEqual([3, -2]);
    tf.dispose([dy, y, dx, db]);
  });
});
