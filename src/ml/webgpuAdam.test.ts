/**
 * The fused Adam on WebGPU: three shaders per variable give tfjs' Adam's weights and moments to
 * float32 rounding, and replace the stock kernels. WebGPU exists only in a browser:
 * `npm run test:ml:browser` runs this (SwiftShader on a machine without a GPU); in Node it is
 * skipped. The e2e suite also trains on WebGPU and compares with the CPU (e2e/foundation.spec.ts).
 */
import * as tf from './tfjs';
import { describe, expect, it } from 'vitest';
import { ADAM_KERNEL, LossLabAdam } from './fusedAdam';
import { buildModel, trainableVariables } from './models';

const hasWebGPU = typeof navigator !== 'undefined' && 'gpu' in navigator;

async function onWebGPU<T>(f: () => Promise<T>): Promise<T> {
  const { initBackend } = await import('./backends');
  await initBackend(['webgpu']);
  await tf.setBackend('webgpu');
  try {
    return await f();
  } finally {
    await tf.setBackend('cpu');
  }
}

async function train(optimizer: tf.Optimizer, steps: number) {
  const model = buildModel({ kind: 'mlp', units: 16, outputs: 10, seed: 3, rows: 28, cols: 28 });
  const variables = trainableVariables(model);
  const x = tf.randomUniform([8, 784], 0, 1, 'float32', 1);
  const y = tf.randomUniform([8, 10], 0, 1, 'float32', 2);
  const kernels = new Set<string>();
  for (let i = 0; i < steps; i++) {
    const profile = await tf.profile(() => {
      optimizer.minimize(
        () => tf.losses.meanSquaredError<tf.Tensor, tf.Scalar>(y, model.apply(x) as tf.Tensor),
        false,
        variables,
      );
    });
    profile.kernelNames.forEach((name) => kernels.add(name));
  }
  const weights = await Promise.all(model.getWeights().map((w) => w.data()));
  const saved = await optimizer.getWeights();
  const state = await Promise.all(saved.slice(1).map((w) => w.tensor.data()));
  saved[0]?.tensor.dispose();
  model.dispose();
  optimizer.dispose();
  tf.dispose([x, y]);
  return { weights, state, kernels };
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    expect(Math.abs(a - e)).toBeLessThanOrEqual(1e-6 + 1e-5 * Math.abs(e));
  }
}

describe.skipIf(!hasWebGPU)('LossLabAdam on WebGPU (browser only)', () => {
  it("gives tfjs' Adam's weights and moments, with one fused kernel instead of 14 ops", async () => {
    await onWebGPU(async () => {
      const tensors = tf.memory().numTensors;
      const fused = await train(new LossLabAdam(0.01, 0.9, 0.999, 1e-7), 5);
      const stock = await train(tf.train.adam(0.01, 0.9, 0.999, 1e-7), 5);
      expect(tf.memory().numTensors).toBe(tensors);
      expect(fused.kernels.has(ADAM_KERNEL)).toBe(true);
      expect(stock.kernels.has(ADAM_KERNEL)).toBe(false);
      expect(fused.kernels.has('Sqrt')).toBe(false);
      fused.weights.forEach((w, i) => expectClose(w, stock.weights[i] as Float32Array));
      fused.state.forEach((s, i) => expectClose(s, stock.state[i] as Float32Array));
      // Five steps of lr 0.01 moved the weights: the comparison is not of untouched values.
      const initial = buildModel({
        kind: 'mlp',
        units: 16,
        outputs: 10,
        seed: 3,
        rows: 28,
        cols: 28,
      });
      const start = await (initial.getWeights()[0] as tf.Tensor).data();
      initial.dispose();
      expect(fused.weights[0]?.some((w, j) => Math.abs(w - (start[j] as number)) > 0.01)).toBe(
        true,
      );
    });
  });
});
