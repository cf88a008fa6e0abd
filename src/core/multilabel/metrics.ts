/**
 * Multi-label metrics on plain arrays, for the page's threshold slider and chart.
 *
 * Inputs are flat row-major arrays: `probs` (N × L activated outputs) and `targets` (N × L, 1 for
 * a positive label, 0 otherwise), with L labels per sample (10 digits by default).
 *
 * Conventions, all stated once here:
 * - a label is predicted positive when `prob > threshold` (strictly greater, as Keras'
 *   `BinaryAccuracy`), so with the default 0.5 a probability of exactly 0.5 is negative;
 * - zero divisions give 0, as scikit-learn with `zero_division=0` (its default "warn" also returns
 *   0): precision with no predicted positives, recall with no actual positives, F1 when precision
 *   + recall = 0, and every metric of an empty set (N = 0);
 * - micro averages pool the true/false positives and negatives of all labels; macro averages take
 *   the unweighted mean of the per-label values over all L labels, including labels that never
 *   occur (which then count as 0, as in scikit-learn);
 * - binary accuracy is the fraction of the N × L decisions that are right (Keras'
 *   `binary_accuracy` averaged over samples, which is the same for equal-width rows); Hamming loss
 *   is 1 − binary accuracy; subset accuracy is the fraction of samples whose L decisions are all
 *   right (scikit-learn's `accuracy_score` on multi-label input).
 */
import { DEFAULT_THRESHOLD } from '../catalogue/constants';

export interface LabelCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface PrecisionRecall {
  precision: number;
  recall: number;
  f1: number;
}

export interface MultiLabelReport {
  threshold: number;
  /** Samples N. */
  count: number;
  binaryAccuracy: number;
  subsetAccuracy: number;
  hammingLoss: number;
  micro: PrecisionRecall;
  macro: PrecisionRecall;
  /** One entry per label: its counts, precision/recall/F1, accuracy and support (positives). */
  perLabel: (LabelCounts & PrecisionRecall & { accuracy: number; support: number })[];
}

export interface SweepPoint {
  threshold: number;
  /** Micro-averaged precision, recall and F1. */
  precision: number;
  recall: number;
  f1: number;
  subsetAccuracy: number;
}

const ratio = (num: number, den: number): number => (den === 0 ? 0 : num / den);

/** Precision, recall and F1 from counts, with the zero-division convention above. */
export function precisionRecall(counts: Pick<LabelCounts, 'tp' | 'fp' | 'fn'>): PrecisionRecall {
  const precision = ratio(counts.tp, counts.tp + counts.fp);
  const recall = ratio(counts.tp, counts.tp + counts.fn);
  return { precision, recall, f1: ratio(2 * precision * recall, precision + recall) };
}

function checkShapes(
  probs: ArrayLike<number>,
  targets: ArrayLike<number>,
  numLabels: number,
): number {
  if (!Number.isInteger(numLabels) || numLabels < 1) {
    throw new RangeError(`numLabels must be a positive integer, got ${String(numLabels)}`);
  }
  if (probs.length !== targets.length || probs.length % numLabels !== 0) {
    throw new RangeError(
      `probs (${probs.length} values) and targets (${targets.length}) must both hold N × ${numLabels} values`,
    );
  }
  return probs.length / numLabels;
}

/** Per-label confusion counts and the number of samples whose row is entirely right. */
function countAt(
  probs: ArrayLike<number>,
  targets: ArrayLike<number>,
  numLabels: number,
  threshold: number,
): { labels: LabelCounts[]; exact: number; count: number } {
  const count = checkShapes(probs, targets, numLabels);
  const labels = Array.from({ length: numLabels }, () => ({ tp: 0, fp: 0, fn: 0, tn: 0 }));
  let exact = 0;
  for (let i = 0; i < count; i++) {
    let allRight = true;
    for (let l = 0; l < numLabels; l++) {
      const at = i * numLabels + l;
      const predicted = (probs[at] as number) > threshold;
      const actual = (targets[at] as number) > 0.5;
      const c = labels[l] as LabelCounts;
      if (predicted && actual) c.tp++;
      else if (predicted) c.fp++;
      else if (actual) c.fn++;
      else c.tn++;
      if (predicted !== actual) allRight = false;
    }
    if (allRight) exact++;
  }
  return { labels, exact, count };
}

