/**
 * Pure helpers around a run's history and results: Keras' `verbose=2` log line, the Keras
 * `History.history` dictionary, confusion-matrix maths, and the explanation shown when a loss
 * diverges. No tfjs: the worker computes the numbers, these only shape them.
 */
import { BINARY_EPOCH_KEYS } from './binaryEpoch';
import { optimizerEntry } from './catalogue/optimizers';
import type { RunConfig } from './config';
import type { EpochRecord } from './events';

/**
 * A logged number as Keras' `verbose=2` line prints it (`Progbar`): above 1e-3 with 4 decimals
 * (`%.4f`), anything else (0, tiny, negative) in Python's `%.4e` (`0.0000e+00`, `-5.0000e-01`),
 * and `nan`/`inf` as Python does.
 */
export function formatKerasNumber(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (value > 1e-3) return value.toFixed(4);
  // Python writes the exponent with at least two digits: 1.0000e-04, not 1.0000e-4.
  return value.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
}

/** Python's `f"{x:.0f}"`: the nearest integer, ties to even (`0.5` → `0`, `2.5` → `2`). */
function pythonRound(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Keras' step time (`Progbar._format_time`): `12ms/step`, `1s/step` from one second up (and for
 * exactly 0), `345us/step` below 1 ms.
 */
export function formatStepTime(ms: number): string {
  if (ms >= 1000 || ms === 0) return `${pythonRound(ms / 1000)}s/step`;
  if (ms >= 1) return `${pythonRound(ms)}ms/step`;
  return `${pythonRound(ms * 1000)}us/step`;
}

/** Keras' epoch time with `verbose=2`: whole seconds, `0s` under half a second (`{:.0f}s`). */
export function formatEpochTime(ms: number): string {
  return `${pythonRound(ms / 1000)}s`;
}

/** Keras 3 prints and records an epoch's logs in the order of their sorted keys. */
const byKey = ([a]: [string, number], [b]: [string, number]) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The epoch's logs as Keras names them (the loss, the metric, a binary run's `precision`,
 * `recall` and `auc`, each also with `val_`), keys sorted.
 */
function epochLogs(record: EpochRecord, metricKey: string): [string, number][] {
  const logs: [string, number][] = [
    ['loss', record.loss],
    [metricKey, record.metric],
    ['val_loss', record.valLoss],
    [`val_${metricKey}`, record.valMetric],
  ];
  const binary = record.binary;
  if (binary) {
    for (const key of BINARY_EPOCH_KEYS) {
      logs.push([key, binary.train[key]], [`val_${key}`, binary.val[key]]);
    }
  }
  return logs.sort(byKey);
}

/**
 * The line Keras 3.15 prints for an epoch with `verbose=2` (TensorFlow and JAX alike; recorded in
 * src/core/keras/fixtures/keras-log.json), the logs' keys sorted:
 * `5/5 - 0s - 27ms/step - accuracy: 0.5133 - loss: 1.6902 - val_accuracy: 0.5300 - val_loss: 1.7031`.
 * `metricKey` is the metric's history key (the name the user passed, e.g. `accuracy`).
 */
export function formatEpochLine(record: EpochRecord, metricKey: string): string {
  return [
    `${record.steps}/${record.steps}`,
    formatEpochTime(record.epochMs),
    formatStepTime(record.msPerStep),
    ...epochLogs(record, metricKey).map(([key, value]) => `${key}: ${formatKerasNumber(value)}`),
  ].join(' - ');
}

/** Keras' `History.history`: one list per key, in the logs' sorted order. */
export function toKerasHistory(
  records: readonly EpochRecord[],
  metricKey: string,
): Record<string, number[]> {
  const history: Record<string, number[]> = {};
  for (const record of records)
    for (const [key, value] of epochLogs(record, metricKey)) (history[key] ??= []).push(value);
  return history;
}

/**
 * A `classes × classes` confusion matrix: `matrix[t][p]` counts samples of true class `t`
 * predicted as `p`. Labels or predictions outside `[0, classes)` are ignored.
 */
export function confusionMatrix(
  labels: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number,
): number[][] {
  if (labels.length !== predicted.length) {
    throw new Error(`confusionMatrix: ${labels.length} labels but ${predicted.length} predictions`);
  }
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i] as number;
    const p = predicted[i] as number;
    const row = matrix[t];
    if (row && p >= 0 && p < classes) row[p] = (row[p] as number) + 1;
  }
  return matrix;
}

/** Per true class: diagonal over row total (`NaN` for a class that has no samples). */
export function perClassAccuracy(matrix: readonly (readonly number[])[]): number[] {
  return matrix.map((row, t) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total === 0 ? NaN : (row[t] ?? 0) / total;
  });
}

/** Overall accuracy: the trace over the total (`NaN` when the matrix is empty). */
export function overallAccuracy(matrix: readonly (readonly number[])[]): number {
  let correct = 0;
  let total = 0;
  matrix.forEach((row, t) => {
    row.forEach((count, p) => {
      total += count;
      if (p === t) correct += count;
    });
  });
  return total === 0 ? NaN : correct / total;
}

/** Index of the largest value, ties resolved to the lowest index (TF's argmax). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) {
    if ((values[i] as number) > (values[best] as number)) best = i;
  }
  return best;
}

/**
 * The likely cause of a NaN or infinite loss, for the student. `recentLosses` are the batch
 * losses just before the divergence (oldest first), if known.
 */
export function explainDivergence(
  config: Pick<RunConfig, 'activation' | 'loss' | 'optimizer' | 'learningRate' | 'fromLogits'>,
  value: number,
  recentLosses: readonly number[] = [],
): string {
  const finite = recentLosses.filter(Number.isFinite);
  const exploding = finite.length >= 2 && (finite.at(-1) as number) > 10 * (finite[0] as number);
  if (
    config.activation === 'linear' &&
    config.loss === 'categorical_crossentropy' &&
    !config.fromLogits
  ) {
    return (
      'A linear output with categorical cross-entropy divides each output by their sum; when the ' +
      'outputs sum to zero or less the "probabilities" are meaningless and the loss became ' +
      `${String(value)}. Use softmax, or from_logits=True.`
    );
  }
  const lrHigh = config.learningRate >= optimizerEntry(config.optimizer).highLearningRate;
  if (lrHigh || exploding) {
    return (
      `The loss grew until it became ${String(value)}: the learning rate ` +
      `(${config.learningRate}) is probably too high for ${config.optimizer}, so the weights ` +
      'overflowed. Try a learning rate ten times smaller.'
    );
  }
  return (
    `The loss became ${String(value)}: the weights or the outputs overflowed float32. ` +
    'A lower learning rate, or an output activation that matches the loss, usually fixes it.'
  );
}
