import { describe, expect, it } from 'vitest';
import type { KerasLossArgs } from './losses';
import { kerasLoss } from './losses';

/** Relative error below 1e-5 (float32 precision), or absolute below 1e-12 near zero. */
function expectClose(actual: number, expected: number, rel = 1e-5): void {
  const err = Math.abs(actual - expected);
  if (err > 1e-12 && err > rel * Math.abs(expected)) {
    expect.fail(`${actual} differs from ${expected} by ${err / Math.abs(expected)} relative`);
  }
}

function expectAllClose(actual: readonly number[], expected: readonly number[], rel = 1e-5): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => expectClose(a, expected[i] ?? NaN, rel));
}

/** Docstring numbers printed with few digits, some truncated (0.86546 prints as 0.8654). */
function expectPrinted(actual: number, printed: number, decimals: number): void {
  expect(Math.abs(actual - printed)).toBeLessThan(10 ** -decimals);
}

const column = (xs: readonly number[]) => xs.map((x) => [x]);

const bceLogits = (yTrue: number[][], logits: number[][], extra: Partial<KerasLossArgs> = {}) =>
  kerasLoss({
    loss: 'binary_crossentropy',
    fromLogits: true,
    activation: 'linear',
    yTrue,
    logits,
    ...extra,
  });

/** Probabilities fed as a linear model's raw outputs: the probability path of Keras. */
const onProbabilities = (
  loss: KerasLossArgs['loss'],
  yTrue: KerasLossArgs['yTrue'],
  p: number[][],
  extra: Partial<KerasLossArgs> = {},
) => kerasLoss({ loss, fromLogits: false, activation: 'linear', yTrue, logits: p, ...extra });

