import { describe, expect, it } from 'vitest';
import {
  binaryAccuracy,
  evenThresholds,
  hammingLoss,
  multiLabelReport,
  precisionRecall,
  subsetAccuracy,
  thresholdSweep,
} from './metrics';

// Three samples, three labels. Hand counts at threshold 0.5 (strictly greater):
//   sample 0: pred [1,0,0] true [1,0,0]  → exact
//   sample 1: pred [0,1,1] true [0,1,0]  → 1 FP on label 2
//   sample 2: pred [0,0,0] true [1,0,1]  → 2 FN (0.5 is not > 0.5)
const probs = [0.9, 0.2, 0.1, 0.3, 0.8, 0.6, 0.5, 0.4, 0.2];
const targets = [1, 0, 0, 0, 1, 0, 1, 0, 1];
const opts = { numLabels: 3 };

describe('multiLabelReport', () => {
  const r = multiLabelReport(probs, targets, opts);

  it('counts accuracy, exact match and Hamming loss by hand', () => {
    expect(r.count).toBe(3);
    expect(r.binaryAccuracy).toBeCloseTo(6 / 9, 12);
    expect(r.hammingLoss).toBeCloseTo(3 / 9, 12);
    expect(r.subsetAccuracy).toBeCloseTo(1 / 3, 12);
    expect(binaryAccuracy(probs, targets, 0.5, 3)).toBeCloseTo(6 / 9, 12);
    expect(subsetAccuracy(probs, targets, 0.5, 3)).toBeCloseTo(1 / 3, 12);
    expect(hammingLoss(probs, targets, 0.5, 3)).toBeCloseTo(3 / 9, 12);
  });

  it('computes per-label counts, precision, recall, F1 and accuracy', () => {
    // label 0: TP 1, FN 1 → P 1, R 0.5, F1 2/3; label 1: TP 1 → 1,1,1; label 2: FP 1, FN 1 → 0,0,0
    expect(r.perLabel.map(({ tp, fp, fn, tn }) => [tp, fp, fn, tn])).toEqual([
      [1, 0, 1, 1],
      [1, 0, 0, 2],
      [0, 1, 1, 1],
    ]);
    expect(r.perLabel.map((p) => p.support)).toEqual([2, 1, 1]);
    expect(r.perLabel[0]?.f1).toBeCloseTo(2 / 3, 12);
    expect(r.perLabel[2]).toMatchObject({ precision: 0, recall: 0, f1: 0 });
    expect(r.perLabel.map((p) => p.accuracy)).toEqual([2 / 3, 1, 1 / 3]);
  });

  it('micro pools the counts, macro averages the labels', () => {
    // pooled: TP 2, FP 1, FN 2 → P 2/3, R 1/2, F1 4/7
    expect(r.micro.precision).toBeCloseTo(2 / 3, 12);
    expect(r.micro.recall).toBeCloseTo(1 / 2, 12);
    expect(r.micro.f1).toBeCloseTo(4 / 7, 12);
    expect(r.macro.precision).toBeCloseTo((1 + 1 + 0) / 3, 12);
    expect(r.macro.recall).toBeCloseTo((0.5 + 1 + 0) / 3, 12);
    expect(r.macro.f1).toBeCloseTo((2 / 3 + 1 + 0) / 3, 12);
  });

  it('uses zero_division = 0 and counts never-seen labels in the macro mean', () => {
    expect(precisionRecall({ tp: 0, fp: 0, fn: 0 })).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(precisionRecall({ tp: 0, fp: 2, fn: 0 })).toEqual({ precision: 0, recall: 0, f1: 0 });
    // label 1 never occurs and is never predicted: all zeros, still in the macro mean.
    const rep = multiLabelReport([0.9, 0.1], [1, 0], { numLabels: 2 });
    expect(rep.perLabel[1]).toMatchObject({ precision: 0, recall: 0, f1: 0, accuracy: 1 });
    expect(rep.macro.f1).toBe(0.5);
    expect(rep.micro.f1).toBe(1);
    const empty = multiLabelReport([], [], { numLabels: 10 });
    expect(empty).toMatchObject({ count: 0, binaryAccuracy: 0, subsetAccuracy: 0, hammingLoss: 0 });
  });

  it('takes typed arrays and a threshold', () => {
    const low = multiLabelReport(Float32Array.from(probs), Uint8Array.from(targets), {
      numLabels: 3,
      threshold: 0.45,
    });
    // sample 2 now predicts label 0 (0.5 > 0.45): still misses label 2.
    expect(low.perLabel[0]?.tp).toBe(2);
    expect(low.subsetAccuracy).toBeCloseTo(1 / 3, 12);
  });

  it('rejects mismatched shapes', () => {
    expect(() => multiLabelReport([0.1, 0.2], [1], opts)).toThrow(RangeError);
    expect(() => multiLabelReport([0.1, 0.2], [1, 0], opts)).toThrow(/N × 3/);
    expect(() => multiLabelReport([], [], { numLabels: 0 })).toThrow(/numLabels/);
  });
});

describe('thresholdSweep', () => {
  it('reports micro P/R/F1 and subset accuracy per threshold, in order', () => {
    const sweep = thresholdSweep(probs, targets, [0, 0.5, 0.95], 3);
    expect(sweep.map((p) => p.threshold)).toEqual([0, 0.5, 0.95]);
    // threshold 0: everything positive → P 4/9, R 1, F1 8/13, no exact rows
    expect(sweep[0]?.precision).toBeCloseTo(4 / 9, 12);
    expect(sweep[0]?.recall).toBe(1);
    expect(sweep[0]?.f1).toBeCloseTo(8 / 13, 12);
    expect(sweep[0]?.subsetAccuracy).toBe(0);
    expect(sweep[1]?.f1).toBeCloseTo(4 / 7, 12);
    // threshold 0.95: nothing positive → P 0 by convention, R 0, F1 0
    expect(sweep[2]).toMatchObject({ precision: 0, recall: 0, f1: 0, subsetAccuracy: 0 });
  });

  it('offers evenly spaced thresholds', () => {
    expect(evenThresholds(4)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(evenThresholds()).toHaveLength(21);
    expect(evenThresholds()[3]).toBe(0.15);
  });
});
