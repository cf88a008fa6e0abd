import { describe, expect, it } from 'vitest';
import type { KerasMetricArgs } from './metrics';
import { kerasMetric, resolveAccuracy, resolveAccuracyFromLoss, resolveMetric } from './metrics';

/** Metric on values fed as a linear model's outputs, i.e. on `y_pred` exactly as given. */
const onOutputs = (
  metric: KerasMetricArgs['metric'],
  yTrue: KerasMetricArgs['yTrue'],
  yPred: number[][],
  extra: Partial<KerasMetricArgs> = {},
) => kerasMetric({ metric, activation: 'linear', yTrue, logits: yPred, ...extra });

describe('published metric vectors (spec §5.2)', () => {
  const p = [
    [0.1, 0.9, 0.8],
    [0.05, 0.95, 0],
  ];

  it('M1: BinaryAccuracy = 0.75', () => {
    expect(onOutputs('binary_accuracy', [[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]])).toBe(
      0.75,
    );
  });

  it('M2: binary_accuracy on exact predictions = 1', () => {
    expect(onOutputs('binary_accuracy', [[1], [1], [0], [0]], [[1], [1], [0], [0]])).toBe(1);
  });

  it('M3/M4: CategoricalAccuracy = 0.5', () => {
    expect(
      onOutputs(
        'categorical_accuracy',
        [
          [0, 0, 1],
          [0, 1, 0],
        ],
        p,
      ),
    ).toBe(0.5);
  });

  it('M5/M6: SparseCategoricalAccuracy = 0.5 for (B, 1) and (B,) labels', () => {
    const p5 = [
      [0.1, 0.6, 0.3],
      [0.05, 0.95, 0],
    ];
    expect(onOutputs('sparse_categorical_accuracy', [[2], [1]], p5)).toBe(0.5);
    expect(onOutputs('sparse_categorical_accuracy', [2, 1], p)).toBe(0.5);
  });

  it('M7/M8: TopKCategoricalAccuracy k=1 → 0.5, k=3 → 1', () => {
    expect(
      onOutputs(
        'top_k_categorical_accuracy',
        [
          [0, 0, 1],
          [0, 1, 0],
        ],
        p,
        { k: 1 },
      ),
    ).toBe(0.5);
    expect(
      onOutputs(
        'top_k_categorical_accuracy',
        [
          [0, 0, 1],
          [0, 1, 0],
        ],
        p,
        { k: 3 },
      ),
    ).toBe(1);
  });

  it('M9: SparseTopKCategoricalAccuracy k=1 → 0.5', () => {
    expect(onOutputs('sparse_top_k_categorical_accuracy', [2, 1], p, { k: 1 })).toBe(0.5);
  });

  it('keras.ops.in_top_k docstring: ties are inclusive, an out-of-range target is false', () => {
    const preds = [
      [0.1, 0.4, 0.6, 0.9, 0.5],
      [0.1, 0.7, 0.9, 0.8, 0.3],
      [0.1, 0.6, 0.9, 0.9, 0.5],
    ];
    expect(onOutputs('sparse_top_k_categorical_accuracy', [2, 5, 3], preds, { k: 3 })).toBeCloseTo(
      2 / 3,
      6,
    );
  });
});

describe("resolveAccuracy: Keras 3's shape rule (spec §3.1)", () => {
  it.each([
    [[null], [null, 10], 'sparse_categorical_accuracy'],
    [[null, 1], [null, 10], 'sparse_categorical_accuracy'],
    [[null, 10], [null, 10], 'categorical_accuracy'],
    [[null], [null, 1], 'binary_accuracy'],
    [[null, 1], [null, 1], 'binary_accuracy'],
    [[32, 10], [32, 10], 'categorical_accuracy'],
  ] as const)('y_true %j, y_pred %j → %s', (yTrueShape, yPredShape, expected) => {
    expect(resolveAccuracy({ yTrueShape, yPredShape })).toBe(expected);
  });

  it('ignores the loss: BCE with one-hot labels gets categorical accuracy, not binary', () => {
    const value = kerasMetric({
      metric: 'accuracy',
      loss: 'binary_crossentropy',
      activation: 'sigmoid',
      yTrue: [[0, 0, 1]],
      logits: [[-3, -3, -3]],
    });
    // arg-max of three equal outputs is class 0 (lowest index); binary accuracy would give 2/3.
    expect(value).toBe(0);
  });

  it('resolveMetric names the history key as written, and resolves the metric', () => {
    expect(resolveMetric({ metric: 'accuracy', labels: 'int' })).toEqual({
      metric: 'sparse_categorical_accuracy',
      historyKey: 'accuracy',
      valHistoryKey: 'val_accuracy',
    });
    expect(resolveMetric({ metric: 'accuracy', labels: 'multihot' }).metric).toBe(
      'categorical_accuracy',
    );
    expect(resolveMetric({ metric: 'binary_accuracy', labels: 'onehot' }).historyKey).toBe(
      'binary_accuracy',
    );
  });
});