describe('published docstring vectors (spec §5.1)', () => {
  const y2 = [
    [0, 1],
    [0, 0],
  ];
  const z2 = [
    [-18.6, 0.51],
    [2.94, -12.8],
  ];

  it('L1/L2: BinaryCrossentropy(from_logits=True) = 0.8654', () => {
    expectPrinted(bceLogits([[0, 1, 0, 0]], [[-18.6, 0.51, 2.94, -12.8]]).value, 0.8654, 4);
    expectPrinted(bceLogits(y2, z2).value, 0.8654, 4);
    expectClose(bceLogits(y2, z2).value, 0.86545801); // TF.js sigmoidCrossEntropy, same formula
  });

  it('L3-L5: sample weights, sum and none reductions', () => {
    expectPrinted(bceLogits(y2, z2, { sampleWeight: [0.8, 0.2] }).value, 0.243, 3);
    expectClose(bceLogits(y2, z2, { sampleWeight: [0.8, 0.2] }).value, 0.2436386);
    const r = bceLogits(y2, z2);
    expectPrinted(r.value * 2, 1.73, 3);
    expectPrinted(r.perSample[0] ?? NaN, 0.235, 3);
    expectPrinted(r.perSample[1] ?? NaN, 1.496, 3);
  });

  const p2 = [
    [0.6, 0.4],
    [0.4, 0.6],
  ];

  it('L6/L7: binary_crossentropy on probabilities', () => {
    const r = onProbabilities('binary_crossentropy', y2, p2);
    expectAllClose(r.perSample, [0.91629073, 0.71355818]); // TF.js measured 0.91629, 0.71356
    expectPrinted(r.value, 0.815, 3);
    expectPrinted(
      onProbabilities('binary_crossentropy', y2, p2, { sampleWeight: [1, 0] }).value,
      0.458,
      3,
    );
    expectPrinted(r.value * 2, 1.63, 3);
  });

  it('L8: keras.ops.binary_crossentropy element-wise', () => {
    const r = onProbabilities(
      'binary_crossentropy',
      column([0, 1, 1, 0]),
      column([0.1, 0.9, 0.8, 0.2]),
    );
    expectAllClose(r.perSample, [0.10536054, 0.10536054, 0.22314355, 0.22314355]);
  });

  const y3 = [
    [0, 1, 0],
    [0, 0, 1],
  ];
  const p3 = [
    [0.05, 0.95, 0],
    [0.1, 0.8, 0.1],
  ];

  it('L9/L10: CategoricalCrossentropy = 1.177, weights 0.814, sum 2.354', () => {
    const r = onProbabilities('categorical_crossentropy', y3, p3);
    expectAllClose(r.perSample, [0.0512933, 2.3025851]); // TF.js measured
    expectPrinted(r.value, 1.177, 3);
    expectPrinted(
      onProbabilities('categorical_crossentropy', y3, p3, { sampleWeight: [0.3, 0.7] }).value,
      0.814,
      3,
    );
    expectPrinted(r.value * 2, 2.354, 3);
  });

  it('L11: SparseCategoricalCrossentropy on [1, 2] gives the same numbers', () => {
    const r = onProbabilities('sparse_categorical_crossentropy', [1, 2], p3);
    expectAllClose(r.perSample, [0.0512933, 2.3025851]);
    expectClose(r.value, 1.1769392); // TF.js evaluate
    expectPrinted(
      onProbabilities('sparse_categorical_crossentropy', [1, 2], p3, { sampleWeight: [0.3, 0.7] })
        .value,
      0.814,
      3,
    );
  });

  const eye = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];

  it('L12: backend categorical_crossentropy, and cce(a, a) = 1.19e-7 (prints as 0)', () => {
    const b = [
      [0.9, 0.05, 0.05],
      [0.05, 0.89, 0.06],
      [0.05, 0.01, 0.94],
    ];
    const r = onProbabilities('categorical_crossentropy', eye, b);
    r.perSample.forEach((v, i) => expectPrinted(v, [0.10536, 0.11653, 0.06188][i] ?? NaN, 5));
    const self = onProbabilities('categorical_crossentropy', eye, eye);
    expectAllClose(self.perSample, [1.1920929e-7, 1.1920929e-7, 1.1920929e-7]);
  });

  const p13 = [
    [0.9, 0.05, 0.05],
    [0.1, 0.8, 0.1],
    [0.2, 0.3, 0.5],
  ];

  it('L13: keras.ops.categorical_crossentropy', () => {
    const r = onProbabilities('categorical_crossentropy', eye, p13);
    expectAllClose(r.perSample, [0.10536054, 0.22314355, 0.6931472]);
  });

  it('L14: keras.ops.sparse_categorical_crossentropy (clip before normalising)', () => {
    const r = onProbabilities('sparse_categorical_crossentropy', [0, 1, 2], p13);
    expectAllClose(r.perSample, [0.10536056, 0.22314355, 0.6931472]);
  });

  it('L15: clip → log → normalise gives 2.3841855e-07 for a perfect prediction', () => {
    const r = onProbabilities(
      'sparse_categorical_crossentropy',
      [0, 2, 0, 2],
      [
        [1, 0, 0],
        [0, 0, 1],
        [1, 0, 0],
        [0, 0.5, 0.5],
      ],
    );
    expectAllClose(r.perSample, [2.3841855e-7, 2.3841855e-7, 2.3841855e-7, 0.6931473]);
  });

  it('L16: KLDivergence = 0.458, weights 0.366, sum 0.916, rows [0.916, -3.08e-06]', () => {
    const r = onProbabilities('kl_divergence', y2, p2);
    expectPrinted(r.value, 0.458, 3);
    expectPrinted(
      onProbabilities('kl_divergence', y2, p2, { sampleWeight: [0.8, 0.2] }).value,
      0.366,
      3,
    );
    expectPrinted(r.value * 2, 0.916, 3);
    expectPrinted(r.perSample[0] ?? NaN, 0.916, 3);
    expectClose(r.perSample[1] ?? NaN, -3.08e-6, 1e-3);
  });

  it('L17: sigmoid output, from_logits=False, uses the cached logits (2.682124)', () => {
    const r = kerasLoss({
      loss: 'binary_crossentropy',
      fromLogits: false,
      activation: 'sigmoid',
      yTrue: [[0.2, 0.6, 0.1, 0.3]],
      logits: [[3.8, 3.8, 3.8, 3.8]],
    });
    expectClose(r.value, 2.682124);
  });
});

