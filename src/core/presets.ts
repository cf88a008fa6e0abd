/**
 * The classic experiments, one click each: which output activation, loss and label encoding a
 * Keras classifier combines. A preset sets only those choices (and the metric `accuracy`), so the
 * model, optimizer, sizes, seed and backend a student or a link chose stay as they are.
 */
import type { RunConfig } from './config';

export const PRESET_GROUPS = [
  'int',
  'onehot',
  'errors',
  'binary',
  'multilabel',
  'binarytask',
] as const;
export type PresetGroup = (typeof PRESET_GROUPS)[number];

export const PRESET_GROUP_TITLES: Readonly<Record<PresetGroup, string>> = {
  int: 'Integer labels + sparse categorical cross-entropy',
  onehot: 'One-hot labels + categorical cross-entropy',
  errors: 'Combinations Keras rejects',
  binary: 'Binary cross-entropy on one-hot labels',
  multilabel: 'Multi-label: 1 to 3 digits per image, multi-hot labels',
  binarytask: 'Binary task: one yes/no question, Dense(1), labels of shape (B, 1)',
};

/** The fields a preset sets (the binary task's presets also set the output units). */
export type PresetChoice = Pick<
  RunConfig,
  'task' | 'activation' | 'loss' | 'fromLogits' | 'labels' | 'metric'
> &
  Partial<Pick<RunConfig, 'outputs'>>;

export interface Preset {
  /** Stable id, used in tests and as the button's test id. */
  id: string;
  group: PresetGroup;
  /** Short button text, e.g. "sigmoid + SCCE". */
  title: string;
  /** What the experiment shows, in a sentence. */
  lesson: string;
  /**
   * What a student should expect: a normal run, a configuration Keras refuses on every backend,
   * or one only Keras on TensorFlow refuses (JAX and PyTorch run it).
   */
  expect: 'trains' | 'keras-error' | 'tf-error';
  choice: PresetChoice;
}

const base = { task: 'multiclass', fromLogits: false, metric: 'accuracy' } as const;
/** Multi-label runs score every digit (binary_accuracy); the results add subset accuracy. */
const multi = {
  task: 'multilabel',
  fromLogits: false,
  labels: 'multihot',
  metric: 'binary_accuracy',
} as const;

/** The binary task on one output unit, 0/1 labels as a (B, 1) column (the question stays). */
const one = {
  task: 'binary',
  outputs: 1,
  fromLogits: false,
  labels: 'column',
  metric: 'accuracy',
} as const;

