/**
 * The written-out dense step (denseStep.ts) against the generic step on the gradient tape, from
 * the same seeded model and digits: on the CPU backend every loss value, metric sum and weight
 * after several optimizer steps is bit for bit the same; on WASM, where XNNPACK adds the hidden
 * layer's bias inside its product, within a float32 rounding.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunConfig } from '../core';
import { DEFAULT_CONFIG, labelClasses, outputUnits, toBinaryLabels } from '../core';
import { loadDigits } from '../test/mnistDigits';
import { onBackend, useWasmForTests } from '../test/wasmBackend';
import { disposeSplit, toTensors } from './data';
import { denseStackOf } from './denseStep';
import { buildModel, readWeights, trainableVariables } from './models';
import { createOptimizer, disposeOptimizer } from './optimizers';
import { lossSpecOf, resolveRunMetric } from './run';
import type { StepKind } from './step';
import { stepContext, trainStep } from './step';

beforeAll(useWasmForTests);

const digits = loadDigits(48, 0);

interface Trained {
  kind: StepKind;
  losses: number[];
  metricSums: number[];
  weights: Float32Array[];
}

/** `steps` steps on batches of 16 of the digits, from the seeded model; frees what it made. */
async function train(config: RunConfig, tapeOnly: boolean, steps = 3): Promise<Trained> {
  const set =
    config.task === 'binary'
      ? { ...digits, labels: toBinaryLabels(digits.labels, config.target) }
      : digits;
  const split = toTensors(set, config.labels, labelClasses(config));
  const model = buildModel({
    kind: config.model,
    units: config.units,
    outputs: outputUnits(config),
    seed: config.seed,
    rows: 28,
    cols: 28,
  });
  const optimizer = createOptimizer(config);
  const context = stepContext(model, optimizer, lossSpecOf(config), resolveRunMetric(config), {
    tapeOnly,
  });
  const losses: number[] = [];
  const metricSums: number[] = [];
  try {
    for (let i = 0; i < steps; i++) {
      const [x, y] = [split.x, split.y].map((t) => t.slice(16 * (i % 3), 16)) as [
        tf.Tensor2D,
        tf.Tensor,
      ];
      const { loss, metricSum } = trainStep(context, x, y);
      losses.push((await loss.data())[0] as number);
      metricSums.push((await metricSum.data())[0] as number);
      tf.dispose([x, y, loss, metricSum]);
    }
    return { kind: context.kind, losses, metricSums, weights: await readWeights(model) };
  } finally {
    disposeOptimizer(optimizer);
    model.dispose();
    disposeSplit(split);
  }
}

const CONFIGS: [string, Partial<RunConfig>][] = [
  ['softmax + categorical cross-entropy, Adam (the default)', {}],
  [
    'sigmoid + binary cross-entropy, plain semantics, RMSprop',
    {
      activation: 'sigmoid',
      loss: 'binary_crossentropy',
      semantics: 'plain',
      optimizer: 'rmsprop',
    },
  ],
  [
    'sparse categorical cross-entropy from logits, int labels, SGD with momentum',
    {
      activation: 'linear',
      loss: 'sparse_categorical_crossentropy',
      fromLogits: true,
      labels: 'int',
      optimizer: 'sgd',
      momentum: 0.9,
      learningRate: 0.05,
    },
  ],
  [
    'the binary task on one sigmoid unit, binary focal cross-entropy, 7 hidden units',
    {
      task: 'binary',
      target: 'even',
      outputs: 1,
      activation: 'sigmoid',
      loss: 'binary_focal_crossentropy',
      labels: 'int',
      metric: 'binary_accuracy',
      units: 7,
    },
  ],
  ['softmax + mean squared error, Adagrad', { loss: 'mean_squared_error', optimizer: 'adagrad' }],
];

function maxRelative(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const [p, q] = [a[i] as number, b[i] as number];
    worst = Math.max(worst, Math.abs(p - q) / Math.max(1e-3, Math.abs(q)));
  }
  return worst;
}

describe.each(CONFIGS)('the written-out dense step: %s', (_, overrides) => {
  const config: RunConfig = { ...DEFAULT_CONFIG, ...overrides };

  it('gives the taped step’s losses, metric and weights bit for bit on the CPU backend', async () => {
    const before = tf.memory().numTensors;
    const dense = await train(config, false);
    const taped = await train(config, true);
    expect([dense.kind, taped.kind]).toEqual(['dense', 'tape']);
    expect(dense.losses).toEqual(taped.losses);
    expect(dense.metricSums).toEqual(taped.metricSums);
    expect(dense.weights).toEqual(taped.weights);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives them on WASM within a float32 rounding and frees every tensor', async () => {
    await onBackend('wasm', async () => {
      const before = tf.memory().numTensors;
      const dense = await train(config, false);
      const taped = await train(config, true);
      expect(dense.kind).toBe('dense');
      dense.losses.forEach((loss, i) => expect(loss).toBeCloseTo(taped.losses[i] as number, 5));
      expect(dense.metricSums).toEqual(taped.metricSums);
      dense.weights.forEach((w, i) =>
        expect(maxRelative(w, taped.weights[i] as Float32Array)).toBeLessThan(1e-4),
      );
      expect(tf.memory().numTensors).toBe(before);
    });
  });
});

describe('denseStackOf', () => {
  const spec = { units: 8, outputs: 10, seed: 1, rows: 28, cols: 28 };

  it('takes the MLP, in the optimizer’s variable order', () => {
    const model = buildModel({ ...spec, kind: 'mlp' });
    const variables = trainableVariables(model);
    const stack = denseStackOf(model, variables);
    expect(stack?.map((layer) => layer.relu)).toEqual([true, false]);
    expect(stack?.flatMap((layer) => [layer.kernel, layer.bias])).toEqual(variables);
    expect(denseStackOf(model, [...variables].reverse())).toBeNull();
    model.dispose();
  });

  it('leaves the CNN and a dense stack with another activation to the taped step', () => {
    const cnn = buildModel({ ...spec, kind: 'cnn' });
    expect(denseStackOf(cnn, trainableVariables(cnn))).toBeNull();
    cnn.dispose();
    const tanh = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [4], units: 3, activation: 'tanh' }),
        tf.layers.dense({ units: 2 }),
      ],
    });
    expect(denseStackOf(tanh, trainableVariables(tanh))).toBeNull();
    const regularized = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [4], units: 2, kernelRegularizer: tf.regularizers.l2() }),
      ],
    });
    expect(denseStackOf(regularized, trainableVariables(regularized))).toBeNull();
    tanh.dispose();
    regularized.dispose();
  });
});
