import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config';
import { kerasOptimizer } from '../codegen/keras';
import { torchOptimizer } from '../codegen/pytorch';
import { tfjsOptimizer } from '../codegen/tfjs';
import { explainDivergence } from '../history';
import { OPTIMIZERS, optimizerEntry, optimizerKeywords } from './optimizers';

describe('optimizer catalogue', () => {
  it.each(OPTIMIZERS)('%s: every exporter keyword names a Keras keyword it has', (name) => {
    const entry = optimizerEntry(name);
    const keywords = Object.keys(optimizerKeywords({ optimizer: name, momentum: 0.5 }));
    for (const keras of Object.values(entry.torch.keywords)) expect(keywords).toContain(keras);
    for (const arg of [...entry.tfjs.args, ...(entry.tfjsWithMomentum?.args ?? [])]) {
      expect(keywords).toContain(arg);
    }
  });

  it.each([
    [
      'adam',
      0,
      'keras.optimizers.Adam(learning_rate=0.01)',
      'torch.optim.Adam(model.parameters(), lr=0.01, eps=1e-07)',
      'tf.train.adam(0.01, 0.9, 0.999, 1e-7)',
    ],
    [
      'sgd',
      0,
      'keras.optimizers.SGD(learning_rate=0.01, momentum=0.0)',
      'torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.0)',
      'tf.train.sgd(0.01)',
    ],
    [
      'sgd',
      0.9,
      'keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)',
      'torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)',
      'tf.train.momentum(0.01, 0.9)',
    ],
    [
      'rmsprop',
      0.9,
      'keras.optimizers.RMSprop(learning_rate=0.01)',
      'torch.optim.RMSprop(model.parameters(), lr=0.01, alpha=0.9, eps=1e-07)',
      'tf.train.rmsprop(0.01, 0.9, 0, 1e-7)',
    ],
    [
      'adagrad',
      0,
      'keras.optimizers.Adagrad(learning_rate=0.01)',
      'torch.optim.Adagrad(model.parameters(), lr=0.01, initial_accumulator_value=0.1, eps=1e-07)',
      'tf.train.adagrad(0.01, 0.1)',
    ],
    [
      'adadelta',
      0,
      'keras.optimizers.Adadelta(learning_rate=0.01)',
      'torch.optim.Adadelta(model.parameters(), lr=0.01, rho=0.95, eps=1e-07)',
      'tf.train.adadelta(0.01, 0.95, 1e-7)',
    ],
  ] as const)('%s (momentum %s) in Keras, PyTorch and TF.js', (optimizer, momentum, k, t, j) => {
    const config = { ...DEFAULT_CONFIG, optimizer, momentum, learningRate: 0.01 };
    expect([kerasOptimizer(config), torchOptimizer(config), tfjsOptimizer(config)]).toEqual([
      k,
      t,
      j,
    ]);
  });

  it.each(OPTIMIZERS)(
    "%s: the divergence hint blames the learning rate from the entry's bound",
    (name) => {
      const bound = optimizerEntry(name).highLearningRate;
      const at = (learningRate: number) =>
        explainDivergence({ ...DEFAULT_CONFIG, optimizer: name, learningRate }, NaN);
      expect(at(bound)).toContain(`too high for ${name}`);
      expect(at(bound / 2)).not.toContain('too high');
    },
  );
});
