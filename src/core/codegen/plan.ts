/**
 * What every exporter needs to know about a configuration before writing code: the image geometry
 * (single digits or composed multi-label canvases), the labels actually used, the metrics listed,
 * what `'accuracy'` resolves to, and whether Keras accepts the combination at all (the verdict is
 * computed by running LossLab's Keras reference on a tiny batch, so it can never disagree with
 * what the page shows).
 */
import type { LabelEncoding, MetricName, RunConfig } from '../config';
import { NUM_CLASSES } from '../config';
import {
  isKerasError,
  kerasLoss,
  kerasMetric,
  resolveMetric,
  toMultiHot,
  toOneHot,
} from '../keras';
import type { ConcreteMetric } from '../keras';
import { MULTILABEL_CANVAS } from '../multilabel/compose';

/** Options the configuration does not carry; the defaults are what LossLab trains with. */
export interface CodegenOptions {
  /** `pos_weight` of `weighted_binary_crossentropy` (LossLab's engine uses 9: 9 negatives per positive). */
  posWeight?: number;
  /** `label_smoothing` for binary / categorical cross-entropy; 0 leaves it out. */
  labelSmoothing?: number;
  /** Threshold of the threshold metrics (binary accuracy, subset accuracy, Hamming loss). */
  threshold?: number;
}

export const DEFAULT_POS_WEIGHT = 9;
/** Keras' `backend.epsilon()`. */
export const KERAS_EPSILON = 1e-7;

/** The Keras error a configuration produces, if any, with the framework's own text. */
export interface KerasFailure {
  /** Python class, e.g. `ValueError`. */
  type: string;
  message: string;
  /** Whether `compile`/the loss constructor raises (`TypeError`) or `fit` does. */
  at: 'compile' | 'fit';
}

export interface CodePlan {
  config: RunConfig;
  multilabel: boolean;
  /** Labels as the exported code encodes them (multi-label targets are always multi-hot). */
  labels: LabelEncoding;
  /** Image side lengths: 28×28 digits, or 56×56 composed canvases. */
  rows: number;
  cols: number;
  /** Metrics in `compile` order: the chosen one first, then the multi-label threshold metrics. */
  metrics: MetricName[];
  /** What `'accuracy'` becomes under Keras 3's shape rule (undefined if not requested). */
  accuracyResolvesTo?: ConcreteMetric;
  failure?: KerasFailure;
  /** Keras' Python warnings for this configuration, verbatim. */
  warnings: string[];
  posWeight: number;
  labelSmoothing: number;
  threshold: number;
}

const CROSS_ENTROPIES = new Set(['binary_crossentropy', 'categorical_crossentropy']);

/** Metrics a multi-label export always reports, because they are the ones that mean something. */
const THRESHOLD_METRICS: readonly MetricName[] = [
  'binary_accuracy',
  'subset_accuracy',
  'hamming_loss',
];

// Three samples: not 1 (every shape broadcasts) and not 10 (would broadcast against the classes).
const SAMPLE_IDS = [3, 1, 4];
const SAMPLE_SETS = [[3], [1, 7], [4, 0, 9]];
const SAMPLE_LOGITS = SAMPLE_IDS.map((_, i) =>
  Array.from({ length: NUM_CLASSES }, (_, k) => ((k * 7 + i * 3) % 11) / 5 - 1),
);

function sampleLabels(plan: Pick<CodePlan, 'labels' | 'multilabel'>): number[] | number[][] {
  switch (plan.labels) {
    case 'int':
      return SAMPLE_IDS;
    case 'onehot':
      return toOneHot(SAMPLE_IDS);
    case 'multihot':
      return toMultiHot(plan.multilabel ? SAMPLE_SETS : SAMPLE_IDS.map((id) => [id]));
  }
}

function asFailure(e: unknown, at: KerasFailure['at']): KerasFailure {
  if (isKerasError(e)) return { type: e.kerasType, message: e.message, at };
  throw e;
}