describe('traps: what Keras computes when the metric does not fit', () => {
  it('binary_accuracy on one-hot multiclass: predicting nothing scores 0.9', () => {
    const yTrue = [[0, 0, 0, 1, 0, 0, 0, 0, 0, 0]];
    const nothing = [Array<number>(10).fill(-5)];
    expect(
      kerasMetric({ metric: 'binary_accuracy', activation: 'sigmoid', yTrue, logits: nothing }),
    ).toBeCloseTo(0.9, 6);
  });

  it('binary_accuracy on a linear output thresholds the logits at 0.5', () => {
    // z = 0.3 is a probability of 0.57, yet it counts as "no".
    expect(
      kerasMetric({
        metric: 'binary_accuracy',
        activation: 'linear',
        yTrue: [[1]],
        logits: [[0.3]],
      }),
    ).toBe(0);
    expect(
      kerasMetric({
        metric: 'binary_accuracy',
        activation: 'sigmoid',
        yTrue: [[1]],
        logits: [[0.3]],
      }),
    ).toBe(1);
    expect(
      kerasMetric({
        metric: 'binary_accuracy',
        activation: 'linear',
        yTrue: [[1]],
        logits: [[0.3]],
        threshold: 0,
      }),
    ).toBe(1);
  });

  it('categorical_accuracy on (B,) class ids compares every prediction with one arg-max', () => {
    // arg-max of the label vector [2, 0, 1] is position 0, so every prediction of class 0 "hits".
    const logits = [
      [5, 0, 0],
      [5, 0, 0],
      [0, 5, 0],
    ];
    expect(
      kerasMetric({
        metric: 'categorical_accuracy',
        activation: 'softmax',
        yTrue: [2, 0, 1],
        logits,
      }),
    ).toBeCloseTo(2 / 3, 6);
  });

  it("'accuracy' on multi-hot labels is categorical: only the first positive counts", () => {
    const logits = [[0, 0, 4, 4]];
    expect(
      kerasMetric({ metric: 'accuracy', activation: 'sigmoid', yTrue: [[0, 0, 1, 1]], logits }),
    ).toBe(1);
    expect(
      kerasMetric({ metric: 'accuracy', activation: 'sigmoid', yTrue: [[0, 1, 0, 1]], logits }),
    ).toBe(0);
  });

  it('top-k with K ≤ 5 is always 1', () => {
    expect(onOutputs('top_k_categorical_accuracy', [[1, 0, 0]], [[0, 0.2, 0.9]])).toBe(1);
  });

  it('ties in arg-max go to the lowest index', () => {
    expect(onOutputs('sparse_categorical_accuracy', [1], [[0.2, 0.5, 0.5]])).toBe(1);
  });

  it('saturated sigmoids tie in float32, as in Keras', () => {
    // sigmoid(30) and sigmoid(40) are both 1.0 in float32, so arg-max picks class 0.
    expect(
      kerasMetric({
        metric: 'sparse_categorical_accuracy',
        activation: 'sigmoid',
        yTrue: [1],
        logits: [[30, 40]],
      }),
    ).toBe(0);
  });
});