describe('stable-formula references (spec §5.3, §5.4, §7.2)', () => {
  it('tf.nn.sigmoid_cross_entropy_with_logits docstring', () => {
    const r = bceLogits(column([0, 0, 0, 1, 1, 1, 0.5]), column([1, -1, 0, 1, -1, 0, 0]));
    expectAllClose(
      r.perSample,
      [1.3132617, 0.3132617, 0.6931472, 0.3132617, 1.3132617, 0.6931472, 0.6931472],
    );
  });

  it('tf.nn.softmax_cross_entropy_with_logits docstring', () => {
    const r = kerasLoss({
      loss: 'categorical_crossentropy',
      fromLogits: true,
      activation: 'linear',
      yTrue: [
        [1, 0, 0],
        [0, 0.8, 0.2],
      ],
      logits: [
        [4, 2, 1],
        [0, 5, 1],
      ],
    });
    expectAllClose(r.perSample, [0.16984604, 0.82474494]);
  });

  const weighted = (posWeight: number | number[], yTrue: number[][], logits: number[][]) =>
    kerasLoss({
      loss: 'weighted_binary_crossentropy',
      fromLogits: true,
      activation: 'linear',
      yTrue,
      logits,
      posWeight,
    });

  it('tf.nn.weighted_cross_entropy_with_logits docstring (float32 cancellation included)', () => {
    const y = column([1, 0.5, 0]);
    const z = column([1.5, -0.1, -10]);
    expectAllClose(weighted(1.5, y, z).perSample, [3.0211994e-1, 8.8049585e-1, 4.5776367e-5]);
    expectAllClose(weighted(0.5, y, z).perSample, [1.00706644e-1, 5.08297503e-1, 4.57763672e-5]);
  });

  it('BCEWithLogitsLoss docstring: ones target, output 1.5, pos_weight ones → 0.2014', () => {
    const ones = [Array<number>(64).fill(1)];
    const r = weighted(Array<number>(64).fill(1), ones, [Array<number>(64).fill(1.5)]);
    expectClose(r.value, 0.20141328);
  });

  it('pos_weight per class multiplies only the positive term', () => {
    const r = weighted([1, 3], [[1, 1]], [[0.5, 0.5]]);
    const softplus = Math.log1p(Math.exp(-0.5));
    expectClose(r.value, (softplus + 3 * softplus) / 2);
  });
});

describe('BinaryFocalCrossentropy docstring vectors (Keras 3.15, keras/src/losses/losses.py)', () => {
  const focal = (yTrue: number[][], logits: number[][], extra: Partial<KerasLossArgs> = {}) =>
    kerasLoss({
      loss: 'binary_focal_crossentropy',
      fromLogits: true,
      activation: 'linear',
      yTrue,
      logits,
      ...extra,
    });
  const y1 = [[0, 1, 0, 0]];
  const z1 = [[-18.6, 0.51, 2.94, -12.8]];
  const y2 = [
    [0, 1],
    [0, 0],
  ];
  const z2 = [
    [-18.6, 0.51],
    [2.94, -12.8],
  ];
  const balanced = { applyClassBalancing: true } as const;

  it('example 1: gamma=2 → 0.691; with class balancing → 0.51', () => {
    expectPrinted(focal(y1, z1, { gamma: 2 }).value, 0.691, 3);
    expectPrinted(focal(y1, z1, { gamma: 2, ...balanced }).value, 0.51, 2);
  });

  it('example 2: gamma=3 → 0.647 / 0.482; sample weights → 0.133 / 0.097', () => {
    expectPrinted(focal(y2, z2, { gamma: 3 }).value, 0.647, 3);
    expectPrinted(focal(y2, z2, { gamma: 3, ...balanced }).value, 0.482, 3);
    expectPrinted(focal(y2, z2, { gamma: 3, sampleWeight: [0.8, 0.2] }).value, 0.133, 3);
    const weighted = focal(y2, z2, { gamma: 3, sampleWeight: [0.8, 0.2], ...balanced });
    expectPrinted(weighted.value, 0.097, 3);
  });

  it("example 2: gamma=4 'sum' → 1.222 / 0.914; gamma=5 none → [0.0017, 1.1561] / [0.0004, 0.8670]", () => {
    expectPrinted(focal(y2, z2, { gamma: 4 }).value * 2, 1.222, 3);
    expectPrinted(focal(y2, z2, { gamma: 4, ...balanced }).value * 2, 0.914, 3);
    const none = focal(y2, z2, { gamma: 5 }).perSample;
    expectPrinted(none[0] ?? NaN, 0.0017, 4);
    expectPrinted(none[1] ?? NaN, 1.1561, 4);
    const noneBalanced = focal(y2, z2, { gamma: 5, ...balanced }).perSample;
    expectPrinted(noneBalanced[0] ?? NaN, 0.0004, 4);
    expectPrinted(noneBalanced[1] ?? NaN, 0.867, 3);
  });

  it('the function on probabilities, gamma=2 → [0.330, 0.206]', () => {
    // (Its docstring's second call claims the defaults give BCE's [0.916, 0.714], but the
    // function's default gamma is 2.0, so it gives these same numbers; not reproduced.)
    const r = onProbabilities(
      'binary_focal_crossentropy',
      y2,
      [
        [0.6, 0.4],
        [0.4, 0.6],
      ],
      { gamma: 2 },
    );
    expectPrinted(r.perSample[0] ?? NaN, 0.33, 3);
    expectPrinted(r.perSample[1] ?? NaN, 0.206, 3);
  });

  it("takes LossLab's defaults from the catalogue: gamma 2, alpha 0.25, no class balancing", () => {
    expect(focal(y2, z2).perSample).toEqual(focal(y2, z2, { gamma: 2 }).perSample);
    expect(focal(y2, z2, { alpha: 0.25, applyClassBalancing: false }).perSample).toEqual(
      focal(y2, z2).perSample,
    );
  });

  it("refuses keywords other losses take, in Python's words", () => {
    expect(() => focal(y2, z2, { posWeight: 2 })).toThrow(
      "BinaryFocalCrossentropy.__init__() got an unexpected keyword argument 'pos_weight'",
    );
    expect(() => onProbabilities('binary_crossentropy', y2, z2, { gamma: 2 })).toThrow(
      "BinaryCrossentropy.__init__() got an unexpected keyword argument 'gamma'",
    );
  });
});

