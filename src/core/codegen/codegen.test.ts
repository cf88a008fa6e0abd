import { describe, expect, it } from 'vitest';
import type { RunConfig } from '../config';
import { POS_WEIGHT } from '../catalogue';
import { DEFAULT_CONFIG, OPTIMIZERS } from '../config';
import { CODE_TARGETS, generateCode } from '.';
import { kerasOptimizer } from './keras';
import { planCode } from './plan';
import { torchOptimizer } from './pytorch';
import { tfjsOptimizer } from './tfjs';

interface SyntaxModule {
  parsePython: (sources: readonly string[]) => { index: number; error: string }[];
  parseJsModules: (sources: readonly string[]) => { index: number; error: string }[];
}
const syntaxPath = '../../test/syntax';
const loadSyntax = () => import(/* @vite-ignore */ syntaxPath) as Promise<SyntaxModule>;

/** The comment block right above `line`, unwrapped into one string. */
function commentAbove(code: string, line: string): string {
  const lines = code.split('\n');
  let i = lines.indexOf(line) - 1;
  const block: string[] = [];
  while (i >= 0 && (lines[i] ?? '').startsWith('# ')) block.unshift((lines[i--] ?? '').slice(2));
  return block.join(' ');
}

const cfg = (overrides: Partial<RunConfig>): RunConfig => ({ ...DEFAULT_CONFIG, ...overrides });

describe('syntax checkers (negative controls)', () => {
  it('report broken Python and JavaScript by index', async () => {
    const { parsePython, parseJsModules } = await loadSyntax();
    expect(parsePython(['x = 1', 'def f(:\n  pass', 'y = [1,'])).toMatchObject([
      { index: 1 },
      { index: 2 },
    ]);
    expect(
      parseJsModules(["import * as tf from 'x';\nconst a = 1;", 'const = 2;', 'function f( {']),
    ).toMatchObject([{ index: 1 }, { index: 2 }]);
  });
});

describe('optimizers and number literals', () => {
  it('writes every optimizer with any learning rate as a parseable expression', async () => {
    const rates = [0.001, 1e-6, 1e-7, 1, 10, 0.5];
    const py: string[] = [];
    const js: string[] = [];
    for (const optimizer of OPTIMIZERS)
      for (const learningRate of rates)
        for (const momentum of [0, 0.9]) {
          const c = cfg({ optimizer, learningRate, momentum });
          py.push(`x = ${kerasOptimizer(c)}\ny = ${torchOptimizer(c)}`);
          js.push(`const x = ${tfjsOptimizer(c)};`);
        }
    const { parsePython, parseJsModules } = await loadSyntax();
    expect(parsePython(py)).toEqual([]);
    expect(parseJsModules(js)).toEqual([]);
    expect(kerasOptimizer(cfg({ learningRate: 1e-7 }))).toBe(
      'keras.optimizers.Adam(learning_rate=1e-7)',
    );
    expect(kerasOptimizer(cfg({ optimizer: 'sgd', learningRate: 1, momentum: 0 }))).toBe(
      'keras.optimizers.SGD(learning_rate=1.0, momentum=0.0)',
    );
    expect(tfjsOptimizer(cfg({ optimizer: 'sgd', learningRate: 0.01 }))).toBe('tf.train.sgd(0.01)');
  });

  it('carries batch size, epochs, sizes and seed', () => {
    const c = cfg({ batchSize: 32, epochs: 3, trainSize: 500, testSize: 200, seed: 7, units: 64 });
    const keras = generateCode(c, 'keras').code;
    expect(keras).toContain('batch_size=32,');
    expect(keras).toContain('epochs=3,');
    expect(keras).toContain('TRAIN_SIZE = 500\nTEST_SIZE = 200');
    expect(keras).toContain('SEED = 7');
    expect(keras).toContain('layers.Dense(64, activation="relu")');
    const torch = generateCode(c, 'pytorch').code;
    expect(torch).toContain('BATCH_SIZE = 32\nEPOCHS = 3');
    expect(torch).toContain('nn.Linear(28 * 28, 64),');
    const tfjs = generateCode(c, 'tfjs').code;
    expect(tfjs).toContain('const TRAIN_SIZE = 500;');
    expect(tfjs).toContain('batchSize: 32,');
  });
});

