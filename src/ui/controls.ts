/**
 * What each control is called on the page and the short explanation shown on hover or focus.
 * Option values are the link's values; their labels keep Keras' spelling so that a student can
 * paste them into a notebook.
 */
import type { ControlId, RunConfig } from '../core';
import { LOSSES, LOSS_CATALOGUE, METRICS, METRIC_CATALOGUE } from '../core';

export interface ControlOption {
  value: string;
  label: string;
  disabled?: boolean;
}

export interface ControlMeta {
  label: string;
  help: string;
  options?: readonly ControlOption[];
}

const names = (values: readonly string[]): ControlOption[] =>
  values.map((value) => ({ value, label: value }));

/** Losses by their Keras names, in catalogue order; the ones Keras lacks are marked. */
const lossOptions: ControlOption[] = LOSSES.map((value) => ({
  value,
  label: LOSS_CATALOGUE[value].keras.kind === 'custom' ? `${value} (custom)` : value,
}));

const customLosses = LOSSES.filter((l) => LOSS_CATALOGUE[l].keras.kind === 'custom')
  .map((l) => `${l}: ${LOSS_CATALOGUE[l].summary}`)
  .join('; ');

/** Metrics by their Keras names; LossLab's own multi-label metrics are marked. */
const metricOptions: ControlOption[] = METRICS.map((value) => ({
  value,
  label:
    value !== 'accuracy' && METRIC_CATALOGUE[value].kerasClass === null
      ? `${value} (LossLab)`
      : value,
}));

export const CONTROLS: Readonly<Record<Exclude<ControlId, 'presets'>, ControlMeta>> = {
  task: {
    label: 'Task',
    help: 'Multi-class: each image shows one digit, one of 10 classes. Multi-label: each image shows 1 to 3 different digits in a 2×2 grid, and every digit present is a label.',
    options: [
      { value: 'multiclass', label: 'multi-class' },
      { value: 'multilabel', label: 'multi-label (1–3 digits)' },
    ],
  },
  act: {
    label: 'Output activation',
    help: 'Applied to the 10 outputs of the last Dense layer. softmax: probabilities that sum to 1. sigmoid: 10 independent probabilities. linear: raw scores (logits).',
    options: names(['softmax', 'sigmoid', 'linear']),
  },
  loss: {
    label: 'Loss',
    help: `The loss passed to model.compile(loss=...), by its Keras name. Keras has no loss marked custom; the code export defines it as a function. ${customLosses}.`,
    options: lossOptions,
  },
  from_logits: {
    label: 'from_logits=True',
    help: 'Tells the loss that the outputs are raw logits, so it applies softmax or sigmoid itself. Use it with a linear output.',
  },
  labels: {
    label: 'Label encoding',
    help: 'How y_train is given: integers (y = 3, shape (B,)), one-hot rows (shape (B, 10)) or multi-hot rows.',
    options: [
      { value: 'int', label: 'int: y = 3' },
      { value: 'onehot', label: 'onehot: y = [0,0,0,1,…]' },
      { value: 'multihot', label: 'multihot: several 1s' },
    ],
  },
  metric: {
    label: 'Accuracy metric',
    help: "The metric passed to model.compile(metrics=[...]). 'accuracy' is resolved by Keras from the label and output shapes; the verdict says what it became. The ones marked LossLab are multi-label metrics Keras does not have (hamming_loss: lower is better).",
    options: metricOptions,
  },
  semantics: {
    label: 'Semantics',
    help: 'tf: Keras on TensorFlow, whose cross-entropies reuse the logits cached under a sigmoid or softmax output. plain: Keras on JAX or PyTorch, which apply the probability formulas as written.',
    options: [
      { value: 'tf', label: 'tf: TensorFlow' },
      { value: 'plain', label: 'plain: JAX / PyTorch' },
    ],
  },
  model: {
    label: 'Model',
    help: 'MLP: Flatten → Dense(units, relu) → Dense(10). CNN: two small convolution blocks → Dense(10).',
    options: [
      { value: 'mlp', label: 'MLP (1 hidden layer)' },
      { value: 'cnn', label: 'CNN (2 conv layers)' },
    ],
  },
  units: { label: 'Hidden units', help: 'Units of the MLP hidden layer (1–1024).' },
  opt: {
    label: 'Optimizer',
    help: 'The optimizer, with Keras defaults apart from the learning rate.',
    options: names(['adam', 'sgd', 'rmsprop', 'adagrad', 'adadelta']),
  },
  lr: {
    label: 'Learning rate',
    help: 'Step size of the optimizer (Keras default for Adam: 0.001).',
  },
  momentum: { label: 'Momentum', help: 'SGD momentum, 0 to 0.999 (Keras default 0).' },
  batch: { label: 'Batch size', help: 'Digits per optimizer step (1–1024).' },
  epochs: { label: 'Epochs', help: 'Passes over the training digits (1–100).' },
  train: {
    label: 'Training digits',
    help: 'Digits to train on (1–9,000). Train and test are drawn from the same 10,000 digits without overlap.',
  },
  test: {
    label: 'Test digits',
    help: 'Digits for validation and the final test (train + test ≤ 10,000).',
  },
  seed: {
    label: 'Seed',
    help: 'Fixes the split, the initial weights and the batch order: the same seed gives the same run on the same backend.',
  },
  backend: {
    label: 'Backend',
    help: 'Where TensorFlow.js computes. auto measures the candidates briefly and picks the fastest for this model.',
    options: [
      { value: 'auto', label: 'auto (fastest)' },
      { value: 'webgpu', label: 'webgpu' },
      { value: 'webgl', label: 'webgl' },
      { value: 'wasm', label: 'wasm' },
      { value: 'cpu', label: 'cpu' },
    ],
  },
};

/** Which config field each number control edits. */
export const NUMBER_FIELDS = {
  units: 'units',
  lr: 'learningRate',
  momentum: 'momentum',
  batch: 'batchSize',
  epochs: 'epochs',
  train: 'trainSize',
  test: 'testSize',
  seed: 'seed',
} as const satisfies Partial<Record<ControlId, keyof RunConfig>>;

export type NumberControlId = keyof typeof NUMBER_FIELDS;
