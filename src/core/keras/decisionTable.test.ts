/**
 * Every row of the spec's decision table (§6), in both semantics: `tf` is the K3-TF column,
 * `plain` the K3-JAX column. Expected values come from independent float64 formulas written out
 * below, so they check the float32 implementation to 1e-5 relative.
 */
import { describe, expect, it } from 'vitest';
import type { Activation, LossName, Semantics } from '../config';
import { kerasLoss } from './losses';
import { resolveAccuracy } from './metrics';

const EPS = Math.fround(1e-7);
const ONE = Math.fround(1 - 1e-7);
const clip = (p: number) => Math.min(Math.max(p, EPS), ONE);
const sig = (z: number) => 1 / (1 + Math.exp(-z));
const softmax = (z: number[]) => {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};
const lse = (z: number[]) => {
  const m = Math.max(...z);
  return m + Math.log(z.reduce((a, v) => a + Math.exp(v - m), 0));
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Reference per-sample formulas (spec §1.3-1.5). */
const ref = {
  sigmoidCe: (y: number[], z: number[]) =>
    mean(y.map((t, k) => Math.max(z[k]!, 0) - z[k]! * t + Math.log1p(Math.exp(-Math.abs(z[k]!))))),
  bceProb: (y: number[], p: number[]) =>
    mean(y.map((t, k) => -(t * Math.log(clip(p[k]!)) + (1 - t) * Math.log(1 - clip(p[k]!))))),
  softmaxCe: (y: number[], z: number[]) => sum(y.map((t, k) => t * (lse(z) - z[k]!))),
  cceProb: (y: number[], p: number[]) => {
    const s = sum(p);
    return -sum(y.map((t, k) => t * Math.log(clip(p[k]! / s))));
  },
  scceProbTf: (id: number, p: number[]) => -Math.log(clip(p[id]!) / sum(p.map(clip))),
  scceProbJax: (id: number, p: number[]) => -Math.log(clip(p[id]! / sum(p))),
  /**
   * keras.losses.binary_focal_crossentropy (Keras 3.15, gamma = 2, no class balancing): the
   * element-wise BCE `bce` (on logits or clipped probabilities) times (1 − p_t)², where p_t reads
   * the unclipped probabilities q; mean over the classes.
   */
  focal: (y: number[], bce: number[], q: number[]) =>
    mean(y.map((t, k) => (1 - (t * q[k]! + (1 - t) * (1 - q[k]!))) ** 2 * bce[k]!)),
  /** The custom abs_KL_div: Σ |(y − p)·log(y/p)| with y and p clipped to [1e-7, 1]. */
  absKl: (y: number[], p: number[]) =>
    sum(
      y.map((t, k) => {
        const yc = Math.min(Math.max(t, EPS), 1);
        const pc = Math.min(Math.max(p[k]!, EPS), 1);
        return Math.abs((yc - pc) * Math.log(yc / pc));
      }),
    ),
};

/** Element-wise BCE terms: on logits x, or on probabilities q clipped to [ε, 1 − ε]. */
const bceOnLogits = (y: number[], x: number[]) =>
  y.map((t, k) => Math.max(x[k]!, 0) - x[k]! * t + Math.log1p(Math.exp(-Math.abs(x[k]!))));
const bceOnProbabilities = (y: number[], q: number[]) =>
  y.map((t, k) => -(t * Math.log(clip(q[k]!)) + (1 - t) * Math.log(1 - clip(q[k]!))));

/** The focal loss of each row: the BCE read from `x` (logits) or from `q` (clipped). */
const focalRows = (y: number[][], q: number[][], x?: number[][]) =>
  y.map((row, i) =>
    ref.focal(row, x ? bceOnLogits(row, x[i]!) : bceOnProbabilities(row, q[i]!), q[i]!),
  );

const Z = [
  [1.2, -0.7, 0.3, 2.1, -1.5, 0.0, 0.8, -0.2, 1.7, -2.4],
  [-0.4, 0.9, -1.1, 0.2, 1.4, -0.6, 2.2, 0.5, -1.8, 0.1],
];
const IDS = [3, 6];
const ONEHOT = IDS.map((id) => Array.from({ length: 10 }, (_, k) => (k === id ? 1 : 0)));
const MULTIHOT = [
  [0, 0, 0, 1, 0, 0, 0, 1, 0, 0],
  [1, 0, 0, 0, 0, 0, 1, 0, 0, 0],
];
const SIG = Z.map((r) => r.map(sig));
const SMX = Z.map(softmax);
const SIG_SIG = SIG.map((r) => r.map(sig));
/** Saturated logits: the logits path is exact (30), the probability path caps at 15.94. */
const Z_SAT = [
  [30, -30],
  [-30, 30],
];
const Y_SAT = [
  [0, 0],
  [0, 1],
];

type Expect = { values: number[] } | { error: string };

interface Row {
  name: string;
  activation: Activation;
  loss: LossName;
  fromLogits?: boolean;
  yTrue: number[] | number[][];
  logits?: number[][];
  tf: Expect;
  plain: Expect;
  accuracy?: string;
}

const per = (f: (y: number[], z: number[]) => number, y: number[][], z: number[][]) =>
  y.map((row, i) => f(row, z[i]!));

const bceShape = (t: string, tNone: string, o = '(None, 10)', oC = '(2, 10)') => ({
  tf: `Arguments \`target\` and \`output\` must have the same ${t === 'rank' ? 'rank (ndim)' : 'shape'}. Received: target.shape=${tNone}, output.shape=${o}`,
  plainShape: (target: string) =>
    `Arguments \`target\` and \`output\` must have the same shape. Received: target.shape=${target}, output.shape=${oC}`,
});

const rank1 = bceShape('rank', '(None,)');
const col1 = bceShape('shape', '(None, 1)');

const rows: Row[] = [
  {
    name: 'sigmoid + BCE + one-hot',
    activation: 'sigmoid',
    loss: 'binary_crossentropy',
    yTrue: ONEHOT,
    tf: { values: per(ref.sigmoidCe, ONEHOT, Z) },
    plain: { values: per(ref.bceProb, ONEHOT, SIG) },
    accuracy: 'categorical_accuracy',
  },
  {
    name: 'sigmoid + BCE + multi-hot',
    activation: 'sigmoid',
    loss: 'binary_crossentropy',
    yTrue: MULTIHOT,
    tf: { values: per(ref.sigmoidCe, MULTIHOT, Z) },
    plain: { values: per(ref.bceProb, MULTIHOT, SIG) },
    accuracy: 'categorical_accuracy',
  },
  {
    name: 'softmax + BCE + one-hot: sigmoid-CE on the softmax logits',
    activation: 'softmax',
    loss: 'binary_crossentropy',
    yTrue: ONEHOT,
    tf: { values: per(ref.sigmoidCe, ONEHOT, Z) },
    plain: { values: per(ref.bceProb, ONEHOT, SMX) },
  },
  {
    name: 'linear + BCE + one-hot: raw outputs clipped',
    activation: 'linear',
    loss: 'binary_crossentropy',
    yTrue: ONEHOT,
    tf: { values: per(ref.bceProb, ONEHOT, Z) },
    plain: { values: per(ref.bceProb, ONEHOT, Z) },
  },
  {
    name: 'BCE + int (B, 1)',
    activation: 'sigmoid',
    loss: 'binary_crossentropy',
    yTrue: IDS.map((i) => [i]),
    tf: { error: col1.tf },
    plain: { error: col1.plainShape('(2, 1)') },
  },
  {
    name: 'BCE + int (B,)',
    activation: 'linear',
    loss: 'binary_crossentropy',
    yTrue: IDS,
    tf: { error: rank1.tf },
    plain: { error: rank1.plainShape('(2,)') },
  },
  {
    name: 'softmax + CCE + one-hot',
    activation: 'softmax',
    loss: 'categorical_crossentropy',
    yTrue: ONEHOT,
    tf: { values: per(ref.softmaxCe, ONEHOT, Z) },
    plain: { values: per(ref.cceProb, ONEHOT, SMX) },
    accuracy: 'categorical_accuracy',
  },
  {
    name: 'sigmoid + CCE + one-hot: softmax-CE on the sigmoid logits',
    activation: 'sigmoid',
    loss: 'categorical_crossentropy',
    yTrue: ONEHOT,
    tf: { values: per(ref.softmaxCe, ONEHOT, Z) },
    plain: { values: per(ref.cceProb, ONEHOT, SIG) },
  },
  {
    name: 'linear + CCE + one-hot: normalised by the sum',
    activation: 'linear',
    loss: 'categorical_crossentropy',
    yTrue: ONEHOT,
    tf: { values: per(ref.cceProb, ONEHOT, Z) },
    plain: { values: per(ref.cceProb, ONEHOT, Z) },
  },
  {
    name: 'CCE + int (B, 1)',
    activation: 'softmax',
    loss: 'categorical_crossentropy',
    yTrue: IDS.map((i) => [i]),
    tf: { error: col1.tf },
    plain: { error: col1.plainShape('(2, 1)') },
  },
  {
    name: 'CCE + int (B,)',
    activation: 'softmax',
    loss: 'categorical_crossentropy',
    yTrue: IDS,
    tf: { error: rank1.tf },
    plain: { error: rank1.plainShape('(2,)') },
  },
  {
    name: 'CCE + multi-hot: −Σ over all positives',
    activation: 'softmax',
    loss: 'categorical_crossentropy',
    yTrue: MULTIHOT,
    tf: { values: per(ref.softmaxCe, MULTIHOT, Z) },
    plain: { values: per(ref.cceProb, MULTIHOT, SMX) },
    accuracy: 'categorical_accuracy',
  },
  {
    name: 'softmax + SCCE + int (B,)',
    activation: 'softmax',
    loss: 'sparse_categorical_crossentropy',
    yTrue: IDS,
    tf: { values: per(ref.softmaxCe, ONEHOT, Z) },
    plain: { values: IDS.map((id, i) => ref.scceProbJax(id, SMX[i]!)) },
    accuracy: 'sparse_categorical_accuracy',
  },
  {
    name: 'softmax + SCCE + int (B, 1)',
    activation: 'softmax',
    loss: 'sparse_categorical_crossentropy',
    yTrue: IDS.map((i) => [i]),
    tf: { values: per(ref.softmaxCe, ONEHOT, Z) },
    plain: { values: IDS.map((id, i) => ref.scceProbJax(id, SMX[i]!)) },
    accuracy: 'sparse_categorical_accuracy',
  },
  {
    name: 'sigmoid + SCCE + int: sparse softmax-CE on the sigmoid logits',
    activation: 'sigmoid',
    loss: 'sparse_categorical_crossentropy',
    yTrue: IDS,
    tf: { values: per(ref.softmaxCe, ONEHOT, Z) },
    plain: { values: IDS.map((id, i) => ref.scceProbJax(id, SIG[i]!)) },
  },
  {
    name: 'linear + SCCE + int: clip, then normalise (TF) / normalise, then clip (JAX)',
    activation: 'linear',
    loss: 'sparse_categorical_crossentropy',
    yTrue: IDS,
    logits: SIG,
    tf: { values: IDS.map((id, i) => ref.scceProbTf(id, SIG[i]!)) },
    plain: { values: IDS.map((id, i) => ref.scceProbJax(id, SIG[i]!)) },
  },
  {
    name: 'SCCE + one-hot (B, 10)',
    activation: 'softmax',
    loss: 'sparse_categorical_crossentropy',
    yTrue: ONEHOT,
    tf: {
      error:
        'Argument `output` must have rank (ndim) `target.ndim - 1`. Received: target.shape=(None, 10), output.shape=(None, 10)',
    },
    plain: {
      error:
        'Arguments `target` and `output` must have the same shape up until the last dimension: target.shape=(2, 10), output.shape=(2, 10)',
    },
  },
  {
    name: 'SCCE + label ≥ K',
    activation: 'softmax',
    loss: 'sparse_categorical_crossentropy',
    yTrue: [3, 10],
    tf: {
      error:
        'Received a label value of 10 which is outside the valid range of [0, 10).  Label values: 3 10',
    },
    plain: { values: [ref.scceProbJax(3, SMX[0]!), 0] },
  },
  {
    name: 'sigmoid (K=1) + BCE + int (B,): expanded to (B, 1)',
    activation: 'sigmoid',
    loss: 'binary_crossentropy',
    yTrue: [1, 0],
    logits: [[0.7], [-1.3]],
    tf: { values: [ref.sigmoidCe([1], [0.7]), ref.sigmoidCe([0], [-1.3])] },
    plain: { values: [ref.bceProb([1], [sig(0.7)]), ref.bceProb([0], [sig(-1.3)])] },
    accuracy: 'binary_accuracy',
  },
  {
    name: 'sigmoid (K=1) + BCE + int (B, 1)',
    activation: 'sigmoid',
    loss: 'binary_crossentropy',
    yTrue: [[1], [0]],
    logits: [[0.7], [-1.3]],
    tf: { values: [ref.sigmoidCe([1], [0.7]), ref.sigmoidCe([0], [-1.3])] },
    plain: { values: [ref.bceProb([1], [sig(0.7)]), ref.bceProb([0], [sig(-1.3)])] },
    accuracy: 'binary_accuracy',
  },
  {
    name: 'sigmoid (K=1) + CCE + (B, 1): loss ≡ 0 (tf), ≈ 1.19e-7·y (plain)',
    activation: 'sigmoid',
    loss: 'categorical_crossentropy',
    yTrue: [[1], [0]],
    logits: [[0.7], [-1.3]],
    tf: { values: [0, 0] },
    plain: { values: [1.1920929e-7, 0] },
    accuracy: 'binary_accuracy',
  },
  {
    name: 'sigmoid (K=1) + SCCE + {0, 1}: label 1 out of range',
    activation: 'sigmoid',
    loss: 'sparse_categorical_crossentropy',
    yTrue: [0, 1],
    logits: [[0.7], [-1.3]],
    tf: {
      error:
        'Received a label value of 1 which is outside the valid range of [0, 1).  Label values: 0 1',
    },
    plain: { values: [1.1920929e-7, 0] },
    accuracy: 'binary_accuracy',
  },
  // binary_focal_crossentropy (Keras 3.15, losses.py): `ops.sigmoid` first when from_logits, then
  // the backend BCE with from_logits=False, whose `_get_logits` finds a cached pre-activation on
  // TensorFlow (the model's, or the one its own sigmoid leaves); the focal factor reads q.
  {
    name: 'sigmoid + focal BCE + one-hot: cached logits (tf), clipped (plain)',
    activation: 'sigmoid',
    loss: 'binary_focal_crossentropy',
    yTrue: ONEHOT,
    tf: { values: focalRows(ONEHOT, SIG, Z) },
    plain: { values: focalRows(ONEHOT, SIG) },
    accuracy: 'categorical_accuracy',
  },
  {
    name: 'softmax + focal BCE + multi-hot: sigmoid-CE on the softmax logits, factor on softmax',
    activation: 'softmax',
    loss: 'binary_focal_crossentropy',
    yTrue: MULTIHOT,
    tf: { values: focalRows(MULTIHOT, SMX, Z) },
    plain: { values: focalRows(MULTIHOT, SMX) },
  },
  {
    name: 'linear + focal BCE(from_logits=True): its own sigmoid, exact on TF',
    activation: 'linear',
    loss: 'binary_focal_crossentropy',
    fromLogits: true,
    yTrue: MULTIHOT,
    tf: { values: focalRows(MULTIHOT, SIG, Z) },
    plain: { values: focalRows(MULTIHOT, SIG) },
  },
  {
    name: 'sigmoid + focal BCE(from_logits=True): sigmoid applied twice, on every backend',
    activation: 'sigmoid',
    loss: 'binary_focal_crossentropy',
    fromLogits: true,
    yTrue: ONEHOT,
    tf: { values: focalRows(ONEHOT, SIG_SIG, SIG) },
    plain: { values: focalRows(ONEHOT, SIG_SIG) },
  },
  {
    name: 'linear + focal BCE: raw outputs clipped for the BCE, unclipped in the factor',
    activation: 'linear',
    loss: 'binary_focal_crossentropy',
    yTrue: MULTIHOT,
    tf: { values: focalRows(MULTIHOT, Z) },
    plain: { values: focalRows(MULTIHOT, Z) },
  },
  {
    name: 'linear + focal BCE(from_logits=True), saturated: 15 on TF, capped on JAX',
    activation: 'linear',
    loss: 'binary_focal_crossentropy',
    fromLogits: true,
    yTrue: Y_SAT,
    logits: Z_SAT,
    tf: { values: [15, 0] },
    plain: {
      values: focalRows(
        Y_SAT,
        Z_SAT.map((r) => r.map(sig)),
      ),
    },
  },
  {
    name: 'focal BCE + int (B,)',
    activation: 'sigmoid',
    loss: 'binary_focal_crossentropy',
    yTrue: IDS,
    tf: { error: rank1.tf },
    plain: { error: rank1.plainShape('(2,)') },
  },
  {
    name: 'focal BCE + int (B, 1)',
    activation: 'sigmoid',
    loss: 'binary_focal_crossentropy',
    yTrue: IDS.map((i) => [i]),
    tf: { error: col1.tf },
    plain: { error: col1.plainShape('(2, 1)') },
  },
  // abs_kl_divergence, the custom abs_KL_div: a plain function of y_pred, so no logits cache.
  {
    name: 'softmax + abs KL + one-hot: the same on every backend',
    activation: 'softmax',
    loss: 'abs_kl_divergence',
    yTrue: ONEHOT,
    tf: { values: per(ref.absKl, ONEHOT, SMX) },
    plain: { values: per(ref.absKl, ONEHOT, SMX) },
  },
  {
    name: 'sigmoid + abs KL + multi-hot',
    activation: 'sigmoid',
    loss: 'abs_kl_divergence',
    yTrue: MULTIHOT,
    tf: { values: per(ref.absKl, MULTIHOT, SIG) },
    plain: { values: per(ref.absKl, MULTIHOT, SIG) },
  },
  {
    name: 'linear + abs KL: raw outputs clipped to [ε, 1]',
    activation: 'linear',
    loss: 'abs_kl_divergence',
    yTrue: ONEHOT,
    tf: { values: per(ref.absKl, ONEHOT, Z) },
    plain: { values: per(ref.absKl, ONEHOT, Z) },
  },
  {
    name: 'abs KL + int (B,): the broadcast fails',
    activation: 'softmax',
    loss: 'abs_kl_divergence',
    yTrue: IDS,
    tf: { error: 'Incompatible shapes: [2] vs. [2,10]' },
    plain: { error: 'Incompatible shapes for broadcasting: shapes=[(2,), (2, 10)]' },
  },
];

function shapeOf(y: number[] | number[][]): number[] {
  return Array.isArray(y[0]) ? [y.length, y[0].length] : [y.length];
}

describe.each(['tf', 'plain'] as const)(
  'decision table (spec §6), %s semantics',
  (semantics: Semantics) => {
    it.each(rows)('$name', (row) => {
      const expected = row[semantics];
      const call = () =>
        kerasLoss({
          loss: row.loss,
          fromLogits: row.fromLogits ?? false,
          activation: row.activation,
          yTrue: row.yTrue,
          logits: row.logits ?? Z,
          semantics,
        });
      if ('error' in expected) {
        expect(call).toThrow(expected.error);
        return;
      }
      const { perSample, value } = call();
      expect(perSample).toHaveLength(expected.values.length);
      perSample.forEach((v, i) => {
        const want = expected.values[i]!;
        expect(Math.abs(v - want)).toBeLessThanOrEqual(Math.max(1e-5 * Math.abs(want), 1e-12));
      });
      expect(Math.abs(value - mean(expected.values))).toBeLessThanOrEqual(
        1e-5 * Math.abs(mean(expected.values)) + 1e-12,
      );
    });
  },
);

describe("'accuracy' column of the decision table", () => {
  it.each(rows.filter((r) => r.accuracy))('$name → $accuracy', (row) => {
    const K = (row.logits ?? Z)[0]!.length;
    expect(resolveAccuracy({ yTrueShape: shapeOf(row.yTrue), yPredShape: [null, K] })).toBe(
      row.accuracy,
    );
  });
});

describe('decision-table rows that only warn', () => {
  it('sigmoid (K=1) + CCE prints the SyntaxWarning', () => {
    const r = kerasLoss({
      loss: 'categorical_crossentropy',
      fromLogits: false,
      activation: 'sigmoid',
      yTrue: [[1]],
      logits: [[0.7]],
    });
    expect(r.warnings).toEqual([
      "In loss categorical_crossentropy, expected y_pred.shape to be (batch_size, num_classes) with num_classes > 1. Received: y_pred.shape=(None, 1). Consider using 'binary_crossentropy' if you only have 2 classes.",
    ]);
  });

  it('linear + CCE breaks for negative outputs (normalising by a negative or zero sum)', () => {
    const cce = (z: number[]) =>
      kerasLoss({
        loss: 'categorical_crossentropy',
        fromLogits: false,
        activation: 'linear',
        yTrue: [[1, 0]],
        logits: [z],
      }).value;
    // The true class has the lower score, yet the loss is minimal: [-2, 1] / (-1) = [2, -1].
    expect(cce([-2, 1])).toBeCloseTo(1.1920929e-7, 12);
    expect(cce([0, 0])).toBeNaN();
  });
});
