/**
 * LossLab's fused Adam gives tfjs' Adam's numbers bit for bit on the backends where it is fused
 * (CPU, WASM), and stays tfjs' Adam elsewhere.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { onBackend, useWasmForTests } from '../test/wasmBackend';
import { ADAM_KERNEL, LossLabAdam, WASM_FUSE_MAX } from './fusedAdam';
import { buildModel, trainableVariables } from './models';
import { KerasAdam } from './optimizers';

/** tfjs' own Adam op sequence with Keras' ε schedule, as KerasAdam computes it unfused. */
class UnfusedKerasAdam extends tf.AdamOptimizer {
  override applyGradients(
    variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0],
  ): void {
    this.epsilon = 1e-7 / Math.sqrt(1 - this.beta2 ** (this.iterations + 1));
    super.applyGradients(variableGradients);
  }
}

beforeAll(useWasmForTests);

/** Weights and optimizer state after `steps` Adam steps on random data (seeded). */
async function train(optimizer: tf.Optimizer, steps: number) {
  const model = buildModel({ kind: 'mlp', units: 16, outputs: 10, seed: 3, rows: 28, cols: 28 });
  const variables = trainableVariables(model);
  const x = tf.randomUniform([8, 784], 0, 1, 'float32', 1);
  const y = tf.randomUniform([8, 10], 0, 1, 'float32', 2);
  for (let i = 0; i < steps; i++) {
    optimizer.minimize(
      () => tf.losses.meanSquaredError<tf.Tensor, tf.Scalar>(y, model.apply(x) as tf.Tensor),
      false,
      variables,
    );
  }
  const weights = await Promise.all(model.getWeights().map((w) => w.data()));
  const saved = await optimizer.getWeights();
  const state = await Promise.all(saved.map((w) => w.tensor.data()));
  saved[0]?.tensor.dispose(); // the iteration count, a new tensor (the rest are the moments)
  model.dispose();
  optimizer.dispose();
  tf.dispose([x, y]);
  return { weights, state };
}

describe.each(['cpu', 'wasm'] as const)('LossLabAdam on %s', (backend) => {
  it("gives tfjs' Adam's weights and moments bit for bit, without leaking", async () => {
    await onBackend(backend, async () => {
      const tensors = tf.memory().numTensors;
      const fused = await train(new LossLabAdam(0.01, 0.9, 0.999, 1e-7), 3);
      const stock = await train(tf.train.adam(0.01, 0.9, 0.999, 1e-7), 3);
      expect(tf.memory().numTensors).toBe(tensors);
      expect(fused.weights).toHaveLength(4);
      fused.weights.forEach((w, i) => expect(w).toEqual(stock.weights[i]));
      // iterations, then m and v of each variable
      expect(fused.state).toHaveLength(9);
      fused.state.forEach((s, i) => expect(s).toEqual(stock.state[i]));
    });
  });

  it("computes Keras' Adam (KerasAdam) bit for bit like tfjs' ops with Keras' ε", async () => {
    await onBackend(backend, async () => {
      const fused = await train(new KerasAdam(0.01, 0.9, 0.999, 1e-7), 3);
      const stock = await train(new UnfusedKerasAdam(0.01, 0.9, 0.999, 1e-7), 3);
      fused.weights.forEach((w, i) => expect(w).toEqual(stock.weights[i]));
      fused.state.forEach((s, i) => expect(s).toEqual(stock.state[i]));
      // and not tfjs' Adam: Keras adds ε before the bias correction
      const tfjs = await train(tf.train.adam(0.01, 0.9, 0.999, 1e-7), 3);
      expect(fused.weights.some((w, i) => w.some((x, j) => x !== tfjs.weights[i]?.[j]))).toBe(true);
    });
  });

  it("matches tfjs' ops bit for bit at sizes off the SIMD width, with extreme values", async () => {
    await onBackend(backend, async () => {
      // 4k + 3 elements: the last three take the scalar tail. Gradients span subnormals to 1e30.
      const size = 4 * 257 + 3;
      const values = Array.from({ length: size }, (_, i) => Math.sin(i) * 10 ** ((i % 70) - 40));
      const run = async (optimizer: tf.Optimizer) => {
        const variable = tf.variable(tf.tensor1d(values), true, `odd${size}`);
        for (let i = 0; i < 3; i++) {
          tf.tidy(() =>
            optimizer.applyGradients([
              { name: variable.name, tensor: tf.mul(tf.reverse(variable), 1 + i) },
            ]),
          );
        }
        // The weights, then the moments (the optimizer's first weight is its iteration count).
        const [iterations, ...moments] = (await optimizer.getWeights()).map((w) => w.tensor);
        const data = await Promise.all([variable, ...moments].map((t) => t.data()));
        tf.dispose([iterations, ...moments]);
        variable.dispose();
        optimizer.dispose();
        return data;
      };
      const fused = await run(new LossLabAdam(0.01, 0.9, 0.999, 1e-7));
      const stock = await run(tf.train.adam(0.01, 0.9, 0.999, 1e-7));
      expect(fused).toHaveLength(3);
      fused.forEach((f, i) => expect(f).toEqual(stock[i]));
    });
  });

  it('fuses every variable on the CPU backend and on WASM (SIMD update)', async () => {
    await onBackend(backend, async () => {
      const small = tf.variable(tf.ones([3]));
      const large = tf.variable(tf.ones([WASM_FUSE_MAX + 1]));
      // tfjs' Adam keys its moments by position: one optimizer per variable here.
      const kernelsFor = async (variable: tf.Variable) => {
        const optimizer = new LossLabAdam(0.01, 0.9, 0.999, 1e-7);
        const profile = await tf.profile(() => {
          optimizer.applyGradients([{ name: variable.name, tensor: tf.onesLike(variable) }]);
        });
        optimizer.dispose();
        return profile.kernels.map((k) => k.name);
      };
      const forSmall = await kernelsFor(small);
      expect(forSmall.filter((name) => name === ADAM_KERNEL)).toHaveLength(1);
      expect(forSmall).not.toContain('Sqrt');
      const forLarge = await kernelsFor(large);
      expect(forLarge.filter((name) => name === ADAM_KERNEL)).toHaveLength(1);
      expect(forLarge).not.toContain('Sqrt');
      tf.dispose([small, large]);
    });
  });
});