export const PRESETS: readonly Preset[] = [
  {
    id: 'int-softmax-scce',
    group: 'int',
    title: 'softmax + SCCE',
    lesson: 'The textbook pairing for integer labels: softmax outputs, sparse cross-entropy.',
    expect: 'trains',
    choice: {
      ...base,
      activation: 'softmax',
      loss: 'sparse_categorical_crossentropy',
      labels: 'int',
    },
  },
  {
    id: 'int-sigmoid-scce',
    group: 'int',
    title: 'sigmoid + SCCE',
    lesson:
      'A sigmoid output with sparse cross-entropy: under TensorFlow semantics Keras takes the ' +
      'logits under the sigmoid and applies a softmax cross-entropy to them, so it trains like ' +
      'softmax; under the plain semantics the sigmoid outputs are normalised instead.',
    expect: 'trains',
    choice: {
      ...base,
      activation: 'sigmoid',
      loss: 'sparse_categorical_crossentropy',
      labels: 'int',
    },
  },
  {
    id: 'int-linear-scce-logits',
    group: 'int',
    title: 'linear + SCCE (from_logits=True)',
    lesson: 'No output activation: the loss applies the softmax itself, as from_logits=True says.',
    expect: 'trains',
    choice: {
      ...base,
      activation: 'linear',
      loss: 'sparse_categorical_crossentropy',
      fromLogits: true,
      labels: 'int',
    },
  },
  {
    id: 'onehot-softmax-cce',
    group: 'onehot',
    title: 'softmax + CCE',
    lesson: 'The textbook pairing for one-hot labels: softmax outputs, categorical cross-entropy.',
    expect: 'trains',
    choice: { ...base, activation: 'softmax', loss: 'categorical_crossentropy', labels: 'onehot' },
  },
  {
    id: 'onehot-sigmoid-cce',
    group: 'onehot',
    title: 'sigmoid + CCE',
    lesson:
      'A sigmoid output with categorical cross-entropy: the same story as sigmoid + SCCE, with ' +
      'one-hot labels.',
    expect: 'trains',
    choice: { ...base, activation: 'sigmoid', loss: 'categorical_crossentropy', labels: 'onehot' },
  },
  {
    id: 'onehot-linear-cce-logits',
    group: 'onehot',
    title: 'linear + CCE (from_logits=True)',
    lesson: 'Logits out, softmax inside the loss: numerically the most stable way to write it.',
    expect: 'trains',
    choice: {
      ...base,
      activation: 'linear',
      loss: 'categorical_crossentropy',
      fromLogits: true,
      labels: 'onehot',
    },
  },
  {
    id: 'error-int-bce',
    group: 'errors',
    title: 'integer labels + BCE',
    lesson: 'Binary cross-entropy needs a target per output unit; one integer per digit is not.',
    expect: 'keras-error',
    choice: { ...base, activation: 'sigmoid', loss: 'binary_crossentropy', labels: 'int' },
  },
  {
    id: 'error-int-cce',
    group: 'errors',
    title: 'integer labels + CCE',
    lesson: 'Categorical cross-entropy wants one-hot rows; integer labels need the sparse loss.',
    expect: 'keras-error',
    choice: { ...base, activation: 'softmax', loss: 'categorical_crossentropy', labels: 'int' },
  },
  {
    id: 'error-onehot-scce',
    group: 'errors',
    title: 'one-hot labels + SCCE',
    lesson: 'Sparse cross-entropy wants integer labels; one-hot rows need the categorical loss.',
    expect: 'keras-error',
    choice: {
      ...base,
      activation: 'softmax',
      loss: 'sparse_categorical_crossentropy',
      labels: 'onehot',
    },
  },
  {
    id: 'onehot-sigmoid-bce',
    group: 'binary',
    title: 'sigmoid + BCE',
    lesson:
      'Ten independent yes/no outputs: it trains, and which accuracy `accuracy` becomes decides ' +
      'whether the number you read means anything.',
    expect: 'trains',
    choice: { ...base, activation: 'sigmoid', loss: 'binary_crossentropy', labels: 'onehot' },
  },
  {
    id: 'onehot-softmax-bce',
    group: 'binary',
    title: 'softmax + BCE',
    lesson:
      'Softmax outputs with binary cross-entropy: under TensorFlow semantics Keras applies a ' +
      'sigmoid cross-entropy to the logits under the softmax.',
    expect: 'trains',
    choice: { ...base, activation: 'softmax', loss: 'binary_crossentropy', labels: 'onehot' },
  },
  {
    id: 'multilabel-sigmoid-bce',
    group: 'multilabel',
    title: 'sigmoid + BCE',
    lesson:
      'The multi-label pairing: each of the 10 sigmoid outputs answers "is this digit in the ' +
      'image?" on its own, and binary cross-entropy scores each answer, so an image can get ' +
      'two or three confident yeses.',
    expect: 'trains',
    choice: { ...multi, activation: 'sigmoid', loss: 'binary_crossentropy' },
  },
  {
    id: 'multilabel-softmax-cce',
    group: 'multilabel',
    title: 'softmax + CCE',
    lesson:
      'The single-label pairing on multi-label images: softmax outputs always add up to 1, so ' +
      'with two digits present at most one output can pass 0.5 and the image is never fully ' +
      'right. Subset accuracy is capped at the share of one-digit images, and categorical ' +
      'cross-entropy only pushes the present digits to share the probability.',
    expect: 'trains',
    choice: { ...multi, activation: 'softmax', loss: 'categorical_crossentropy' },
  },
  {
    id: 'multilabel-softmax-bce',
    group: 'multilabel',
    title: 'softmax + BCE',
    lesson:
      'The right loss behind the wrong output: on TensorFlow binary cross-entropy trains the ' +
      'logits as independent sigmoids, but the outputs the metric and the threshold see still ' +
      'go through the softmax, which caps their total at 1.',
    expect: 'trains',
    choice: { ...multi, activation: 'softmax', loss: 'binary_crossentropy' },
  },
  {
    id: 'binary-sigmoid-bce',
    group: 'binarytask',
    title: 'sigmoid + BCE',
    lesson:
      'The binary pairing: one sigmoid unit gives the probability of yes, binary ' +
      "cross-entropy scores it, and 'accuracy' becomes binary_accuracy. Compare it with the " +
      'share of yes answers: always saying no already scores 0.90 on one digit against the rest.',
    expect: 'trains',
    choice: { ...one, activation: 'sigmoid', loss: 'binary_crossentropy' },
  },
  {
    id: 'binary-softmax-bce',
    group: 'binarytask',
    title: 'softmax + BCE',
    lesson:
      'A softmax over one unit is always 1. On TensorFlow the loss still reads the logit under ' +
      "it, so the loss is exactly sigmoid + BCE's and the model learns, but the accuracy is " +
      'frozen at the share of yes answers. On JAX the loss sees the 1 and nothing learns.',
    expect: 'trains',
    choice: { ...one, activation: 'softmax', loss: 'binary_crossentropy' },
  },
  {
    id: 'binary-sigmoid-cce',
    group: 'binarytask',
    title: 'sigmoid + CCE',
    lesson:
      'Categorical cross-entropy over one unit: the softmax of one logit is 1, so the loss is 0 ' +
      'every epoch and Keras warns about the shape. On TensorFlow the accuracy still moves ' +
      '(its gradient is softmax(z) − y), on JAX nothing does.',
    expect: 'trains',
    choice: { ...one, activation: 'sigmoid', loss: 'categorical_crossentropy' },
  },
  {
    id: 'binary-softmax-cce',
    group: 'binarytask',
    title: 'softmax + CCE',
    lesson:
      'Both mistakes at once: the loss is 0, the accuracy is frozen, and Keras prints both ' +
      'warnings.',
    expect: 'trains',
    choice: { ...one, activation: 'softmax', loss: 'categorical_crossentropy' },
  },
  {
    id: 'binary-sigmoid-scce',
    group: 'binarytask',
    title: 'sigmoid + SCCE',
    lesson:
      'The sparse loss on one unit knows one class, 0: TensorFlow stops at label 1 ' +
      '(InvalidArgumentError), while JAX runs with a loss of 0 and no error.',
    expect: 'tf-error',
    choice: { ...one, activation: 'sigmoid', loss: 'sparse_categorical_crossentropy' },
  },
  {
    id: 'binary-linear-bce',
    group: 'binarytask',
    title: 'linear + BCE',
    lesson:
      'Raw scores read as probabilities (from_logits=False): they are clipped into [1e-7, ' +
      '1 − 1e-7], the loss starts near 6.6 and barely moves.',
    expect: 'trains',
    choice: { ...one, activation: 'linear', loss: 'binary_crossentropy' },
  },
  {
    id: 'binary-two-softmax-cce',
    group: 'binarytask',
    title: 'two units: softmax + CCE',
    lesson:
      'Two softmax units on one-hot rows of two: softmax([z₀, z₁])₁ = sigmoid(z₁ − z₀), the ' +
      'same model as one sigmoid unit, with the same curves.',
    expect: 'trains',
    choice: {
      ...one,
      outputs: 2,
      labels: 'onehot',
      activation: 'softmax',
      loss: 'categorical_crossentropy',
    },
  },
];

const CHOICE_KEYS = ['task', 'activation', 'loss', 'fromLogits', 'labels', 'metric'] as const;

/** The configuration with a preset applied: only the preset's choices change. */
export function applyPreset(config: RunConfig, preset: Preset): RunConfig {
  return { ...config, ...preset.choice };
}

/** The preset whose choices the configuration has, if any (to highlight it). */
export function findPreset(config: RunConfig): Preset | undefined {
  return PRESETS.find(
    (preset) =>
      CHOICE_KEYS.every((key) => preset.choice[key] === config[key]) &&
      (preset.choice.outputs === undefined || preset.choice.outputs === config.outputs),
  );
}

export function getPreset(id: string): Preset | undefined {
  return PRESETS.find((preset) => preset.id === id);
}
