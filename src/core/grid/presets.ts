/**
 * Built-in grids. `classic` is the lesson's table: for integer and one-hot labels, every output
 * activation (none, sigmoid, softmax) against binary, categorical and sparse categorical
 * cross-entropy, with `from_logits=True` where the output is linear. 18 cells: the 9 Keras
 * rejects are listed with its message, the 9 others are trained.
 */
import type { RunConfig } from '../config';
import type { GridAxes, GridSpec } from './spec';

export interface GridPreset {
  id: string;
  title: string;
  /** What the grid shows, in a sentence. */
  lesson: string;
  axes: GridAxes;
  /** Base fields the preset sets (the rest come from the page's configuration). */
  base: Partial<RunConfig>;
}

const CROSS_ENTROPIES = [
  'binary_crossentropy',
  'categorical_crossentropy',
  'sparse_categorical_crossentropy',
] as const;

/** The `pos_weight` values the recall grid and its lesson sweep, below and above 1. */
export const POS_WEIGHT_SWEEP = [0.3, 1, 3, 9, 27] as const;

export const GRID_PRESETS: readonly GridPreset[] = [
  {
    id: 'classic',
    title: 'The classic table',
    lesson:
      'Integer and one-hot labels × none/sigmoid/softmax × the three cross-entropies: which ' +
      'combinations Keras rejects, which train, and how well.',
    axes: {
      labels: ['int', 'onehot'],
      activation: ['linear', 'sigmoid', 'softmax'],
      loss: CROSS_ENTROPIES,
      fromLogits: ['auto'],
    },
    base: { task: 'multiclass', metric: 'accuracy' },
  },
  {
    id: 'semantics',
    title: 'TensorFlow vs plain semantics',
    lesson:
      'The same activations and losses on one-hot labels, under Keras on TensorFlow (cached ' +
      'logits) and on JAX/PyTorch (probabilities only).',
    axes: {
      activation: ['sigmoid', 'softmax'],
      loss: ['binary_crossentropy', 'categorical_crossentropy'],
      semantics: ['tf', 'plain'],
    },
    base: { task: 'multiclass', labels: 'onehot', fromLogits: false, metric: 'accuracy' },
  },
  {
    id: 'metrics',
    title: 'Which accuracy?',
    lesson:
      'One model, softmax + categorical cross-entropy, read through every accuracy metric: ' +
      'which ones Keras rejects and which ones mislead.',
    axes: {
      metric: [
        'accuracy',
        'binary_accuracy',
        'categorical_accuracy',
        'sparse_categorical_accuracy',
      ],
    },
    base: {
      task: 'multiclass',
      activation: 'softmax',
      loss: 'categorical_crossentropy',
      labels: 'onehot',
      fromLogits: false,
    },
  },
  {
    id: 'binary-classic',
    title: 'Binary: the classic mistakes',
    lesson:
      '“Is it a 3?” on one output unit: sigmoid, softmax and no activation against the three ' +
      'cross-entropies. Softmax on one unit says yes to every digit (precision = the share of 3s, ' +
      'recall 1); which pairs Keras rejects, and which learn.',
    axes: {
      activation: ['sigmoid', 'softmax', 'linear'],
      loss: CROSS_ENTROPIES,
    },
    base: {
      task: 'binary',
      target: '3',
      outputs: 1,
      labels: 'column',
      fromLogits: false,
      metric: 'accuracy',
      semantics: 'tf',
    },
  },
  {
    id: 'binary-units',
    title: 'Binary: one unit or two',
    lesson:
      'One sigmoid unit with binary cross-entropy against two softmax units with categorical ' +
      'cross-entropy, on answers as a (B, 1) column and as one-hot rows of two: the two textbook ' +
      'pairs end close together in accuracy, precision, recall and AUC.',
    axes: {
      outputs: [1, 2],
      labels: ['column', 'onehot'],
      activation: ['sigmoid', 'softmax'],
      loss: ['binary_crossentropy', 'categorical_crossentropy'],
    },
    base: { task: 'binary', target: 'even', fromLogits: false, metric: 'accuracy' },
  },
  {
    id: 'pos-weight',
    title: 'Binary: pos_weight and recall',
    lesson:
      '“Is it a 7?”, about one digit in ten, with the weighted binary cross-entropy on one ' +
      'linear unit. pos_weight multiplies what a missed 7 costs: as it grows the model answers ' +
      'yes more often, so recall rises and precision falls.',
    axes: { posWeight: POS_WEIGHT_SWEEP },
    base: {
      task: 'binary',
      target: '7',
      outputs: 1,
      labels: 'column',
      activation: 'linear',
      loss: 'weighted_binary_crossentropy',
      fromLogits: false,
      metric: 'accuracy',
    },
  },
  {
    id: 'learning-rate',
    title: 'Learning rate × optimizer',
    lesson: 'The textbook setup under three learning rates and two optimizers.',
    axes: { optimizer: ['adam', 'sgd'], learningRate: [0.0001, 0.001, 0.01] },
    base: {
      task: 'multiclass',
      activation: 'softmax',
      loss: 'sparse_categorical_crossentropy',
      labels: 'int',
      fromLogits: false,
      metric: 'accuracy',
    },
  },
];

export function getGridPreset(id: string): GridPreset | undefined {
  return GRID_PRESETS.find((preset) => preset.id === id);
}

/** The preset applied on top of a configuration (sizes, model, seed and epochs are kept). */
export function gridFromPreset(preset: GridPreset, config: RunConfig): GridSpec {
  return { base: { ...config, ...preset.base }, axes: preset.axes };
}