/** Runs the Keras reference on a tiny batch: the error Keras raises, and its warnings. */
function verdict(
  plan: Omit<CodePlan, 'failure' | 'warnings'>,
): Pick<CodePlan, 'failure' | 'warnings'> {
  const { config } = plan;
  const yTrue = sampleLabels(plan);
  const common = {
    activation: config.activation,
    yTrue,
    logits: SAMPLE_LOGITS,
    semantics: config.semantics,
  };
  let warnings: string[] = [];
  try {
    const result = kerasLoss({
      ...common,
      loss: config.loss,
      fromLogits: config.fromLogits,
      ...(plan.labelSmoothing && CROSS_ENTROPIES.has(config.loss)
        ? { labelSmoothing: plan.labelSmoothing }
        : {}),
      ...(config.loss === 'weighted_binary_crossentropy' ? { posWeight: plan.posWeight } : {}),
    });
    warnings = result.warnings;
  } catch (e) {
    const failure = asFailure(
      e,
      isKerasError(e) && e.kerasType === 'TypeError' ? 'compile' : 'fit',
    );
    return { failure, warnings };
  }
  for (const metric of plan.metrics) {
    try {
      kerasMetric({ ...common, metric, threshold: plan.threshold });
    } catch (e) {
      return { failure: asFailure(e, 'fit'), warnings };
    }
  }
  return { warnings };
}

/** Everything the exporters share, derived from the configuration. Never throws for a valid config. */
export function planCode(config: RunConfig, options: CodegenOptions = {}): CodePlan {
  const multilabel = config.task === 'multilabel';
  const labels: LabelEncoding = multilabel ? 'multihot' : config.labels;
  const metrics: MetricName[] = [config.metric];
  if (multilabel) metrics.push(...THRESHOLD_METRICS.filter((m) => m !== config.metric));
  const side = multilabel ? MULTILABEL_CANVAS : { rows: 28, cols: 28 };
  const base = {
    config,
    multilabel,
    labels,
    rows: side.rows,
    cols: side.cols,
    metrics,
    ...(config.metric === 'accuracy'
      ? { accuracyResolvesTo: resolveMetric({ metric: 'accuracy', labels }).metric }
      : {}),
    posWeight: options.posWeight ?? DEFAULT_POS_WEIGHT,
    labelSmoothing: options.labelSmoothing ?? 0,
    threshold: options.threshold ?? 0.5,
  };
  return { ...base, ...verdict(base) };
}

/** Output size of the CNN's two valid 3×3 conv + 2×2 pool blocks on an image side. */
export function cnnSide(side: number): number {
  const afterBlock = (s: number) => Math.floor((s - 2) / 2);
  return afterBlock(afterBlock(side));
}

/** Framework-independent notes about the configuration (the exporters add their own). */
export function commonNotes(plan: CodePlan): string[] {
  const notes: string[] = [];
  const { config } = plan;
  if (plan.multilabel && config.labels !== 'multihot') {
    notes.push(
      `Multi-label images hold up to 3 digits, which ${config.labels === 'int' ? 'an integer label' : 'a one-hot row'} ` +
        'cannot encode, so the code uses multi-hot targets.',
    );
  }
  if (!plan.multilabel && config.labels === 'multihot') {
    notes.push(
      "A single digit's multi-hot row is its one-hot row, so the code prepares one-hot targets.",
    );
  }
  if (
    plan.multilabel &&
    (config.activation !== 'sigmoid' || config.loss !== 'binary_crossentropy')
  ) {
    notes.push(
      'Multi-label classifiers normally use a sigmoid output with binary cross-entropy (one independent ' +
        `yes/no per digit); this configuration keeps ${config.activation} + ${config.loss} as chosen.`,
    );
  }
  if (plan.accuracyResolvesTo) {
    notes.push(
      `Keras 3 resolves metrics=["accuracy"] from the shapes of the first batch to ${plan.accuracyResolvesTo}` +
        ` (the loss is ignored); the history key stays "accuracy".`,
    );
  }
  return notes;
}
