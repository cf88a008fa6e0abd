/**
 * The written-out dense step (denseStep.ts) against the generic step on the gradient tape
 * (src/test/stepAgainstTape.ts: bit for bit on the CPU backend, within a float32 rounding on WASM,
 * where XNNPACK adds the hidden layer's bias inside its product), and which models it takes.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeStepAgainstTape, type StepCase } from '../test/stepAgainstTape';
import { useWasmForTests } from '../test/wasmBackend';
import { denseStackOf } from './denseStep';
import { buildModel, trainableVariables } from './models';

beforeAll(useWasmForTests);

const CONFIGS: StepCase[] = [
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

describeStepAgainstTape('dense', CONFIGS);

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
