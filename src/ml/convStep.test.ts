/**
 * The written-out convolutional step (convStep.ts) against the generic step on the gradient tape,
 * from the same seeded model and digits: on the CPU backend every loss value, metric sum and
 * weight after several optimizer steps is bit for bit the same; on WASM, where XNNPACK adds the
 * biases inside its convolutions and products, within float32 roundings (losses to 5 decimals,
 * the same metric sums, weights within 1e-4 relative, as denseStep.test.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunConfig } from '../core';
import { DEFAULT_CONFIG, labelClasses, outputUnits } from '../core';
import { loadDigits } from '../test/mnistDigits';
import { onBackend, useWasmForTests } from '../test/wasmBackend';
import { convStackOf } from './convStep';
import { disposeSplit, toTensors } from './data';
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

type ModelFactory = (config: RunConfig) => tf.LayersModel;

const theCnn: ModelFactory = (config) =>
  buildModel({
    kind: 'cnn',
    units: config.units,
    outputs: outputUnits(config),
    seed: config.seed,
    rows: 28,
    cols: 28,
  });

/** Seeded layers for the hand-built models below. */
const seeded = (seed: number) => tf.initializers.glorotUniform({ seed });

/** A conv block without a pool, a 3×2 pool with a 3×3 stride, and a two-layer dense head. */
const otherShapes: ModelFactory = (config) =>
  tf.sequential({
    layers: [
      tf.layers.reshape({ inputShape: [784], targetShape: [28, 28, 1] }),
      tf.layers.conv2d({
        filters: 4,
        kernelSize: 5,
        activation: 'relu',
        kernelInitializer: seeded(1),
      }),
      tf.layers.conv2d({
        filters: 6,
        kernelSize: [3, 2],
        activation: 'relu',
        kernelInitializer: seeded(2),
      }),
      tf.layers.maxPooling2d({ poolSize: [3, 2], strides: [3, 3] }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 12, activation: 'relu', kernelInitializer: seeded(3) }),
      tf.layers.dense({ units: outputUnits(config), kernelInitializer: seeded(4) }),
    ],
  });

/** `steps` steps on batches of 16 of the digits, from the seeded model; frees what it made. */
async function train(
  config: RunConfig,
  make: ModelFactory,
  tapeOnly: boolean,
  steps = 3,
): Promise<Trained> {
  const split = toTensors(digits, config.labels, labelClasses(config));
  const model = make(config);
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

const CONFIGS: [string, Partial<RunConfig>, ModelFactory][] = [
  ['the CNN, softmax + categorical cross-entropy, Adam (the default)', {}, theCnn],
  [
    'the CNN, sparse categorical cross-entropy from logits, int labels, SGD with momentum',
    {
      activation: 'linear',
      loss: 'sparse_categorical_crossentropy',
      fromLogits: true,
      labels: 'int',
      optimizer: 'sgd',
      momentum: 0.9,
      learningRate: 0.05,
    },
    theCnn,
  ],
  [
    'a block without a pool, a strided 3×2 pool and a ReLU dense layer, sigmoid + BCE, RMSprop',
    { activation: 'sigmoid', loss: 'binary_crossentropy', optimizer: 'rmsprop' },
    otherShapes,
  ],
];

function maxRelative(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const [p, q] = [a[i] as number, b[i] as number];
    worst = Math.max(worst, Math.abs(p - q) / Math.max(1e-3, Math.abs(q)));
  }
  return worst;
}

describe.each(CONFIGS)('the written-out conv step: %s', (_, overrides, make) => {
  const config: RunConfig = { ...DEFAULT_CONFIG, model: 'cnn', ...overrides };

  it('gives the taped step’s losses, metric and weights bit for bit on the CPU backend', async () => {
    const before = tf.memory().numTensors;
    const conv = await train(config, make, false);
    const taped = await train(config, make, true);
    expect([conv.kind, taped.kind]).toEqual(['conv', 'tape']);
    expect(conv.losses).toEqual(taped.losses);
    expect(conv.metricSums).toEqual(taped.metricSums);
    expect(conv.weights).toEqual(taped.weights);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives them on WASM within float32 roundings and frees every tensor', async () => {
    await onBackend('wasm', async () => {
      const before = tf.memory().numTensors;
      const conv = await train(config, make, false);
      const taped = await train(config, make, true);
      expect(conv.kind).toBe('conv');
      conv.losses.forEach((loss, i) => expect(loss).toBeCloseTo(taped.losses[i] as number, 5));
      expect(conv.metricSums).toEqual(taped.metricSums);
      conv.weights.forEach((w, i) =>
        expect(maxRelative(w, taped.weights[i] as Float32Array)).toBeLessThan(1e-4),
      );
      expect(tf.memory().numTensors).toBe(before);
    });
  });
});

describe('convStackOf', () => {
  const spec = { units: 8, outputs: 10, seed: 1, rows: 28, cols: 28 };

  it('takes the CNN, in the optimizer’s variable order', () => {
    const model = buildModel({ ...spec, kind: 'cnn' });
    const variables = trainableVariables(model);
    const stack = convStackOf(model, variables);
    expect(stack?.image).toEqual([28, 28, 1]);
    expect(stack?.blocks.map((block) => block.pool)).toEqual([
      { size: [2, 2], strides: [2, 2] },
      { size: [2, 2], strides: [2, 2] },
    ]);
    expect(stack?.head.map((layer) => layer.relu)).toEqual([false]);
    expect(convStackOf(model, [...variables].reverse())).toBeNull();
    model.dispose();
  });

  const conv = (options: Partial<Parameters<typeof tf.layers.conv2d>[0]>) =>
    tf.layers.conv2d({ filters: 2, kernelSize: 3, activation: 'relu', ...options });
  const cases: [string, () => tf.layers.Layer[]][] = [
    ['a tanh convolution', () => [conv({ activation: 'tanh' }), tf.layers.flatten()]],
    ['same padding', () => [conv({ padding: 'same' }), tf.layers.flatten()]],
    ['a stride of 2', () => [conv({ strides: 2 }), tf.layers.flatten()]],
    ['no bias', () => [conv({ useBias: false }), tf.layers.flatten()]],
    [
      'a regularizer',
      () => [conv({ kernelRegularizer: tf.regularizers.l2() }), tf.layers.flatten()],
    ],
    [
      'overlapping pools',
      () => [conv({}), tf.layers.maxPooling2d({ poolSize: 3, strides: 2 }), tf.layers.flatten()],
    ],
    [
      'average pooling',
      () => [conv({}), tf.layers.averagePooling2d({ poolSize: 2 }), tf.layers.flatten()],
    ],
    ['no Flatten', () => [conv({}), tf.layers.globalMaxPooling2d({})]],
  ];

  it.each(cases)('leaves %s to the taped step', (_, middle) => {
    const model = tf.sequential({
      layers: [
        tf.layers.reshape({ inputShape: [64], targetShape: [8, 8, 1] }),
        ...middle(),
        tf.layers.dense({ units: 2 }),
      ],
    });
    expect(convStackOf(model, trainableVariables(model))).toBeNull();
    model.dispose();
  });

  it('leaves the MLP to the dense step', () => {
    const mlp = buildModel({ ...spec, kind: 'mlp' });
    expect(convStackOf(mlp, trainableVariables(mlp))).toBeNull();
    mlp.dispose();
  });
});
