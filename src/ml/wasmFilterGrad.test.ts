/**
 * LossLab's SIMD filter gradient (wasmFilterGrad.ts) against tfjs' CPU kernel: on the CNN's two
 * convolutions at batch 64 and on odd shapes (one image, a 2×5 filter, 3 input channels, 4, 12,
 * 20 and 36 output channels, which take 1–4 vectors and several 16-channel chunks), with NaN and
 * ±∞ in the input; and that the kernel runs, rather than the XNNPACK path around it.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { onBackend, useWasmForTests } from '../test/wasmBackend';
import { heapOf } from './wasmAssembler';
import { simdFilterGrad } from './wasmFilterGrad';

beforeAll(useWasmForTests);

/** The filter gradient of `x` and `dy` by the backend's `Conv2DBackpropFilter`, read back. */
async function filterGrad(
  backend: 'cpu' | 'wasm',
  x: Float32Array,
  xShape: [number, number, number, number],
  dy: Float32Array,
  filterShape: [number, number, number, number],
): Promise<Float32Array> {
  return onBackend(backend, async () => {
    const [b, h, w] = xShape;
    const dyShape = [b, h - filterShape[0] + 1, w - filterShape[1] + 1, filterShape[3]];
    const [xt, dyt] = [tf.tensor(x, xShape), tf.tensor(dy, dyShape)];
    const dw = tf
      .engine()
      .runKernel<tf.Tensor>(
        'Conv2DBackpropFilter',
        { x: xt, dy: dyt },
        { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', filterShape },
      );
    const values = (await dw.data()) as Float32Array;
    tf.dispose([xt, dyt, dw]);
    return values;
  });
}

/** Seeded values in [−1, 1). */
function values(count: number, seed: number): Float32Array {
  let state = seed >>> 0;
  return Float32Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  });
}

/** Largest |a − b| over the largest |b|; NaN and ±∞ must sit in the same places. */
function maxRelative(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let [scale, diff] = [0, 0];
  for (let i = 0; i < b.length; i++) {
    const [p, q] = [a[i] as number, b[i] as number];
    if (!Number.isFinite(q)) {
      expect(p).toBe(q);
      continue;
    }
    scale = Math.max(scale, Math.abs(q));
    diff = Math.max(diff, Math.abs(p - q));
  }
  return diff / (scale || 1);
}

const count = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

type Case = [string, [number, number, number, number], [number, number, number, number]];

describe('the SIMD filter gradient matches the CPU backend', () => {
  const cases: Case[] = [
    ['the CNN first layer, batch 64', [64, 28, 28, 1], [3, 3, 1, 8]],
    ['the CNN second layer, batch 64', [64, 13, 13, 8], [3, 3, 8, 16]],
    ['one image, a 2×5 filter, 3 channels in, 4 out', [1, 6, 9, 3], [2, 5, 3, 4]],
    ['12 outputs (3 vectors)', [3, 7, 5, 2], [3, 3, 2, 12]],
    ['20 outputs (a chunk of 16, then 4)', [2, 5, 6, 3], [2, 2, 3, 20]],
    ['36 outputs, a 1×1 filter', [2, 4, 4, 5], [1, 1, 5, 36]],
    ['a filter as large as the image', [3, 4, 5, 2], [4, 5, 2, 8]],
  ];
  it.each(cases)('%s', async (_, xShape, filterShape) => {
    const x = values(count(xShape), 1);
    const [b, h, w] = xShape;
    const dy = values(b * (h - filterShape[0] + 1) * (w - filterShape[1] + 1) * filterShape[3], 2);
    const cpu = await filterGrad('cpu', x, xShape, dy, filterShape);
    const wasm = await filterGrad('wasm', x, xShape, dy, filterShape);
    expect(maxRelative(wasm, cpu)).toBeLessThan(1e-5);
  });

  it('carries NaN and ±∞ where the CPU backend does', async () => {
    const xShape: [number, number, number, number] = [2, 6, 6, 2];
    const filterShape: [number, number, number, number] = [3, 3, 2, 8];
    const x = values(count(xShape), 3);
    x[5] = NaN;
    x[40] = Infinity;
    x[100] = -Infinity;
    const dy = values(2 * 4 * 4 * 8, 4);
    dy[17] = 0;
    const cpu = await filterGrad('cpu', x, xShape, dy, filterShape);
    const wasm = await filterGrad('wasm', x, xShape, dy, filterShape);
    expect(cpu.some(Number.isNaN)).toBe(true);
    expect(maxRelative(wasm, cpu)).toBeLessThan(1e-5);
  });
});

describe('simdFilterGrad', () => {
  it('compiles here and writes the gradient in place on the heap', async () => {
    await onBackend('wasm', async () => {
      const backend = tf.backend() as BackendWasm;
      const memory = heapOf(backend);
      expect(memory).toBeDefined();
      const x = tf.tensor(values(2 * 5 * 5 * 1, 5), [2, 5, 5, 1]);
      const dy = tf.tensor(values(2 * 3 * 3 * 4, 6), [2, 3, 3, 4]);
      const dw = tf.zeros([3, 3, 1, 4]);
      const at = (t: tf.Tensor) => (backend.typedArrayFromHeap(t) as Float32Array).byteOffset;
      const geometry = {
        batch: 2,
        inHeight: 5,
        inWidth: 5,
        inChannels: 1,
        filterHeight: 3,
        filterWidth: 3,
        outChannels: 4,
      };
      const ran = simdFilterGrad(memory as WebAssembly.Memory, geometry, {
        x: at(x),
        dy: at(dy),
        dw: at(dw),
      });
      expect(ran).toBe(true);
      const [xs, dys, dws] = await Promise.all([x.data(), dy.data(), dw.data()]);
      // dW[i, j, 0, o] = Σ x[b, p+i, q+j] · dy[b, p, q, o], summed in float32 in (b, p, q) order.
      for (const [i, j, o] of [
        [0, 0, 0],
        [2, 1, 3],
        [1, 2, 2],
      ] as const) {
        let sum = 0;
        for (let b = 0; b < 2; b++) {
          for (let p = 0; p < 3; p++) {
            for (let q = 0; q < 3; q++) {
              const product = Math.fround(
                (xs[(b * 5 + p + i) * 5 + q + j] as number) *
                  (dys[((b * 3 + p) * 3 + q) * 4 + o] as number),
              );
              sum = Math.fround(sum + product);
            }
          }
        }
        expect(dws[(i * 3 + j) * 4 + o]).toBe(sum);
      }
      tf.dispose([x, dy, dw]);
    });
  });
});
