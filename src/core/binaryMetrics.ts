/**
 * The binary task's scores as Keras 3 computes them (`keras/src/metrics/confusion_metrics.py`,
 * `metrics_utils.py`), on plain arrays, for the results view and its threshold slider.
 *
 * Inputs: `scores` (N), the output Keras' metrics see for "yes" (the sigmoid probability, the
 * softmax's second unit, or a linear output's logit as given), and `targets` (N), 1 for yes and 0
 * for no. Keras casts `y_true` to bool, so any non-zero target counts as yes.
 *
 * - `Precision(thresholds=t)` / `Recall(thresholds=t)`: a prediction is yes when `score > t`
 *   (strictly), the counts are pooled over all samples, and a zero division gives 0
 *   (`divide_no_nan`). Log keys `precision` / `recall`, default threshold 0.5.
 * - `AUC(num_thresholds=200)`: scores are clipped to [0, 1] and bucketed on 200 evenly spaced
 *   thresholds (the first a hair below 0, the last a hair above 1), float32 as Keras; the ROC curve
 *   is summed with the trapezoid rule (`summation_method='interpolation'`), the PR curve with
 *   Davis & Goadrich's interpolation. Log key `auc`.
 */
import { DEFAULT_THRESHOLD } from './catalogue/constants';
import { EPSILON, f32 } from './keras/float32';

export interface BinaryCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/** Keras' `AUC` default number of thresholds. */
export const AUC_THRESHOLDS = 200;

const noNan = (num: number, den: number): number => (den === 0 ? 0 : num / den);

function checkLengths(scores: ArrayLike<number>, targets: ArrayLike<number>): void {
  if (scores.length !== targets.length) {
    throw new RangeError(
      `scores (${scores.length} values) and targets (${targets.length}) must have one value per sample`,
    );
  }
}

/** True/false positives and negatives with yes where `score > threshold` (Keras' comparison). */
export function binaryCounts(
  scores: ArrayLike<number>,
  targets: ArrayLike<number>,
  threshold: number = DEFAULT_THRESHOLD,
): BinaryCounts {
  checkLengths(scores, targets);
  const t = f32(threshold);
  const counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < scores.length; i++) {
    const truth = (targets[i] ?? 0) !== 0;
    const said = (scores[i] ?? NaN) > t;
    if (truth && said) counts.tp++;
    else if (said) counts.fp++;
    else if (truth) counts.fn++;
    else counts.tn++;
  }
  return counts;
}

/** `keras.metrics.Precision()`: tp / (tp + fp), 0 when nothing is predicted yes. */
export function kerasPrecision(counts: BinaryCounts): number {
  return noNan(counts.tp, counts.tp + counts.fp);
}

/** `keras.metrics.Recall()`: tp / (tp + fn), 0 when there is no yes to find. */
export function kerasRecall(counts: BinaryCounts): number {
  return noNan(counts.tp, counts.tp + counts.fn);
}

/** `keras.metrics.BinaryAccuracy()` from the counts: (tp + tn) / N. */
export function countsAccuracy(counts: BinaryCounts): number {
  const n = counts.tp + counts.fp + counts.fn + counts.tn;
  return noNan(counts.tp + counts.tn, n);
}

/** Keras' AUC thresholds: `[-ε, 1/(n-1), …, (n-2)/(n-1), 1+ε]`. */
export function aucThresholds(numThresholds: number = AUC_THRESHOLDS): number[] {
  if (!Number.isInteger(numThresholds) || numThresholds < 3) {
    throw new RangeError(`numThresholds must be an integer ≥ 3, got ${String(numThresholds)}`);
  }
  const inner = Array.from({ length: numThresholds - 2 }, (_, i) => (i + 1) / (numThresholds - 1));
  return [0 - EPSILON, ...inner, 1 + EPSILON];
}

/**
 * The counts at each of Keras' AUC thresholds, as its bucketed update computes them: each score is
 * clipped to [0, 1] and falls in bucket `max(0, ceil(score·(n−1)) − 1)` (float32), and the counts
 * at threshold i are those of buckets ≥ i. A NaN score lands in no bucket, as in Keras.
 */
export function aucCounts(
  scores: ArrayLike<number>,
  targets: ArrayLike<number>,
  numThresholds: number = AUC_THRESHOLDS,
): BinaryCounts[] {
  checkLengths(scores, targets);
  aucThresholds(numThresholds);
  const tpBucket = new Float64Array(numThresholds);
  const fpBucket = new Float64Array(numThresholds);
  let positives = 0;
  let negatives = 0;
  for (let i = 0; i < scores.length; i++) {
    const truth = (targets[i] ?? 0) !== 0;
    if (truth) positives++;
    else negatives++;
    const p = Math.min(1, Math.max(0, scores[i] ?? NaN));
    const bucket = Math.max(0, Math.ceil(f32(f32(p) * (numThresholds - 1))) - 1);
    if (!Number.isFinite(bucket)) continue;
    if (truth) tpBucket[bucket] = (tpBucket[bucket] ?? 0) + 1;
    else fpBucket[bucket] = (fpBucket[bucket] ?? 0) + 1;
  }
  const out: BinaryCounts[] = new Array<BinaryCounts>(numThresholds);
  let tp = 0;
  let fp = 0;
  for (let i = numThresholds - 1; i >= 0; i--) {
    tp += tpBucket[i] ?? 0;
    fp += fpBucket[i] ?? 0;
    out[i] = { tp, fp, fn: positives - tp, tn: negatives - fp };
  }
  return out;
}