function pooled(labels: readonly LabelCounts[]): LabelCounts {
  return labels.reduce(
    (a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn, tn: a.tn + c.tn }),
    { tp: 0, fp: 0, fn: 0, tn: 0 },
  );
}

/**
 * Every multi-label metric at one threshold (default 0.5). `probs` and `targets` are flat N × L
 * arrays. Throws a RangeError when their lengths disagree or are not a multiple of `numLabels`.
 */
export function multiLabelReport(
  probs: ArrayLike<number>,
  targets: ArrayLike<number>,
  options: { numLabels?: number; threshold?: number } = {},
): MultiLabelReport {
  const numLabels = options.numLabels ?? 10;
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const { labels, exact, count } = countAt(probs, targets, numLabels, threshold);
  const all = pooled(labels);
  const decisions = count * numLabels;
  const binaryAccuracy = ratio(all.tp + all.tn, decisions);
  const perLabel = labels.map((c) => ({
    ...c,
    ...precisionRecall(c),
    accuracy: ratio(c.tp + c.tn, count),
    support: c.tp + c.fn,
  }));
  const mean = (pick: (p: PrecisionRecall) => number) =>
    perLabel.reduce((s, p) => s + pick(p), 0) / numLabels;
  return {
    threshold,
    count,
    binaryAccuracy,
    subsetAccuracy: ratio(exact, count),
    hammingLoss: decisions === 0 ? 0 : 1 - binaryAccuracy,
    micro: precisionRecall(all),
    macro: {
      precision: mean((p) => p.precision),
      recall: mean((p) => p.recall),
      f1: mean((p) => p.f1),
    },
    perLabel,
  };
}

/** Fraction of the N × L threshold decisions that are right. */
export function binaryAccuracy(
  probs: ArrayLike<number>,
  targets: ArrayLike<number>,
  threshold = DEFAULT_THRESHOLD,
  numLabels = 10,
): number {
  return multiLabelReport(probs, targets, { numLabels, threshold }).binaryAccuracy;
}

/** Fraction of samples whose every label decision is right (exact match). */
export function subsetAccuracy(
  probs: ArrayLike<number>,
  targets: ArrayLike<number>,
  threshold = DEFAULT_THRESHOLD,
  numLabels = 10,
): number {
  return multiLabelReport(probs, targets, { numLabels, threshold }).subsetAccuracy;
}

/** Fraction of the N × L decisions that are wrong (1 − binary accuracy; 0 for no samples). */
export function hammingLoss(
  probs: ArrayLike<number>,
  targets: ArrayLike<number>,
  threshold = DEFAULT_THRESHOLD,
  numLabels = 10,
): number {
  return multiLabelReport(probs, targets, { numLabels, threshold }).hammingLoss;
}

/**
 * Micro precision, recall, F1 and subset accuracy at each threshold, in the given order, for the
 * page's threshold chart.
 */
export function thresholdSweep(
  probs: ArrayLike<number>,
  targets: ArrayLike<number>,
  thresholds: readonly number[],
  numLabels = 10,
): SweepPoint[] {
  return thresholds.map((threshold) => {
    const { labels, exact, count } = countAt(probs, targets, numLabels, threshold);
    return { threshold, ...precisionRecall(pooled(labels)), subsetAccuracy: ratio(exact, count) };
  });
}

/** `n + 1` evenly spaced thresholds from 0 to 1 inclusive (default 0, 0.05, …, 1). */
export function evenThresholds(n = 20): number[] {
  return Array.from({ length: n + 1 }, (_, i) => Math.round((i / n) * 1e6) / 1e6);
}
