/**
 * The metric catalogue: one entry per metric LossLab offers, keyed by the name a link carries
 * (`metric=…`). The verdict (label shapes, thresholds, k), the reference maths and the engine
 * (through `engine`), the curves (`lowerIsBetter`), the three exporters and the controls read it.
 * Adding a metric means: its name in `METRICS`, its entry below, and its maths under its engine key
 * in core/keras/metrics.ts and ml/metrics.ts (both `Record<MetricEngineKey, …>`).
 */
import { TOP_K } from './constants';

/**
 * Accuracy metrics by their Keras names. `accuracy` is resolved by Keras 3's shape rule;
 * `subset_accuracy` and `hamming_loss` are LossLab's multi-label metrics (Keras has none).
 */
export const METRICS = [
  'accuracy',
  'binary_accuracy',
  'categorical_accuracy',
  'sparse_categorical_accuracy',
  'top_k_categorical_accuracy',
  'sparse_top_k_categorical_accuracy',
  'subset_accuracy',
  'hamming_loss',
] as const;
export type MetricName = (typeof METRICS)[number];

/** A metric after `'accuracy'` has been resolved: every metric that is computed. */
export type ConcreteMetric = Exclude<MetricName, 'accuracy'>;

/** The reference maths (core/keras/metrics.ts) and the tensor maths (ml/metrics.ts) are keyed by this. */
export const METRIC_ENGINE_KEYS = [
  'binary',
  'categorical',
  'sparse_categorical',
  'top_k',
  'sparse_top_k',
  'subset',
  'hamming',
] as const;
export type MetricEngineKey = (typeof METRIC_ENGINE_KEYS)[number];

/**
 * Which labels a metric reads (its shape rule):
 * - `rows`: compares every output unit with a 0/1 label, so it needs (B, K) rows;
 * - `argmax`: takes the arg-max of each label row (one digit per image, the lowest if several);
 * - `ids`: reads one class id per image, (B,) (Keras squeezes a (B, 1) column).
 */
export type MetricLabels = 'rows' | 'argmax' | 'ids';

export interface MetricEntry {
  engine: MetricEngineKey;
  labels: MetricLabels;
  /** Keras' class, or `null` for LossLab's own multi-label metrics (exports define them). */
  kerasClass: string | null;
  /** Lower is better (a loss-like metric): charts and heat maps read it. */
  lowerIsBetter: boolean;
  /** Takes a `threshold` on the output (default `DEFAULT_THRESHOLD`). */
  threshold: boolean;
  /** Takes `k` (default `TOP_K`). */
  topK: boolean;
  summary: string;
  /** Why (B,) class ids cannot feed it, when Keras raises for them. */
  intLabelsError?: (K: number) => string;
  /** Python (Keras script, `keras.ops`): the body of `def <name>(y_true, y_pred)`, own metrics only. */
  kerasBody?: string[];
  /** PyTorch: the body of `def <name>(y_true, y_pred)` returning per-sample values. */
  torch: string[];
  /**
   * TF.js: `expr` for the metrics list where tfjs has one (a string or `tf.metrics.*`), and a
   * function to write out where it has none, or where its fixed 0.5 threshold does not fit.
   */
  tfjs: { expr?: string; fn?: { name: string; defs: string[] } };
}

const topKTorch = (target: string) => [
  `top = y_pred.topk(${TOP_K}, dim=-1).indices`,
  `return (top == ${target}).any(dim=-1).float()`,
];

const topKTfjs = (name: string, target: string) => [
  `function ${name}(yTrue, yPred) {`,
  '  return tf.tidy(() => {',
  `    const target = ${target};`,
  `    return tf.any(tf.equal(tf.topk(yPred, ${TOP_K}).indices, target), -1).toFloat();`,
  '  });',
  '}',
];

