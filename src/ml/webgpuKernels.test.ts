/**
 * LossLab's WebGPU kernels (webgpuKernels.ts, webgpuConv.ts) against the CPU backend: the same
 * kernel on the same inputs gives the same values to float32 rounding, through LossLab's own
 * programs (no stock program runs), for the shapes the models use and for strides, padding,
 * dilation, transposes, batch broadcasting and the pooling gradient's ties, NaN and −∞; and the
 * ReLU mask and bias gradient of the written-out steps (webgpuReluGrad.ts). WebGPU
 * exists only in a browser: `npm run test:ml:browser` runs this (SwiftShader on a machine without
 * a GPU); in Node it is skipped.
 */
import * as tf from './tfjs';
import type { LossSpec } from './losses';
import { batchLoss, perSampleLoss } from './losses';
import { reluBiasGrad } from './wasmReluGrad';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const hasWebGPU = typeof navigator !== 'undefined' && 'gpu' in navigator;

/** Seeded values in [-1, 1), rounded to `step` when given (to make ties). */
function values(count: number, seed: number, step?: number): Float32Array {
  const out = new Float32Array(count);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const v = state / 2 ** 31 - 1;
    out[i] = step ? Math.round(v / step) * step : v;
  }
  return out;
}

interface Case {
  kernel: string;
  inputs: Record<string, { shape: number[]; data: Float32Array }>;
  attrs: Record<string, unknown>;
}

const input = (shape: number[], seed: number, step?: number) => ({
  shape,
  data: values(
    shape.reduce((a, b) => a * b, 1),
    seed,
    step,
  ),
});

interface Spy {
  programs: string[];
  restore: () => void;
}

function spyPrograms(): Spy {
  const backend = tf.backend() as unknown as {
    runWebGPUProgram: (program: { shaderKey: string }, ...rest: unknown[]) => unknown;
  };
  const original = backend.runWebGPUProgram;
  const programs: string[] = [];
  backend.runWebGPUProgram = function (program, ...rest) {
    const result = original.call(this, program, ...rest);
    programs.push(program.shaderKey);
    return result;
  };
  return { programs, restore: () => (backend.runWebGPUProgram = original) };
}

async function run(backend: string, c: Case): Promise<{ shape: number[]; data: Float32Array }> {
  await tf.setBackend(backend);
  const tensors = Object.fromEntries(
    Object.entries(c.inputs).map(([name, { shape, data }]) => [name, tf.tensor(data, shape)]),
  );
  const out = tf.engine().runKernel<tf.Tensor>(c.kernel, tensors, c.attrs as tf.NamedAttrMap);
  const data = (await out.data()) as Float32Array;
  const shape = out.shape;
  tf.dispose([out, ...Object.values(tensors)]);
  return { shape, data };
}

/** The largest |webgpu − cpu| relative to the output's scale (max |cpu|). */
function expectClose(actual: Float32Array, expected: Float32Array) {
  expect(actual.length).toBe(expected.length);
  let scale = 1e-30;
  expected.forEach((e) => (scale = Math.max(scale, Number.isFinite(e) ? Math.abs(e) : 0)));
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    if (Number.isNaN(e) || !Number.isFinite(e)) {
      expect(Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)), `element ${i}`).toBe(true);
    } else {
      expect(Math.abs(a - e), `element ${i}: ${a} vs ${e}`).toBeLessThanOrEqual(2e-6 * scale);
    }
  }
}

const conv = (x: number[], f: number[], attrs: Record<string, unknown>): Case => ({
  kernel: 'Conv2D',
  inputs: { x: input(x, 1), filter: input(f, 2) },
  attrs: { dataFormat: 'NHWC', dilations: 1, dimRoundingMode: undefined, ...attrs },
});

function convOutShape(x: number[], f: number[], attrs: Record<string, unknown>): number[] {
  return tf.backend_util.computeConv2DInfo(
    x as [number, number, number, number],
    f as [number, number, number, number],
    attrs.strides as number,
    (attrs.dilations ?? 1) as number,
    attrs.pad as 'valid',
  ).outShape;
}

const convGrads = (x: number[], f: number[], attrs: Record<string, unknown>): Case[] => {
  const dy = convOutShape(x, f, attrs);
  return [
    {
      kernel: 'Conv2DBackpropInput',
      inputs: { dy: input(dy, 3), filter: input(f, 4) },
      attrs: { inputShape: x, dataFormat: 'NHWC', ...attrs },
    },
    {
      kernel: 'Conv2DBackpropFilter',
      inputs: { x: input(x, 5), dy: input(dy, 6) },
      attrs: { filterShape: f, dataFormat: 'NHWC', ...attrs },
    },
  ];
};

