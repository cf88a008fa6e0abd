/**
 * Pure helpers around a run's history and results: Keras' `verbose=2` log line, the Keras
 * `History.history` dictionary, confusion-matrix maths, and the explanation shown when a loss
 * diverges. No tfjs: the worker computes the numbers, these only shape them.
 */
import type { RunConfig } from './config';
import type { EpochRecord } from './events';

/** Keras prints metrics with 4 decimals (`%.4f`), and `nan`/`inf` as numpy does. */
export function formatKerasNumber(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return value.toFixed(4);
}

/** Keras' step time: `12ms/step`, or `1s/step` from one second up, `345us/step` below 1 ms. */
export function formatStepTime(ms: number): string {
  if (ms >= 1000) return `${Math.round(ms / 1000)}s/step`;
  if (ms >= 1) return `${Math.round(ms)}ms/step`;
  return `${Math.round(ms * 1000)}us/step`;
}

/** Keras' epoch time: whole seconds (`1s`), or milliseconds under one second (`812ms`). */
export function formatEpochTime(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)}s` : `${Math.round(ms)}ms`;
}

/**
 * The line Keras 3 prints for an epoch with `verbose=2`:
 * `94/94 - 1s - 12ms/step - loss: 0.2872 - accuracy: 0.9284 - val_loss: 0.2917 - val_accuracy: 0.9300`.
 * `metricKey` is the metric's history key (the name the user passed, e.g. `accuracy`).
 */
export function formatEpochLine(record: EpochRecord, metricKey: string): string {
  return [
    `${record.steps}/${record.steps}`,
    formatEpochTime(record.epochMs),
    formatStepTime(record.msPerStep),
    `loss: ${formatKerasNumber(record.loss)}`,
    `${metricKey}: ${formatKerasNumber(record.metric)}`,
    `val_loss: ${formatKerasNumber(record.valLoss)}`,
    `val_${metricKey}: ${formatKerasNumber(record.valMetric)}`,
  ].join(' - ');
}

/** Keras' `History.history`: one list per key, e.g. `{ loss: [...], val_accuracy: [...] }`. */
export function toKerasHistory(
  records: readonly EpochRecord[],
  metricKey: string,
): Record<string, number[]> {
  return {
    loss: records.map((r) => r.loss),
    [metricKey]: records.map((r) => r.metric),
    val_loss: records.map((r) => r.valLoss),
    [`val_${metricKey}`]: records.map((r) => r.valMetric),
  };
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
  const lrHigh =
    config.learningRate >=
    (config.optimizer === 'sgd' || config.optimizer === 'adadelta' ? 1 : 0.1);
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