describe('abs_kl_divergence, the custom abs_KL_div', () => {
  it('is Σ |(y − p)·log(y/p)| with y and p clipped to [1e-7, 1], on any backend', () => {
    const p = [[0.7, 0.2, 0.1]];
    const expected =
      -(1 - 0.7) * Math.log(0.7) +
      (0.2 - 1e-7) * Math.log(0.2 / 1e-7) +
      (0.1 - 1e-7) * Math.log(0.1 / 1e-7);
    for (const semantics of ['tf', 'plain'] as const) {
      const r = onProbabilities('abs_kl_divergence', [[1, 0, 0]], p, { semantics });
      expectClose(r.value, expected);
    }
  });

  it('is a Python function: from_logits=True fails with its name', () => {
    expect(() =>
      kerasLoss({
        loss: 'abs_kl_divergence',
        fromLogits: true,
        activation: 'softmax',
        yTrue: [[1, 0]],
        logits: [[1, 0]],
      }),
    ).toThrow("abs_kl_divergence() got an unexpected keyword argument 'from_logits'");
  });
});

describe('saturation: the cached-logits path is unbounded, the probability path is capped', () => {
  const bce = (activation: 'sigmoid' | 'linear', z: number, y: number, semantics: 'tf' | 'plain') =>
    kerasLoss({
      loss: 'binary_crossentropy',
      fromLogits: false,
      activation,
      yTrue: [[y]],
      logits: [[z]],
      semantics,
    }).value;

  it.each([
    [30, 0, 30],
    [-30, 1, 30],
    [100, 0, 100],
    [-100, 1, 100],
    [1000, 0, 1000],
  ])('sigmoid + BCE, z = %d, y = %d: tf gives %d', (z, y, expected) => {
    expectClose(bce('sigmoid', z, y, 'tf'), expected);
  });

  it('plain caps at 15.942385 (y = 0, p → 1) and 16.118095 (y = 1, p → 0)', () => {
    expectClose(bce('sigmoid', 30, 0, 'plain'), 15.942385);
    expectClose(bce('sigmoid', 100, 0, 'plain'), 15.942385);
    expectClose(bce('sigmoid', -30, 1, 'plain'), 16.118095);
    expectClose(bce('sigmoid', -100, 1, 'plain'), 16.118095);
    expectClose(bce('linear', 30, 0, 'tf'), 15.942385);
  });

  it('near saturation the float32 probability path loses precision (spec §2 table)', () => {
    expectClose(bce('sigmoid', 10, 0, 'plain'), 9.99959);
    expectClose(bce('sigmoid', 12, 0, 'plain'), 11.99114);
    expectClose(bce('sigmoid', 15, 0, 'plain'), 14.84377);
    expectClose(bce('sigmoid', 10, 0, 'tf'), 10.00005);
    expectClose(bce('sigmoid', 12, 0, 'tf'), 12.00001);
    expectClose(bce('sigmoid', 15, 0, 'tf'), 15);
  });

  it.each([30, 100])('softmax + CCE / SCCE with a wrong class at %d', (big) => {
    const logits = [[big, 0, 0, 0]];
    for (const semantics of ['tf', 'plain'] as const) {
      const expected = semantics === 'tf' ? big + Math.log1p(3 * Math.exp(-big)) : 16.118095;
      const cce = kerasLoss({
        loss: 'categorical_crossentropy',
        fromLogits: false,
        activation: 'softmax',
        yTrue: [[0, 1, 0, 0]],
        logits,
        semantics,
      });
      const scce = kerasLoss({
        loss: 'sparse_categorical_crossentropy',
        fromLogits: false,
        activation: 'softmax',
        yTrue: [1],
        logits,
        semantics,
      });
      expectClose(cce.value, expected);
      expectClose(scce.value, expected);
    }
  });
});

