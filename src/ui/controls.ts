/**
 * What each control is called on the page and the short explanation shown on hover or focus.
 * Option values are the link's values; their labels keep Keras' spelling so that a student can
 * paste them into a notebook.
 */
import {
  LOSSES,
  LOSS_CATALOGUE,
  METRICS,
  METRIC_CATALOGUE,
  optionsOf,
  type ChoiceField,
  type FieldGroup,
  type FieldKey,
  type RunConfig,
} from '../core';

/** A choice as a select shows it: the configuration's value and its label. */
export interface ControlOption<V extends string = string> {
  value: V;
  label: string;
}

export interface ControlMeta {
  label: string;
  help: string;
  /** Label above a full-width control, for long Keras names. */
  wide?: true;
}

/** The configuration panel's group headings (the field table places each field in one). */
export const GROUP_LEGENDS: Readonly<Record<FieldGroup, string>> = {
  output: 'Output and loss',
  labels: 'Labels and metric',
  model: 'Model and optimizer',
  run: 'Data and run',
};

const DIGIT_QUESTIONS = Object.fromEntries(
  optionsOf('target')
    .filter((t) => t !== 'even')
    .map((t) => [t, `is it a ${t}?`]),
);

const customLosses = LOSSES.filter((l) => LOSS_CATALOGUE[l].keras.kind === 'custom')
  .map((l) => `${l}: ${LOSS_CATALOGUE[l].summary}`)
  .join('; ');

export const CONTROLS: Readonly<Record<FieldKey, ControlMeta>> = {
  task: {
    label: 'Task',
    help: 'Multi-class: each image shows one of the dataset’s classes (10 digits for MNIST). Multi-label: each image shows 1 to 3 different digits in a 2×2 grid, and every digit present is a label. Binary: one yes/no question per image (is it a 3? is it even?), on one output unit or two. Multi-label and binary need digits (MNIST or own IDX files).',
  },
  target: {
    label: 'Question',
    help: 'The binary question: is it the digit D (one against the rest: about 10% of the images say yes), or is it even (about half)?',
  },
  outputs: {
    label: 'Output units',
    help: 'Units of the last Dense layer for the binary task: 1 (the yes probability, Dense(1, sigmoid)) or 2 (one per answer, Dense(2, softmax)).',
  },
  act: {
    label: 'Output activation',
    help: 'Applied to the 10 outputs of the last Dense layer. softmax: probabilities that sum to 1. sigmoid: 10 independent probabilities. linear: raw scores (logits).',
  },
  loss: {
    label: 'Loss',
    wide: true,
    help: `The loss passed to model.compile(loss=...), by its Keras name. Keras has no loss marked custom; the code export defines it as a function. ${customLosses}.`,
  },
  from_logits: {
    label: 'from_logits=True',
    help: 'Tells the loss that the outputs are raw logits, so it applies softmax or sigmoid itself. Use it with a linear output.',
  },
  pos_weight: {
    label: 'pos_weight',
    help: 'How much more a missed yes costs than a false alarm in the weighted binary cross-entropy (0.01–100; LossLab’s default 9). Larger: the model says yes more often, so recall rises and precision falls.',
  },
  labels: {
    label: 'Label encoding',
    help: 'How y_train is given: integers (y = 3, shape (B,)), one-hot rows (shape (B, 10); for the binary task (B, 2)), multi-hot rows, or integers as a column (shape (B, 1), as binary labels often are).',
  },
  metric: {
    label: 'Accuracy metric',
    wide: true,
    help: "The metric passed to model.compile(metrics=[...]). 'accuracy' is resolved by Keras from the label and output shapes; the verdict says what it became. The ones marked LossLab are multi-label metrics Keras does not have (hamming_loss: lower is better).",
  },
  semantics: {
    label: 'Semantics',
    help: 'tf: Keras on TensorFlow, whose cross-entropies reuse the logits cached under a sigmoid or softmax output. plain: Keras on JAX or PyTorch, which apply the probability formulas as written.',
  },
  model: {
    label: 'Model',
    help: 'MLP: Flatten → Dense(units, relu) → Dense(10). CNN: two small convolution blocks → Dense(10).',
  },
  units: { label: 'Hidden units', help: 'Units of the MLP hidden layer (1–1024).' },
  opt: {
    label: 'Optimizer',
    help: 'The optimizer, with Keras defaults apart from the learning rate.',
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
  },
  data: {
    label: 'Data',
    help: 'The images runs train on: a built-in dataset (MNIST digits; Fashion-MNIST clothes, six classes), or your own IDX files (the link then names them by file name, counts and a content hash).',
  },
};

/**
 * Labels of the choices whose value alone says too little. The values and their order come from
 * the field table (`CONFIG_FIELDS`), so a loss or metric added there appears here by itself,
 * labelled by its Keras name.
 */
const OPTION_LABELS: { [K in ChoiceField]?: Partial<Record<RunConfig[K], string>> } = {
  // The losses Keras lacks are marked, as are LossLab's own multi-label metrics (catalogues).
  loss: Object.fromEntries(
    LOSSES.filter((l) => LOSS_CATALOGUE[l].keras.kind === 'custom').map((l) => [
      l,
      `${l} (custom)`,
    ]),
  ),
  metric: Object.fromEntries(
    METRICS.filter((m) => m !== 'accuracy' && METRIC_CATALOGUE[m].kerasClass === null).map((m) => [
      m,
      `${m} (LossLab)`,
    ]),
  ),
  task: {
    multiclass: 'multi-class',
    multilabel: 'multi-label (1–3 digits)',
    binary: 'binary (one question)',
  },
  target: { even: 'even or odd', ...DIGIT_QUESTIONS },
  labels: {
    int: 'int: y = 3',
    onehot: 'onehot: y = [0,0,0,1,…]',
    multihot: 'multihot: several 1s',
    column: 'column: y = [[3]], (B, 1)',
  },
  semantics: { tf: 'tf: TensorFlow', plain: 'plain: JAX / PyTorch' },
  model: { mlp: 'MLP (1 hidden layer)', cnn: 'CNN (2 conv layers)' },
  backend: { auto: 'auto (fastest)' },
};

/** The options of a choice field, in the table's order, with their labels. */
export function optionsFor<K extends ChoiceField>(field: K): ControlOption<RunConfig[K]>[] {
  const labels: Partial<Record<RunConfig[K], string>> | undefined = OPTION_LABELS[field];
  return optionsOf(field).map((value) => ({ value, label: labels?.[value] ?? value }));
}
