/**
 * The binary task's compiled metrics: what
 * `model.compile(metrics=['accuracy', keras.metrics.Precision(), keras.metrics.Recall(),
 * keras.metrics.AUC()])` logs for every epoch (`precision`, `recall`, `auc` and their `val_`
 * twins), on two units with `class_id=1` for Precision and Recall.
 *
 * Keras' confusion metrics are streaming: each batch adds its counts (at 0.5, and at AUC's 200
 * thresholds) to the metric's variables and the epoch's value is computed once from the sums. A
 * count is a sum, so the epoch's value is the value over all the epoch's predictions at once:
 * the training ones are the steps' pre-update outputs, the validation ones the evaluation's.
 * `binaryEpochScores` therefore scores them pooled, with `binaryMetrics.ts`' Keras maths.
 */
import type { RunConfig } from './config';
import { outputUnits } from './binary';
import { binaryCounts, kerasAuc, kerasPrecision, kerasRecall } from './binaryMetrics';

/** One epoch's values of the three metrics, on one split. */
export interface BinaryScores {
  precision: number;
  recall: number;
  auc: number;
}

/** The metrics' Keras log keys, in the order the exported `compile` lists them. */
export const BINARY_EPOCH_KEYS = [
  'precision',
  'recall',
  'auc',
] as const satisfies readonly (keyof BinaryScores)[];
export type BinaryEpochKey = (typeof BINARY_EPOCH_KEYS)[number];

/** The width of a label row as Keras' metrics see it: ids `(B,)` are expanded to one column. */
const LABEL_WIDTH: Record<RunConfig['labels'], number> = {
  int: 1,
  column: 1,
  onehot: 2,
  multihot: 10,
};

/**
 * Whether a configuration's run compiles Precision, Recall and AUC. Keras' confusion metrics
 * need the labels shaped like the output: a (B,) or (B, 1) answer for one unit, one-hot rows of
 * two for two units. Otherwise they raise inside `fit` (two units on a column: `class_id=1` is
 * out of range; one unit on one-hot rows: the flattened labels are twice the predictions), so
 * LossLab leaves them out, as the exported script does, and says why (`binaryMetricsNote`).
 */
export function compilesBinaryMetrics(
  config: Pick<RunConfig, 'task' | 'outputs' | 'labels'>,
): boolean {
  return config.task === 'binary' && LABEL_WIDTH[config.labels] === outputUnits(config);
}

/** Why a binary configuration compiles only its accuracy, or null when it compiles all four. */
export function binaryMetricsNote(
  config: Pick<RunConfig, 'task' | 'outputs' | 'labels'>,
): string | null {
  if (config.task !== 'binary' || compilesBinaryMetrics(config)) return null;
  return config.outputs === 2
    ? 'Precision(class_id=1), Recall(class_id=1) and AUC() read the yes column of one-hot rows of two; with answers of shape (B,) or (B, 1) they raise inside fit, so they are not compiled.'
    : 'Precision(), Recall() and AUC() compare each output with its label; one unit against one-hot rows of two raises inside fit, so they are not compiled.';
}

/** The `compile` entries of the three metrics, as the exported Keras script writes them. */
export function binaryMetricExprs(config: Pick<RunConfig, 'task' | 'outputs'>): string[] {
  const classId = outputUnits(config) === 2 ? 'class_id=1' : '';
  return [
    `keras.metrics.Precision(${classId})`,
    `keras.metrics.Recall(${classId})`,
    'keras.metrics.AUC()',
  ];
}

/**
 * Precision, Recall and AUC over a split's predictions as Keras' metrics accumulate them.
 * `outputs` (N × `units`, row-major) are the activated outputs `y_pred` (for a linear output the
 * logits), `answers` (N) the 0/1 truth. On one unit every metric reads that unit. On two units
 * Precision and Recall read the yes unit (`class_id=1`), while `AUC()`, which has no class_id,
 * flattens both columns against the one-hot rows: each image counts once as a positive (its true
 * class's output) and once as a negative (the other's).
 */
export function binaryEpochScores(
  outputs: ArrayLike<number>,
  answers: ArrayLike<number>,
  units: number,
): BinaryScores {
  const n = answers.length;
  if (outputs.length !== n * units) {
    throw new RangeError(
      `${outputs.length} outputs for ${n} answers on ${units} unit${units === 1 ? '' : 's'}`,
    );
  }
  const yes =
    units === 1
      ? outputs
      : Float32Array.from({ length: n }, (_, i) => outputs[i * units + units - 1] ?? NaN);
  const counts = binaryCounts(yes, answers);
  const targets =
    units === 1
      ? answers
      : Uint8Array.from({ length: n * units }, (_, j) => {
          const answer = (answers[Math.floor(j / units)] ?? 0) !== 0 ? 1 : 0;
          return j % units === units - 1 ? answer : 1 - answer;
        });
  return {
    precision: kerasPrecision(counts),
    recall: kerasRecall(counts),
    auc: kerasAuc(outputs, targets),
  };
}
