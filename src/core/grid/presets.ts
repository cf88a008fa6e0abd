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
