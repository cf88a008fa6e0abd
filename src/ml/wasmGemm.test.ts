/**
 * LossLab's dense product on WASM (wasmGemm.ts) against tfjs' own on the same backend, bit for
 * bit: `fused.matMul` with bias and ReLU (XNNPACK's fully-connected operator), `matMul` without a
 * bias, and `matMul` with the first operand transposed (LossLab's Transpose + XNNPACK), for the
 * MLP's shapes and for sizes that leave row groups and sums of odd length.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { onBackend, useWasmForTests } from '../test/wasmBackend';
import { denseMatMul } from './wasmGemm';

beforeAll(useWasmForTests);

async function bits(t: tf.Tensor): Promise<Uint32Array> {
  return new Uint32Array(((await t.data()) as Float32Array).slice().buffer);
}

const SHAPES: [number, number, number][] = [
  [64, 784, 128],
  [48, 784, 128],
  [7, 13, 16],
  [1, 5, 8],
  [6, 1, 24],
];

describe('denseMatMul on WASM', () => {
  it.each(SHAPES)(
    'gives XNNPACK’s numbers for %i×%i by %i×… with bias and ReLU, without, and transposed',
    async (m, k, n) => {
      await onBackend('wasm', async () => {
        const before = tf.memory().numTensors;
        const a = tf.randomUniform<tf.Rank.R2>([m, k], -1, 1, 'float32', 1);
        const at = tf.randomUniform<tf.Rank.R2>([k, m], -1, 1, 'float32', 2);
        const b = tf.randomNormal<tf.Rank.R2>([k, n], 0, 0.3, 'float32', 3);
        const bias = tf.randomUniform<tf.Rank.R1>([n], -0.5, 0.5, 'float32', 4);
        const pairs: [tf.Tensor2D | null, tf.Tensor2D][] = [
          [
            denseMatMul(a, b, { bias, relu: true }),
            tf.fused.matMul({ a, b, bias, activation: 'relu' }) as tf.Tensor2D,
          ],
          [denseMatMul(a, b, { bias }), tf.fused.matMul({ a, b, bias }) as tf.Tensor2D],
          [denseMatMul(a, b, {}), tf.matMul(a, b)],
          [denseMatMul(at, b, { transposeA: true }), tf.matMul(at, b, true, false)],
        ];
        for (const [mine, theirs] of pairs) {
          expect(mine?.shape).toEqual([m, n]);
          expect(await bits(mine as tf.Tensor2D)).toEqual(await bits(theirs));
        }
        tf.dispose([a, at, b, bias, ...pairs.flat().filter((t): t is tf.Tensor2D => t !== null)]);
        expect(tf.memory().numTensors).toBe(before);
      });
    },
  );

  it('leaves widths that are not a multiple of 8, and other backends, to tfjs', async () => {
    const a = tf.ones<tf.Rank.R2>([2, 3]);
    const b8 = tf.ones<tf.Rank.R2>([3, 8]);
    expect(denseMatMul(a, b8, {})).toBeNull();
    tf.dispose([a, b8]);
    await onBackend('wasm', () => {
      const [a2, b10] = [tf.ones<tf.Rank.R2>([2, 3]), tf.ones<tf.Rank.R2>([3, 10])];
      expect(denseMatMul(a2, b10, {})).toBeNull();
      tf.dispose([a2, b10]);
    });
  });
});