describe('metric shape errors, with Keras texts', () => {
  const onehot = Array.from({ length: 32 }, (_, i) =>
    Array.from({ length: 10 }, (_, k) => (k === i % 10 ? 1 : 0)),
  );
  const ids = Array.from({ length: 32 }, (_, i) => i % 10);
  const z = Array.from({ length: 32 }, () => Array<number>(10).fill(0));

  it('sparse_categorical_accuracy with one-hot labels: broadcast fails at run time', () => {
    const call = (semantics: 'tf' | 'plain') => () =>
      kerasMetric({
        metric: 'sparse_categorical_accuracy',
        activation: 'softmax',
        yTrue: onehot,
        logits: z,
        semantics,
      });
    expect(call('tf')).toThrow('Incompatible shapes: [32,10] vs. [32]');
    expect(call('plain')).toThrow('Incompatible shapes for broadcasting: shapes=[(32, 10), (32,)]');
  });

  it('binary_accuracy with (B,) class ids', () => {
    expect(() =>
      kerasMetric({ metric: 'binary_accuracy', activation: 'sigmoid', yTrue: ids, logits: z }),
    ).toThrow('Incompatible shapes: [32] vs. [32,10]');
  });

  it('top_k_categorical_accuracy with class ids: in_top_k gets a scalar target', () => {
    const call = (semantics: 'tf' | 'plain') => () =>
      kerasMetric({
        metric: 'top_k_categorical_accuracy',
        activation: 'softmax',
        yTrue: ids,
        logits: z,
        semantics,
      });
    expect(call('tf')).toThrow('Shape must be rank 1 but is rank 0');
    expect(call('plain')).toThrow(
      'indices and arr must have the same number of dimensions; 1 vs. 2',
    );
  });

  it('sparse_top_k_categorical_accuracy with one-hot labels: 320 targets for 32 rows', () => {
    expect(() =>
      kerasMetric({
        metric: 'sparse_top_k_categorical_accuracy',
        activation: 'softmax',
        yTrue: onehot,
        logits: z,
      }),
    ).toThrow('First dimension of predictions 32 must match length of targets 320');
  });

  it("subset accuracy and Hamming loss, as LossLab's export defines them, fail to broadcast (B,) labels", () => {
    const call = (metric: 'subset_accuracy' | 'hamming_loss', semantics: 'tf' | 'plain') => () =>
      kerasMetric({ metric, activation: 'sigmoid', yTrue: ids, logits: z, semantics });
    expect(call('subset_accuracy', 'tf')).toThrow('Incompatible shapes: [32] vs. [32,10]');
    expect(call('hamming_loss', 'plain')).toThrow(
      'Incompatible shapes for broadcasting: shapes=[(32,), (32, 10)]',
    );
    // Inside fit with every batch of 32, TF's shape inference stops it while tracing.
    expect(() =>
      kerasMetric({
        metric: 'hamming_loss',
        activation: 'sigmoid',
        yTrue: ids,
        logits: z,
        view: { batchKnown: true, graph: true },
      }),
    ).toThrow(
      "Dimensions must be equal, but are 32 and 10 for '{{node NotEqual}} = NotEqual[T=DT_UINT8, incompatible_shape_error=true](data_1, Cast_2)' with input shapes: [32], [32,10].",
    );
  });
});

describe("LossLab's multi-label metrics", () => {
  const yTrue = [
    [1, 0, 1, 0],
    [0, 1, 0, 0],
  ];
  const logits = [
    [2, -2, 2, -2],
    [2, 2, -2, -2],
  ];

  it('subset accuracy counts a sample only when every unit is right', () => {
    expect(kerasMetric({ metric: 'subset_accuracy', activation: 'sigmoid', yTrue, logits })).toBe(
      0.5,
    );
  });

  it('Hamming loss is the share of wrong units, 1 − binary accuracy', () => {
    const hamming = kerasMetric({ metric: 'hamming_loss', activation: 'sigmoid', yTrue, logits });
    const binary = kerasMetric({ metric: 'binary_accuracy', activation: 'sigmoid', yTrue, logits });
    expect(hamming).toBe(0.125);
    expect(hamming + binary).toBeCloseTo(1, 7);
  });
});

describe("'accuracy' before TF 2.2 (Keras ≤ 2.3, TF.js): chosen from the loss", () => {
  it('one unit or binary cross-entropy → binary, sparse loss → sparse, else categorical', () => {
    expect(resolveAccuracyFromLoss('categorical_crossentropy', 1)).toBe('binary_accuracy');
    expect(resolveAccuracyFromLoss('categorical_crossentropy', 2)).toBe('categorical_accuracy');
    expect(resolveAccuracyFromLoss('binary_crossentropy', 10)).toBe('binary_accuracy');
    expect(resolveAccuracyFromLoss('sparse_categorical_crossentropy', 2)).toBe(
      'sparse_categorical_accuracy',
    );
    expect(resolveAccuracyFromLoss('mean_squared_error', 10)).toBe('categorical_accuracy');
  });

  it('disagrees with Keras 3 on two units with binary cross-entropy on one-hot rows', () => {
    const config = { metric: 'accuracy', labels: 'onehot', task: 'binary' } as const;
    expect(resolveMetric(config, 2).metric).toBe('categorical_accuracy');
    expect(resolveAccuracyFromLoss('binary_crossentropy', 2)).toBe('binary_accuracy');
  });
});
