/**
 * LossLab's WASM kernels (wasmKernels.ts, wasmConvKernels.ts) against the CPU backend, op by op,
 * on shapes beyond the models' (strides, paddings, odd sizes, ties, batched and broadcast matrix
 * products, every slice rank), and their bookkeeping: no tensor or heap block left behind.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { onBackend, useWasmForTests } from '../test/wasmBackend';

beforeAll(useWasmForTests);

type Values = { shape: number[]; values: Float32Array | Int32Array | Uint8Array };

/** Runs `f` on the CPU and on WASM backends and returns both results, read back. */
async function both(f: () => tf.Tensor | tf.Tensor[]): Promise<[Values[], Values[]]> {
  const read = async (backend: 'cpu' | 'wasm') =>
    onBackend(backend, async () => {
      const out = tf.tidy(f);
      const list = Array.isArray(out) ? out : [out];
      const values = await Promise.all(
        list.map(async (t) => ({
          shape: t.shape,
          values: await t.data<'float32' | 'int32' | 'bool'>(),
        })),
      );
      tf.dispose(list);
      return values;
    });
  return [await read('cpu'), await read('wasm')];
}

/** Largest |a − b| relative to the largest |b| of the tensor (1 when b is all zeros). */
function maxRelative(a: Values, b: Values): number {
  expect(a.shape).toEqual(b.shape);
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < b.values.length; i++) {
    scale = Math.max(scale, Math.abs(b.values[i] as number));
    diff = Math.max(diff, Math.abs((a.values[i] as number) - (b.values[i] as number)));
  }
  return diff / (scale || 1);
}

async function expectSame(f: () => tf.Tensor | tf.Tensor[], tolerance = 1e-6): Promise<void> {
  const [cpu, wasm] = await both(f);
  expect(wasm).toHaveLength(cpu.length);
  cpu.forEach((c, i) => expect(maxRelative(wasm[i] as Values, c)).toBeLessThanOrEqual(tolerance));
}

/** Seeded values in [−1, 1), the same on both backends. */
function seeded(shape: number[], seed: number): tf.Tensor {
  return tf.randomUniform(shape, -1, 1, 'float32', seed);
}

describe('WASM convolution gradients match the CPU backend', () => {
  const cases: [
    string,
    number[],
    number[],
    number | [number, number],
    'valid' | 'same' | number,
  ][] = [
    ['the CNN first layer', [4, 28, 28, 1], [3, 3, 1, 8], 1, 'valid'],
    ['the CNN second layer', [4, 13, 13, 8], [3, 3, 8, 16], 1, 'valid'],
    ['same padding, non-square kernel', [2, 9, 7, 3], [2, 3, 3, 5], 1, 'same'],
    ['numeric padding', [2, 6, 6, 2], [3, 3, 2, 3], 1, 1],
    ['stride 2 (the stock fallback)', [2, 9, 9, 3], [3, 3, 3, 4], 2, 'same'],
    ['stride (1, 2), valid', [2, 8, 9, 2], [3, 2, 2, 3], [1, 2], 'valid'],
  ];
  it.each(cases)('%s', async (_name, xShape, wShape, strides, pad) => {
    await expectSame(() => {
      const x = seeded(xShape, 1) as tf.Tensor4D;
      const w = seeded(wShape, 2) as tf.Tensor4D;
      const y = tf.conv2d(x, w, strides, pad);
      const dy = seeded(y.shape, 3);
      const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, strides, pad), dy)),
      )([x, w]);
      return [y, dx as tf.Tensor, dw as tf.Tensor];
    }, 2e-6);
  });
});