export interface CurvePoint {
  threshold: number;
  /** False-positive rate fp / (fp + tn): the ROC curve's x. */
  fpr: number;
  /** Recall (true-positive rate): the ROC curve's y and the PR curve's x. */
  recall: number;
  /** Precision: the PR curve's y (0 where nothing is predicted yes, as Keras). */
  precision: number;
}

/** The ROC and precision-recall curves on Keras' AUC thresholds, lowest threshold first. */
export function binaryCurve(
  scores: ArrayLike<number>,
  targets: ArrayLike<number>,
  numThresholds: number = AUC_THRESHOLDS,
): CurvePoint[] {
  const thresholds = aucThresholds(numThresholds);
  return aucCounts(scores, targets, numThresholds).map((c, i) => ({
    threshold: thresholds[i] ?? NaN,
    fpr: noNan(c.fp, c.fp + c.tn),
    recall: kerasRecall(c),
    precision: kerasPrecision(c),
  }));
}

/** `AUC(curve='ROC')`: the trapezoid sum of recall over the false-positive rate. */
function rocAuc(counts: readonly BinaryCounts[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < counts.length; i++) {
    const a = counts[i] as BinaryCounts;
    const b = counts[i + 1] as BinaryCounts;
    const x = noNan(a.fp, a.fp + a.tn) - noNan(b.fp, b.fp + b.tn);
    sum += x * ((kerasRecall(a) + kerasRecall(b)) / 2);
  }
  return sum;
}

/** `AUC(curve='PR')`: Davis & Goadrich's interpolation between thresholds (Keras' `interpolate_pr_auc`). */
function prAuc(counts: readonly BinaryCounts[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < counts.length; i++) {
    const a = counts[i] as BinaryCounts;
    const b = counts[i + 1] as BinaryCounts;
    const dtp = a.tp - b.tp;
    const pa = a.tp + a.fp;
    const pb = b.tp + b.fp;
    const slope = noNan(dtp, Math.max(pa - pb, 0));
    const intercept = b.tp - slope * pb;
    const ratio = pa > 0 && pb > 0 ? noNan(pa, Math.max(pb, 0)) : 1;
    sum += noNan(slope * (dtp + intercept * Math.log(ratio)), Math.max(b.tp + b.fn, 0));
  }
  return sum;
}

/** `keras.metrics.AUC(curve=...)` over the samples (200 thresholds, interpolation), as float32. */
export function kerasAuc(
  scores: ArrayLike<number>,
  targets: ArrayLike<number>,
  curve: 'ROC' | 'PR' = 'ROC',
  numThresholds: number = AUC_THRESHOLDS,
): number {
  const counts = aucCounts(scores, targets, numThresholds);
  return f32(curve === 'ROC' ? rocAuc(counts) : prAuc(counts));
}

export interface BinaryReport {
  threshold: number;
  count: number;
  counts: BinaryCounts;
  /** Share of samples whose answer is yes: the base rate. */
  positiveRate: number;
  /** Share of samples the model says yes to at the threshold. */
  predictedRate: number;
  /** Binary accuracy at the threshold, and what "always say no" would score (1 − base rate). */
  accuracy: number;
  alwaysNoAccuracy: number;
  precision: number;
  recall: number;
  /** Harmonic mean of precision and recall (0 when both are 0). */
  f1: number;
}

/** Everything the threshold slider re-scores: counts, base rate, accuracy, precision, recall. */
export function binaryReport(
  scores: ArrayLike<number>,
  targets: ArrayLike<number>,
  threshold: number = DEFAULT_THRESHOLD,
): BinaryReport {
  const counts = binaryCounts(scores, targets, threshold);
  const count = scores.length;
  const positiveRate = noNan(counts.tp + counts.fn, count);
  const precision = kerasPrecision(counts);
  const recall = kerasRecall(counts);
  return {
    threshold,
    count,
    counts,
    positiveRate,
    predictedRate: noNan(counts.tp + counts.fp, count),
    accuracy: countsAccuracy(counts),
    alwaysNoAccuracy: count === 0 ? 0 : 1 - positiveRate,
    precision,
    recall,
    f1: noNan(2 * precision * recall, precision + recall),
  };
}