const pool = (x: number[], filterSize: number, strides: number, pad: string): Case => {
  const info = tf.backend_util.computePool2DInfo(
    x as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad as 'valid',
  );
  // Values on a grid of 0.25 tie often; some are NaN or −∞.
  const xs = input(x, 7, 0.25);
  for (let i = 0; i < xs.data.length; i += 13) xs.data[i] = i % 2 ? Number.NaN : -Infinity;
  return {
    kernel: 'MaxPoolGrad',
    inputs: { dy: input(info.outShape, 8), input: xs, output: input(info.outShape, 9) },
    attrs: { filterSize, strides, pad },
  };
};

const matMul = (a: number[], b: number[], transposeA: boolean, transposeB: boolean): Case => ({
  kernel: 'BatchMatMul',
  inputs: { a: input(a, 10), b: input(b, 11) },
  attrs: { transposeA, transposeB },
});

const fused = (activation: string, bias: boolean): Case => ({
  kernel: '_FusedMatMul',
  inputs: {
    a: input([64, 50], 12),
    b: input([50, 24], 13),
    ...(bias ? { bias: input([24], 14) } : {}),
  },
  attrs: { transposeA: false, transposeB: false, activation, leakyreluAlpha: 0.2 },
});

const fusedConv = (activation: string, bias: boolean): Case => ({
  kernel: 'FusedConv2D',
  inputs: {
    x: input([4, 13, 13, 8], 17),
    filter: input([3, 3, 8, 16], 18),
    ...(bias ? { bias: input([16], 19) } : {}),
  },
  attrs: {
    strides: 1,
    pad: 'valid',
    dataFormat: 'NHWC',
    dilations: 1,
    dimRoundingMode: undefined,
    activation,
    leakyreluAlpha: 0.2,
  },
});

const CASES: [string, Case][] = [
  ['FusedConv2D with bias and ReLU (the written-out CNN step)', fusedConv('relu', true)],
  ['FusedConv2D with bias, linear', fusedConv('linear', true)],
  ['FusedConv2D, ReLU without bias', fusedConv('relu', false)],
  ['the CNN’s first convolution', conv([4, 28, 28, 1], [3, 3, 1, 8], { strides: 1, pad: 'valid' })],
  [
    'the CNN’s second convolution',
    conv([4, 13, 13, 8], [3, 3, 8, 16], { strides: 1, pad: 'valid' }),
  ],
  [
    'a strided, padded convolution',
    conv([2, 9, 8, 3], [3, 2, 3, 5], { strides: [2, 3], pad: 'same' }),
  ],
  [
    'a dilated convolution',
    conv([2, 10, 9, 2], [3, 3, 2, 4], { strides: 1, pad: 'valid', dilations: 2 }),
  ],
  [
    'explicit padding',
    conv([1, 7, 7, 2], [3, 3, 2, 3], {
      strides: 2,
      pad: [
        [0, 0],
        [1, 2],
        [2, 1],
        [0, 0],
      ],
    }),
  ],
  ...convGrads([4, 13, 13, 8], [3, 3, 8, 16], { strides: 1, pad: 'valid' }).map(
    (c): [string, Case] => [`${c.kernel}, the CNN’s second convolution`, c],
  ),
  ...convGrads([70, 12, 12, 1], [3, 3, 1, 8], { strides: 1, pad: 'valid' }).map(
    (c): [string, Case] => [`${c.kernel}, a batch of 70 (partial sums of two)`, c],
  ),
  ...convGrads([2, 7, 6, 2], [2, 3, 2, 3], { strides: 1, pad: 'valid' }).map(
    (c): [string, Case] => [`${c.kernel}, three output channels (one per invocation)`, c],
  ),
  ...convGrads([3, 11, 10, 3], [3, 3, 3, 4], { strides: 2, pad: 'same' }).map(
    (c): [string, Case] => [`${c.kernel}, strided and padded`, c],
  ),
  ['MaxPoolGrad 2×2, stride 2 (the CNN’s)', pool([4, 26, 26, 8], 2, 2, 'valid')],
  ['MaxPoolGrad 3×3, stride 2, same (overlapping windows)', pool([2, 9, 9, 3], 3, 2, 'same')],
  [
    'MaxPoolGrad 2×2, stride 3 (cells wider than their windows)',
    pool([2, 11, 10, 3], 2, 3, 'valid'),
  ],
  ['MaxPoolGrad 2×2, stride 2, odd sides (the CNN’s second)', pool([3, 11, 11, 16], 2, 2, 'valid')],
  ['BatchMatMul', matMul([64, 784], [784, 128], false, false)],
  ['BatchMatMul, aᵀ (a dense kernel’s gradient)', matMul([64, 784], [64, 128], true, false)],
  ['BatchMatMul, bᵀ (a dense input’s gradient)', matMul([64, 10], [128, 10], false, true)],
  ['BatchMatMul, both transposed', matMul([7, 5], [9, 7], true, true)],
  ['BatchMatMul, a batch against one matrix', matMul([3, 4, 6], [1, 6, 5], false, false)],
  ['BatchMatMul, batches of rank 4', matMul([2, 3, 4, 6], [2, 3, 5, 6], false, true)],
  [
    'Add of a bias along the channels',
    { kernel: 'Add', inputs: { a: input([4, 26, 26, 8], 15), b: input([8], 16) }, attrs: {} },
  ],
  ['_FusedMatMul with bias and ReLU', fused('relu', true)],
  ['_FusedMatMul with bias, linear', fused('linear', true)],
  ['_FusedMatMul without bias', fused('relu', false)],
];