export const METRIC_CATALOGUE: Readonly<Record<ConcreteMetric, MetricEntry>> = {
  binary_accuracy: {
    engine: 'binary',
    labels: 'rows',
    kerasClass: 'BinaryAccuracy',
    lowerIsBetter: false,
    threshold: true,
    topK: false,
    summary: 'The share of the K yes/no answers (output > threshold) that are right.',
    intLabelsError: (K) =>
      `binary_accuracy compares each of the ${K} outputs with a 0/1 label, so it needs (B, ${K}) labels; class ids of shape (B,) cannot be lined up with them.`,
    torch: ['return ((y_pred > THRESHOLD).float() == y_true).float().mean(dim=-1)'],
    tfjs: {
      expr: "'binaryAccuracy'",
      fn: {
        name: 'binaryAccuracy',
        defs: [
          '// tf.metrics.binaryAccuracy has a fixed 0.5 threshold.',
          'function binaryAccuracy(yTrue, yPred) {',
          '  return tf.tidy(() => tf.mean(tf.equal(yTrue, tf.greater(yPred, THRESHOLD).toFloat()).toFloat(), -1));',
          '}',
        ],
      },
    },
  },
  categorical_accuracy: {
    engine: 'categorical',
    labels: 'argmax',
    kerasClass: 'CategoricalAccuracy',
    lowerIsBetter: false,
    threshold: false,
    topK: false,
    summary: 'Is the top output the digit of the one-hot row?',
    torch: ['return (y_true.argmax(dim=-1) == y_pred.argmax(dim=-1)).float()'],
    tfjs: { expr: "'categoricalAccuracy'" },
  },
  sparse_categorical_accuracy: {
    engine: 'sparse_categorical',
    labels: 'ids',
    kerasClass: 'SparseCategoricalAccuracy',
    lowerIsBetter: false,
    threshold: false,
    topK: false,
    summary: 'Is the top output the class id?',
    torch: ['return (y_true.long() == y_pred.argmax(dim=-1)).float()'],
    tfjs: { expr: 'tf.metrics.sparseCategoricalAccuracy' },
  },
  top_k_categorical_accuracy: {
    engine: 'top_k',
    labels: 'argmax',
    kerasClass: 'TopKCategoricalAccuracy',
    lowerIsBetter: false,
    threshold: false,
    topK: true,
    summary: `Is the digit of the one-hot row among the ${TOP_K} highest outputs?`,
    intLabelsError: () =>
      'top_k_categorical_accuracy takes the arg-max of each one-hot label row to find the true digit. Integer labels have no rows: their arg-max is one number for the whole batch, which in_top_k rejects. sparse_top_k_categorical_accuracy reads class ids.',
    torch: topKTorch('y_true.argmax(dim=-1, keepdim=True)'),
    tfjs: {
      fn: {
        name: 'topKCategoricalAccuracy',
        defs: [
          '// TF.js has no top-k metric (tf.metrics.topKCategoricalAccuracy is not exported).',
          ...topKTfjs('topKCategoricalAccuracy', 'tf.expandDims(tf.argMax(yTrue, -1), -1)'),
        ],
      },
    },
  },
  sparse_top_k_categorical_accuracy: {
    engine: 'sparse_top_k',
    labels: 'ids',
    kerasClass: 'SparseTopKCategoricalAccuracy',
    lowerIsBetter: false,
    threshold: false,
    topK: true,
    summary: `Is the class id among the ${TOP_K} highest outputs?`,
    torch: topKTorch('y_true.long().unsqueeze(-1)'),
    tfjs: {
      fn: {
        name: 'sparseTopKCategoricalAccuracy',
        defs: topKTfjs(
          'sparseTopKCategoricalAccuracy',
          "tf.reshape(tf.cast(yTrue, 'int32'), [-1, 1])",
        ),
      },
    },
  },
  subset_accuracy: {
    engine: 'subset',
    labels: 'rows',
    kerasClass: null,
    lowerIsBetter: false,
    threshold: true,
    topK: false,
    summary: 'LossLab multi-label metric: every one of the K answers right (exact match).',
    kerasBody: [
      '"""1 when every label decision of a sample is right (exact match), else 0."""',
      'y_hat = keras.ops.cast(y_pred > THRESHOLD, y_true.dtype)',
      'return keras.ops.cast(keras.ops.all(keras.ops.equal(y_true, y_hat), axis=-1), "float32")',
    ],
    torch: ['return ((y_pred > THRESHOLD).float() == y_true).all(dim=-1).float()'],
    tfjs: {
      fn: {
        name: 'subsetAccuracy',
        defs: [
          'function subsetAccuracy(yTrue, yPred) {',
          '  return tf.tidy(() => tf.all(tf.equal(yTrue, tf.greater(yPred, THRESHOLD).toFloat()), -1).toFloat());',
          '}',
        ],
      },
    },
  },
  hamming_loss: {
    engine: 'hamming',
    labels: 'rows',
    kerasClass: null,
    lowerIsBetter: true,
    threshold: true,
    topK: false,
    summary:
      'LossLab multi-label metric: the share of the K answers that are wrong (lower is better).',
    kerasBody: [
      '"""The fraction of label decisions that are wrong (lower is better)."""',
      'y_hat = keras.ops.cast(y_pred > THRESHOLD, y_true.dtype)',
      'return keras.ops.mean(keras.ops.cast(keras.ops.not_equal(y_true, y_hat), "float32"), axis=-1)',
    ],
    torch: ['return ((y_pred > THRESHOLD).float() != y_true).float().mean(dim=-1)'],
    tfjs: {
      fn: {
        name: 'hammingLoss',
        defs: [
          'function hammingLoss(yTrue, yPred) {',
          '  return tf.tidy(() => tf.mean(tf.notEqual(yTrue, tf.greater(yPred, THRESHOLD).toFloat()).toFloat(), -1));',
          '}',
        ],
      },
    },
  },
};

/** The metrics a multi-label export always reports: the threshold metrics, in catalogue order. */
export const THRESHOLD_METRICS: readonly ConcreteMetric[] = (
  Object.keys(METRIC_CATALOGUE) as ConcreteMetric[]
).filter((m) => METRIC_CATALOGUE[m].threshold);

/** The catalogue entry of a computed metric. */
export function metricEntry(metric: ConcreteMetric): MetricEntry {
  return METRIC_CATALOGUE[metric];
}

/** Whether a smaller value of this metric is better (`accuracy` resolves to an accuracy). */
export function lowerIsBetter(metric: MetricName): boolean {
  return metric !== 'accuracy' && METRIC_CATALOGUE[metric].lowerIsBetter;
}

/** Keras 3 names a metric's history entries exactly as written in `compile`: `accuracy` stays. */
export function historyKeys(metric: MetricName): { historyKey: string; valHistoryKey: string } {
  return { historyKey: metric, valHistoryKey: `val_${metric}` };
}