describe('cross-activation logits (spec §1.2 numbers)', () => {
  const z = [[2, 1, 0.1]];
  const y = [[1, 0, 0]];
  const run = (
    activation: 'sigmoid' | 'softmax',
    loss: KerasLossArgs['loss'],
    semantics: 'tf' | 'plain',
  ) => kerasLoss({ loss, fromLogits: false, activation, yTrue: y, logits: z, semantics }).value;

  it('softmax + BCE: 0.72820 in tf (sigmoid-CE of the softmax logits), 0.2661472 in plain', () => {
    expectPrinted(run('softmax', 'binary_crossentropy', 'tf'), 0.7282, 5);
    expectClose(run('softmax', 'binary_crossentropy', 'plain'), 0.2661472);
  });

  it('sigmoid + CCE: 0.41703 in tf (softmax-CE of the sigmoid logits), 0.8862537 in plain', () => {
    expectPrinted(run('sigmoid', 'categorical_crossentropy', 'tf'), 0.41703, 5);
    expectClose(run('sigmoid', 'categorical_crossentropy', 'plain'), 0.8862537);
  });
});

describe('from_logits=True after an activation', () => {
  const base = {
    loss: 'binary_crossentropy',
    fromLogits: true,
    activation: 'sigmoid',
    yTrue: [[1, 0]],
    logits: [[2, -1]],
  } as const;

  it('tf: the cache is found, the activation is not applied twice, Keras warns', () => {
    const r = kerasLoss(base);
    const exact = kerasLoss({ ...base, activation: 'linear' });
    expectClose(r.value, exact.value);
    expect(r.warnings).toEqual([
      '"`binary_crossentropy` received `from_logits=True`, but the `output` argument was produced by a Sigmoid activation and thus does not represent logits. Was this intended?',
    ]);
  });

  it('plain: the activated output is taken as logits (sigmoid applied twice)', () => {
    const r = kerasLoss({ ...base, semantics: 'plain' });
    const twice = kerasLoss({
      ...base,
      activation: 'linear',
      logits: [[1 / (1 + Math.exp(-2)), 1 / (1 + Math.exp(1))]],
    });
    expectClose(r.value, twice.value);
    expect(r.warnings).toEqual([]);
  });

  it('tf warns with op_type Softmax for CCE and SCCE, whatever the activation', () => {
    const r = kerasLoss({ ...base, loss: 'sparse_categorical_crossentropy', yTrue: [0] });
    expect(r.warnings[0]).toContain(
      '`sparse_categorical_crossentropy` received `from_logits=True`',
    );
    expect(r.warnings[0]).toContain('produced by a Softmax activation');
  });
});

