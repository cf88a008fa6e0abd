/**
 * The written-out convolutional step (convStep.ts) against the generic step on the gradient tape
 * (src/test/stepAgainstTape.ts: bit for bit on the CPU backend, within float32 roundings on WASM,
 * where XNNPACK adds the biases inside its convolutions and products), and which layer stacks it
 * takes.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { outputUnits } from '../core';
import { describeStepAgainstTape, type ModelFactory, type StepCase } from '../test/stepAgainstTape';
import { useWasmForTests } from '../test/wasmBackend';
import { convStackOf } from './convStep';
import { buildModel, trainableVariables } from './models';

beforeAll(useWasmForTests);

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

const CONFIGS: StepCase[] = [
  ['the CNN, softmax + categorical cross-entropy, Adam (the default)', { model: 'cnn' }],
  [
    'the CNN, sparse categorical cross-entropy from logits, int labels, SGD with momentum',
    {
      model: 'cnn',
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
    'a block without a pool, a strided 3×2 pool and a ReLU dense layer, sigmoid + BCE, RMSprop',
    { model: 'cnn', activation: 'sigmoid', loss: 'binary_crossentropy', optimizer: 'rmsprop' },
    otherShapes,
  ],
];

describeStepAgainstTape('conv', CONFIGS);

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
