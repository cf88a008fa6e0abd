/**
 * Training on the WASM backend (with LossLab's kernels) against the CPU backend's `tf.conv2d`,
 * `tf.maxPool` and dense layers: the same model, seed and digits give the same logits, loss and
 * weights after one Adam step to float32 tolerance, and a whole run on WASM learns, reports Keras'
 * numbers close to the CPU's and frees every tensor.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelKind, RunConfig } from '../core';
import { DEFAULT_CONFIG, NUM_CLASSES } from '../core';
import { loadDigits } from '../test/mnistDigits';
import { onBackend, useWasmForTests } from '../test/wasmBackend';
import { RunControl } from './control';
import { disposeSplit, toTensors } from './data';
import { batchLoss } from './losses';
import { buildModel, forward, readWeights } from './models';
import { createOptimizer, disposeOptimizer } from './optimizers';
import { trainToEnd } from '../test/trainToEnd';
import { lossSpecOf, resolveRunMetric } from './run';
import { stepContext, trainStep } from './step';

beforeAll(useWasmForTests);

const digits = loadDigits(32, 0);

interface StepNumbers {
  logits: Float32Array;
  loss: number;
  stepLoss: number;
  metricSum: number;
  weights: Float32Array[];
  before: Float32Array[];
}

/** Logits and loss of the seeded model on 32 digits, then one Adam step and its weights. */
async function oneStep(kind: ModelKind): Promise<StepNumbers> {
  const config: RunConfig = { ...DEFAULT_CONFIG, model: kind };
  const split = toTensors(digits, config.labels, NUM_CLASSES);
  const model = buildModel({
    kind,
    units: config.units,
    outputs: NUM_CLASSES,
    seed: 42,
    rows: 28,
    cols: 28,
  });
  const optimizer = createOptimizer(config);
  const lossSpec = lossSpecOf(config);
  try {
    const [logits, loss] = tf.tidy(() => {
      const z = forward(model, split.x);
      return [z, batchLoss(lossSpec, split.y, z)];
    });
    const before = await readWeights(model);
    const context = stepContext(model, optimizer, lossSpec, resolveRunMetric(config));
    const step = trainStep(context, split.x, split.y);
    const numbers = {
      logits: (await logits.data()) as Float32Array,
      loss: (await loss.data())[0] as number,
      stepLoss: (await step.loss.data())[0] as number,
      metricSum: (await step.metricSum.data())[0] as number,
      weights: await readWeights(model),
      before,
    };
    tf.dispose([logits, loss, step.loss, step.metricSum]);
    return numbers;
  } finally {
    disposeOptimizer(optimizer);
    model.dispose();
    disposeSplit(split);
  }
}

function maxAbs(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

describe.each(['cnn', 'mlp'] as const)('%s on WASM against the CPU backend', (kind) => {
  it('gives the same logits, loss and weights after one Adam step', async () => {
    const cpu = await onBackend('cpu', () => oneStep(kind));
    const tensors = await onBackend('wasm', () => tf.memory().numTensors);
    const wasm = await onBackend('wasm', () => oneStep(kind));
    expect(await onBackend('wasm', () => tf.memory().numTensors)).toBe(tensors);

    expect(maxAbs(wasm.logits, cpu.logits)).toBeLessThan(1e-5);
    expect(wasm.loss).toBeCloseTo(cpu.loss, 5);
    expect(wasm.stepLoss).toBe(wasm.loss);
    expect(wasm.metricSum).toBe(cpu.metricSum);
    // Adam's first step moves every weight with a gradient by about the learning rate (1e-3),
    // so a weight that differs by far less than that moved the same way on both backends. (Where
    // a gradient is near 0, Adam's g/(|g|+ε) amplifies float32 rounding: up to ~5e-6 here.)
    wasm.weights.forEach((w, i) => {
      expect(maxAbs(w, wasm.before[i] as Float32Array)).toBeGreaterThan(5e-4);
      expect(maxAbs(w, cpu.weights[i] as Float32Array)).toBeLessThan(2e-5);
    });
  });
});

/** A whole run through the engine (`runTraining`) on `backend`. */
async function run(backend: 'cpu' | 'wasm', overrides: Partial<RunConfig>) {
  const config: RunConfig = {
    ...DEFAULT_CONFIG,
    batchSize: 32,
    epochs: 2,
    trainSize: 160,
    testSize: 40,
    ...overrides,
  };
  return onBackend(backend, async () => {
    const tensors = tf.memory().numTensors;
    const outcome = await trainToEnd({
      config,
      train: loadDigits(config.trainSize, 0),
      test: loadDigits(config.testSize, 100),
      backend,
      emit: () => undefined,
      control: new RunControl(),
    });
    return { ...outcome, leaked: tf.memory().numTensors - tensors };
  });
}

describe('whole runs on WASM', () => {
  it("train the MLP to the CPU backend's numbers", async () => {
    const cpu = await run('cpu', { model: 'mlp' });
    const wasm = await run('wasm', { model: 'mlp' });
    expect(wasm.reason).toBe('completed');
    expect(wasm.leaked).toBe(0);
    wasm.result.history.forEach((record, i) => {
      const reference = cpu.result.history[i]!;
      expect(record.loss).toBeCloseTo(reference.loss, 5);
      expect(record.valLoss).toBeCloseTo(reference.valLoss, 5);
      expect(record.metric).toBe(reference.metric);
      expect(record.valMetric).toBe(reference.valMetric);
    });
    expect(wasm.result.confusion).toEqual(cpu.result.confusion);
  });

  it('train the CNN: the loss falls and every tensor is freed', async () => {
    const { reason, result, leaked } = await run('wasm', { model: 'cnn', epochs: 3 });
    expect(reason).toBe('completed');
    expect(leaked).toBe(0);
    const [first, , last] = result.history;
    expect(last!.loss).toBeLessThan(first!.loss);
    expect(last!.valLoss).toBeLessThan(first!.valLoss);
    expect(result.backend).toBe('wasm');
  });
});
