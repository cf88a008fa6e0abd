/**
 * The binary task's exports: one or two output units, the question's 0/1 answers built from the
 * digits as the page builds them, labels of the chosen shape, and `'accuracy'` resolved for the
 * task's output. (That the Keras script prints the page's numbers is
 * src/worker/notebookExport.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import type { RunConfig } from '../config';
import { DEFAULT_CONFIG } from '../config';
import { generateCode } from '.';
import { planCode } from './plan';

const binary = (overrides: Partial<RunConfig>): RunConfig => ({
  ...DEFAULT_CONFIG,
  task: 'binary',
  target: '3',
  outputs: 1,
  activation: 'sigmoid',
  loss: 'binary_crossentropy',
  labels: 'column',
  ...overrides,
});

const lines = (code: string) => code.split('\n');

describe("planCode follows the binary task's output", () => {
  it.each([
    [1, 'int', 'binary_accuracy'],
    [1, 'column', 'binary_accuracy'],
    [1, 'onehot', 'binary_accuracy'],
    [2, 'onehot', 'categorical_accuracy'],
    [2, 'multihot', 'categorical_accuracy'],
    [2, 'int', 'sparse_categorical_accuracy'],
    [2, 'column', 'sparse_categorical_accuracy'],
  ] as const)("%i unit(s), %s labels: 'accuracy' is %s", (outputs, labels, metric) => {
    const plan = planCode(binary({ outputs, labels, metric: 'accuracy' }));
    expect(plan).toMatchObject({ binary: true, outputs, classes: 2 });
    expect(plan.accuracyResolvesTo).toBe(metric);
  });

  it('leaves the ten-digit tasks as they were', () => {
    const plan = planCode({ ...DEFAULT_CONFIG, labels: 'int' });
    expect(plan).toMatchObject({ binary: false, outputs: 10, classes: 10 });
    expect(plan.accuracyResolvesTo).toBe('sparse_categorical_accuracy');
  });
});

describe('Keras export of the binary task', () => {
  it('one sigmoid unit: the answers to "is it a 3?" as a float32 column, Dense(1)', () => {
    const { code, notes } = generateCode(binary({}), 'keras');
    expect(code).toContain('NUM_CLASSES = 2  # the answers: 0 (no) and 1 (yes)\nOUTPUT_UNITS = 1');
    expect(code).toContain('layers.Dense(OUTPUT_UNITS, activation="sigmoid"),');
    // The answers replace the digits right after the split, before any encoding.
    const at = (l: string) => lines(code).indexOf(l);
    expect(at('y_train = (y_train == 3).astype("uint8")')).toBeGreaterThan(
      at('x_train, y_train = x_all[train_idx], y_all[train_idx]'),
    );
    expect(at('y_train = y_train.reshape(-1, 1).astype("float32")')).toBeGreaterThan(
      at('y_train = (y_train == 3).astype("uint8")'),
    );
    expect(code).not.toContain('to_categorical');
    expect(code).toContain(
      '# LossLab export, Keras 3 (tensorflow backend): binary ("Is it a 3?", 1 output unit) MLP',
    );
    expect(notes.join(' ')).toContain('"Is it a 3?"');
    expect(notes.join(' ')).toContain('to binary_accuracy');
  });

  it('two softmax units on "is it even?": one-hot rows of two', () => {
    const config = binary({
      target: 'even',
      outputs: 2,
      activation: 'softmax',
      loss: 'categorical_crossentropy',
      labels: 'onehot',
    });
    const { code } = generateCode(config, 'keras');
    expect(code).toContain('OUTPUT_UNITS = 2');
    expect(code).toContain('y_test = (y_test % 2 == 0).astype("uint8")');
    expect(code).toContain('# Labels: one-hot rows of shape (B, 2).');
    expect(code).toContain('y_train = keras.utils.to_categorical(y_train, NUM_CLASSES)');
    expect(code).toContain('layers.Dense(OUTPUT_UNITS, activation="softmax"),');
  });

  it("the Colab version loads Keras' MNIST and builds the same answers from its digits", () => {
    const { code } = generateCode(binary({ labels: 'int' }), 'keras', { data: 'framework' });
    const at = (l: string) => lines(code).indexOf(l);
    expect(
      at('(x_train_all, y_train_all), (x_test_all, y_test_all) = keras.datasets.mnist.load_data()'),
    ).toBeGreaterThan(0);
    expect(at('y_train = (y_train == 3).astype("uint8")')).toBeGreaterThan(
      at('x_train, y_train = x_train_all[train_idx], y_train_all[train_idx]'),
    );
    expect(code).toContain('# Labels: 0/1 answers of shape (B,).');
  });

  it('softmax on one unit: the warning Keras prints, in the script', () => {
    const { code } = generateCode(binary({ activation: 'softmax', labels: 'int' }), 'keras');
    expect(code).toMatch(/# Keras warns: .*softmax/i);
  });
});

describe('PyTorch export of the binary task', () => {
  it('one unit + BCE: BCEWithLogitsLoss on the logit, (B, 1) float labels', () => {
    const { code } = generateCode(binary({}), 'pytorch');
    expect(code).toContain('nn.Linear(128, OUTPUT_UNITS),  # logits z');
    expect(code).toContain('loss_fn = nn.BCEWithLogitsLoss()');
    expect(code).toContain('    return loss_fn(z, y)');
    expect(code).toContain('y_train = torch.tensor(y_train, dtype=torch.float32).unsqueeze(1)');
    expect(code).toContain('y_train = (y_train == 3).astype("uint8")');
  });

  it('one unit + (B,) answers: Keras expands them to the output, so the script does too', () => {
    const { code } = generateCode(binary({ labels: 'int', metric: 'accuracy' }), 'pytorch');
    const loss = code.slice(code.indexOf('def compute_loss(z, y):'));
    expect(loss).toMatch(/"""\n {4}y = y\.unsqueeze\(-1\)\.float\(\) {2}# Keras expands/);
    const metric = code.slice(code.indexOf('def binary_accuracy(y_true, y_pred):'));
    expect(metric.split('\n')[1]).toContain('y_true = y_true.unsqueeze(-1).float()');
    expect(code).toContain('"accuracy": binary_accuracy,');
  });

  it('two softmax units + CCE: CrossEntropyLoss, the two-unit equivalent', () => {
    const config = binary({
      outputs: 2,
      activation: 'softmax',
      loss: 'sparse_categorical_crossentropy',
      labels: 'int',
    });
    const { code, notes } = generateCode(config, 'pytorch');
    expect(code).toContain('loss_fn = nn.CrossEntropyLoss()');
    expect(code).not.toContain('unsqueeze(-1)');
    expect(notes.join(' ')).toContain('float one-hot rows (B, 2)');
  });

  it('a (B, 1) column of class ids is squeezed for the sparse loss, as Keras squeezes it', () => {
    const config = binary({
      outputs: 2,
      activation: 'softmax',
      loss: 'sparse_categorical_crossentropy',
    });
    const { code } = generateCode(config, 'pytorch');
    expect(code).toContain('    y = y.squeeze(-1).long()  # Keras squeezes');
  });

  it('pos_weight is one weight for every unit, whatever their number', () => {
    const config = binary({ activation: 'linear', loss: 'weighted_binary_crossentropy' });
    const { code } = generateCode(config, 'pytorch');
    expect(code).toContain('nn.BCEWithLogitsLoss(pos_weight=torch.tensor(POS_WEIGHT))');
  });
});

describe('TF.js export of the binary task', () => {
  it("the answers from the app's split, OUTPUT_UNITS units, a [B, 1] column", () => {
    const { code, notes } = generateCode(binary({ metric: 'accuracy' }), 'tfjs');
    expect(code).toContain('const OUTPUT_UNITS = 1;');
    expect(code).toContain("units: OUTPUT_UNITS, activation: 'sigmoid'");
    expect(code).toContain('  const answer = (digit) => (digit === 3 ? 1 : 0);');
    expect(code).toContain(
      "  const yTrain = tf.tensor2d(train.labels, [train.count, 1], 'float32'); // 0/1 answers as a column [B, 1]",
    );
    expect(notes.join(' ')).toContain('binaryAccuracy');
  });

  it('one unit with categorical cross-entropy: TF.js still says binaryAccuracy (one unit)', () => {
    const config = binary({ loss: 'categorical_crossentropy', metric: 'accuracy' });
    const { notes } = generateCode(config, 'tfjs');
    expect(notes.join(' ')).toContain(
      "resolves 'accuracy' by the old loss-based rule to binaryAccuracy",
    );
  });
});