describe.skipIf(!hasWebGPU)("LossLab's WebGPU kernels (browser only)", () => {
  beforeAll(async () => {
    const { initBackend } = await import('./backends');
    await initBackend(['webgpu']);
    const { useWebGPUTrainingKernels } = await import('./webgpuKernels');
    expect(useWebGPUTrainingKernels()).toBe(true);
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each(CASES)('%s: the CPU backend’s values, from its own programs only', async (_, c) => {
    const expected = await run('cpu', c);
    await tf.setBackend('webgpu');
    const tensors = tf.memory().numTensors;
    const spy = spyPrograms();
    let actual: { shape: number[]; data: Float32Array };
    try {
      actual = await run('webgpu', c);
    } finally {
      spy.restore();
    }
    expect(actual.shape).toEqual(expected.shape);
    expectClose(actual.data, expected.data);
    expect(spy.programs.length).toBeGreaterThan(0);
    expect(spy.programs.filter((key) => !key.startsWith('losslab_'))).toEqual([]);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it.each([
    ['the first convolution’s pixels (4 images)', [4 * 26 * 26, 8]],
    ['a hidden Dense layer', [64, 128]],
    ['odd sizes', [37, 5]],
    ['one row', [1, 3]],
  ] as [string, [number, number]][])(
    'the ReLU mask and bias gradient, %s: the ops’ values on the CPU, from its own programs only',
    async (_, shape) => {
      // y: positive, negative, zero and (in column 0) NaN outputs; dy: gradients with (in
      // column 1) infinities. The other columns' sums stay finite and are compared.
      const y = input(shape, 20, 0.25).data;
      const dy = input(shape, 21).data;
      for (let r = 1; r < shape[0]; r += 7) y[r * shape[1]] = Number.NaN;
      for (let r = 2; r < shape[0]; r += 11) dy[r * shape[1] + 1] = r % 2 ? Infinity : -Infinity;
      const compute = async (backend: string) => {
        await tf.setBackend(backend);
        const [dx, db] = tf.tidy(() => reluBiasGrad(tf.tensor2d(dy, shape), tf.tensor2d(y, shape)));
        const data = [(await dx.data()) as Float32Array, (await db.data()) as Float32Array];
        tf.dispose([dx, db]);
        return data as [Float32Array, Float32Array];
      };
      const [dxCpu, dbCpu] = await compute('cpu');
      await tf.setBackend('webgpu');
      const tensors = tf.memory().numTensors;
      const spy = spyPrograms();
      let dxGpu: Float32Array;
      let dbGpu: Float32Array;
      try {
        [dxGpu, dbGpu] = await compute('webgpu');
      } finally {
        spy.restore();
      }
      expect(tf.memory().numTensors).toBe(tensors);
      expect(spy.programs.length).toBeGreaterThan(0);
      expect(spy.programs.filter((key) => !key.startsWith('losslab_'))).toEqual([]);
      // The mask multiplies, as tfjs' `Mul` does: the same values, NaN where the CPU has NaN.
      dxGpu.forEach((v, i) => expect(Object.is(v, dxCpu[i]) || v === dxCpu[i]).toBe(true));
      // The sums add in another order: within float32 rounding of the sum of |terms|.
      for (let c = 0; c < shape[1]; c++) {
        let magnitude = 0;
        for (let r = 0; r < shape[0]; r++) magnitude += Math.abs(dxCpu[r * shape[1] + c] as number);
        const [gpu, cpu] = [dbGpu[c] as number, dbCpu[c] as number];
        if (!Number.isFinite(cpu))
          expect(Object.is(gpu, cpu) || (gpu !== gpu && cpu !== cpu)).toBe(true);
        else expect(Math.abs(gpu - cpu), `column ${c}`).toBeLessThanOrEqual(1e-6 * magnitude);
      }
    },
  );

  const lossSpec = (loss: LossSpec['loss'], activation: LossSpec['activation']): LossSpec => ({
    loss,
    activation,
    fromLogits: activation === 'linear',
    semantics: 'tf',
  });
  it.each([
    [
      'categorical, one-hot labels (the default)',
      lossSpec('categorical_crossentropy', 'softmax'),
      false,
    ],
    ['sparse, class ids', lossSpec('sparse_categorical_crossentropy', 'softmax'), true],
    [
      'categorical from logits (a linear output)',
      lossSpec('categorical_crossentropy', 'linear'),
      false,
    ],
    [
      'categorical with label smoothing',
      { ...lossSpec('categorical_crossentropy', 'softmax'), keywords: { labelSmoothing: 0.1 } },
      false,
    ],
  ] as [string, LossSpec, boolean][])(
    'softmax cross-entropy, %s: the ops’ loss and gradient on the CPU, from two programs',
    async (_, spec, sparse) => {
      const [rows, classes] = [64, 10];
      // Mild to saturated logits; per sample also a row with a NaN and one with +∞ (NaN losses).
      const z = input([rows, classes], 22).data.map((v, i) => v * (i < 320 ? 4 : 60));
      const special = Float32Array.from(z);
      special[7 * classes + 3] = Number.NaN;
      special[9 * classes + 1] = Infinity;
      const ids = Array.from({ length: rows }, (_, i) => (i * 7) % classes);
      const compute = async (backend: string) => {
        await tf.setBackend(backend);
        const logits = tf.tensor2d(z, [rows, classes]);
        const withSpecials = tf.tensor2d(special, [rows, classes]);
        const labels = tf.tidy(() =>
          sparse
            ? tf.tensor1d(ids, 'int32')
            : tf.oneHot(tf.tensor1d(ids, 'int32'), classes).toFloat(),
        );
        const perSample = tf.tidy(() => perSampleLoss(spec, labels, withSpecials));
        const { value, grad } = tf.valueAndGrad((x: tf.Tensor2D) => batchLoss(spec, labels, x))(
          logits,
        );
        const data = {
          perSample: (await perSample.data()) as Float32Array,
          value: (await value.data())[0] as number,
          grad: (await grad.data()) as Float32Array,
        };
        tf.dispose([logits, withSpecials, labels, perSample, value, grad]);
        return data;
      };
      const cpu = await compute('cpu');
      await tf.setBackend('webgpu');
      const tensors = tf.memory().numTensors;
      const spy = spyPrograms();
      let gpu: Awaited<ReturnType<typeof compute>>;
      try {
        gpu = await compute('webgpu');
      } finally {
        spy.restore();
      }
      expect(tf.memory().numTensors).toBe(tensors);
      const ran = (prefix: string) => spy.programs.some((key) => key.startsWith(prefix));
      expect(ran('losslab_softmax_ce_stats')).toBe(true);
      expect(ran('losslab_softmax_ce_grad')).toBe(true);
      // No softmax, max or sum of tfjs' runs for the loss itself (the batch mean is tfjs').
      expect(
        spy.programs.filter((key) => /softmax|max/i.test(key) && !key.startsWith('losslab_')),
      ).toEqual([]);
      gpu.perSample.forEach((v, i) => {
        const e = cpu.perSample[i] as number;
        if (Number.isNaN(e)) expect(v, `sample ${i}`).toBeNaN();
        else
          expect(Math.abs(v - e), `sample ${i}: ${v} vs ${e}`).toBeLessThanOrEqual(
            1e-5 * Math.max(1, Math.abs(e)),
          );
      });
      expect(Math.abs(gpu.value - cpu.value)).toBeLessThanOrEqual(
        1e-5 * Math.max(1, Math.abs(cpu.value)),
      );
      gpu.grad.forEach((v, i) =>
        expect(Math.abs(v - (cpu.grad[i] as number)), `logit ${i}`).toBeLessThanOrEqual(1e-7),
      );
      // The gradient is not trivially zero: it is (softmax − y) / rows.
      expect(Math.max(...gpu.grad.map(Math.abs))).toBeGreaterThan(1e-3);
    },
  );

  it.each([
    ['an ELU', fused('elu', true)],
    [
      'an Add of equal shapes',
      { kernel: 'Add', inputs: { a: input([3, 4], 17), b: input([3, 4], 18) }, attrs: {} },
    ],
  ] as [string, Case][])(
    'falls back to the stock kernel where no program applies (%s)',
    async (_, c) => {
      const expected = await run('cpu', c);
      const actual = await run('webgpu', c);
      expectClose(actual.data, expected.data);
    },
  );
});