describe('Keras export', () => {
  it('exports the default experiment as the textbook script', () => {
    const { code, notes } = generateCode(DEFAULT_CONFIG, 'keras');
    expect(code).toContain('layers.Dense(NUM_CLASSES, activation="softmax"),');
    expect(code).toContain('loss=keras.losses.CategoricalCrossentropy(from_logits=False),');
    expect(code).toContain('optimizer=keras.optimizers.Adam(learning_rate=0.001),');
    expect(code).toContain('metrics=["accuracy"],');
    expect(code).toContain('y_train = keras.utils.to_categorical(y_train, NUM_CLASSES)');
    expect(code).not.toContain('Keras raises');
    expect(notes.join(' ')).toContain('categorical_accuracy');
  });

  it('keeps logits with from_logits=True', () => {
    const c = cfg({
      activation: 'linear',
      loss: 'sparse_categorical_crossentropy',
      fromLogits: true,
      labels: 'int',
    });
    const { code } = generateCode(c, 'keras');
    expect(code).toContain('loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),');
    expect(code).toContain('layers.Dense(NUM_CLASSES),  # linear: logits');
    expect(code).not.toContain('to_categorical');
  });

  it('reproduces an error configuration and marks the failing call', () => {
    const c = cfg({ loss: 'sparse_categorical_crossentropy', labels: 'onehot' });
    const { code, notes } = generateCode(c, 'keras');
    expect(commentAbove(code, 'history = model.fit(')).toContain(
      'Argument `output` must have rank (ndim) `target.ndim - 1`',
    );
    expect(code).toContain('# This configuration is an error in Keras');
    expect(notes[0]).toMatch(/^Keras raises ValueError/);
  });

  it('writes from_logits into MSE, so compile raises the TypeError, marked before compile', () => {
    const { code } = generateCode(cfg({ loss: 'mean_squared_error', fromLogits: true }), 'keras');
    expect(code).toContain('loss=keras.losses.MeanSquaredError(from_logits=True),');
    expect(commentAbove(code, 'model.compile(')).toContain(
      "unexpected keyword argument 'from_logits'",
    );
  });

  it('passes Keras warnings on and explains the logits cache', () => {
    const c = cfg({ activation: 'sigmoid', loss: 'binary_crossentropy', fromLogits: true });
    const { code, notes } = generateCode(c, 'keras');
    expect(code).toContain('# Keras warns:');
    expect(notes.some((n) => n.includes('does not represent logits'))).toBe(true);
    const cross = generateCode(
      cfg({ activation: 'softmax', loss: 'binary_crossentropy' }),
      'keras',
    );
    expect(cross.notes.join(' ')).toContain("sigmoid cross-entropy of the softmax's logits");
  });

  it('uses the JAX backend for plain semantics and says when the activation applies twice', () => {
    const c = cfg({ semantics: 'plain', fromLogits: true });
    const { code, notes } = generateCode(c, 'keras');
    expect(code).toContain('os.environ["KERAS_BACKEND"] = "jax"');
    expect(notes.join(' ')).toContain('applied twice');
  });

  it('adds label smoothing where the loss takes it', () => {
    const { code } = generateCode(DEFAULT_CONFIG, 'keras', { labelSmoothing: 0.1 });
    expect(code).toContain('CategoricalCrossentropy(from_logits=False, label_smoothing=0.1)');
    const torch = generateCode(DEFAULT_CONFIG, 'pytorch', { labelSmoothing: 0.1 }).code;
    expect(torch).toContain('loss_fn = nn.CrossEntropyLoss(label_smoothing=0.1)');
    const sparse = cfg({ loss: 'sparse_categorical_crossentropy', labels: 'int' });
    expect(generateCode(sparse, 'keras', { labelSmoothing: 0.1 }).code).not.toContain(
      'label_smoothing',
    );
  });

  it('exports the multi-label variant with composed 56×56 images and threshold metrics', () => {
    const c = cfg({
      task: 'multilabel',
      activation: 'sigmoid',
      loss: 'binary_crossentropy',
      labels: 'int',
      metric: 'accuracy',
      model: 'cnn',
    });
    const { code, notes } = generateCode(c, 'keras');
    expect(code).toContain('def compose_multilabel(images, digits, count, rng):');
    expect(code).toContain('keras.Input(shape=(56, 56, 1)),');
    expect(code).toContain('layers.Flatten(),  # 16 x 12 x 12');
    expect(code).toContain(
      'metrics=["accuracy", "binary_accuracy", subset_accuracy, hamming_loss],',
    );
    expect(code).toContain('def subset_accuracy(y_true, y_pred):');
    expect(notes.join(' ')).toContain('multi-hot targets');
    expect(planCode(c).failure).toBeUndefined();
  });

  it('defines the weighted loss with tf.nn on TensorFlow and keras.ops elsewhere', () => {
    const c = cfg({ activation: 'linear', loss: 'weighted_binary_crossentropy' });
    expect(generateCode(c, 'keras').code).toContain(
      'tf.nn.weighted_cross_entropy_with_logits(y_true, y_pred, POS_WEIGHT)',
    );
    // The catalogue's one pos_weight, the engine's and the lab's.
    for (const target of CODE_TARGETS) {
      expect(generateCode(c, target).code).toContain(`POS_WEIGHT = ${POS_WEIGHT}.0`);
    }
    expect(generateCode({ ...c, semantics: 'plain' }, 'keras').code).not.toContain(
      'import tensorflow',
    );
  });
});