describe('label smoothing, sample weights and keyword errors', () => {
  it('BCE smoothing: y·(1-ls) + 0.5·ls', () => {
    const smoothed = bceLogits([[1, 0]], [[2, -1]], { labelSmoothing: 0.2 });
    const manual = bceLogits([[0.9, 0.1]], [[2, -1]]);
    expectClose(smoothed.value, manual.value);
  });

  it('CCE smoothing: y·(1-ls) + ls/K with K = y_pred.shape[-1]', () => {
    const args = {
      loss: 'categorical_crossentropy',
      fromLogits: true,
      activation: 'linear',
      logits: [[2, 1, 0, -1]],
    } as const;
    const smoothed = kerasLoss({ ...args, yTrue: [[0, 1, 0, 0]], labelSmoothing: 0.4 });
    const manual = kerasLoss({ ...args, yTrue: [[0.1, 0.7, 0.1, 0.1]] });
    expectClose(smoothed.value, manual.value);
  });

  it('sum_over_batch_size divides by B, not by Σw', () => {
    const r = bceLogits(column([1, 0, 1]), column([0.3, 0.2, -0.4]), { sampleWeight: [1, 0, 0] });
    const first = bceLogits([[1]], [[0.3]]).value;
    expectClose(r.value, first / 3);
  });

  it.each([
    [
      'sparse_categorical_crossentropy',
      { labelSmoothing: 0.1 },
      "SparseCategoricalCrossentropy.__init__() got an unexpected keyword argument 'label_smoothing'",
    ],
    [
      'mean_squared_error',
      { fromLogits: true },
      "MeanSquaredError.__init__() got an unexpected keyword argument 'from_logits'",
    ],
    [
      'kl_divergence',
      { fromLogits: true },
      "KLDivergence.__init__() got an unexpected keyword argument 'from_logits'",
    ],
    [
      'binary_crossentropy',
      { posWeight: 2 },
      "BinaryCrossentropy.__init__() got an unexpected keyword argument 'pos_weight'",
    ],
    [
      'weighted_binary_crossentropy',
      { labelSmoothing: 0.1 },
      "weighted_cross_entropy_with_logits() got an unexpected keyword argument 'label_smoothing'",
    ],
  ] as const)('%s rejects %o', (loss, extra, message) => {
    const call = () =>
      kerasLoss({
        loss,
        fromLogits: false,
        activation: 'softmax',
        yTrue: [[0, 1]],
        logits: [[0, 1]],
        ...extra,
      });
    expect(call).toThrow(message);
  });
});

describe('labels out of range and malformed batches', () => {
  const z = [
    [0.5, 1.5, -0.5],
    [2, 0, 1],
  ];
  const scce = (yTrue: number[], semantics: 'tf' | 'plain') =>
    kerasLoss({
      loss: 'sparse_categorical_crossentropy',
      fromLogits: true,
      activation: 'linear',
      yTrue,
      logits: z,
      semantics,
    });

  it('tf reports the lowest negative label, or else the highest', () => {
    expect(() => scce([-1, 3], 'tf')).toThrow(
      'Received a label value of -1 which is outside the valid range of [0, 3).  Label values: -1 3',
    );
    expect(() => scce([1, 3], 'tf')).toThrow('Received a label value of 3 which');
  });

  it('plain (JAX) gives out-of-range labels a loss of 0, silently', () => {
    const r = scce([-1, 3], 'plain');
    expect(r.perSample).toEqual([0, 0]);
    expect(r.value).toBe(0);
  });

  it('float labels are truncated like a cast to int', () => {
    expect(scce([1.7, 0.2], 'tf').perSample).toEqual(scce([1, 0], 'tf').perSample);
  });

  it('rejects batches that do not line up', () => {
    expect(() => scce([1], 'tf')).toThrow(RangeError);
    expect(() =>
      kerasLoss({
        ...{ loss: 'binary_crossentropy', fromLogits: true, activation: 'linear' },
        yTrue: [[1, 0], [0]],
        logits: [
          [1, 2],
          [3, 4],
        ],
      }),
    ).toThrow(RangeError);
    expect(() => bceLogits([[1]], [[0.5]], { sampleWeight: [1, 2] })).toThrow(RangeError);
  });
});