describe('WASM max-pooling gradient matches the CPU backend', () => {
  it.each([
    ['2×2, stride 2 (the CNN)', [3, 26, 26, 8], 2, 2, 'valid'],
    ['odd size, floor', [2, 11, 11, 16], 2, 2, 'valid'],
    ['3×3 overlapping windows, same padding', [2, 7, 8, 3], 3, 2, 'same'],
    ['3×3, stride 1', [1, 6, 5, 2], 3, 1, 'valid'],
    ['2×2, stride 3: cells between the windows (SIMD)', [2, 8, 8, 4], 2, 3, 'valid'],
    ['3×3 windows, stride 3, 12 channels (SIMD)', [2, 9, 7, 12], 3, 3, 'valid'],
  ] as const)('%s', async (_name, shape, size, stride, pad) => {
    await expectSame(() => {
      const x = seeded([...shape], 4);
      return tf.grad((a: tf.Tensor) =>
        tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, size, stride, pad), seeded([1], 5))),
      )(x);
    });
  });

  it('gives a tied window its gradient once, at the first maximum, as the CPU backend', async () => {
    // Windows [2 2; 2 1] and [0 1; 1 1]: one cell each gets the gradient, the first in row order.
    const [cpu, wasm] = await both(() =>
      tf.grad((a: tf.Tensor) => tf.sum(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid')))(
        tf.tensor4d([2, 2, 0, 1, 2, 1, 1, 1], [1, 2, 4, 1]),
      ),
    );
    expect(Array.from(wasm[0]!.values)).toEqual([1, 0, 0, 1, 0, 0, 0, 0]);
    expect(Array.from(wasm[0]!.values)).toEqual(Array.from(cpu[0]!.values));
  });

  it('never lets NaN win a window, as the CPU backend', async () => {
    // Windows [NaN 1; 2 NaN] (2 wins) and [NaN NaN; NaN NaN] (nothing gets the gradient).
    const [cpu, wasm] = await both(() =>
      tf.grad((a: tf.Tensor) => tf.sum(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid')))(
        tf.tensor4d([NaN, 1, NaN, NaN, 2, NaN, NaN, NaN], [1, 2, 4, 1]),
      ),
    );
    expect(Array.from(wasm[0]!.values)).toEqual([0, 0, 0, 0, 1, 0, 0, 0]);
    expect(Array.from(wasm[0]!.values)).toEqual(Array.from(cpu[0]!.values));
  });
  it('keeps the rules four channels at a time (ties, NaN, −∞ windows)', async () => {
    // Two 2×2 windows per channel: channel 0 ties, channel 1 NaN, channel 2 a −∞ window.
    const scenarios = [
      [2, 2, 0, 1, 2, 1, 1, 1],
      [NaN, 1, NaN, NaN, 2, NaN, NaN, NaN],
      [-Infinity, -Infinity, 5, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity],
      [0.5, -3, 7, 7.5, 1, 0.25, -1, 8],
    ];
    const values = Array.from({ length: 32 }, (_, i) => scenarios[i % 4]![i >> 2]!);
    const [cpu, wasm] = await both(() =>
      tf.grad((a: tf.Tensor) => tf.sum(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid')))(
        tf.tensor4d(values, [1, 2, 4, 4]),
      ),
    );
    const channel = (c: number) => Array.from(wasm[0]!.values).filter((_, i) => i % 4 === c);
    expect(channel(0)).toEqual([1, 0, 0, 1, 0, 0, 0, 0]);
    expect(channel(1)).toEqual([0, 0, 0, 0, 1, 0, 0, 0]);
    expect(channel(2)).toEqual([0, 0, 1, 0, 0, 0, 0, 0]);
    expect(channel(3)).toEqual([0, 0, 0, 0, 1, 0, 0, 1]);
    expect(Array.from(wasm[0]!.values)).toEqual(Array.from(cpu[0]!.values));
  });
});

describe('WASM matrix products with transposed operands match the CPU backend', () => {
  it.each([
    [[5, 7], [5, 3], true, false],
    [[4, 6], [3, 6], false, true],
    [[6, 4], [3, 6], true, true],
    [[2, 5, 4], [2, 5, 3], true, false],
    [[2, 4, 5], [1, 3, 5], false, true],
  ] as const)('%j × %j, transposeA %s, transposeB %s', async (a, b, ta, tb) => {
    await expectSame(() => tf.matMul(seeded([...a], 6), seeded([...b], 7), ta, tb), 1e-6);
  });
});

describe('WASM slices and gathers copy exactly what they return', () => {
  it('slices every rank and dtype', async () => {
    await expectSame(() => [
      tf.slice(seeded([10], 8), [3], [4]),
      tf.slice(seeded([6, 5], 8), [2, 1], [3, 3]),
      tf.slice(seeded([6, 5], 8), [2, 0], [3, 5]),
      tf.slice(seeded([3, 4, 5], 8), [1, 1, 2], [2, 2, 3]),
      tf.slice(seeded([2, 3, 4, 5, 2], 8), [1, 0, 1, 2, 0], [1, 3, 2, 2, 2]),
      tf.slice(tf.range(0, 24, 1, 'int32').reshape([4, 6]), [1, 2], [2, 3]),
      tf.slice(tf.tensor1d([true, false, true, true], 'bool'), [1], [2]),
      tf.slice(seeded([4, 3], 8), [1, 0], [0, 3]),
    ]);
  });

  it('gathers rows, columns and batches, and rejects an index out of range', async () => {
    const ids = () => tf.tensor1d([3, 0, 3, 1], 'int32');
    await expectSame(() => [
      tf.gather(seeded([5, 4], 9), ids()),
      tf.gather(seeded([2, 5, 3], 9), ids(), 1),
      tf.gather(tf.range(0, 20, 1, 'int32').reshape([5, 4]), ids()),
      tf.gather(
        seeded([2, 5, 3], 9),
        tf.tensor2d(
          [
            [4, 0],
            [1, 1],
          ],
          [2, 2],
          'int32',
        ),
        1,
        1,
      ),
    ]);
    await onBackend('wasm', () => {
      expect(() => tf.gather(seeded([5, 4], 9), tf.tensor1d([5], 'int32'))).toThrow(
        'GatherV2: the index value 5 is not in [0, 4]',
      );
    });
  });

  it('gathers correctly when its output makes the WASM heap grow', async () => {
    // Growing the heap detaches every view of it taken before: the kernel must read the indices
    // after allocating its output (an epoch's first shuffled copy of the digits once came out as
    // zeros this way, and the first run on WASM trained on blank images).
    await onBackend('wasm', async () => {
      const backend = tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } };
      const heapBytes = backend.wasm.HEAPU8.length;
      const rowBytes = 4096 * 4;
      const rows = Math.ceil((heapBytes + 16 * 2 ** 20) / rowBytes);
      const x = tf.tensor2d([1, 2], [2, 1]).tile([1, 4096]);
      const ids = tf.tensor1d(
        Int32Array.from({ length: rows }, (_, i) => i % 2),
        'int32',
      );
      const out = tf.gather(x, ids);
      expect(backend.wasm.HEAPU8.length).toBeGreaterThan(heapBytes);
      const values = await out.data();
      expect([values[0], values[4096], values[values.length - 1]]).toEqual([
        1,
        2,
        ((rows - 1) % 2) + 1,
      ]);
      expect(tf.sum(out).dataSync()[0]).toBe(4096 * (rows + Math.floor(rows / 2)));
      tf.dispose([x, ids, out]);
    });
  });

  it('clones share data that outlives the original', async () => {
    await onBackend('wasm', async () => {
      const a = tf.tensor1d([1, 2, 3]);
      const b = tf.clone(a);
      a.dispose();
      expect(Array.from(await b.data())).toEqual([1, 2, 3]);
      b.dispose();
    });
  });
});

describe('bookkeeping', () => {
  it('leaves no tensor and no heap block behind after a CNN-sized gradient', async () => {
    await onBackend('wasm', () => {
      const backend = tf.backend() as unknown as { numDataIds(): number };
      const tensors = tf.memory().numTensors;
      const blocks = backend.numDataIds();
      const grads = tf.tidy(() => {
        const x = seeded([2, 13, 13, 8], 1) as tf.Tensor4D;
        const w = seeded([3, 3, 8, 16], 2) as tf.Tensor4D;
        return tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(
            tf.maxPool(
              tf.relu(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'valid')),
              2,
              2,
              'valid',
            ),
          ),
        )([x, w]);
      });
      tf.dispose(grads);
      expect(tf.memory().numTensors).toBe(tensors);
      expect(backend.numDataIds()).toBe(blocks);
    });
  });
});