describe('PyTorch export', () => {
  it('drops the softmax layer and uses CrossEntropyLoss on logits with Long class ids', () => {
    const c = cfg({ loss: 'sparse_categorical_crossentropy', labels: 'int' });
    const { code, notes } = generateCode(c, 'pytorch');
    expect(code).toContain('loss_fn = nn.CrossEntropyLoss()');
    expect(code).toContain('return loss_fn(z, y)');
    expect(code).toContain('y_train = torch.tensor(y_train, dtype=torch.long)');
    expect(code).toContain('"accuracy": sparse_categorical_accuracy,');
    expect(notes.join(' ')).toContain('The softmax layer moves out of the model');
  });

  it('uses BCEWithLogitsLoss for sigmoid + BCE', () => {
    const c = cfg({ activation: 'sigmoid', loss: 'binary_crossentropy' });
    expect(generateCode(c, 'pytorch').code).toContain('loss_fn = nn.BCEWithLogitsLoss()');
  });

  it("writes Keras' clipped formulas for probability paths", () => {
    const c = cfg({ activation: 'sigmoid', loss: 'binary_crossentropy', semantics: 'plain' });
    const { code, notes } = generateCode(c, 'pytorch');
    expect(code).toContain('p = p.clamp(EPS, 1 - EPS)');
    expect(code).toContain('EPS = 1e-7');
    expect(notes.join(' ')).toContain('nn.BCELoss is not Keras');
  });

  it('says when PyTorch accepts what Keras rejects', () => {
    const c = cfg({ loss: 'sparse_categorical_crossentropy', labels: 'onehot' });
    expect(generateCode(c, 'pytorch').notes.join(' ')).toContain(
      'CrossEntropyLoss accepts these labels',
    );
  });
});

describe('TF.js export', () => {
  it('uses camelCase strings and the old accuracy rule', () => {
    const c = cfg({ loss: 'binary_crossentropy' });
    const { code, notes } = generateCode(c, 'tfjs');
    expect(code).toContain("loss: 'binaryCrossentropy',");
    expect(code).toContain("metrics: ['accuracy'],");
    expect(notes.join(' ')).toContain('binaryAccuracy and names it "acc"');
    expect(notes.join(' ')).toContain('Keras 3 computes categorical_accuracy instead');
  });

  it('passes functions for metrics TF.js has no string for', () => {
    const sparse = cfg({
      loss: 'sparse_categorical_crossentropy',
      labels: 'int',
      metric: 'sparse_categorical_accuracy',
    });
    expect(generateCode(sparse, 'tfjs').code).toContain(
      'metrics: [tf.metrics.sparseCategoricalAccuracy],',
    );
    const topK = cfg({ metric: 'top_k_categorical_accuracy' });
    const code = generateCode(topK, 'tfjs').code;
    expect(code).toContain('function topKCategoricalAccuracy(yTrue, yPred)');
    expect(code).toContain('metrics: [topKCategoricalAccuracy],');
  });

  it('calls tf.losses for from_logits, with one-hot targets for the sparse loss', () => {
    const c = cfg({
      activation: 'linear',
      loss: 'sparse_categorical_crossentropy',
      fromLogits: true,
      labels: 'int',
    });
    const { code, notes } = generateCode(c, 'tfjs');
    expect(code).toContain('tf.losses.softmaxCrossEntropy(yTrue, yPred');
    expect(code).toContain(
      "const yTrain = tf.oneHot(tf.tensor1d(train.labels, 'int32'), NUM_CLASSES)",
    );
    expect(notes.join(' ')).toContain('class ids become one-hot targets');
  });
});
