import { describe, expect, it } from 'vitest';
import {
  aucCounts,
  aucThresholds,
  binaryCounts,
  binaryCurve,
  binaryReport,
  kerasAuc,
  kerasPrecision,
  kerasRecall,
} from './binaryMetrics';
import kerasCases from './binaryMetrics.keras.json';

/** Exact ROC AUC by pairs (ties count half): what 200 thresholds approach. */
function pairwiseAuc(scores: number[], targets: number[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((p, i) => {
    if (targets[i] !== 1) return;
    scores.forEach((q, j) => {
      if (targets[j] !== 0) return;
      pairs++;
      wins += p > q ? 1 : p === q ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

describe("Keras' Precision and Recall", () => {
  it('match the Keras docstring examples (threshold 0.5, strictly greater)', () => {
    // keras.metrics.Precision / Recall docstrings: y_true [0,1,1,1], y_pred [1,0,1,1] → 2/3.
    const counts = binaryCounts([1, 0, 1, 1], [0, 1, 1, 1]);
    expect(counts).toEqual({ tp: 2, fp: 1, fn: 1, tn: 0 });
    expect(kerasPrecision(counts)).toBeCloseTo(2 / 3, 7);
    expect(kerasRecall(counts)).toBeCloseTo(2 / 3, 7);
    // A score of exactly the threshold is a no.
    expect(binaryCounts([0.5], [1])).toEqual({ tp: 0, fp: 0, fn: 1, tn: 0 });
  });

  it('give 0, not NaN, when nothing is predicted yes or there is no yes', () => {
    const none = binaryCounts([0.1, 0.2], [1, 0]);
    expect(kerasPrecision(none)).toBe(0);
    expect(kerasRecall(binaryCounts([0.9], [0]))).toBe(0);
  });

  it('threshold raw logits as given, and count any non-zero target as yes', () => {
    expect(binaryCounts([-3, 0.7, 4], [0, 2, 1])).toEqual({ tp: 2, fp: 0, fn: 0, tn: 1 });
  });

  it('refuse arrays of different lengths', () => {
    expect(() => binaryCounts([0.1, 0.2], [1])).toThrow(RangeError);
  });
});

describe("Keras' AUC", () => {
  it('puts a hair below 0 and above 1 around evenly spaced thresholds', () => {
    const t = aucThresholds(5);
    expect(t).toHaveLength(5);
    expect(t[0]).toBeLessThan(0);
    expect(t.slice(1, 4)).toEqual([0.25, 0.5, 0.75]);
    expect(t[4]).toBeGreaterThan(1);
    expect(() => aucThresholds(2)).toThrow(RangeError);
  });

  it('matches the Keras docstring example (3 thresholds → 0.75)', () => {
    expect(kerasAuc([0, 0.5, 0.3, 0.9], [0, 0, 1, 1], 'ROC', 3)).toBeCloseTo(0.75, 6);
  });

  it('counts at each threshold as strictly-greater comparisons would', () => {
    const scores = [0, 0.1, 0.5, 0.5000001, 0.73, 1, 1.7, -2];
    const targets = [0, 1, 0, 1, 1, 0, 1, 0];
    const thresholds = aucThresholds(11);
    const clipped = scores.map((s) => Math.min(1, Math.max(0, s)));
    aucCounts(scores, targets, 11).forEach((c, i) => {
      const t = thresholds[i] as number;
      expect(c).toEqual(binaryCounts(clipped, targets, t));
    });
  });

  it('approaches the exact pairwise ROC AUC with 200 thresholds', () => {
    const scores = Array.from({ length: 400 }, (_, i) => ((i * 7919) % 997) / 997);
    const targets = scores.map((s, i) => (s + ((i * 31) % 17) / 40 > 0.7 ? 1 : 0));
    const exact = pairwiseAuc(scores, targets);
    expect(kerasAuc(scores, targets)).toBeCloseTo(exact, 2);
    expect(kerasAuc(scores, targets)).not.toBe(exact);
  });

  it('is 1 for a perfect ranking, 0.5 for constant scores, and its PR form is the base rate for those', () => {
    expect(kerasAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBeCloseTo(1, 6);
    expect(kerasAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1], 'PR')).toBeCloseTo(1, 6);
    expect(kerasAuc([0.3, 0.3, 0.3, 0.3], [0, 1, 0, 0])).toBeCloseTo(0.5, 6);
    expect(kerasAuc([0.3, 0.3, 0.3, 0.3], [0, 1, 0, 0], 'PR')).toBeCloseTo(0.25, 6);
  });

  it('draws ROC and PR curves from the same counts', () => {
    const curve = binaryCurve([0.2, 0.6, 0.4, 0.9], [0, 1, 0, 1], 5);
    expect(curve[0]).toMatchObject({ fpr: 1, recall: 1, precision: 0.5 });
    expect(curve.at(-1)).toMatchObject({ fpr: 0, recall: 0, precision: 0 });
  });
});

describe('binaryReport', () => {
  it('puts the base rate beside accuracy: "always say no" scores 1 − positive rate', () => {
    const targets = Array.from({ length: 100 }, (_, i) => (i < 10 ? 1 : 0));
    const allNo = binaryReport(new Array<number>(100).fill(0.01), targets);
    expect(allNo.positiveRate).toBe(0.1);
    expect(allNo.accuracy).toBeCloseTo(0.9, 9);
    expect(allNo.alwaysNoAccuracy).toBeCloseTo(0.9, 9);
    expect(allNo.recall).toBe(0);
    expect(allNo.predictedRate).toBe(0);

    const lower = binaryReport(
      targets.map((t, i) => (t ? 0.3 : i % 10 === 0 ? 0.35 : 0.05)),
      targets,
      0.25,
    );
    expect(lower.counts).toEqual({ tp: 10, fp: 9, fn: 0, tn: 81 });
    expect(lower.recall).toBe(1);
    expect(lower.precision).toBeCloseTo(10 / 19, 9);
    expect(lower.f1).toBeCloseTo((2 * (10 / 19)) / (1 + 10 / 19), 9);
  });
});

describe('against real Keras (scripts/keras-oracle/binary_metrics.py)', () => {
  it.each(kerasCases.cases)('$name', (c) => {
    const at = (t: number) => binaryCounts(c.scores, c.targets, t);
    // Keras keeps its counts and results in float32: six decimals is its precision.
    expect(kerasPrecision(at(0.5))).toBeCloseTo(c.precision, 6);
    expect(kerasRecall(at(0.5))).toBeCloseTo(c.recall, 6);
    expect(kerasPrecision(at(0.3))).toBeCloseTo(c.precision_030, 6);
    expect(kerasRecall(at(0.3))).toBeCloseTo(c.recall_030, 6);
    expect(kerasAuc(c.scores, c.targets)).toBeCloseTo(c.auc, 6);
    expect(kerasAuc(c.scores, c.targets, 'PR')).toBeCloseTo(c.auc_pr, 6);
    expect(kerasAuc(c.scores, c.targets, 'ROC', 11)).toBeCloseTo(c.auc_11, 6);
  });
});
